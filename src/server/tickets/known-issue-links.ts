// Tickets linked to a known issue (issue 13): staff link a ticket from its
// page (or the contact form links it when the customer wrote anyway about a
// suggested issue), the known issue's staff page lists its tickets, and the
// known-issues area acts on them through the functions here — one consistent
// reply to each (the same path as any staff reply), the fix told to each
// requester once, and the tickets reopened for support to confirm the fix.
// The known_issue* tables stay in src/server/known-issues; `tickets.known_issue_id`
// is this area's.
import { withTransaction, type DB } from '@db/connection';
import type { TicketStatus } from '@db/schema';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { enqueueEmail, withEmailHeaders } from '@/server/email/outbox';
import { knownIssueFixedEmail, type SiteContext } from '@/server/email/templates';
import { NotFoundError } from '@/server/errors';
import { knownIssueLinkTarget } from '@/server/known-issues/linked-tickets';
import { assertRepliable, startFollowUp, validBody, writeStaffReply } from './conversation';
import { addMessage, changeStatus, recordEvent, touchTicket } from './desk';
import { threadHeaders } from './email-thread';
import { fillPlaceholders } from './saved-replies';
import { ticketForViewer, ticketIdToRef } from './tickets';

/**
 * Links a ticket to a known issue, or unlinks it (`issueId` null). Staff only;
 * an unknown issue is a NotFoundError. The change is a ticket event (from/to:
 * issue ids) and bumps the ticket's version. Linking it again to the same issue changes nothing.
 */
export async function linkTicketToKnownIssue(db: DB, user: SessionUser | null, ref: string, issueId: number | null, now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  if (issueId !== null && !(await knownIssueLinkTarget(db, issueId))) throw new NotFoundError('No such known issue.');
  if (row.known_issue_id === issueId) return;
  await withTransaction(db, async (trx) => {
    await trx.updateTable('tickets').set({ known_issue_id: issueId }).where('id', '=', row.id).execute();
    await recordEvent(
      trx,
      row.id,
      user.id,
      'known_issue',
      row.known_issue_id === null ? null : String(row.known_issue_id),
      issueId === null ? null : String(issueId),
      now,
    );
    await touchTicket(trx, row.id, now);
  });
}

/** The known issue a ticket is linked to (its id), or null. Staff only. */
export async function knownIssueIdOfTicket(db: DB, user: SessionUser | null, ref: string): Promise<number | null> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  return row.known_issue_id;
}

export interface LinkedTicket {
  ref: string;
  subject: string;
  requesterName: string;
  requesterEmail: string;
  status: TicketStatus;
  updatedAt: number;
}

/** The issue's linked tickets (merged duplicates left out: they continue elsewhere), latest activity first. Staff only. */
export async function ticketsLinkedTo(db: DB, user: SessionUser | null, issueId: number, limit = 500): Promise<LinkedTicket[]> {
  assertCan(user, 'staff.area');
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'requester_name', 'requester_email', 'status', 'updated_at'])
    .where('known_issue_id', '=', issueId)
    .where('merged_into', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ref: ticketIdToRef(r.id),
    subject: r.subject,
    requesterName: r.requester_name,
    requesterEmail: r.requester_email,
    status: r.status,
    updatedAt: r.updated_at,
  }));
}

export interface LinkedTicketCounts {
  /** Linked tickets, merged duplicates left out. */
  total: number;
  /** Of those, not solved or closed yet. */
  unsolved: number;
  /** Those a reply to all linked tickets reaches now (not closed). */
  repliable: number;
}

/** Linked-ticket counts per known issue (issues without tickets get zeros). */
export async function linkedTicketCounts(db: DB, issueIds: readonly number[]): Promise<Map<number, LinkedTicketCounts>> {
  const counts = new Map<number, LinkedTicketCounts>(issueIds.map((id) => [id, { total: 0, unsolved: 0, repliable: 0 }]));
  if (issueIds.length === 0) return counts;
  const rows = await db
    .selectFrom('tickets')
    .select((eb) => ['known_issue_id', 'status', eb.fn.countAll<number>().as('n')])
    .where('known_issue_id', 'in', [...issueIds])
    .where('merged_into', 'is', null)
    .groupBy(['known_issue_id', 'status'])
    .execute();
  for (const r of rows) {
    const c = counts.get(r.known_issue_id!)!;
    const n = Number(r.n);
    c.total += n;
    if (r.status !== 'solved' && r.status !== 'closed') c.unsolved += n;
    if (r.status !== 'closed') c.repliable += n;
  }
  return counts;
}

