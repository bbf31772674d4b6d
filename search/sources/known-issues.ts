// Known issues as search documents: the title, then the summary, the
// workaround and every timeline update as plain text (the HTML stored at write
// time, stripped; Markdown is never rendered again here). The category is the
// first affected area, the tags are the areas, the status is the issue's
// status and the severity is filterable. Popularity is how many said they are
// affected or follow it, bucketed so each mark does not re-index the issue.
import type { DB } from '@db/connection';
import { allKnownIssueIds, knownIssuesForSearch, type KnownIssueSearchRow } from '@/server/known-issues/board';
import { knownIssueUrl } from '@/server/known-issues/model';
import { plainTextOf } from '@/server/markdown';
import { searchDocId, type DocumentSource } from '../indexer';
import type { SearchDocument } from '../types';

function popularityBucket(n: number): number {
  return n <= 0 ? 0 : 2 ** Math.floor(Math.log2(n));
}

export function knownIssueDocument(row: KnownIssueSearchRow): SearchDocument {
  const text = [row.summary, plainTextOf(row.workaroundHtml), ...row.updateHtml.map(plainTextOf)].filter((part) => part !== '').join(' ');
  return {
    id: searchDocId('known_issue', row.id),
    type: 'known_issue',
    title: row.title,
    text,
    url: knownIssueUrl(row.slug),
    tags: row.areas,
    category: row.areas[0] ?? '',
    status: row.status,
    severity: row.severity,
    popularity: popularityBucket(row.affectedCount + row.followerCount),
    updated: row.lastUpdateAt,
  };
}

export const knownIssueSource: DocumentSource = {
  type: 'known_issue',
  async load(db: DB, keys: string[]) {
    const ids = keys.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const rows = await knownIssuesForSearch(db, ids);
    return new Map(rows.map((row) => [String(row.id), knownIssueDocument(row)]));
  },
  async allKeys(db: DB) {
    return (await allKnownIssueIds(db)).map(String);
  },
};
