// Owns `search_queries`: every search (normalized query, result count, the
// result clicked, and whether the visit went on to contact support), so staff
// can see what customers look for and what they cannot find.
import type { DB } from '@db/connection';
import { normalizeQuery } from '@search/text';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';

export async function recordSearch(
  db: DB,
  search: { query: string; type: string | null; resultCount: number; visitorKey: string | null },
  now = Date.now(),
): Promise<number> {
  const row = await db
    .insertInto('search_queries')
    .values({
      query: normalizeQuery(search.query),
      type_filter: search.type,
      result_count: search.resultCount,
      visitor_key: search.visitorKey,
      clicked_url: null,
      clicked_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A path on this site: one leading '/', no backslash, no control character (browsers drop tabs and newlines). */
export function isLocalResultPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !/[\\\p{Cc}]/u.test(url);
}

/**
 * Records the first result clicked for a search, only for the visitor who searched (a click
 * beacon names the search by id, so another visitor's id must change nothing). Only local
 * paths are accepted. True when this click was recorded.
 */
export async function recordSearchClick(db: DB, click: { searchId: number; url: string; visitorKey: string | null }, now = Date.now()): Promise<boolean> {
  if (!click.visitorKey || !isLocalResultPath(click.url)) return false;
  const result = await db
    .updateTable('search_queries')
    .set({ clicked_url: click.url, clicked_at: now })
    .where('id', '=', click.searchId)
    .where('visitor_key', '=', click.visitorKey)
    .where('clicked_url', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a visitor's searches of the last `withinMs` as having led to a support ticket. */
export async function markSearchesEscalated(db: DB, visitorKey: string, now = Date.now(), withinMs = 24 * 60 * 60_000): Promise<number> {
  const result = await db
    .updateTable('search_queries')
    .set({ escalated: 1 })
    .where('visitor_key', '=', visitorKey)
    .where('created_at', '>=', now - withinMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The visitor's most recent distinct searches, newest first (context for a ticket). */
export async function recentSearchesOf(db: DB, visitorKey: string, limit = 5, now = Date.now()): Promise<string[]> {
  const rows = await db
    .selectFrom('search_queries')
    .select(['query', (eb) => eb.fn.max('created_at').as('last')])
    .where('visitor_key', '=', visitorKey)
    .where('created_at', '>=', now - 24 * 60 * 60_000)
    .groupBy('query')
    .orderBy('last', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.query);
}

export interface QueryStat {
  query: string;
  searches: number;
  clickShare: number;
  averageResults: number;
  escalated: number;
}

/** Top queries (or only those that found nothing) over the last `days` days. Staff only. */
export async function searchQueryStats(
  db: DB,
  viewer: SessionUser | null,
  options: { days: number; zeroResultsOnly?: boolean; limit?: number; now?: number },
): Promise<QueryStat[]> {
  assertCan(viewer, 'staff.area');
  const since = (options.now ?? Date.now()) - options.days * 24 * 60 * 60_000;
  let query = db
    .selectFrom('search_queries')
    .select((eb) => [
      'query',
      eb.fn.countAll<number>().as('searches'),
      eb.fn.count<number>('clicked_url').as('clicks'),
      eb.fn.avg<number>('result_count').as('average_results'),
      eb.fn.sum<number>('escalated').as('escalated'),
    ])
    .where('created_at', '>=', since)
    .where('query', '!=', '')
    .groupBy('query');
  if (options.zeroResultsOnly) query = query.having((eb) => eb.fn.max('result_count'), '=', 0);
  const rows = await query
    .orderBy('searches', 'desc')
    .orderBy('query')
    .limit(options.limit ?? 25)
    .execute();
  return rows.map((r) => ({
    query: r.query,
    searches: Number(r.searches),
    clickShare: Number(r.searches) ? Number(r.clicks) / Number(r.searches) : 0,
    averageResults: Number(r.average_results),
    escalated: Number(r.escalated),
  }));
}
