// Reply addresses: every ticket email says "reply to support+FN-1042.<sig>@<REPLY_DOMAIN>",
// where sig is the first 16 hex characters of HMAC-SHA256(secret, ref), so a
// reply finds its ticket and a guessed address (another reference, a wrong
// signature) finds nothing. The secret is EMAIL_SIGNING_SECRET, else a random
// one generated once and kept in `secrets` (owned here). Message-IDs of the
// emails we send are minted here too.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DB } from '@db/connection';
import { config } from '@/config';
import { randomToken } from '@/lib/crypto';

const SECRET_NAME = 'reply-address-signing';
const SIG_LENGTH = 16;

export interface MailIdentity {
  /** The plain support address (its local part starts every reply address). */
  supportAddress: string;
  /** The domain of reply addresses and Message-IDs. */
  replyDomain: string;
  /** EMAIL_SIGNING_SECRET when configured. */
  signingSecret?: string | undefined;
}

export function mailIdentity(): MailIdentity {
  const cfg = config();
  const supportAddress = cfg.SUPPORT_ADDRESS.toLowerCase();
  return { supportAddress, replyDomain: (cfg.REPLY_DOMAIN ?? supportAddress.split('@')[1]!).toLowerCase(), signingSecret: cfg.EMAIL_SIGNING_SECRET };
}

const cachedSecrets = new WeakMap<object, string>();

/** The signing secret: configured, or generated once and kept in the database. */
export async function signingSecret(db: DB, identity: MailIdentity = mailIdentity()): Promise<string> {
  if (identity.signingSecret) return identity.signingSecret;
  const cached = cachedSecrets.get(db);
  if (cached) return cached;
  const existing = await db.selectFrom('secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirst();
  let value = existing?.value;
  if (value === undefined) {
    await db
      .insertInto('secrets')
      .values({ name: SECRET_NAME, value: randomToken(32), created_at: Date.now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    value = (await db.selectFrom('secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirstOrThrow()).value;
  }
  cachedSecrets.set(db, value);
  return value;
}

function signature(secret: string, ref: string): string {
  return createHmac('sha256', secret).update(ref.toUpperCase()).digest('hex').slice(0, SIG_LENGTH);
}

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/** support+FN-1042.<sig>@<reply domain> */
export async function replyAddressFor(db: DB, ref: string, identity: MailIdentity = mailIdentity()): Promise<string> {
  const secret = await signingSecret(db, identity);
  return `${localPart(identity.supportAddress)}+${ref.toUpperCase()}.${signature(secret, ref)}@${identity.replyDomain}`;
}

/** The bare address of "Name <a@b>" or "a@b", lower case. */
export function bareAddress(address: string): string {
  const match = /<([^<>]+)>\s*$/.exec(address);
  return (match ? match[1]! : address).trim().toLowerCase();
}

/** The ticket reference a reply address is for, when its signature is right; undefined for anything else. */
export async function parseReplyAddress(db: DB, address: string, identity: MailIdentity = mailIdentity()): Promise<string | undefined> {
  const bare = bareAddress(address);
  const at = bare.lastIndexOf('@');
  if (at < 0 || bare.slice(at + 1) !== identity.replyDomain) return undefined;
  const match = /^(.+)\+(fn-\d{4,9})\.([0-9a-f]{16})$/.exec(bare.slice(0, at));
  if (!match || match[1] !== localPart(identity.supportAddress)) return undefined;
  const ref = match[2]!.toUpperCase();
  const expected = Buffer.from(signature(await signingSecret(db, identity), ref));
  const given = Buffer.from(match[3]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? ref : undefined;
}

/** Whether an address is the plain support address. */
export function isSupportAddress(address: string, identity: MailIdentity = mailIdentity()): boolean {
  return bareAddress(address) === identity.supportAddress;
}

/** Whether an address looks like one of our reply addresses (signature not checked: the SMTP listener's first filter). */
export function looksLikeReplyAddress(address: string, identity: MailIdentity = mailIdentity()): boolean {
  const bare = bareAddress(address);
  return bare.endsWith(`@${identity.replyDomain}`) && bare.startsWith(`${localPart(identity.supportAddress)}+`);
}

/** A Message-ID for an email about a ticket (for a message when messageId is given), with the angle brackets. */
export function ticketMessageId(ref: string, messageId: number | null, identity: MailIdentity = mailIdentity()): string {
  return `<ticket-${ref.toUpperCase()}${messageId === null ? '' : `-m${messageId}`}-${randomToken(8)}@${identity.replyDomain}>`;
}
