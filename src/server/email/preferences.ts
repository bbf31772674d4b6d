// Owns `email_preferences`: which kinds of email a person (by account) or an
// address (someone without one) still wants, and the signed unsubscribe links
// every such email carries (a page link and an RFC 8058 one-click POST target).
// Subscribed is the default: a row exists only once someone changed a kind.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { withTransaction, type DB } from '@db/connection';
import { NotFoundError } from '@/server/errors';
import type { EmailHeaders } from './outbox';
import { signingSecret } from './reply-address';
import type { SiteContext } from './templates';

/** Every kind of email one can unsubscribe from; adding one is one line here. */
export const emailKinds = [
  {
    kind: 'known_issue_updates',
    label: 'Known-issue updates',
    description: 'Each update on a known issue you follow, and the message when it is fixed.',
    stopLabel: 'Stop all known-issue emails',
  },
  {
    kind: 'community_notifications',
    label: 'Community notifications',
    description: 'Answers and comments on your questions and answers, and when your answer is accepted.',
    stopLabel: 'Stop all community emails',
  },
  {
    kind: 'weekly_digest',
    label: 'Weekly voice of the customer',
    description: 'The staff digest every Monday: the week’s top issues, spikes, feature requests and one real conversation.',
    stopLabel: 'Stop the weekly digest',
    // Only staff receive it (and the company-wide list, which has no account): members never see the choice.
    staffOnly: true,
  },
] as const satisfies readonly { kind: string; label: string; description: string; stopLabel: string; staffOnly?: boolean }[];

export type EmailKind = (typeof emailKinds)[number]['kind'];

export function isEmailKind(value: string): value is EmailKind {
  return emailKinds.some((k) => k.kind === value);
}

export function emailKindOf(kind: EmailKind): (typeof emailKinds)[number] {
  return emailKinds.find((k) => k.kind === kind)!;
}

/** A member (preferences follow the account) or an address without one. */
export type Recipient = { userId: number } | { address: string };

function normalized(recipient: Recipient): Recipient {
  return 'userId' in recipient ? { userId: recipient.userId } : { address: recipient.address.trim().toLowerCase() };
}

export async function isSubscribed(db: DB, recipient: Recipient, kind: EmailKind): Promise<boolean> {
  const r = normalized(recipient);
  const row = await db
    .selectFrom('email_preferences')
    .select('subscribed')
    .where('kind', '=', kind)
    .where((eb) => ('userId' in r ? eb('user_id', '=', r.userId) : eb('address', '=', r.address)))
    .executeTakeFirst();
  return row ? row.subscribed === 1 : true;
}

/** Of `recipients`, those who have not switched `kind` off (one query for a whole mailing). */
export async function unsubscribedAmong(db: DB, recipients: Recipient[], kind: EmailKind): Promise<{ userIds: Set<number>; addresses: Set<string> }> {
  const rs = recipients.map(normalized);
  const userIds = rs.flatMap((r) => ('userId' in r ? [r.userId] : []));
  const addresses = rs.flatMap((r) => ('address' in r ? [r.address] : []));
  const off = { userIds: new Set<number>(), addresses: new Set<string>() };
  if (userIds.length === 0 && addresses.length === 0) return off;
  const rows = await db
    .selectFrom('email_preferences')
    .select(['user_id', 'address'])
    .where('kind', '=', kind)
    .where('subscribed', '=', 0)
    .where((eb) => eb.or([...(userIds.length > 0 ? [eb('user_id', 'in', userIds)] : []), ...(addresses.length > 0 ? [eb('address', 'in', addresses)] : [])]))
    .execute();
  for (const row of rows) {
    if (row.user_id !== null) off.userIds.add(row.user_id);
    if (row.address !== null) off.addresses.add(row.address);
  }
  return off;
}

export async function setSubscribed(db: DB, recipient: Recipient, kind: EmailKind, on: boolean, now = Date.now()): Promise<void> {
  const r = normalized(recipient);
  const subscribed = on ? 1 : 0;
  await withTransaction(db, async (trx) => {
    if ('userId' in r) {
      await trx
        .insertInto('email_preferences')
        .values({ user_id: r.userId, address: null, kind, subscribed, updated_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ subscribed, updated_at: now }))
        .execute();
    } else {
      await trx
        .insertInto('email_preferences')
        .values({ user_id: null, address: r.address, kind, subscribed, updated_at: now })
        .onConflict((oc) => oc.columns(['address', 'kind']).doUpdateSet({ subscribed, updated_at: now }))
        .execute();
    }
  });
}

export interface EmailPreference {
  kind: EmailKind;
  label: string;
  description: string;
  stopLabel: string;
  subscribed: boolean;
}

/** Whether the person is staff (staff and admins): staff-only kinds are listed for them alone. */
export interface PreferencesViewer {
  staff?: boolean;
}

/** The kinds a person can choose: every kind for staff, the kinds that are not staff-only for a member. */
export function emailKindsFor(viewer: PreferencesViewer = {}): (typeof emailKinds)[number][] {
  return emailKinds.filter((k) => viewer.staff === true || !('staffOnly' in k && k.staffOnly));
}

