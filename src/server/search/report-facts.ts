// What the happiness report reads from the search log (search_queries): how
// many searches a span of time had, how many led to a click and how many
// found nothing (definitions in src/server/report/metrics-content.ts).
// Totals only, never the queries or who searched.
import type { DB } from '@db/connection';

export interface SearchTotals {
  searches: number;
  /** Of them, searches whose visitor opened a result (at any time since). */
  clicked: number;
  /** Of them, searches that found nothing. */
  zeroResults: number;
}

/**
 * Logged searches made in [from, to) with a non-empty query, leaving out the
 * visitors in `excludeVisitorKeys` (the report passes its staff's keys).
 */
export async function searchTotalsBetween(
  db: DB,
  range: { from: number; to: number },
  options: { excludeVisitorKeys: readonly string[] } = { excludeVisitorKeys: [] },
): Promise<SearchTotals> {
  let query = db
    .selectFrom('search_queries')
    .select((eb) => [
      eb.fn.countAll<number>().as('searches'),
      eb.fn.count<number>('clicked_url').as('clicked'),
      eb.fn.sum<number>(eb.case().when('result_count', '=', 0).then(1).else(0).end()).as('zero_results'),
    ])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .where('query', '!=', '');
  if (options.excludeVisitorKeys.length > 0) {
    const excluded = [...options.excludeVisitorKeys];
    query = query.where((eb) => eb.or([eb('visitor_key', 'is', null), eb('visitor_key', 'not in', excluded)]));
  }
  const row = await query.executeTakeFirst();
  return { searches: Number(row?.searches ?? 0), clicked: Number(row?.clicked ?? 0), zeroResults: Number(row?.zero_results ?? 0) };
}
