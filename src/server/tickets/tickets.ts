// Owns `tickets`: a customer's request for help from the contact form, with
// what they already tried (searches, articles read) so they never repeat it.
// The public reference (FN-1042) is derived from the id.
import { randomToken, sha256Hex } from '@/lib/crypto';
import type { DB } from '@db/connection';
import type { TicketEmotion, TicketStatus, TicketUrgency } from '@db/schema';
import { isStaff } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { ForbiddenError, NotFoundError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { ticketReceivedEmail, type SiteContext } from '@/server/email/templates';
import { markSearchesEscalated } from '@/server/search/analytics';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';

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

export interface TicketContext {
  searches: string[];
  articles: string[];
  /** The community question that led here ("Still stuck? Ask support"). */
  question?: { id: number; title: string; url: string } | undefined;
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
}

export async function createTicket(
  db: DB,
  site: SiteContext,
  input: NewTicket,
  requester: { user: SessionUser | null; ip: string; visitorKey: string | null; supportHours: string },
  now = Date.now(),
): Promise<{ ref: string; accessKey: string }> {
  await assertWithinLimit(db, contactPerIp, requester.ip, now);
  const accessKey = randomToken(20);
  const email = requester.user?.email ?? input.email.trim().toLowerCase();
  const ref = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tickets')
      .values({
        requester_name: input.name.trim(),
        requester_email: email,
        // Only a proven address attaches the ticket to the account (and lets the account see it).
        user_id: requester.user?.emailVerified ? requester.user.id : null,
        subject: input.subject.trim(),
        description: input.description.trim(),
        category: input.category,
        urgency: input.urgency,
        emotion: input.emotion,
        context: JSON.stringify(input.context),
        access_key_hash: sha256Hex(accessKey),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ref = ticketIdToRef(row.id);
    const link = `${site.siteUrl}/tickets/${ref}?key=${accessKey}`;
    const target = urgencies[input.urgency].target;
    await enqueueEmail(trx, ticketReceivedEmail(site, { to: email, requesterName: input.name.trim(), ref, subject: input.subject.trim(), target, supportHours: requester.supportHours, link }), now);
    if (requester.visitorKey) await markSearchesEscalated(trx, requester.visitorKey, now);
    await recordAttempt(trx, contactPerIp, requester.ip, now);
    return ref;
  });
  return { ref, accessKey };
}

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
}

/** A ticket as its requester (or staff) sees it; anyone else is refused. */
export async function getTicketForViewer(db: DB, ref: string, viewer: { user: SessionUser | null; accessKey: string | null }): Promise<TicketView> {
  const id = ticketRefToId(ref);
  const row = id ? await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new NotFoundError('No request has this reference.');
  const isRequester = viewer.user !== null && row.user_id === viewer.user.id;
  const hasKey = viewer.accessKey !== null && sha256Hex(viewer.accessKey) === row.access_key_hash;
  if (!isRequester && !hasKey && !isStaff(viewer.user)) throw new ForbiddenError('This request belongs to someone else. Use the private link from your confirmation email.');
  return {
    ref: ticketIdToRef(row.id),
    subject: row.subject,
    description: row.description,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    requesterName: row.requester_name,
    createdAt: row.created_at,
    context: JSON.parse(row.context) as TicketContext,
  };
}
