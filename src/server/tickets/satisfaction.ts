// "How did we do?": the requester rates a public staff reply (great / okay /
// not good, with an optional comment). Owns `ticket_rating_tokens` and writes
// `ticket_ratings` and the ticket's cached latest rating (tickets.rating,
// rated_at). A solve asks about the latest public staff reply: on the ticket
// page, and by email with one-click links that need no sign-in.
//
// The links carry a random token whose SHA-256 alone is stored (as sessions and
// access keys are), not an HMAC: there is no signing secret to keep or rotate,
// a database copy cannot forge links, and a token grants rating that one reply
// and nothing else. A link opens a page with its choice made and one Send
// button beside the optional comment (as Zendesk's rating landing page does):
// mail scanners open every link in a message, so a GET never records anything.
import { withTransaction, type DB } from '@db/connection';
import type { TicketRating } from '@db/schema';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { enqueueEmail, withEmailHeaders } from '@/server/email/outbox';
import { threadHeaders } from './email-thread';
import { ticketSatisfactionEmail, type RatingLinks, type SiteContext } from '@/server/email/templates';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { ticketForViewer, ticketIdToRef, ticketRefToId, type TicketViewer } from './tickets';

/** A rating can be changed for this long after it was first given. */
export const RATING_CHANGE_WINDOW_MS = 7 * 24 * 60 * 60_000;
export const RATING_COMMENT_MAX = 2_000;

export const ratingLabels: Record<TicketRating, string> = { great: 'Great', okay: 'Okay', not_good: 'Not good' };
export const ticketRatings = Object.keys(ratingLabels) as TicketRating[];

export function isTicketRating(value: string | null | undefined): value is TicketRating {
  return value === 'great' || value === 'okay' || value === 'not_good';
}

export interface RatingChoice {
  rating: TicketRating;
  comment?: string | null | undefined;
}

/** What the requester sees of the rating of one reply. */
export interface ReplyRating {
  ref: string;
  subject: string;
  /** The rated public staff reply. */
  messageId: number;
  repliedAt: number;
  rating: TicketRating | null;
  comment: string | null;
  /** When the rating was first given (the 7 days count from here), and last changed. */
  ratedAt: number | null;
  changedAt: number | null;
  /** False once 7 days have passed since the rating was given. */
  changeable: boolean;
  changeableUntil: number | null;
}

const NOT_FOUND_LINK = 'This rating link is not valid. Use the link from our latest email about your request, or open the request from its private link.';

