// "Reply to all linked tickets": one consistent message (a saved reply or
// written on the spot) to every ticket linked to a known issue, each sent as
// a staff reply on that ticket (message, email with rating links, counters,
// optional status), placeholders filled per ticket.
//
// Exactly once, even when the request is repeated or the server dies half-way:
// - startBulkReply writes the request (its idempotency key is unique: a
//   repeated request returns the same row and adds no targets) and one target
//   per linked ticket at that moment, in ONE transaction;
// - processBulkReplies sends each pending target in its OWN transaction: the
//   reply and the target's done_at + message_id commit together, so a target
//   is done exactly when its reply exists. A crash rolls back the one being
//   sent; the next run (the request itself, or the worker loop) picks up every
//   target still pending.
import { withTransaction, type DB } from '@db/connection';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { getUser } from '@/server/accounts/users';
import type { SiteContext } from '@/server/email/templates';
import { ConflictError, NotFoundError, ValidationError } from '@/server/errors';
import { renderUserMarkdown } from '@/server/markdown';
import { REPLY_MAX } from '@/server/tickets/conversation';
import { repliableLinkedTicketIds, replyToLinkedTicket, ticketsLinkedTo, type LinkedTicket } from '@/server/tickets/known-issue-links';
import { recordSavedReplyUse, savedReplies, savedReply } from '@/server/tickets/saved-replies';
import { markPlaybookStep } from './playbook';

/** The idempotency key the form carries: made when it is rendered. */
const KEY = /^[A-Za-z0-9_-]{16,100}$/;

export interface BulkReplyInput {
  idempotencyKey: string;
  /** The reply; with a saved reply and an empty body, the saved reply's text. */
  body: string;
  savedReplyId?: number | null | undefined;
  setStatus?: 'pending' | 'solved' | null | undefined;
}

export interface BulkReplyStarted {
  id: number;
  targetCount: number;
  /** False when the same key was sent before: the earlier request is returned, nothing new is sent. */
  created: boolean;
}

/** How many tickets a reply to all linked tickets would reach now ("This will reply to 7 tickets"). */
export async function bulkReplyPreviewCount(db: DB, user: SessionUser | null, issueId: number): Promise<number> {
  assertCan(user, 'known_issues.manage');
  return (await repliableLinkedTicketIds(db, issueId)).length;
}

/**
 * Starts a reply to every ticket linked to the issue now (not closed): the
 * request and its targets in one transaction. The same idempotency key again
 * returns the first request and adds nothing. Marks the playbook's
 * "reply in bulk" step and counts one use of the saved reply.
 */
export async function startBulkReply(db: DB, user: SessionUser | null, issueId: number, input: BulkReplyInput, now = Date.now()): Promise<BulkReplyStarted> {
  assertCan(user, 'known_issues.manage');
  if (!KEY.test(input.idempotencyKey))
    throw new ValidationError('The form is out of date. Open the page again and send it once more.', { idempotencyKey: 'Open the page again.' });
  const savedReplyId = input.savedReplyId ?? null;
  const setStatus = input.setStatus ?? null;
  if (setStatus !== null && setStatus !== 'pending' && setStatus !== 'solved')
    throw new ValidationError('Choose pending, solved, or keep the status.', { setStatus: 'Choose pending, solved, or keep the status.' });
  return withTransaction(db, async (trx) => {
    const earlier = await trx
      .selectFrom('known_issue_bulk_replies')
      .select(['id', 'known_issue_id', 'target_count'])
      .where('idempotency_key', '=', input.idempotencyKey)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.known_issue_id !== issueId) throw new ConflictError('This form was already sent for another issue. Open the page again.');
      return { id: earlier.id, targetCount: earlier.target_count, created: false };
    }
    const issue = await trx.selectFrom('known_issues').select('id').where('id', '=', issueId).executeTakeFirst();
    if (!issue) throw new NotFoundError('No such known issue.');
    const body = (input.body.trim() === '' && savedReplyId !== null ? (await savedReply(trx, user, savedReplyId)).bodySource : input.body).trim();
    if (body === '') throw new ValidationError('Write the reply, or choose a saved reply.', { body: 'Write the reply, or choose a saved reply.' });
    if (body.length > REPLY_MAX) {
      const message = `Keep a reply under ${REPLY_MAX.toLocaleString('en')} characters.`;
      throw new ValidationError(message, { body: message });
    }
    if (savedReplyId !== null && input.body.trim() !== '') await savedReply(trx, user, savedReplyId);
    const ticketIds = await repliableLinkedTicketIds(trx, issueId);
    if (ticketIds.length === 0)
      throw new ValidationError('No linked ticket can take a reply: link tickets to this issue first.', { tickets: 'No linked ticket can take a reply.' });
    const row = await trx
      .insertInto('known_issue_bulk_replies')
      .values({
        known_issue_id: issueId,
        idempotency_key: input.idempotencyKey,
        saved_reply_id: savedReplyId,
        body_source: body,
        body_html: renderUserMarkdown(body),
        set_status: setStatus,
        author_id: user.id,
        target_count: ticketIds.length,
        created_at: now,
        completed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('known_issue_bulk_reply_targets')
      .values(ticketIds.map((ticket_id) => ({ bulk_reply_id: row.id, ticket_id, message_id: null, done_at: null })))
      .execute();
    if (savedReplyId !== null) await recordSavedReplyUse(trx, user, [savedReplyId]);
    await markPlaybookStep(trx, issueId, 'bulk_reply', user.id, now);
    return { id: row.id, targetCount: ticketIds.length, created: true };
  });
}

