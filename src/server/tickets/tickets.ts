// Owns `tickets`: a customer's request for help from the contact form, with
// what they already tried (searches, articles read) so they never repeat it.
// The public reference (FN-1042) is derived from the id. The context holds
// ids only (question id, article slugs); pages resolve them to links when
// shown, so nothing a client sent ever becomes a link on a staff page.
import { randomToken, sha256Hex } from '@/lib/crypto';
import type { DB } from '@db/connection';
import type { Insertable } from 'kysely';
import type { TicketEmotion, TicketStatus, TicketUrgency, TicketsTable } from '@db/schema';
import { assertSignedIn, isStaff } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, RateLimitedError, ValidationError } from '@/server/errors';
import { enqueueEmail, withEmailHeaders, type EmailHeaders } from '@/server/email/outbox';
import { ticketReceivedEmail, ticketReferenceEmail, type SiteContext, type TicketReference } from '@/server/email/templates';
import { markSearchesEscalated } from '@/server/search/analytics';
import { recordEvent, startTicket } from './desk';
import { threadHeaders } from './email-thread';
import type { UploadedFile } from '@/server/attachments/store';
import { checkTicketFiles, saveTicketFiles } from './attachments';
import { assertWithinLimit, rateLimits, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';

const TICKET_PREFIX = 'FN';
const REF_OFFSET = 1000;

export function ticketIdToRef(id: number): string {
  return `${TICKET_PREFIX}-${id + REF_OFFSET}`;
}

export function ticketRefToId(ref: string): number | undefined {
  const match = new RegExp(`^${TICKET_PREFIX}-(\\d{4,9})$`, 'i').exec(ref.trim());
  const id = match ? Number(match[1]) - REF_OFFSET : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export const ticketCategories = {
  'account-billing': 'Account and billing',
  'notes-sharing': 'Notes and sharing',
  'calendar-sync': 'Calendar sync',
  integrations: 'Integrations and API',
  'mobile-apps': 'Mobile apps',
  bug: 'Something is broken',
  'feature-request': 'An idea or feature request',
  other: 'Something else',
} as const;
export type TicketCategory = keyof typeof ticketCategories;

/** Urgency is the customer's to choose; each level says what it is for and how fast we aim to answer. */
export const urgencies: Record<TicketUrgency, { label: string; explanation: string; target: string }> = {
  low: { label: 'Low', explanation: 'A question or a small annoyance; no rush.', target: 'within 2 business days' },
  normal: { label: 'Normal', explanation: 'Something does not work as expected, but you can carry on.', target: 'within 1 business day' },
  high: { label: 'High', explanation: 'Your work is blocked or several people are affected.', target: 'within 4 business hours' },
  urgent: { label: 'Urgent', explanation: 'Fieldnote is down for your team or data may be lost.', target: 'within 30 minutes during support hours' },
};

export const emotions: Record<TicketEmotion, string> = {
  happy: 'Happy',
  confused: 'Confused',
  frustrated: 'Frustrated',
  angry: 'Angry',
  sad: 'Sad',
};

export const contactPerIp: RateLimitRule = {
  bucket: 'contact:ip',
  max: 10,
  windowMs: 60 * 60_000,
  message: 'You have sent several requests in the last hour. Please wait a little, or reply to the email we sent you.',
};

/** What the customer tried before writing, as stored: plain text and ids, never URLs. */
export interface TicketContext {
  searches: string[];
  /** Help article slugs. */
  articles: string[];
  /** The community question that led here ("Still stuck? Ask support"). */
  questionId?: number | undefined;
}

// Control characters (C0, DEL, C1) and Unicode line separators: a name is one line of text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const NAME_ONE_LINE_MESSAGE = 'Write your name on one line, without line breaks or special characters.';

/** A requester name is a single line of printable text (it lands in email and on staff pages). */
export function isOneLine(text: string): boolean {
  return !NOT_ONE_LINE.test(text);
}

export interface NewTicket {
  name: string;
  email: string;
  subject: string;
  description: string;
  category: TicketCategory;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  context: TicketContext;
  /** Files sent with the request (checked before anything is written). */
  files?: readonly UploadedFile[] | undefined;
  /** The open known issue the form suggested (the caller checked it is one): the ticket is linked to it. */
  knownIssueId?: number | null | undefined;
}

/** A ticket row as every way in writes it (form, email, follow-up), before its private key and timestamps. */
export type TicketValues = Omit<Insertable<TicketsTable>, 'access_key_hash' | 'created_at' | 'updated_at'>;

/**
 * Writes a new ticket and sets it up (SLA due time, first tags, search text,
 * agents told of an urgent one), in the caller's transaction: the one insert
 * behind the contact form, email and follow-ups. Returns its id and private key.
 */
export async function insertTicket(trx: DB, site: SiteContext, values: TicketValues, now: number): Promise<{ id: number; accessKey: string }> {
  const accessKey = randomToken(20);
  const row = await trx
    .insertInto('tickets')
    .values({ ...values, access_key_hash: sha256Hex(accessKey), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await startTicket(trx, site, row.id, now);
  return { id: row.id, accessKey };
}

export async function createTicket(
  db: DB,
  site: SiteContext,
  input: NewTicket,
  requester: { user: SessionUser | null; ip: string; visitorKey: string | null; supportHours: string; expectedReply?: string | undefined },
  now = Date.now(),
): Promise<{ ref: string; accessKey: string; emailed: boolean }> {
  if (!isOneLine(input.name.trim())) throw new ValidationError(NAME_ONE_LINE_MESSAGE, { name: NAME_ONE_LINE_MESSAGE });
  await assertWithinLimit(db, contactPerIp, requester.ip, now);
  const checked = await checkTicketFiles(input.files);
  const email = requester.user?.email ?? input.email.trim().toLowerCase();
  const { searches, articles, questionId } = input.context;
  const context: TicketContext = { searches, articles, ...(questionId !== undefined && { questionId }) };
  return db.transaction().execute(async (trx) => {
    const { id, accessKey } = await insertTicket(
      trx,
      site,
      {
        requester_name: input.name.trim(),
        requester_email: email,
        // Only a proven address attaches the ticket to the account (and lets the account see it).
        user_id: requester.user?.emailVerified ? requester.user.id : null,
        subject: input.subject.trim(),
        description: input.description.trim(),
        category: input.category,
        urgency: input.urgency,
        emotion: input.emotion,
        context: JSON.stringify(context),
        known_issue_id: input.knownIssueId ?? null,
      },
      now,
    );
    const row = { id };
    if (input.knownIssueId != null) await recordEvent(trx, id, null, 'known_issue', null, String(input.knownIssueId), now);
    await saveTicketFiles(trx, row.id, checked, requester.user?.id ?? null, false, now);
    const ref = ticketIdToRef(row.id);
    const link = `${site.siteUrl}/tickets/${ref}?key=${accessKey}`;
    const target = urgencies[input.urgency].target;
    // A verified member's address is proven theirs: the full confirmation may echo what they wrote.
    let emailed = true;
    const headers = await threadHeaders(trx, row.id);
    if (requester.user?.emailVerified)
      await enqueueEmail(
        trx,
        withEmailHeaders(
          ticketReceivedEmail(site, {
            to: email,
            requesterName: input.name.trim(),
            ref,
            subject: input.subject.trim(),
            target,
            supportHours: requester.supportHours,
            expectedReply: requester.expectedReply,
            link,
          }),
          headers,
        ),
        now,
      );
    else
      emailed = await sendReferenceOnly(
        trx,
        site,
        { to: email, ref, target, supportHours: requester.supportHours, expectedReply: requester.expectedReply, link },
        now,
        headers,
      );
    if (requester.visitorKey) await markSearchesEscalated(trx, requester.visitorKey, now);
    await recordAttempt(trx, contactPerIp, requester.ip, now);
    return { ref, accessKey, emailed };
  });
}

export interface TicketFromEmail {
  name: string;
  email: string;
  subject: string;
  description: string;
  /** SPF/DKIM/DMARC say the sender is who the From says: they get the normal confirmation. */
  authenticated: boolean;
}

/**
 * A new ticket from an email to the plain support address (category other,
 * urgency normal). An authenticated sender gets the normal confirmation (the
 * same as a verified member's); an unauthenticated one is marked
 * unverified_sender and gets no email, so a forged From cannot make us write
 * to someone.
 */
export async function createTicketFromEmail(
  db: DB,
  site: SiteContext,
  input: TicketFromEmail,
  requester: { supportHours: string; expectedReply?: string | undefined },
  now = Date.now(),
): Promise<{ ticketId: number; ref: string; emailed: boolean }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim().replace(NOT_ONE_LINE_ALL, ' ').slice(0, 120) || email;
  const subject = input.subject.trim().slice(0, 200) || '(no subject)';
  const description = input.description.trim() || '(empty message)';
  return db.transaction().execute(async (trx) => {
    const { id, accessKey } = await insertTicket(
      trx,
      site,
      {
        requester_name: name,
        requester_email: email,
        user_id: null,
        subject,
        description,
        category: 'other',
        urgency: 'normal',
        emotion: null,
        context: JSON.stringify({ searches: [], articles: [] } satisfies TicketContext),
        unverified_sender: input.authenticated ? 0 : 1,
      },
      now,
    );
    const row = { id };
    const ref = ticketIdToRef(row.id);
    if (!input.authenticated) return { ticketId: row.id, ref, emailed: false };
    const message = ticketReceivedEmail(site, {
      to: email,
      requesterName: name,
      ref,
      subject,
      target: urgencies.normal.target,
      supportHours: requester.supportHours,
      expectedReply: requester.expectedReply,
      link: `${site.siteUrl}/tickets/${ref}?key=${accessKey}`,
    });
    await enqueueEmail(trx, withEmailHeaders(message, await threadHeaders(trx, row.id)), now);
    return { ticketId: row.id, ref, emailed: true };
  });
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_ONE_LINE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * A visitor's address is unproven, so it gets our words only (reference and
 * private link), and at most a few a day: the form cannot relay mail. Over the
 * limit the ticket is still filed; the visitor lands on its page with the key.
 */
async function sendReferenceOnly(trx: DB, site: SiteContext, message: TicketReference, now: number, headers: EmailHeaders): Promise<boolean> {
  const rule = rateLimits.ticketConfirmationsPerAddress;
  const key = sha256Hex(message.to);
  try {
    await assertWithinLimit(trx, rule, key, now);
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
  await enqueueEmail(trx, withEmailHeaders(ticketReferenceEmail(site, message), headers), now);
  await recordAttempt(trx, rule, key, now);
  return true;
}

/** How a request's status reads to its requester. */
export const ticketStatusLabels: Record<TicketStatus, string> = {
  new: 'Received',
  open: 'Open',
  pending: 'Waiting for you',
  solved: 'Solved',
  closed: 'Closed',
};

export interface TicketView {
  ref: string;
  subject: string;
  description: string;
  category: string;
  urgency: TicketUrgency;
  status: TicketStatus;
  requesterName: string;
  createdAt: number;
  context: TicketContext;
  /** The viewer is the requester (staff answer from the staff side, not here). */
  canReply: boolean;
  /** The request this duplicate was merged into (its conversation continues there). */
  mergedInto: string | null;
  /** It is the team's turn: the requester is waiting for an answer. */
  awaitingStaff: boolean;
}

/**
 * Whether a member sent the ticket: from their account, or (before they had
 * one, or signed out) from the address their account has proven. An unproven
 * address claims nothing.
 */
function sentBy(row: { user_id: number | null; requester_email: string }, user: SessionUser): boolean {
  if (row.user_id !== null) return row.user_id === user.id;
  return user.emailVerified && row.requester_email === user.email.trim().toLowerCase();
}

export interface TicketSummary {
  ref: string;
  subject: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
}

/** A member's requests, latest activity first: those sent from the account, and those sent from its proven address. */
export async function ticketsOf(db: DB, user: SessionUser | null, limit = 100): Promise<TicketSummary[]> {
  assertSignedIn(user);
  const email = user.email.trim().toLowerCase();
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'status', 'created_at', 'updated_at'])
    .where((eb) =>
      user.emailVerified
        ? eb.or([eb('user_id', '=', user.id), eb.and([eb('user_id', 'is', null), eb('requester_email', '=', email)])])
        : eb('user_id', '=', user.id),
    )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ref: ticketIdToRef(r.id), subject: r.subject, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export interface TicketViewer {
  user: SessionUser | null;
  /** The private link's key, for a requester without an account. */
  accessKey: string | null;
}

/**
 * The ticket row when the viewer may see it: its requester (signed in with the
 * account that sent it, or holding its private link) or staff. Anyone else,
 * and a reference that does not exist, get the same NotFoundError, so
 * references cannot be probed.
 */
export async function ticketForViewer(db: DB, ref: string, viewer: TicketViewer) {
  const id = ticketRefToId(ref);
  const row = id ? await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const isRequester = row !== undefined && viewer.user !== null && sentBy(row, viewer.user);
  const keyHash = viewer.accessKey === null ? null : sha256Hex(viewer.accessKey);
  const hasKey =
    row !== undefined &&
    keyHash !== null &&
    (keyHash === row.access_key_hash ||
      (await db.selectFrom('ticket_access_keys').select('key_hash').where('key_hash', '=', keyHash).where('ticket_id', '=', row.id).executeTakeFirst()) !==
        undefined ||
      (await keyOfMergedTicket(db, row.id, keyHash)));
  const asStaff = isStaff(viewer.user);
  if (!row || (!isRequester && !hasKey && !asStaff))
    throw new NotFoundError(
      'No request with this reference is yours to see. Use the private link from your confirmation email, or sign in with the account that sent it.',
    );
  return { row, asStaff, asRequester: isRequester || hasKey };
}

/** A private link to a duplicate merged into this ticket opens this ticket too (the conversation moved here). */
async function keyOfMergedTicket(db: DB, ticketId: number, keyHash: string): Promise<boolean> {
  const merged = await db.selectFrom('tickets').select('id').where('merged_into', '=', ticketId).execute();
  if (merged.length === 0) return false;
  const ids = merged.map((m) => m.id);
  const [onRow, extra] = await Promise.all([
    db.selectFrom('tickets').select('id').where('id', 'in', ids).where('access_key_hash', '=', keyHash).executeTakeFirst(),
    db.selectFrom('ticket_access_keys').select('key_hash').where('key_hash', '=', keyHash).where('ticket_id', 'in', ids).executeTakeFirst(),
  ]);
  return onRow !== undefined || extra !== undefined;
}

/** A ticket as its requester (or staff) sees it; anyone else is refused. */
export async function getTicketForViewer(db: DB, ref: string, viewer: TicketViewer): Promise<TicketView> {
  const { row, asRequester } = await ticketForViewer(db, ref, viewer);
  return {
    ref: ticketIdToRef(row.id),
    subject: row.subject,
    description: row.description,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    requesterName: row.requester_name,
    createdAt: row.created_at,
    context: storedContext(row.context),
    canReply: asRequester && row.merged_into === null,
    mergedInto: row.merged_into === null ? null : ticketIdToRef(row.merged_into),
    awaitingStaff: row.waiting_since !== null && row.merged_into === null && row.status !== 'closed' && row.status !== 'solved',
  };
}

/** The stored context as ids and text; rows written before ids-only keep only the id of their `question` (never its URL or title). */
function storedContext(stored: string): TicketContext {
  const raw = JSON.parse(stored) as { searches?: unknown; articles?: unknown; questionId?: unknown; question?: { id?: unknown } };
  const texts = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const questionId = raw.questionId ?? raw.question?.id;
  return {
    searches: texts(raw.searches),
    articles: texts(raw.articles),
    ...(typeof questionId === 'number' && Number.isSafeInteger(questionId) && { questionId }),
  };
}