/** Every kind the member can choose, with their choice (subscribed unless they switched it off). */
export async function memberPreferences(db: DB, userId: number, viewer: PreferencesViewer = {}): Promise<EmailPreference[]> {
  const rows = await db.selectFrom('email_preferences').select(['kind', 'subscribed']).where('user_id', '=', userId).execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.subscribed === 1]));
  return emailKindsFor(viewer).map((k) => ({
    kind: k.kind,
    label: k.label,
    description: k.description,
    stopLabel: k.stopLabel,
    subscribed: chosen.get(k.kind) ?? true,
  }));
}

/** Saves the member's whole form: the kinds in `on` are subscribed, every other kind they can choose is off (a kind not listed for them stays as it is). */
export async function saveMemberPreferences(db: DB, userId: number, on: ReadonlySet<string>, now = Date.now(), viewer: PreferencesViewer = {}): Promise<void> {
  await withTransaction(db, async (trx) => {
    for (const k of emailKindsFor(viewer)) await setSubscribed(trx, { userId }, k.kind, on.has(k.kind), now);
  });
}

// Unsubscribe tokens: stateless, "<payload>.<mac>" with the payload base64url
// JSON {r: "u<id>" | "a<address>", k: kind, s?: scope} and the mac the first
// 128 bits of HMAC-SHA256 under a key derived from the email signing secret
// (the reply-address secret store), so links never expire and need no table.

/** A signed unsubscribe link's meaning. `scope` narrows it (e.g. "follower:17": one known issue). */
export interface UnsubscribeLink {
  recipient: Recipient;
  kind: EmailKind;
  scope?: string | undefined;
}

async function tokenKey(db: DB): Promise<Buffer> {
  return createHmac('sha256', await signingSecret(db))
    .update('hearth email unsubscribe v1')
    .digest();
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

export async function unsubscribeToken(db: DB, link: UnsubscribeLink): Promise<string> {
  const r = normalized(link.recipient);
  const body = { r: 'userId' in r ? `u${r.userId}` : `a${r.address}`, k: link.kind, ...(link.scope ? { s: link.scope } : {}) };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(await tokenKey(db), payload).toString('base64url')}`;
}

/** What a token says, when its signature is right; undefined for anything else. */
export async function readUnsubscribeToken(db: DB, token: string): Promise<UnsubscribeLink | undefined> {
  const match = /^([A-Za-z0-9_-]{1,1500})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return undefined;
  const [, payload, given] = match as unknown as [string, string, string];
  const expected = mac(await tokenKey(db), payload);
  const givenBytes = Buffer.from(given, 'base64url');
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { r, k, s } = body as { r?: unknown; k?: unknown; s?: unknown };
  if (typeof r !== 'string' || typeof k !== 'string' || !isEmailKind(k) || (s !== undefined && typeof s !== 'string')) return undefined;
  const recipient: Recipient | undefined = /^u\d+$/.test(r)
    ? { userId: Number(r.slice(1)) }
    : r.startsWith('a') && r.length > 1
      ? { address: r.slice(1) }
      : undefined;
  if (!recipient) return undefined;
  return { recipient, kind: k, ...(s !== undefined ? { scope: s } : {}) };
}

/** Like readUnsubscribeToken, but a bad token is the 404 page. */
export async function openUnsubscribeLink(db: DB, token: string): Promise<UnsubscribeLink & { subscribed: boolean }> {
  const link = await readUnsubscribeToken(db, token);
  if (!link) throw new NotFoundError('This unsubscribe link is not valid.');
  return { ...link, subscribed: await isSubscribed(db, link.recipient, link.kind) };
}

/** Switches the link's whole kind off for its recipient ("stop all emails like this"). */
export async function unsubscribeFromKind(db: DB, link: UnsubscribeLink, now = Date.now()): Promise<void> {
  await setSubscribed(db, link.recipient, link.kind, false, now);
}

export interface UnsubscribeLinks {
  /** The page that says what stops, with a button (GET never unsubscribes: mail scanners open links). */
  url: string;
  /** The RFC 8058 one-click target (POST with `List-Unsubscribe=One-Click`). */
  oneClickUrl: string;
  headers: Pick<EmailHeaders, 'listUnsubscribe' | 'listUnsubscribePost'>;
}

export const UNSUBSCRIBE_PATH = '/email/unsubscribe';

export async function unsubscribeLinks(db: DB, site: SiteContext, recipient: Recipient, kind: EmailKind, scope?: string): Promise<UnsubscribeLinks> {
  const token = await unsubscribeToken(db, { recipient, kind, scope });
  const url = `${site.siteUrl}${UNSUBSCRIBE_PATH}?token=${token}`;
  return { url, oneClickUrl: url, headers: { listUnsubscribe: `<${url}>`, listUnsubscribePost: 'List-Unsubscribe=One-Click' } };
}

/** Just the List-Unsubscribe headers, for an email that shows the page link some other way. */
export async function unsubscribeHeaders(
  db: DB,
  site: SiteContext,
  recipient: Recipient,
  kind: EmailKind,
  scope?: string,
): Promise<UnsubscribeLinks['headers']> {
  return (await unsubscribeLinks(db, site, recipient, kind, scope)).headers;
}
