// What the happiness report reads from the help centre: article views and
// "Was this helpful?" votes of a span of time (definitions in
// src/server/report/metrics-content.ts). Totals only, never who read or voted.
import type { DB } from '@db/connection';
import { utcDay } from './views';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Help article views of the UTC days that start in [from, to). Views are kept
 * per UTC day, so a day belongs to the month it starts in; with a `to` in the
 * middle of a day (a month so far), that day's views so far are counted.
 */
export async function helpViewsBetween(db: DB, range: { from: number; to: number }): Promise<number> {
  // The first day starting at or after `from`, and the last day starting before `to`.
  const firstDay = utcDay(Math.ceil(range.from / DAY_MS) * DAY_MS);
  const lastDay = utcDay(range.to - 1);
  if (lastDay < firstDay) return 0;
  const row = await db
    .selectFrom('help_article_views')
    .select((eb) => eb.fn.sum<number>('views').as('views'))
    .where('day', '>=', firstDay)
    .where('day', '<=', lastDay)
    .executeTakeFirst();
  return Number(row?.views ?? 0);
}

export interface HelpfulVotes {
  yes: number;
  no: number;
}

/**
 * "Was this helpful?" votes first cast in [from, to), each with its current
 * answer (a visitor who changes their mind changes the vote, not its month).
 */
export async function helpfulVotesBetween(db: DB, range: { from: number; to: number }): Promise<HelpfulVotes> {
  const row = await db
    .selectFrom('help_feedback')
    .select((eb) => [eb.fn.sum<number>('helpful').as('yes'), eb.fn.countAll<number>().as('votes')])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .executeTakeFirst();
  const votes = Number(row?.votes ?? 0);
  const yes = Number(row?.yes ?? 0);
  return { yes, no: votes - yes };
}
