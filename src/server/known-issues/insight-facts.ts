// What the staff insights (src/server/report/insights.ts) read from the
// known-issues board: the issues open at some moment of a period, with how
// many people said they are affected. Incidents only: planned maintenance is
// not something customers report.
import type { DB } from '@db/connection';
import type { KnownIssueStatus } from '@db/schema';
import { knownIssueUrl, staffKnownIssueUrl } from './model';

export interface KnownIssueFacts {
  id: number;
  title: string;
  status: KnownIssueStatus;
  url: string;
  staffUrl: string;
  affected: number;
}

/** Issues posted before the period ends and not fixed before it began, the most affected first (at most `limit`). */
export async function knownIssuesOpenDuring(db: DB, period: { from: number; to: number }, limit: number): Promise<KnownIssueFacts[]> {
  const rows = await db
    .selectFrom('known_issues')
    .select(['id', 'slug', 'title', 'status', 'affected_count'])
    .where('kind', '=', 'incident')
    .where('created_at', '<', period.to)
    .where((eb) => eb.or([eb('fixed_at', 'is', null), eb('fixed_at', '>=', period.from)]))
    .orderBy('affected_count', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    url: knownIssueUrl(r.slug),
    staffUrl: staffKnownIssueUrl(r.id),
    affected: r.affected_count,
  }));
}
