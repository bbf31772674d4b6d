// What the staff insights (src/server/report/insights.ts) read from the desk:
// tickets per tag over several periods, feature-request tickets, tag counts by
// team, and tickets linked to known issues. Counts only tickets that are not
// merged duplicates, by when they arrived (created_at). Plain comparisons and
// GROUP BY: no dialect-specific SQL.
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '@db/connection';
import type { Database, TicketEmotion } from '@db/schema';

export interface Period {
  /** Inclusive, ms. */
  from: number;
  /** Exclusive, ms. */
  to: number;
}

/**
 * Not a merged duplicate. Written as COALESCE so no index serves it: "merged_into
 * IS NULL" holds for nearly every ticket, and a planner without statistics would
 * pick tickets_merged_into over the index on the period (tickets_created).
 */
function notMerged(eb: ExpressionBuilder<Database, 'tickets'>) {
  return eb(eb.fn.coalesce('tickets.merged_into', sql.lit(0)), '=', sql.lit(0));
}

/** The emotions that count as "arrived frustrated or angry". */
export const FRUSTRATED_EMOTIONS: readonly TicketEmotion[] = ['frustrated', 'angry'];

/**
 * Per tag, the tickets that arrived in each period (in the order given): one
 * grouped query over the span the periods cover. Tags with no ticket in any
 * period are left out.
 */
export async function ticketCountsByTagAndPeriod(db: DB, periods: readonly Period[]): Promise<Map<string, number[]>> {
  if (periods.length === 0) return new Map();
  const from = Math.min(...periods.map((p) => p.from));
  const to = Math.max(...periods.map((p) => p.to));
  const rows = await db
    .selectFrom('ticket_tags')
    .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
    .select((eb) => [
      'ticket_tags.tag',
      ...periods.map((p, i) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('tickets.created_at', '>=', p.from), eb('tickets.created_at', '<', p.to)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as(`p${i}`),
      ),
    ])
    .where('tickets.created_at', '>=', from)
    .where('tickets.created_at', '<', to)
    .where(notMerged)
    .groupBy('ticket_tags.tag')
    .execute();
  const counts = new Map<string, number[]>();
  for (const row of rows) {
    const values = periods.map((_, i) => Number((row as Record<string, unknown>)[`p${i}`] ?? 0));
    if (values.some((v) => v > 0)) counts.set(row.tag, values);
  }
  return counts;
}

export interface TaggedTicket {
  id: number;
  subject: string;
  team: string | null;
  createdAt: number;
  /** The name on the ticket and, when the requester was signed in, their account's display name: a subject may carry either. */
  requesterName: string;
  accountName: string | null;
}

/** The tickets with a tag that arrived in the period, newest first. */
export async function ticketsTagged(db: DB, tag: string, period: Period): Promise<TaggedTicket[]> {
  const rows = await db
    .selectFrom('ticket_tags')
    .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
    .leftJoin('users', 'users.id', 'tickets.user_id')
    .select(['tickets.id', 'tickets.subject', 'tickets.team', 'tickets.created_at', 'tickets.requester_name', 'users.display_name'])
    .where('ticket_tags.tag', '=', tag)
    .where('tickets.created_at', '>=', period.from)
    .where('tickets.created_at', '<', period.to)
    .where(notMerged)
    .orderBy('tickets.created_at', 'desc')
    .orderBy('tickets.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    team: r.team,
    createdAt: Number(r.created_at),
    requesterName: r.requester_name,
    accountName: r.display_name,
  }));
}

export interface TagTeamCount {
  tag: string;
  /** null: no team set. */
  team: string | null;
  tickets: number;
}

/** For each of the tags, the tickets that arrived in the period by team. */
export async function ticketCountsByTagAndTeam(db: DB, tags: readonly string[], period: Period): Promise<TagTeamCount[]> {
  if (tags.length === 0) return [];
  const rows = await db
    .selectFrom('ticket_tags')
    .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
    .select((eb) => ['ticket_tags.tag', 'tickets.team', eb.fn.countAll<number>().as('tickets')])
    .where('ticket_tags.tag', 'in', [...tags])
    .where('tickets.created_at', '>=', period.from)
    .where('tickets.created_at', '<', period.to)
    .where(notMerged)
    .groupBy(['ticket_tags.tag', 'tickets.team'])
    .execute();
  return rows.map((r) => ({ tag: r.tag, team: r.team, tickets: Number(r.tickets) }));
}

export interface TagFrustration {
  tag: string;
  tickets: number;
  /** Of them, how many arrived frustrated or angry. */
  frustrated: number;
}

/** Every tag's tickets that arrived in the period, and how many of them arrived frustrated or angry. */
export async function ticketFrustrationByTag(db: DB, period: Period): Promise<TagFrustration[]> {
  const rows = await db
    .selectFrom('ticket_tags')
    .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
    .select((eb) => [
      'ticket_tags.tag',
      eb.fn.countAll<number>().as('tickets'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('tickets.emotion', 'in', [...FRUSTRATED_EMOTIONS])
            .then(1)
            .else(0)
            .end(),
        )
        .as('frustrated'),
    ])
    .where('tickets.created_at', '>=', period.from)
    .where('tickets.created_at', '<', period.to)
    .where(notMerged)
    .groupBy('ticket_tags.tag')
    .execute();
  return rows.map((r) => ({ tag: r.tag, tickets: Number(r.tickets), frustrated: Number(r.frustrated) }));
}

/** How many tickets (merged duplicates left out) are linked to each of the known issues. */
export async function linkedTicketCounts(db: DB, knownIssueIds: readonly number[]): Promise<Map<number, number>> {
  if (knownIssueIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tickets')
    .select((eb) => ['known_issue_id', eb.fn.countAll<number>().as('tickets')])
    .where('known_issue_id', 'in', [...knownIssueIds])
    .where(notMerged)
    .groupBy('known_issue_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.known_issue_id), Number(r.tickets)]));
}
