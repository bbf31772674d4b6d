// The conversation of a ticket and the status rules it drives:
// new → open → pending → solved → closed. Staff reply in public or write
// internal notes (never shown to the requester); a requester reply reopens a
// pending or solved ticket; a closed ticket is never reopened: a reply to it
// starts a follow-up ticket linked to it; solved tickets close by themselves
// after 7 days. Every status change is an event with who and when. Message
// bodies are Markdown, sanitized and rendered once, when written.
// (Groundwork for issue 11: emails to the requester, the pages and the SLA
// clock build on this.)
import { withTransaction, type DB } from '@db/connection';
import type { TicketStatus } from '@db/schema';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { enqueueEmail, withEmailHeaders } from '@/server/email/outbox';
import { ticketReplyEmail, type SiteContext } from '@/server/email/templates';
import { ValidationError } from '@/server/errors';
import { renderUserMarkdown } from '@/server/markdown';
import { ratingLinksForReply } from './satisfaction';
import { notifyAgents } from './agent-notifications';
import { addMessage, assertUnchangedSince, changeStatus, deskSettings, recordEvent, touchTicket, type SeenStamp } from './desk';
import { supportMinutesBetween, slaOutcome } from './sla';
import { supportCalendar } from '@/server/settings/settings';
import { threadHeaders } from './email-thread';
import { insertTicket, ticketForViewer, ticketIdToRef, ticketRefToId, type TicketViewer } from './tickets';
import type { CheckedFile, UploadedFile } from '@/server/attachments/store';
import { checkTicketFiles, saveTicketFiles } from './attachments';

export const REPLY_MAX = 20_000;
/** Solved tickets close after this long without a requester reply. */
export const AUTO_CLOSE_AFTER_MS = 7 * 24 * 60 * 60_000;

export interface ConversationMessage {
  id: number;
  authorRole: 'requester' | 'staff';
  /** Only staff ever receive internal notes. */
  visibility: 'public' | 'internal';
  html: string;
  createdAt: number;
}

export interface Conversation {
  ref: string;
  status: TicketStatus;
  /** The requester's description, as typed (plain text): the first message. */
  description: string;
  messages: ConversationMessage[];
}

export function validBody(body: string): string {
  const text = body.trim();
  if (text === '') throw new ValidationError('Write a reply before sending.', { body: 'Write a reply before sending.' });
  if (text.length > REPLY_MAX) {
    const message = `Keep a reply under ${REPLY_MAX.toLocaleString('en')} characters.`;
    throw new ValidationError(message, { body: message });
  }
  return text;
}

