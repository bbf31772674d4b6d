// The help hub over HTTP, against the built server with the seeded demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const ARTICLE = '/help/notes-sharing/export-notes';

describe('help hub pages', () => {
  it('lists categories, popular and recently updated articles on /help', async () => {
    const html = await (await fetch(`${server.url}/help`)).text();
    expect(html).toContain('Browse by topic');
    expect(html).toContain('href="/help/calendar-sync"');
    expect(html).toContain('繁體中文說明');
    expect(html).toContain('Popular this month');
    expect(html).toContain('Recently updated');
  });

  it('renders an article with breadcrumbs, table of contents, related links and the feedback form, and ships no JavaScript', async () => {
    const response = await fetch(`${server.url}${ARTICLE}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('aria-label="Breadcrumb"');
    expect(html).toContain('aria-label="On this page"');
    expect(html).toContain('Related articles');
    expect(html).toContain('Was this article helpful?');
    expect(html).toContain('Still need help?');
    expect(html).toContain(`<link rel="canonical" href="${server.url}${ARTICLE}"`);
    expect(html).toContain('<meta property="og:type" content="article"');
    expect(html).not.toMatch(/<script/i);
  });

  it('counts a view per article page load', async () => {
    const views = async () =>
      Number(
        (
          await server.db
            .selectFrom('help_article_views')
            .select((eb) => eb.fn.sum<number>('views').as('n'))
            .where('article_slug', '=', 'offline-mode')
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const before = await views();
    await fetch(`${server.url}/help/mobile-apps/offline-mode`);
    await fetch(`${server.url}/help/mobile-apps/offline-mode`);
    // Views are written in batches, about once a second.
    await expect.poll(views, { timeout: 5000 }).toBe(before + 2);
  });

  it('answers 404 for an unknown article or an article under the wrong category', async () => {
    expect((await fetch(`${server.url}/help/notes-sharing/no-such-article`)).status).toBe(404);
    expect((await fetch(`${server.url}/help/billing/export-notes`)).status).toBe(404);
    expect((await fetch(`${server.url}/help/no-such-category`)).status).toBe(404);
  });

  it('takes feedback without JavaScript: No, then a comment; one vote per visitor', async () => {
    const post = (body: Record<string, string>, cookie = '') =>
      fetch(`${server.url}${ARTICLE}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams(body),
      });
    const vote = await post({ intent: 'vote', helpful: 'no' });
    expect(vote.status).toBe(303);
    expect(vote.headers.get('location')).toBe(`${ARTICLE}?feedback=no#feedback`);
    const cookie = /hearth_vid=[a-z2-7]+/.exec(vote.headers.get('set-cookie') ?? '')![0];
    const step = await (await fetch(`${server.url}${ARTICLE}?feedback=no`, { headers: { Cookie: cookie } })).text();
    expect(step).toContain('What were you looking for?');

    const tooLong = await post({ intent: 'comment', comment: 'x'.repeat(1001) }, cookie);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Keep it under 1000 characters');

    const comment = await post({ intent: 'comment', comment: 'Where does the ZIP file go on a Mac?' }, cookie);
    expect(comment.headers.get('location')).toBe(`${ARTICLE}?feedback=thanks#feedback`);
    await post({ intent: 'vote', helpful: 'no' }, cookie);
    const rows = await server.db
      .selectFrom('help_feedback')
      .selectAll()
      .where('article_slug', '=', 'export-notes')
      .where('voter_key', 'like', 'v:%')
      .where('created_at', '>', Date.now() - 60_000)
      .execute();
    expect(rows).toHaveLength(1);

    const bad = await post({ intent: 'vote', helpful: 'maybe' });
    expect(bad.status).toBe(400);
  });

  it.each([
    ['/support', '/help'],
    ['/faq', '/help'],
    ['/kb', '/help'],
    ['/docs', '/help'],
    ['/helpdesk', '/help'],
    ['/contact-us', '/contact'],
  ])('redirects %s to %s permanently', async (from, to) => {
    const response = await fetch(`${server.url}${from}`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(to);
  });

  it('shows the open known issues staff linked to an article, and none on the others', async () => {
    // The demo's active major issue names this article.
    const html = await (await fetch(`${server.url}/help/troubleshooting/notes-not-syncing`)).text();
    expect(html).toMatch(/<h2 id="article-known-issues-title"[^>]*>Known issue<\/h2>/);
    expect(html).toContain('href="/known-issues/notes-slow-to-sync-eu"');
    const other = await (await fetch(`${server.url}/help/notes-sharing/templates`)).text();
    expect(other).not.toContain('article-known-issues-title');
  });

  it('publishes a sitemap with every article', async () => {
    const response = await fetch(`${server.url}/sitemap.xml`);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const xml = await response.text();
    expect(xml).toContain(`<loc>${server.url}/help/notes-sharing/export-notes</loc>`);
    expect((xml.match(/<url>/g) ?? []).length).toBeGreaterThan(40);
    // The known-issues board and each issue (demo data), dated by its latest update.
    expect(xml).toContain(`<loc>${server.url}/known-issues</loc>`);
    expect(xml).toMatch(new RegExp(`<loc>${server.url}/known-issues/notes-slow-to-sync-eu</loc><lastmod>\\d{4}-\\d{2}-\\d{2}</lastmod>`));
  });
});