export interface BulkReplyProgress {
  /** Replies sent in this run. */
  sent: number;
  /** Targets whose ticket closed or was merged since: done without a reply. */
  skipped: number;
  /** Targets that failed this time (left pending for the next run). */
  failed: number;
}

/**
 * Sends pending targets (oldest request first), each in its own transaction
 * with its done mark. `bulkReplyId` limits it to one request (the request
 * handler finishing its own). A target that fails stays pending and the
 * others go on; the worker loop runs this again.
 */
export async function processBulkReplies(
  db: DB,
  site: SiteContext,
  now = Date.now(),
  limit = 200,
  options: { bulkReplyId?: number; log?: (line: string) => void } = {},
): Promise<BulkReplyProgress> {
  const pending = await db
    .selectFrom('known_issue_bulk_reply_targets as t')
    .innerJoin('known_issue_bulk_replies as b', 'b.id', 't.bulk_reply_id')
    .select(['t.bulk_reply_id', 't.ticket_id', 'b.body_source', 'b.set_status', 'b.author_id'])
    .where('t.done_at', 'is', null)
    .$if(options.bulkReplyId !== undefined, (q) => q.where('t.bulk_reply_id', '=', options.bulkReplyId!))
    .orderBy('t.bulk_reply_id')
    .orderBy('t.ticket_id')
    .limit(limit)
    .execute();
  const progress: BulkReplyProgress = { sent: 0, skipped: 0, failed: 0 };
  const authors = new Map<number | null, { id: number; displayName: string } | null>();
  const touched = new Set<number>();
  for (const target of pending) {
    try {
      if (!authors.has(target.author_id))
        authors.set(target.author_id, target.author_id === null ? null : await getUser(db, target.author_id).catch(() => null));
      const author = authors.get(target.author_id);
      const outcome = await withTransaction(db, async (trx) => {
        // Another process may have sent it meanwhile: the check and the send share the write lock.
        const still = await trx
          .selectFrom('known_issue_bulk_reply_targets')
          .select('done_at')
          .where('bulk_reply_id', '=', target.bulk_reply_id)
          .where('ticket_id', '=', target.ticket_id)
          .executeTakeFirst();
        if (!still || still.done_at !== null) return 'already' as const;
        const messageId = author ? await replyToLinkedTicket(trx, site, target.ticket_id, author, target.body_source, target.set_status, now) : null;
        await trx
          .updateTable('known_issue_bulk_reply_targets')
          .set({ done_at: now, message_id: messageId })
          .where('bulk_reply_id', '=', target.bulk_reply_id)
          .where('ticket_id', '=', target.ticket_id)
          .execute();
        return messageId === null ? ('skipped' as const) : ('sent' as const);
      });
      if (outcome === 'sent') progress.sent++;
      else if (outcome === 'skipped') progress.skipped++;
      touched.add(target.bulk_reply_id);
    } catch (error) {
      progress.failed++;
      options.log?.(`[bulk-reply] ticket ${target.ticket_id} of bulk reply ${target.bulk_reply_id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const id of touched) {
    const left = await db
      .selectFrom('known_issue_bulk_reply_targets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bulk_reply_id', '=', id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0)
      await db.updateTable('known_issue_bulk_replies').set({ completed_at: now }).where('id', '=', id).where('completed_at', 'is', null).execute();
  }
  return progress;
}

export interface PastBulkReply {
  id: number;
  createdAt: number;
  completedAt: number | null;
  authorName: string | null;
  savedReplyId: number | null;
  bodyHtml: string;
  setStatus: 'pending' | 'solved' | null;
  targetCount: number;
  /** Replies sent so far. */
  sentCount: number;
  /** Targets done without a reply (the ticket closed or was merged before its turn). */
  skippedCount: number;
}

/** The issue's replies to all linked tickets, newest first, with how many were sent of how many. Staff only. */
export async function bulkRepliesOf(db: DB, user: SessionUser | null, issueId: number): Promise<PastBulkReply[]> {
  assertCan(user, 'known_issues.manage');
  const rows = await db
    .selectFrom('known_issue_bulk_replies as b')
    .leftJoin('users as u', 'u.id', 'b.author_id')
    .select(['b.id', 'b.created_at', 'b.completed_at', 'b.saved_reply_id', 'b.body_html', 'b.set_status', 'b.target_count', 'u.display_name'])
    .where('b.known_issue_id', '=', issueId)
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(50)
    .execute();
  const ids = rows.map((r) => r.id);
  const done =
    ids.length === 0
      ? []
      : await db
          .selectFrom('known_issue_bulk_reply_targets')
          .select((eb) => ['bulk_reply_id', eb.fn.count<number>('message_id').as('sent'), eb.fn.countAll<number>().as('done')])
          .where('bulk_reply_id', 'in', ids)
          .where('done_at', 'is not', null)
          .groupBy('bulk_reply_id')
          .execute();
  const byId = new Map(done.map((d) => [d.bulk_reply_id, { sent: Number(d.sent), done: Number(d.done) }]));
  return rows.map((r) => {
    const d = byId.get(r.id) ?? { sent: 0, done: 0 };
    return {
      id: r.id,
      createdAt: r.created_at,
      completedAt: r.completed_at,
      authorName: r.display_name,
      savedReplyId: r.saved_reply_id,
      bodyHtml: r.body_html,
      setStatus: r.set_status,
      targetCount: r.target_count,
      sentCount: d.sent,
      skippedCount: d.done - d.sent,
    };
  });
}

/**
 * The request handler's call: starts the reply to all linked tickets (or finds
 * the same request sent before) and sends its replies right away; whatever is
 * left (a failure, a stop) the worker loop finishes. Returns how many of its
 * replies are sent so far, of how many.
 */
export async function sendBulkReply(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  issueId: number,
  input: BulkReplyInput,
  now = Date.now(),
): Promise<{ id: number; targetCount: number; sent: number; created: boolean }> {
  const started = await startBulkReply(db, user, issueId, input, now);
  // A quick finish for the usual few dozen; the worker sends the rest of a very large one.
  await processBulkReplies(db, site, now, Math.min(started.targetCount, 200), { bulkReplyId: started.id });
  const sent = await db
    .selectFrom('known_issue_bulk_reply_targets')
    .select((eb) => eb.fn.count<number>('message_id').as('n'))
    .where('bulk_reply_id', '=', started.id)
    .where('done_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return { ...started, sent: Number(sent.n) };
}

/** What the known issue's staff page shows of its tickets (src/components/known-issues/LinkedTickets.astro). */
export interface LinkedTicketsPanel {
  issueId: number;
  tickets: LinkedTicket[];
  /** How many a reply to all linked tickets reaches now (not closed). */
  previewCount: number;
  savedReplies: { id: number; title: string; team: string | null }[];
  pastReplies: PastBulkReply[];
}

/** The linked tickets, the bulk reply form's choices and the past bulk replies of an issue. Staff only. */
export async function linkedTicketsPanel(db: DB, user: SessionUser | null, issueId: number): Promise<LinkedTicketsPanel> {
  assertCan(user, 'known_issues.manage');
  const [tickets, previewCount, saved, pastReplies] = await Promise.all([
    ticketsLinkedTo(db, user, issueId),
    bulkReplyPreviewCount(db, user, issueId),
    savedReplies(db, user),
    bulkRepliesOf(db, user, issueId),
  ]);
  return { issueId, tickets, previewCount, savedReplies: saved.map((r) => ({ id: r.id, title: r.title, team: r.team })), pastReplies };
}