/** The conversation as the viewer may see it: internal notes for staff only. */
export async function ticketConversation(db: DB, ref: string, viewer: TicketViewer): Promise<Conversation> {
  const { row, asStaff } = await ticketForViewer(db, ref, viewer);
  const messages = await db
    .selectFrom('ticket_messages')
    .select(['id', 'author_role', 'visibility', 'body_html', 'created_at'])
    .where('ticket_id', '=', row.id)
    .$if(!asStaff, (q) => q.where('visibility', '=', 'public'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    ref: ticketIdToRef(row.id),
    status: row.status,
    description: row.description,
    messages: messages.map((m) => ({ id: m.id, authorRole: m.author_role, visibility: m.visibility, html: m.body_html, createdAt: m.created_at })),
  };
}

export type ReplyOutcome = { ref: string; followUp: false } | { ref: string; followUp: true; accessKey: string };

/**
 * The requester replies. A pending or solved ticket opens again; a closed one
 * stays closed and the reply starts a follow-up ticket (returned with its own
 * private key), so nothing the customer writes is lost.
 */
export async function replyAsRequester(
  db: DB,
  site: SiteContext,
  ref: string,
  viewer: TicketViewer,
  body: string,
  now = Date.now(),
  files: readonly UploadedFile[] = [],
): Promise<ReplyOutcome> {
  const text = validBody(body);
  const { row, asRequester } = await ticketForViewer(db, ref, viewer);
  // Staff answer as staff; only the requester replies here.
  if (!asRequester) throw new ValidationError('Staff reply from the staff ticket page.');
  const checked = await checkTicketFiles(files);
  return appendRequesterReply(db, site, row, text, viewer.user?.id ?? null, undefined, checked, now);
}

/**
 * A reply by email from the ticket's requester (src/server/email/inbound.ts
 * matched it and checked the sender): the same rules as a reply on the page.
 * Returns the ticket the message landed on (a follow-up for a closed one) and its message id.
 */
export async function replyByEmail(
  db: DB,
  site: SiteContext,
  ticketId: number,
  body: string,
  inboundEmailId: number,
  now = Date.now(),
): Promise<ReplyOutcome & { ticketId: number; messageId: number | null }> {
  const text = validBody(body);
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
  // A reply to a merged duplicate continues on the ticket it was merged into.
  const target = row.merged_into === null ? row : await db.selectFrom('tickets').selectAll().where('id', '=', row.merged_into).executeTakeFirstOrThrow();
  // The email's own files are stored by the inbound channel, on the message this returns.
  const outcome = await appendRequesterReply(db, site, target, text, target.user_id, inboundEmailId, [], now);
  return { ...outcome, ticketId: ticketRefToId(outcome.ref)! };
}

export type TicketRow = Awaited<ReturnType<typeof ticketForViewer>>['row'];

async function appendRequesterReply(
  db: DB,
  site: SiteContext,
  row: TicketRow,
  text: string,
  authorId: number | null,
  inboundEmailId: number | undefined,
  checked: CheckedFile[],
  now: number,
): Promise<ReplyOutcome & { messageId: number | null }> {
  if (row.merged_into !== null) throw new ValidationError(`This request was merged into ${ticketIdToRef(row.merged_into)}: reply there.`);
  const html = renderUserMarkdown(text);
  return withTransaction(db, async (trx) => {
    if (row.status === 'closed') {
      const { id: followUpId, accessKey } = await startFollowUp(trx, site, row, text, authorId, now);
      const followUp = { id: followUpId };
      await saveTicketFiles(trx, followUp.id, checked, authorId, false, now);
      return { ref: ticketIdToRef(followUp.id), followUp: true, accessKey, messageId: null };
    }
    const messageId = await addMessage(trx, {
      ticketId: row.id,
      authorId,
      role: 'requester',
      visibility: 'public',
      source: text,
      html,
      at: now,
      inboundEmailId,
    });
    await saveTicketFiles(trx, row.id, checked, authorId, true, now);
    if (row.status === 'pending' || row.status === 'solved') await changeStatus(trx, row, 'open', authorId, now);
    // It is staff's turn again: the wait starts now, unless they already owed an answer.
    await trx
      .updateTable('tickets')
      .set({ waiting_since: row.waiting_since ?? now })
      .where('id', '=', row.id)
      .execute();
    await touchTicket(trx, row.id, now);
    await notifyAgents(trx, site, { kind: 'customer_reply', ticket: row, actorId: null, actorName: row.requester_name }, now);
    return { ref: ticketIdToRef(row.id), followUp: false, messageId };
  });
}

/**
 * A closed ticket is never reopened: a new ticket follows it up, linked to it
 * (same requester, subject "Follow-up: …", category, urgency and context), in
 * the caller's transaction. The one follow-up path: a requester's reply to a
 * closed ticket, and the fix of a known issue it was linked to
 * (`knownIssueId`). Returns the follow-up's id and private key.
 */
export async function startFollowUp(
  trx: DB,
  site: SiteContext,
  row: TicketRow,
  description: string,
  actorId: number | null,
  now: number,
  options: { knownIssueId?: number } = {},
): Promise<{ id: number; accessKey: string }> {
  const created = await insertTicket(
    trx,
    site,
    {
      requester_name: row.requester_name,
      requester_email: row.requester_email,
      user_id: row.user_id,
      subject: row.subject.startsWith('Follow-up: ') ? row.subject : `Follow-up: ${row.subject}`,
      description,
      category: row.category,
      urgency: row.urgency,
      emotion: row.emotion,
      context: row.context,
      follow_up_of: row.id,
      ...(options.knownIssueId !== undefined && { known_issue_id: options.knownIssueId }),
    },
    now,
  );
  await recordEvent(trx, created.id, actorId, 'follow_up_of', null, ticketIdToRef(row.id), now);
  if (options.knownIssueId !== undefined) await recordEvent(trx, created.id, actorId, 'known_issue', null, String(options.knownIssueId), now);
  return created;
}

export interface StaffReply {
  body: string;
  /** An internal note: staff only, never sent to the requester. */
  internal?: boolean;
  /** The status after a public reply (default: pending, waiting for the requester). */
  status?: 'open' | 'pending' | 'solved' | undefined;
  /** What the agent saw when writing: sending warns (TicketChangedError) when someone else worked on the ticket since. */
  seen?: SeenStamp | undefined;
  /** Files attached to the reply (sent with its email) or to the note (staff only). */
  files?: readonly UploadedFile[] | undefined;
}

/**
 * Staff reply in public (the first one is the first response; it is emailed to
 * the requester through the outbox, with a private link of its own) or add an
 * internal note (never emailed).
 */
export async function replyAsStaff(db: DB, site: SiteContext, ref: string, user: SessionUser | null, reply: StaffReply, now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  const text = validBody(reply.body);
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  assertRepliable(row);
  if (reply.seen) await assertUnchangedSince(db, row, user, reply.seen);
  const checked = await checkTicketFiles(reply.files);
  await withTransaction(db, (trx) =>
    writeStaffReply(trx, site, row, user, { text, internal: reply.internal ?? false, status: reply.status, files: checked }, now),
  );
}

/** A closed or merged ticket takes no staff reply (ValidationError saying where to reply instead). */
export function assertRepliable(row: { status: TicketStatus; merged_into: number | null }): void {
  if (row.status === 'closed') throw new ValidationError('This request is closed. A reply from the customer starts a follow-up request.');
  if (row.merged_into !== null) throw new ValidationError(`This request was merged into ${ticketIdToRef(row.merged_into)}: reply there.`);
}

/**
 * Writes a staff reply or note on a ticket, in the caller's transaction: the
 * message, its files, the first response and SLA outcome, the reply counter,
 * the status (through changeStatus), and for a public reply its email with a
 * private link and rating links, threaded. The one path behind every staff
 * reply (the ticket page, replies to all tickets linked to a known issue).
 * Returns the message id.
 */
export async function writeStaffReply(
  trx: DB,
  site: SiteContext,
  row: TicketRow,
  author: { id: number; displayName: string },
  reply: { text: string; internal: boolean; status?: 'open' | 'pending' | 'solved' | undefined; files?: CheckedFile[] },
  now: number,
): Promise<number> {
  const text = reply.text;
  const html = renderUserMarkdown(text);
  const settings = reply.internal || row.first_response_at !== null ? undefined : await deskSettings(trx);
  const messageId = await addMessage(trx, {
    ticketId: row.id,
    authorId: author.id,
    role: 'staff',
    visibility: reply.internal ? 'internal' : 'public',
    source: text,
    html,
    at: now,
  });
  const attachmentIds = await saveTicketFiles(trx, row.id, reply.files ?? [], author.id, true, now);
  await touchTicket(trx, row.id, now);
  if (reply.internal) {
    // A note moves nothing the requester sees, but a new ticket is now being worked on.
    if (row.status === 'new') await changeStatus(trx, row, 'open', author.id, now);
    return messageId;
  }
  // The first public reply is the first response: its times and the SLA outcome are recorded once.
  const firstResponse = settings
    ? (() => {
        const due = row.first_response_due_at;
        const outcome = due === null ? undefined : slaOutcome(due, now);
        return {
          first_response_at: now,
          first_response_minutes: Math.max(0, Math.round((now - row.created_at) / 60_000)),
          first_response_support_minutes: supportMinutesBetween(row.created_at, now, supportCalendar(settings)),
          sla_outcome: outcome === undefined ? null : outcome.met ? ('met' as const) : ('breached' as const),
          sla_late_minutes: outcome?.lateByMinutes ?? null,
        };
      })()
    : {};
  await trx
    .updateTable('tickets')
    .set((eb) => ({ ...firstResponse, staff_reply_count: eb('staff_reply_count', '+', 1), waiting_since: null }))
    .where('id', '=', row.id)
    .execute();
  await changeStatus(trx, row, reply.status ?? 'pending', author.id, now);
  // Still open after the reply: staff owe the next step, the clock runs from now.
  if ((reply.status ?? 'pending') === 'open') await trx.updateTable('tickets').set({ waiting_since: now }).where('id', '=', row.id).execute();
  const key = randomToken(20);
  await trx
    .insertInto('ticket_access_keys')
    .values({ key_hash: sha256Hex(key), ticket_id: row.id, created_at: now })
    .execute();
  const ticketRef = ticketIdToRef(row.id);
  // Every public reply can be rated, with one click in its email (issue 12 item 4); its files travel with it.
  const ratingLinks = await ratingLinksForReply(trx, site, row.id, now);
  const headers = await threadHeaders(trx, row.id, messageId);
  const email = withEmailHeaders(
    ticketReplyEmail(site, {
      to: row.requester_email,
      requesterName: row.requester_name,
      ref: ticketRef,
      subject: row.subject,
      agentName: author.displayName,
      body: text,
      link: `${site.siteUrl}/tickets/${ticketRef}?key=${key}`,
      ratingLinks,
    }),
    headers,
  );
  const withFiles = attachmentIds.length > 0 ? { ...email, attachmentIds } : email;
  await enqueueEmail(trx, withFiles, now);
  return messageId;
}

/** Closes tickets solved at least 7 days ago (the worker runs it). Returns how many closed. */
export async function closeSolvedTickets(db: DB, now = Date.now()): Promise<number> {
  const due = await db
    .selectFrom('tickets')
    .select(['id', 'status', 'created_at'])
    .where('status', '=', 'solved')
    .where('solved_at', '<=', now - AUTO_CLOSE_AFTER_MS)
    .orderBy('solved_at')
    .limit(500)
    .execute();
  await withTransaction(db, async (trx) => {
    for (const ticket of due) await changeStatus(trx, ticket, 'closed', null, now);
  });
  return due.length;
}
