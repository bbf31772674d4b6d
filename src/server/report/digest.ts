// The weekly voice-of-the-customer digest (issue 14, item 7). Owns
// `digest_weeks`. Every Monday the last completed week (Monday 00:00 UTC to the
// next Monday) gets a digest: the week's top ticket tags, spikes and feature
// requests (weeklyHighlights) and one solved conversation of the week, picked at
// random and redacted when picked, so staff approve exactly what goes out. A
// staff member may pick another and must approve the week; the worker then
// sends it once (through the outbox, in the transaction that marks the week
// sent) to every staff member who has not opted out of 'weekly_digest' and to
// the company-wide list of the site settings (`digestList`). A week without a
// solved conversation goes without one, and says so.
import { randomInt } from 'node:crypto';
import { withTransaction, type DB } from '@db/connection';
import type { DigestWeekStatus, TicketRating } from '@db/schema';
import type { Config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMembers } from '@/server/accounts/staff';
import { enqueueEmail } from '@/server/email/outbox';
import { unsubscribedAmong, unsubscribeLinks, type Recipient } from '@/server/email/preferences';
import { weeklyDigestEmail, type SiteContext, type WeeklyDigestConversation } from '@/server/email/templates';
import { ConflictError, NotFoundError } from '@/server/errors';
import { siteSettings } from '@/server/settings/settings';
import { digestConversation, solvedTicketIdsBetween } from '@/server/tickets/digest-conversation';
import { weeklyHighlights, type FeatureRequestGroup, type WeeklyHighlights } from './insights';
import { weekOf, weekRange } from './months';
import { redact, redactLine, type KnownPerson } from './redact';

export const DIGEST_PATH = '/staff/insights/digest';
const DAY_MS = 24 * 60 * 60_000;

/** Chooses an index in [0, count): random by default; tests pass their own. */
export type Chooser = (count: number) => number;
const randomChooser: Chooser = (count) => randomInt(count);

/** The Monday starting the last completed week: on Monday 7 December 2026 that is "2026-11-30". */
export function lastCompletedWeek(now: number): string {
  return weekOf(weekRange(weekOf(now)).from - DAY_MS);
}