/** The ids of the issue's linked tickets a staff reply can go to now (not closed, not merged), oldest first. */
export async function repliableLinkedTicketIds(db: DB, issueId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .where('known_issue_id', '=', issueId)
    .where('merged_into', 'is', null)
    .where('status', '!=', 'closed')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * One ticket's part of a reply to all tickets linked to a known issue, in the
 * caller's transaction: the placeholders filled for this ticket, then the same
 * staff reply as from the ticket page (message, email with rating links,
 * counters, status through changeStatus). `setStatus` null keeps the status (a
 * new ticket becomes open). A ticket that closed or was merged since is
 * skipped (no reply, no email). Returns the reply's message id, or null when skipped.
 */
export async function replyToLinkedTicket(
  trx: DB,
  site: SiteContext,
  ticketId: number,
  author: { id: number; displayName: string },
  body: string,
  setStatus: 'pending' | 'solved' | null,
  now: number,
): Promise<number | null> {
  const row = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!row) return null;
  try {
    assertRepliable(row);
  } catch {
    return null;
  }
  const text = validBody(fillPlaceholders(body, { requesterName: row.requester_name, ref: ticketIdToRef(row.id), agentName: author.displayName }));
  const status = setStatus ?? (row.status === 'new' ? 'open' : (row.status as 'open' | 'pending' | 'solved'));
  return writeStaffReply(trx, site, row, author, { text, internal: false, status }, now);
}

/**
 * The known issue is fixed: each requester of its linked tickets (merged
 * duplicates and unverified email senders left out) gets one email per address, about their latest ticket,
 * threaded like a staff reply so an answer lands in that ticket; every linked
 * ticket of theirs records that they were told. Runs in the caller's
 * transaction (the update that fixed it). Returns how many emails.
 */
export async function notifyRequestersOfFix(
  trx: DB,
  site: SiteContext,
  issueId: number,
  fix: { issueTitle: string; message: string; issueUrl: string },
  now: number,
): Promise<number> {
  const rows = await trx
    .selectFrom('tickets')
    .select(['id', 'requester_email', 'status', 'updated_at'])
    .where('known_issue_id', '=', issueId)
    .where('merged_into', 'is', null)
    // A sender whose email failed SPF/DKIM/DMARC is never written to automatically (a forged From).
    .where('unverified_sender', '=', 0)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byAddress = new Map<string, typeof rows>();
  for (const r of rows) {
    const address = r.requester_email.trim().toLowerCase();
    byAddress.set(address, [...(byAddress.get(address) ?? []), r]);
  }
  for (const tickets of byAddress.values()) {
    // Their latest ticket still in progress, else their latest one.
    const ticket = tickets.find((t) => t.status !== 'closed') ?? tickets[0]!;
    const ref = ticketIdToRef(ticket.id);
    const key = randomToken(20);
    await trx
      .insertInto('ticket_access_keys')
      .values({ key_hash: sha256Hex(key), ticket_id: ticket.id, created_at: now })
      .execute();
    // PREFERENCES: transactional (about the customer's own request, answered in its thread): no unsubscribe link.
    const email = knownIssueFixedEmail(site, {
      to: ticket.requester_email,
      ref,
      issueTitle: fix.issueTitle,
      message: fix.message,
      issueUrl: fix.issueUrl,
      link: `${site.siteUrl}/tickets/${ref}?key=${key}`,
    });
    await enqueueEmail(trx, withEmailHeaders(email, await threadHeaders(trx, ticket.id)), now);
    for (const t of tickets) await recordEvent(trx, t.id, null, 'known_issue_fixed', null, String(issueId), now);
  }
  return byAddress.size;
}

/**
 * The fix of a known issue is out (its GitHub issue closed): its linked
 * tickets come back to support to confirm the fix with each customer. Solved
 * and pending ones open again with the internal note; closed ones get a
 * follow-up ticket (linked to the closed one and to the issue) carrying the
 * note. These are system reopenings ('system_reopen'), never counted as the
 * customer's. Merged duplicates, tickets already open, and closed tickets whose
 * follow-up for this issue is still in progress are left alone. Runs in the
 * caller's transaction. Returns how many tickets it reopened or followed up.
 */
export async function reopenTicketsOfKnownIssue(trx: DB, site: SiteContext, issueId: number, note: string, now: number): Promise<number> {
  const text = validBody(note);
  const rows = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('known_issue_id', '=', issueId)
    .where('merged_into', 'is', null)
    .where('status', 'in', ['pending', 'solved', 'closed'])
    .orderBy('id')
    .execute();
  const followedUp = new Set(
    (
      await trx
        .selectFrom('tickets')
        .select('follow_up_of')
        .where('known_issue_id', '=', issueId)
        .where('follow_up_of', 'is not', null)
        .where('status', '!=', 'closed')
        .execute()
    ).map((r) => r.follow_up_of!),
  );
  let touched = 0;
  for (const row of rows) {
    if (row.status !== 'closed') {
      await changeStatus(trx, row, 'open', null, now, { system: true });
      await addMessage(trx, { ticketId: row.id, authorId: null, role: 'staff', visibility: 'internal', source: text, at: now });
      // Support owes the customer a confirmation: the wait starts now.
      await trx.updateTable('tickets').set({ waiting_since: now }).where('id', '=', row.id).execute();
      await touchTicket(trx, row.id, now);
      touched++;
      continue;
    }
    if (followedUp.has(row.id)) continue;
    const { id } = await startFollowUp(trx, site, row, row.description, null, now, { knownIssueId: issueId });
    await addMessage(trx, { ticketId: id, authorId: null, role: 'staff', visibility: 'internal', source: text, at: now });
    touched++;
  }
  return touched;
}
