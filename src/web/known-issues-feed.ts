// The Atom feed of known-issue updates, built with the `feed` library (never by
// string concatenation): one entry per timeline update, newest first.
import { Feed } from 'feed';
import type { FeedEntry } from '@/server/known-issues/board';
import type { SiteContext } from '@/server/email/templates';

export const FEED_PATH = '/known-issues/feed.xml';
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/** Each update's permanent id and link: its place on the issue's page. */
export function updateLink(site: SiteContext, entry: Pick<FeedEntry, 'issueUrl' | 'id'>): string {
  return `${site.siteUrl}${entry.issueUrl}#update-${entry.id}`;
}

export function knownIssuesAtom(site: SiteContext, entries: FeedEntry[], now = Date.now()): string {
  const feed = new Feed({
    id: `${site.siteUrl}/known-issues`,
    title: `${site.siteName}: known issues`,
    description: 'Updates on known issues and planned maintenance, newest first.',
    link: `${site.siteUrl}/known-issues`,
    language: 'en',
    updated: new Date(entries[0]?.createdAt ?? now),
    feedLinks: { atom: `${site.siteUrl}${FEED_PATH}` },
    generator: false,
    copyright: site.siteName,
  });
  for (const entry of entries) {
    feed.addItem({
      id: updateLink(site, entry),
      link: updateLink(site, entry),
      title: `${entry.issueTitle}: ${entry.statusLabel}`,
      date: new Date(entry.createdAt),
      content: entry.messageHtml,
      author: [{ name: entry.authorName }],
      category: [{ name: entry.severity }],
    });
  }
  return feed.atom1();
}
