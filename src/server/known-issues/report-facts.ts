// What the happiness report reads from the known-issues board: incidents
// opened and fixed in a span of time (definitions in
// src/server/report/metrics-content.ts). Planned maintenance is not an issue
// and is left out. Counts and durations only, never titles.
import type { DB } from '@db/connection';

/** Incidents posted (created) in [from, to), whatever their status now. */
export async function incidentsOpenedBetween(db: DB, range: { from: number; to: number }): Promise<number> {
  const row = await db
    .selectFrom('known_issues')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'incident')
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface FixedIncident {
  openedAt: number;
  fixedAt: number;
}

/**
 * Incidents whose current fix time falls in [from, to): an issue moved back
 * from "fixed" loses its fix time (known-issues.ts clears fixed_at), and is
 * counted again when it is fixed again.
 */
export async function incidentsFixedBetween(db: DB, range: { from: number; to: number }): Promise<FixedIncident[]> {
  const rows = await db
    .selectFrom('known_issues')
    .select(['created_at', 'fixed_at'])
    .where('fixed_at', '>=', range.from)
    .where('fixed_at', '<', range.to)
    .where('kind', '=', 'incident')
    .execute();
  return rows.map((r) => ({ openedAt: Number(r.created_at), fixedAt: Number(r.fixed_at) }));
}