/** "30 November – 6 December 2026" (UTC). */
export function weekLabel(week: string): string {
  const { from, to } = weekRange(week);
  const last = new Date(to - DAY_MS);
  const first = new Date(from);
  const day = (d: Date, withMonth: boolean, withYear: boolean) =>
    d.toLocaleDateString('en-GB', { day: 'numeric', ...(withMonth ? { month: 'long' } : {}), ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  const sameYear = first.getUTCFullYear() === last.getUTCFullYear();
  const sameMonth = sameYear && first.getUTCMonth() === last.getUTCMonth();
  return `${day(first, !sameMonth, !sameYear)} – ${day(last, true, true)}`;
}

/** The picked conversation as stored (redacted) and shown: who wrote, what, when. */
export interface DigestConversation {
  subject: string;
  category: string;
  createdAt: number;
  solvedAt: number;
  rating: TicketRating | null;
  messages: { role: 'customer' | 'support'; text: string; at: number }[];
}

const ROLE_ADDRESSES = new Set([
  'support',
  'help',
  'info',
  'admin',
  'contact',
  'hello',
  'team',
  'sales',
  'billing',
  'noreply',
  'mail',
  'office',
  'service',
  'accounts',
  'it',
]);

/** Redacts a solved conversation: the requester's and the staff's names, emails, phones, signatures and private links. */
export function redactConversation(source: NonNullable<Awaited<ReturnType<typeof digestConversation>>>): DigestConversation {
  const people: KnownPerson[] = [
    { name: source.requester.name, label: 'customer' },
    ...(source.requester.accountName !== null ? [{ name: source.requester.accountName, label: 'customer' }] : []),
    ...source.staff.map((s) => ({ name: s.name, label: 'agent' })),
  ];
  // The local part of the requester's address ("sjones") is often their name spelled another way; a role address ("info@") is not.
  const local = source.requester.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && !ROLE_ADDRESSES.has(local.replace(/[^a-z]/g, ''))) people.push({ name: local, label: 'customer' });
  return {
    subject: redactLine(source.subject, { people }),
    category: source.category,
    createdAt: source.createdAt,
    solvedAt: source.solvedAt,
    rating: source.rating,
    messages: source.messages.map((m) => ({ role: m.role === 'requester' ? 'customer' : 'support', text: redact(m.text, { people }), at: m.at })),
  };
}

interface ConversationPick {
  ticketId: number | null;
  conversation: DigestConversation | null;
}

/** A random solved conversation of the week, redacted; `exclude` (the current pick) is skipped when another exists. */
async function pickConversation(db: DB, week: string, choose: Chooser, exclude: number | null = null): Promise<ConversationPick> {
  const { from, to } = weekRange(week);
  const all = await solvedTicketIdsBetween(db, from, to);
  const candidates = all.length > 1 && exclude !== null ? all.filter((id) => id !== exclude) : all;
  if (candidates.length === 0) return { ticketId: null, conversation: null };
  const index = Math.min(candidates.length - 1, Math.max(0, Math.floor(choose(candidates.length))));
  const ticketId = candidates[index]!;
  const source = await digestConversation(db, ticketId);
  return source ? { ticketId, conversation: redactConversation(source) } : { ticketId: null, conversation: null };
}

type WeekRow = {
  week: string;
  ticket_id: number | null;
  conversation: string | null;
  picked_at: number;
  approved_by: number | null;
  approved_at: number | null;
  status: DigestWeekStatus;
  sent_at: number | null;
};

async function weekRow(db: DB, week: string): Promise<WeekRow | undefined> {
  return db.selectFrom('digest_weeks').selectAll().where('week', '=', week).executeTakeFirst();
}

/** The week's row, picking its conversation first when nobody has yet (two at once: the first insert wins). */
async function ensureWeek(db: DB, week: string, now: number, choose: Chooser): Promise<WeekRow> {
  const existing = await weekRow(db, week);
  if (existing) return existing;
  const pick = await pickConversation(db, week, choose);
  await db
    .insertInto('digest_weeks')
    .values({ week, ticket_id: pick.ticketId, conversation: pick.conversation ? JSON.stringify(pick.conversation) : null, picked_at: now })
    .onConflict((oc) => oc.column('week').doNothing())
    .execute();
  return (await weekRow(db, week))!;
}

export interface DigestWeek {
  week: string;
  label: string;
  status: DigestWeekStatus;
  /** The picked ticket (staff may open it); null when none was solved that week. */
  ticketId: number | null;
  conversation: DigestConversation | null;
  /** How many solved conversations of the week the pick was made from. */
  candidates: number;
  pickedAt: number;
  approvedAt: number | null;
  approvedByName: string | null;
  sentAt: number | null;
  highlights: WeeklyHighlights;
  /** The week's feature requests as the email sends them (titles redacted, no ticket search in a link). */
  featureRequests: DigestFeatureRequests[];
  /** Who gets it: staff who did not opt out, and the company-wide list's addresses that did not. */
  recipients: { staff: number; list: number };
}

export interface DigestFeatureRequests {
  team: string;
  count: number;
  /** The inbox filtered to the team's feature requests. */
  url: string;
  items: { title: string; count: number; url: string }[];
}

/**
 * The feature requests as the digest sends them, to staff and the company-wide
 * list: a ticket subject is redacted with the names its tickets carry (the
 * requester's and their account's), and a subject several tickets share links
 * to the team's feature requests in the inbox, never to a search for the
 * subject (its words would travel unredacted in the link). A question is a
 * public post: its title and link stay, redacted like any line.
 */
export function digestFeatureRequests(groups: readonly FeatureRequestGroup[]): DigestFeatureRequests[] {
  return groups.map((g) => ({
    team: g.team,
    count: g.count,
    url: g.url,
    items: g.items.map((i) => ({
      title: redactLine(i.title, { people: i.people.map((name) => ({ name, label: 'customer' })) }),
      count: i.count,
      url: i.kind === 'ticket' && i.count > 1 ? g.url : i.url,
    })),
  }));
}

/** The last completed week's digest as staff review it (its pick is made on first sight). */
export async function digestWeekForStaff(
  db: DB,
  user: SessionUser | null,
  cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>,
  now = Date.now(),
  choose: Chooser = randomChooser,
): Promise<DigestWeek> {
  assertCan(user, 'insights.view');
  const week = lastCompletedWeek(now);
  const row = await ensureWeek(db, week, now, choose);
  const { from, to } = weekRange(week);
  const [candidates, highlights, staff, recipients] = await Promise.all([
    solvedTicketIdsBetween(db, from, to),
    weeklyHighlights(db, week, now),
    staffMembers(db, now),
    digestRecipients(db, cfg, now),
  ]);
  return {
    week,
    label: weekLabel(week),
    status: row.status,
    ticketId: row.ticket_id,
    conversation: row.conversation ? (JSON.parse(row.conversation) as DigestConversation) : null,
    candidates: candidates.length,
    pickedAt: row.picked_at,
    approvedAt: row.approved_at,
    approvedByName: row.approved_by === null ? null : (staff.find((s) => s.id === row.approved_by)?.displayName ?? 'a former staff member'),
    sentAt: row.sent_at,
    highlights,
    featureRequests: digestFeatureRequests(highlights.featureRequests),
    recipients: { staff: recipients.filter((r) => 'userId' in r.recipient).length, list: recipients.filter((r) => 'address' in r.recipient).length },
  };
}

async function openWeek(db: DB, week: string): Promise<WeekRow> {
  const row = await weekRow(db, week);
  if (!row) throw new NotFoundError('There is no digest for this week yet: open the digest page to prepare it.');
  if (row.status === 'sent') throw new ConflictError('This week’s digest has already been sent: it can no longer change.');
  return row;
}

/** Another random solved conversation for the week (a different one when there is one); the week needs approving again. */
export async function pickAnotherConversation(
  db: DB,
  user: SessionUser | null,
  week: string,
  now = Date.now(),
  choose: Chooser = randomChooser,
): Promise<void> {
  assertCan(user, 'insights.view');
  const row = await openWeek(db, week);
  const pick = await pickConversation(db, week, choose, row.ticket_id);
  await db
    .updateTable('digest_weeks')
    .set({
      ticket_id: pick.ticketId,
      conversation: pick.conversation ? JSON.stringify(pick.conversation) : null,
      picked_at: now,
      status: 'pending',
      approved_by: null,
      approved_at: null,
    })
    .where('week', '=', week)
    .where('status', '!=', 'sent')
    .execute();
}

/** The refusal when the pick an approver read is no longer the week's pick. */
export const PICK_CHANGED_MESSAGE = 'The pick changed while you were reading; read the new one and approve again.';

/**
 * A staff member approves the week's digest with the pick they read
 * (`pickedAt`, from digestWeekForStaff): if someone picked another meanwhile,
 * the approval is refused and the week stays pending, so nobody approves a
 * conversation they did not see. The worker sends it on its next run.
 */
export async function approveDigest(db: DB, user: SessionUser | null, week: string, pickedAt: number, now = Date.now()): Promise<void> {
  assertCan(user, 'insights.view');
  const row = await openWeek(db, week);
  if (row.picked_at !== pickedAt) throw new ConflictError(PICK_CHANGED_MESSAGE);
  if (row.status === 'approved') return;
  const result = await db
    .updateTable('digest_weeks')
    .set({ status: 'approved', approved_by: user.id, approved_at: now })
    .where('week', '=', week)
    .where('status', '=', 'pending')
    .where('picked_at', '=', pickedAt)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return;
  // Something changed between the read and the write: a second approval of the same pick is fine, anything else is not.
  const after = await openWeek(db, week);
  if (after.status !== 'approved' || after.picked_at !== pickedAt) throw new ConflictError(PICK_CHANGED_MESSAGE);
}

interface DigestRecipient {
  to: string;
  recipient: Recipient;
}

/** Staff (not suspended) and the company-wide list, without anyone who opted out; an address on both gets one email. */
async function digestRecipients(db: DB, cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>, now: number): Promise<DigestRecipient[]> {
  const [staff, settings] = await Promise.all([staffMembers(db, now), siteSettings(db, cfg)]);
  const staffAddresses = new Set(staff.map((s) => s.email.toLowerCase()));
  const list = [...new Set(settings.digestList.map((a) => a.trim().toLowerCase()))].filter((a) => !staffAddresses.has(a));
  const all: DigestRecipient[] = [
    ...staff.map((s) => ({ to: s.email, recipient: { userId: s.id } })),
    ...list.map((address) => ({ to: address, recipient: { address } })),
  ];
  const off = await unsubscribedAmong(
    db,
    all.map((r) => r.recipient),
    'weekly_digest',
  );
  return all.filter((r) => ('userId' in r.recipient ? !off.userIds.has(r.recipient.userId) : !off.addresses.has(r.recipient.address)));
}

function emailConversation(c: DigestConversation | null): WeeklyDigestConversation | null {
  return c && { subject: c.subject, category: c.category, createdAt: c.createdAt, solvedAt: c.solvedAt, rating: c.rating, messages: c.messages };
}

function absolute(site: SiteContext, url: string): string {
  return url.startsWith('/') ? `${site.siteUrl}${url}` : url;
}

export interface DigestRun {
  week: string;
  status: DigestWeekStatus;
  /** Emails queued by this run (0 unless it sent the week). */
  sent: number;
}

/**
 * The worker's step: prepares the last completed week's pick (so staff find it
 * on Monday morning) and, once a staff member approved it, sends the digest
 * once: the week turns 'sent' in the transaction that queues the emails, so a
 * second run, or a second worker, sends nothing.
 */
export async function runWeeklyDigest(
  db: DB,
  site: SiteContext,
  cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>,
  now = Date.now(),
  choose: Chooser = randomChooser,
): Promise<DigestRun> {
  const week = lastCompletedWeek(now);
  const row = await ensureWeek(db, week, now, choose);
  if (row.status !== 'approved') return { week, status: row.status, sent: 0 };
  const highlights = await weeklyHighlights(db, week, now);
  const featureRequests = digestFeatureRequests(highlights.featureRequests);
  const conversation = row.conversation ? (JSON.parse(row.conversation) as DigestConversation) : null;
  const recipients = await digestRecipients(db, cfg, now);
  const sent = await withTransaction(db, async (trx) => {
    const claimed = await trx
      .updateTable('digest_weeks')
      .set({ status: 'sent', sent_at: now })
      .where('week', '=', week)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    for (const r of recipients) {
      const links = await unsubscribeLinks(trx, site, r.recipient, 'weekly_digest');
      const email = weeklyDigestEmail(site, {
        to: r.to,
        weekLabel: weekLabel(week),
        tags: highlights.tags.map((t) => ({ tag: t.tag, thisWeek: t.thisWeek, lastWeek: t.lastWeek, url: absolute(site, t.url) })),
        spikes: highlights.spikes.map((t) => ({ tag: t.tag, thisWeek: t.thisWeek, eightWeekAverage: t.eightWeekAverage, url: absolute(site, t.url) })),
        featureRequests: featureRequests.map((g) => ({
          team: g.team,
          count: g.count,
          items: g.items.map((i) => ({ title: i.title, count: i.count, url: absolute(site, i.url) })),
        })),
        conversation: emailConversation(conversation),
        digestUrl: `${site.siteUrl}${DIGEST_PATH}`,
        staff: 'userId' in r.recipient,
        unsubscribeUrl: links.url,
        unsubscribeHeaders: links.headers,
        ...('userId' in r.recipient ? { preferencesUrl: `${site.siteUrl}/account/email` } : {}),
      });
      await enqueueEmail(trx, email, now);
    }
    return recipients.length;
  });
  // undefined: another run sent it in between.
  return { week, status: 'sent', sent: sent ?? 0 };
}
