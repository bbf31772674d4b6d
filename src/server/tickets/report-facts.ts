// What the happiness report (src/server/report/metrics.ts) reads of the
// support desk: per ticket, only the stored times, counters, urgency, emotion,
// latest rating and first category tag it aggregates; never a name, address,
// subject, body or agent. Four range reads on indexes for a month, whatever
// its size: the tickets received (tickets_created), their category tags
// (ticket_tags by primary key), the tickets solved (tickets_solved_resolution)
// and those tickets' reopenings (ticket_events_ticket). The report owns what
// counts; this module only says what happened, and when.
import type { DB } from '@db/connection';
import type { TicketEmotion, TicketRating, TicketUrgency } from '@db/schema';

export interface ReportRange {
  /** First millisecond (inclusive). */
  from: number;
  /** End (exclusive): the month's end, or `now` for the month so far. */
  to: number;
}

/** A ticket created in the range (merged duplicates left out: they count on the ticket they joined). */
export interface ReceivedTicketFact {
  createdAt: number;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  firstResponseAt: number | null;
  /** Creation → first public staff reply, wall-clock and support-hours minutes (stored at the reply). */
  firstResponseMinutes: number | null;
  firstResponseSupportMinutes: number | null;
  firstResponseDueAt: number | null;
  slaOutcome: 'met' | 'breached' | null;
  /** The latest rating of any of its replies, and when it was given. */
  rating: TicketRating | null;
  ratedAt: number | null;
  /** The earliest-tagged of its tags that is one of the category tags (null: none). */
  category: string | null;
}

/** A ticket whose latest solve falls in the range (merged duplicates left out). */
export interface SolvedTicketFact {
  solvedAt: number;
  /** Creation → latest solve, wall-clock minutes. */
  resolutionMinutes: number | null;
  /** Public staff replies. */
  staffReplies: number;
  rating: TicketRating | null;
  ratedAt: number | null;
  /** When the customer (the requester, signed in or not) reopened it from solved; staff and system reopenings are not here. */
  customerReopenedAt: number[];
}

/** The tickets created in the range, with their first category tag. Two indexed reads. */
export async function ticketsReceivedFacts(db: DB, range: ReportRange, categoryTags: readonly string[]): Promise<ReceivedTicketFact[]> {
  const rows = await db
    .selectFrom('tickets')
    .select([
      'id',
      'created_at',
      'urgency',
      'emotion',
      'first_response_at',
      'first_response_minutes',
      'first_response_support_minutes',
      'first_response_due_at',
      'sla_outcome',
      'rating',
      'rated_at',
      'merged_into',
    ])
    .where('created_at', '>=', range.from)
    .where('created_at', '<', range.to)
    .execute()
    // Merged duplicates are dropped here, not in SQL: "merged_into is null" would tempt SQLite onto tickets_merged_into.
    .then((all) => all.filter((r) => r.merged_into === null));
  const category = new Map<number, { tag: string; at: number; rank: number }>();
  if (rows.length > 0 && categoryTags.length > 0) {
    const tags = await db
      .selectFrom('ticket_tags')
      .innerJoin('tickets', 'tickets.id', 'ticket_tags.ticket_id')
      .select(['ticket_tags.ticket_id', 'ticket_tags.tag', 'ticket_tags.created_at'])
      .where('tickets.created_at', '>=', range.from)
      .where('tickets.created_at', '<', range.to)
      .execute();
    // Every tag of those tickets (a few each), sifted here: a "tag in (…)" filter would lead SQLite
    // into ticket_tags_tag, through every category tag ever given, instead of the month's tickets.
    for (const t of tags) {
      if (!categoryTags.includes(t.tag)) continue;
      // The first: the earliest tagged; tags added together go in the settings' order.
      const rank = categoryTags.indexOf(t.tag);
      const current = category.get(t.ticket_id);
      if (!current || t.created_at < current.at || (t.created_at === current.at && rank < current.rank))
        category.set(t.ticket_id, { tag: t.tag, at: t.created_at, rank });
    }
  }
  return rows.map((r) => ({
    createdAt: r.created_at,
    urgency: r.urgency,
    emotion: r.emotion,
    firstResponseAt: r.first_response_at,
    firstResponseMinutes: r.first_response_minutes,
    firstResponseSupportMinutes: r.first_response_support_minutes,
    firstResponseDueAt: r.first_response_due_at,
    slaOutcome: r.sla_outcome,
    rating: r.rating,
    ratedAt: r.rated_at,
    category: category.get(r.id)?.tag ?? null,
  }));
}

/** The tickets whose latest solve is in the range, with their customer reopenings. Two indexed reads. */
export async function ticketsSolvedFacts(db: DB, range: ReportRange): Promise<SolvedTicketFact[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'solved_at', 'resolution_minutes', 'staff_reply_count', 'rating', 'rated_at', 'merged_into'])
    .where('solved_at', '>=', range.from)
    .where('solved_at', '<', range.to)
    .execute()
    .then((all) => all.filter((r) => r.merged_into === null));
  const reopened = new Map<number, number[]>();
  if (rows.length > 0) {
    // A reopening from solved is a status event solved → open; the requester's own (a reply to a
    // solved ticket) has the requester as actor, or none for a visitor; staff act as themselves,
    // and the system's (a known issue's fix) is its own kind, 'system_reopen'.
    const events = await db
      .selectFrom('ticket_events')
      .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
      .select(['ticket_events.ticket_id', 'ticket_events.actor_id', 'ticket_events.created_at', 'tickets.user_id'])
      .where('tickets.solved_at', '>=', range.from)
      .where('tickets.solved_at', '<', range.to)
      .where('ticket_events.kind', '=', 'status')
      .where('ticket_events.from_value', '=', 'solved')
      .where('ticket_events.to_value', '=', 'open')
      .execute();
    for (const e of events) {
      if (e.actor_id !== null && e.actor_id !== e.user_id) continue;
      const list = reopened.get(e.ticket_id) ?? [];
      list.push(e.created_at);
      reopened.set(e.ticket_id, list);
    }
  }
  return rows.map((r) => ({
    solvedAt: r.solved_at!,
    resolutionMinutes: r.resolution_minutes,
    staffReplies: r.staff_reply_count,
    rating: r.rating,
    ratedAt: r.rated_at,
    customerReopenedAt: reopened.get(r.id) ?? [],
  }));
}