async function latestPublicStaffReply(db: DB, ticketId: number) {
  return db
    .selectFrom('ticket_messages')
    .select(['id', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('author_role', '=', 'staff')
    .where('visibility', '=', 'public')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function publicStaffReply(db: DB, ticketId: number, messageId: number) {
  return db
    .selectFrom('ticket_messages')
    .select(['id', 'created_at'])
    .where('id', '=', messageId)
    .where('ticket_id', '=', ticketId)
    .where('author_role', '=', 'staff')
    .where('visibility', '=', 'public')
    .executeTakeFirst();
}

async function replyRating(db: DB, ticket: { id: number; subject: string }, message: { id: number; created_at: number }, now: number): Promise<ReplyRating> {
  const rated = await db
    .selectFrom('ticket_ratings')
    .select(['rating', 'comment', 'created_at', 'updated_at'])
    .where('message_id', '=', message.id)
    .executeTakeFirst();
  const until = rated ? rated.created_at + RATING_CHANGE_WINDOW_MS : null;
  return {
    ref: ticketIdToRef(ticket.id),
    subject: ticket.subject,
    messageId: message.id,
    repliedAt: message.created_at,
    rating: rated?.rating ?? null,
    comment: rated?.comment ?? null,
    ratedAt: rated?.created_at ?? null,
    changedAt: rated?.updated_at ?? null,
    changeable: until === null || now < until,
    changeableUntil: until,
  };
}

function validChoice(choice: RatingChoice): { rating: TicketRating; comment: string | null } {
  if (!isTicketRating(choice.rating)) throw new ValidationError('Choose Great, Okay or Not good.', { rating: 'Choose Great, Okay or Not good.' });
  const comment = (choice.comment ?? '').trim();
  if (comment.length > RATING_COMMENT_MAX) {
    const message = `Keep the comment under ${RATING_COMMENT_MAX.toLocaleString('en')} characters.`;
    throw new ValidationError(message, { comment: message });
  }
  return { rating: choice.rating, comment: comment === '' ? null : comment };
}

/** Records (or, within 7 days of the first rating, changes) the rating of a reply, and makes it the ticket's latest. */
async function recordRating(db: DB, ticketId: number, messageId: number, choice: RatingChoice, now: number): Promise<void> {
  const { rating, comment } = validChoice(choice);
  await withTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('ticket_ratings').select(['id', 'created_at']).where('message_id', '=', messageId).executeTakeFirst();
    if (existing && now >= existing.created_at + RATING_CHANGE_WINDOW_MS)
      throw new ConflictError('You rated this reply more than 7 days ago, so the rating can no longer be changed. Thank you for it.');
    if (existing) await trx.updateTable('ticket_ratings').set({ rating, comment, updated_at: now }).where('id', '=', existing.id).execute();
    else
      await trx
        .insertInto('ticket_ratings')
        .values({ ticket_id: ticketId, message_id: messageId, rating, comment, created_at: now, updated_at: now })
        .execute();
    // A ticket's satisfaction is its latest rating.
    await trx.updateTable('tickets').set({ rating, rated_at: now }).where('id', '=', ticketId).execute();
  });
}

async function issueRatingLinks(trx: DB, site: SiteContext, ticketId: number, messageId: number, now: number): Promise<RatingLinks> {
  const token = randomToken(20);
  await trx
    .insertInto('ticket_rating_tokens')
    .values({ token_hash: sha256Hex(token), ticket_id: ticketId, message_id: messageId, created_at: now })
    .execute();
  const base = `${site.siteUrl}/tickets/${ticketIdToRef(ticketId)}/rate?token=${token}&rating=`;
  return { great: `${base}great`, okay: `${base}okay`, not_good: `${base}not_good` };
}

/**
 * For every public staff reply: the rating links for that reply's email (a
 * solve asks with them too, so one email is enough). Call in the reply's
 * transaction, after the reply is written. Undefined when the ticket has no
 * public staff reply.
 */
export async function ratingLinksForReply(trx: DB, site: SiteContext, ticketId: number, now = Date.now()): Promise<RatingLinks | undefined> {
  const reply = await latestPublicStaffReply(trx, ticketId);
  return reply ? issueRatingLinks(trx, site, ticketId, reply.id, now) : undefined;
}

/**
 * For a solve without a reply (a status change): a "How did we do?" email
 * about the latest public staff reply, through the outbox, in the caller's
 * transaction. Asked at every solve until that reply is rated (its own email
 * carried links too, but then the customer did not yet know it was solved); a
 * ticket no staff member answered in public has nothing to rate. Returns
 * whether it asked.
 */
export async function requestSatisfaction(trx: DB, site: SiteContext, ticketId: number, now = Date.now()): Promise<boolean> {
  const ticket = await trx.selectFrom('tickets').select(['id', 'subject', 'requester_name', 'requester_email']).where('id', '=', ticketId).executeTakeFirst();
  const reply = ticket ? await latestPublicStaffReply(trx, ticket.id) : undefined;
  if (!ticket || !reply) return false;
  // Solving is when we ask (every reply email carries the links too, but then the customer did not know it was solved);
  // a reply the customer already rated needs no asking.
  const rated = await trx.selectFrom('ticket_ratings').select('id').where('message_id', '=', reply.id).limit(1).executeTakeFirst();
  if (rated) return false;
  const ratingLinks = await issueRatingLinks(trx, site, ticket.id, reply.id, now);
  // A private link of this email's own, as every email to the requester has.
  const key = randomToken(20);
  await trx
    .insertInto('ticket_access_keys')
    .values({ key_hash: sha256Hex(key), ticket_id: ticket.id, created_at: now })
    .execute();
  const ref = ticketIdToRef(ticket.id);
  const message = ticketSatisfactionEmail(site, {
    to: ticket.requester_email,
    requesterName: ticket.requester_name,
    ref,
    subject: ticket.subject,
    ratingLinks,
    link: `${site.siteUrl}/tickets/${ref}?key=${key}`,
  });
  await enqueueEmail(trx, withEmailHeaders(message, await threadHeaders(trx, ticket.id)), now);
  return true;
}

/** The ticket and reply a rating link is for; a token that does not exist, or belongs to another ticket, is not found. */
async function tokenTarget(db: DB, ref: string, token: string) {
  const id = ticketRefToId(ref);
  const target =
    id === undefined || token === ''
      ? undefined
      : await db
          .selectFrom('ticket_rating_tokens')
          .innerJoin('tickets', 'tickets.id', 'ticket_rating_tokens.ticket_id')
          .innerJoin('ticket_messages', 'ticket_messages.id', 'ticket_rating_tokens.message_id')
          .select(['tickets.id as ticketId', 'tickets.subject', 'ticket_messages.id as messageId', 'ticket_messages.created_at as repliedAt'])
          .where('ticket_rating_tokens.token_hash', '=', sha256Hex(token))
          .where('ticket_rating_tokens.ticket_id', '=', id)
          .executeTakeFirst();
  if (!target) throw new NotFoundError(NOT_FOUND_LINK);
  return { ticket: { id: target.ticketId, subject: target.subject }, message: { id: target.messageId, created_at: target.repliedAt } };
}

/** What a rating link opens (no sign-in): the reply it rates and its rating so far. Reads only: mail scanners open links. */
export async function ratingByToken(db: DB, ref: string, token: string, now = Date.now()): Promise<ReplyRating> {
  const { ticket, message } = await tokenTarget(db, ref, token);
  return replyRating(db, ticket, message, now);
}

/** Rates the reply a link is for (sent from the page the link opened). */
export async function rateByToken(db: DB, ref: string, token: string, choice: RatingChoice, now = Date.now()): Promise<ReplyRating> {
  const { ticket, message } = await tokenTarget(db, ref, token);
  await recordRating(db, ticket.id, message.id, choice, now);
  return replyRating(db, ticket, message, now);
}

/**
 * The rating the requester's ticket page shows: that of the latest public
 * staff reply, once the ticket is solved (or closed), or whenever that reply
 * has a rating. Null for staff (they read it on the staff side) and when there
 * is nothing to rate.
 */
export async function ratingForRequester(db: DB, viewer: TicketViewer, ref: string, now = Date.now()): Promise<ReplyRating | null> {
  const { row, asRequester } = await ticketForViewer(db, ref, viewer);
  if (!asRequester) return null;
  const reply = await latestPublicStaffReply(db, row.id);
  if (!reply) return null;
  const rating = await replyRating(db, row, reply, now);
  return row.status === 'solved' || row.status === 'closed' || rating.rating !== null ? rating : null;
}

/** The requester rates a public staff reply of their ticket from its page (signed in, or holding its private link). */
export async function rateAsRequester(
  db: DB,
  viewer: TicketViewer,
  ref: string,
  messageId: number,
  choice: RatingChoice,
  now = Date.now(),
): Promise<ReplyRating> {
  const { row, asRequester } = await ticketForViewer(db, ref, viewer);
  if (!asRequester) throw new ForbiddenError('Only the person who sent the request rates its replies.');
  const reply = await publicStaffReply(db, row.id, messageId);
  if (!reply) throw new NotFoundError('That reply is not part of this request. Reload the page and rate the latest reply.');
  await recordRating(db, row.id, reply.id, choice, now);
  return replyRating(db, row, reply, now);
}

export interface StaffRatingView {
  messageId: number;
  /** The agent who wrote the rated reply. */
  agentId: number | null;
  rating: TicketRating;
  /** When it was given, and last changed. */
  ratedAt: number;
  changedAt: number;
  hasComment: boolean;
  /** Only for the agent who wrote the rated reply, and for admins. */
  comment: string | null;
}

export interface TicketSatisfaction {
  /** The ticket's satisfaction: its latest rating (null when never rated). */
  latest: StaffRatingView | null;
  /** Every rated reply, latest rating first. */
  ratings: StaffRatingView[];
}

/**
 * A ticket's ratings for staff. The comment goes to the agent who wrote the
 * rated reply and to admins only, not to other agents (as Buffer does), so a
 * customer can be frank about one person's answer.
 */
export async function ticketSatisfactionForStaff(db: DB, user: SessionUser | null, ref: string): Promise<TicketSatisfaction> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  const rows = await db
    .selectFrom('ticket_ratings')
    .innerJoin('ticket_messages', 'ticket_messages.id', 'ticket_ratings.message_id')
    .select([
      'ticket_ratings.message_id',
      'ticket_ratings.rating',
      'ticket_ratings.comment',
      'ticket_ratings.created_at',
      'ticket_ratings.updated_at',
      'ticket_messages.author_id',
    ])
    .where('ticket_ratings.ticket_id', '=', row.id)
    .orderBy('ticket_ratings.updated_at', 'desc')
    .orderBy('ticket_ratings.id', 'desc')
    .execute();
  const ratings = rows.map((r) => {
    const mayRead = user.role === 'admin' || (r.author_id !== null && r.author_id === user.id);
    return {
      messageId: r.message_id,
      agentId: r.author_id,
      rating: r.rating,
      ratedAt: r.created_at,
      changedAt: r.updated_at,
      hasComment: r.comment !== null,
      comment: mayRead ? r.comment : null,
    };
  });
  return { latest: ratings[0] ?? null, ratings };
}
