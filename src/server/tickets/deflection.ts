// Owns `contact_deflections`: the answers a visitor opened from the contact
// form's suggestions before (or instead of) sending a request. A contact
// "visit" is one opening of the form, named by a random id that travels in the
// form and in the suggestion links; sending the form stamps the visit's rows
// with the ticket.
//
// Definitions (the report reads them):
// - A deflection attempt is a suggestion opened during a visit (the same link
//   twice in one visit is one attempt).
// - A visit is deflected when it opened at least one suggestion and no ticket
//   came from it within 24 hours of its first attempt. A visit whose first
//   attempt is less than 24 hours old is undecided, counted apart.
import { randomToken } from '@/lib/crypto';
import type { DB } from '@db/connection';
import { searchDocTypes, type SearchDocType } from '@search/types';

/** How long after its first attempt a visit may still send its request and not count as deflected. */
export const DEFLECTION_WINDOW_MS = 24 * 60 * 60_000;
/** A visit opens a handful of suggestions; past this many rows it is a script, not a person. */
const MAX_ATTEMPTS_PER_VISIT = 30;
const VISIT_ID = /^[a-z2-7]{16,64}$/;

/** A new contact visit's id (random, lower-case base32, as the form's hidden field and the links carry it). */
export function newContactVisitId(): string {
  return randomToken(16);
}

/** The visit id when it has the shape we hand out, else undefined (the field is the client's to change). */
export function contactVisitIdOf(value: string | null | undefined): string | undefined {
  return value && VISIT_ID.test(value) ? value : undefined;
}

function docTypeOf(value: string | null | undefined): SearchDocType | null {
  return (searchDocTypes as readonly string[]).includes(value ?? '') ? (value as SearchDocType) : null;
}

/**
 * Records that the visit opened `url` (a local path the caller checked). A
 * repeat of the same link, a malformed visit id, or a visit past its share of
 * rows records nothing: the link still leads on.
 */
export async function recordDeflectionAttempt(
  db: DB,
  attempt: { visitId: string; visitorKey: string | null; url: string; docType: string | null },
  now = Date.now(),
): Promise<boolean> {
  const visitId = contactVisitIdOf(attempt.visitId);
  if (!visitId) return false;
  const recorded = await db
    .selectFrom('contact_deflections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('visit_id', '=', visitId)
    .executeTakeFirstOrThrow();
  if (Number(recorded.n) >= MAX_ATTEMPTS_PER_VISIT) return false;
  const result = await db
    .insertInto('contact_deflections')
    .values({ visit_id: visitId, visitor_key: attempt.visitorKey, url: attempt.url, doc_type: docTypeOf(attempt.docType), created_at: now, ticket_id: null })
    .onConflict((oc) => oc.columns(['visit_id', 'url']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The visit sent its request: its attempts (so far, not yet claimed) belong to that ticket and are no deflection. */
export async function markVisitSubmitted(db: DB, visitId: string | undefined, ticketId: number, now = Date.now()): Promise<number> {
  const id = contactVisitIdOf(visitId);
  if (!id) return 0;
  const result = await db
    .updateTable('contact_deflections')
    .set({ ticket_id: ticketId })
    .where('visit_id', '=', id)
    .where('ticket_id', 'is', null)
    .where('created_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface DeflectionCounts {
  /** Suggestions opened in [from, to). */
  attempts: number;
  /** Visits with an attempt in [from, to). */
  visits: number;
  /** Of those, visits that sent no request within 24 hours of their first attempt. */
  deflectedVisits: number;
  /** Of those, visits still inside their 24 hours with no request yet (neither deflected nor not). */
  undecidedVisits: number;
}

/** Deflection attempts and deflected visits between two instants (see the definitions at the top of this file). */
export async function deflectionCounts(db: DB, fromMs: number, toMs: number, now = Date.now()): Promise<DeflectionCounts> {
  // One row per visit: a few hundred a month, classified here rather than in dialect-specific SQL.
  const visits = await db
    .selectFrom('contact_deflections as d')
    .leftJoin('tickets as t', 't.id', 'd.ticket_id')
    .select((eb) => [
      'd.visit_id',
      eb.fn.countAll<number>().as('attempts'),
      eb.fn.min('d.created_at').as('first_at'),
      eb.fn.min('t.created_at').as('ticket_at'),
    ])
    .where('d.created_at', '>=', fromMs)
    .where('d.created_at', '<', toMs)
    .groupBy('d.visit_id')
    .execute();
  const counts: DeflectionCounts = { attempts: 0, visits: visits.length, deflectedVisits: 0, undecidedVisits: 0 };
  for (const visit of visits) {
    counts.attempts += Number(visit.attempts);
    const firstAt = Number(visit.first_at);
    const ticketAt = visit.ticket_at === null ? null : Number(visit.ticket_at);
    if (ticketAt !== null && ticketAt - firstAt <= DEFLECTION_WINDOW_MS) continue;
    if (ticketAt === null && now - firstAt < DEFLECTION_WINDOW_MS) counts.undecidedVisits++;
    else counts.deflectedVisits++;
  }
  return counts;
}

/**
 * The contact visits whose first attempt falls in [from, to) — each visit
 * belongs to one month, the month it began — classified as in
 * deflectionCounts: deflected, undecided (under 24 hours old at `now`, no
 * request yet) or not deflected (it sent its request within 24 hours).
 */
export async function deflectedVisitsBetween(
  db: DB,
  range: { from: number; to: number },
  now = Date.now(),
): Promise<{ visits: number; deflectedVisits: number; undecidedVisits: number }> {
  const begun = db.selectFrom('contact_deflections').select('visit_id').where('created_at', '>=', range.from).where('created_at', '<', range.to);
  const visits = await db
    .selectFrom('contact_deflections as d')
    .leftJoin('tickets as t', 't.id', 'd.ticket_id')
    .select((eb) => ['d.visit_id', eb.fn.min('d.created_at').as('first_at'), eb.fn.min('t.created_at').as('ticket_at')])
    .where('d.visit_id', 'in', begun)
    .groupBy('d.visit_id')
    .having((eb) => eb.fn.min('d.created_at'), '>=', range.from)
    .execute();
  const counts = { visits: visits.length, deflectedVisits: 0, undecidedVisits: 0 };
  for (const visit of visits) {
    const firstAt = Number(visit.first_at);
    const ticketAt = visit.ticket_at === null ? null : Number(visit.ticket_at);
    if (ticketAt !== null && ticketAt - firstAt <= DEFLECTION_WINDOW_MS) continue;
    if (ticketAt === null && now - firstAt < DEFLECTION_WINDOW_MS) counts.undecidedVisits++;
    else counts.deflectedVisits++;
  }
  return counts;
}
