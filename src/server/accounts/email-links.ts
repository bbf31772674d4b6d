// Owns `account_tokens`: one-time links sent by email, on password reset's
// pattern (only the token's SHA-256 is stored, one live link per user and
// purpose, claimed atomically). "verify-email" proves a new account's address;
// "sign-in" lets the owner past the per-account sign-in limit.
import type { DB } from '@db/connection';
import type { AccountTokenPurpose } from '@db/schema';
import { ConflictError, ValidationError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { signInLinkEmail, verifyEmailEmail, type SiteContext } from '@/server/email/templates';
import { assertWithinLimit, rateLimits, recordAttempt } from '@/server/security/rate-limit';
import { generateSessionToken, sessionIdFromToken, type SessionUser } from './sessions';
import { findUserByEmail, getUser, markEmailVerified, normalizeEmail } from './users';

export const VERIFY_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;
export const SIGN_IN_LINK_LIFETIME_MS = 15 * 60_000;

const INVALID_LINK = 'This link has expired or was already used. Ask for a new one.';

async function issueToken(db: DB, userId: number, purpose: AccountTokenPurpose, lifetimeMs: number, now: number): Promise<string> {
  await db.deleteFrom('account_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
  const token = generateSessionToken();
  await db
    .insertInto('account_tokens')
    .values({ id: sessionIdFromToken(token), user_id: userId, purpose, expires_at: now + lifetimeMs, created_at: now })
    .execute();
  return token;
}

/** Spends a token once and returns its user; of two concurrent uses only one deletes the row. */
async function consumeToken(db: DB, token: string, purpose: AccountTokenPurpose, now: number): Promise<number> {
  const id = sessionIdFromToken(token);
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  const claimed = row
    ? await db.deleteFrom('account_tokens').where('id', '=', id).where('purpose', '=', purpose).where('expires_at', '>', now).executeTakeFirst()
    : undefined;
  if (!row || Number(claimed?.numDeletedRows) !== 1) throw new ValidationError(INVALID_LINK, { token: INVALID_LINK });
  return row.user_id;
}

/** Whether a link is still usable (for showing its confirm button or an explanation). */
export async function isAccountLinkValid(db: DB, token: string, purpose: AccountTokenPurpose, now = Date.now()): Promise<boolean> {
  const row = await db
    .selectFrom('account_tokens')
    .select('expires_at')
    .where('id', '=', sessionIdFromToken(token))
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return !!row && row.expires_at > now;
}

/** Writes a confirmation link for a new account to the outbox; call inside the sign-up transaction. */
export async function enqueueVerificationEmail(db: DB, site: SiteContext, user: Pick<SessionUser, 'id' | 'email' | 'displayName'>, now: number): Promise<void> {
  const token = await issueToken(db, user.id, 'verify-email', VERIFY_TOKEN_LIFETIME_MS, now);
  await enqueueEmail(db, verifyEmailEmail(site, user.email, user.displayName, `${site.siteUrl}/verify/${token}`, VERIFY_TOKEN_LIFETIME_MS / 3_600_000), now);
  await recordAttempt(db, rateLimits.verificationEmailsPerAccount, String(user.id), now);
}

/** Sends a new confirmation link to a signed-in member whose address is not proven yet; the old link stops working. */
export async function resendVerificationEmail(db: DB, site: SiteContext, userId: number, now = Date.now()): Promise<void> {
  const user = await getUser(db, userId);
  if (user.emailVerified) throw new ConflictError('Your email address is already confirmed.');
  await assertWithinLimit(db, rateLimits.verificationEmailsPerAccount, String(userId), now);
  await db.transaction().execute((trx) => enqueueVerificationEmail(trx, site, user, now));
}

/** Uses a confirmation link: the address is proven and the account may take part. */
export async function verifyEmailWithToken(db: DB, token: string, now = Date.now()): Promise<SessionUser> {
  const userId = await consumeToken(db, token, 'verify-email', now);
  await markEmailVerified(db, userId, now);
  return getUser(db, userId);
}

/**
 * Emails a one-time sign-in link when the address has an account, saying
 * nothing either way. Limited per address whether or not it has an account,
 * so the limit does not tell them apart either.
 */
export async function requestSignInLink(db: DB, site: SiteContext, email: string, ip: string, now = Date.now()): Promise<void> {
  const address = normalizeEmail(email);
  await assertWithinLimit(db, rateLimits.signInLinksPerIp, ip, now);
  await assertWithinLimit(db, rateLimits.signInLinksPerAccount, address, now);
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, rateLimits.signInLinksPerIp, ip, now);
    await recordAttempt(trx, rateLimits.signInLinksPerAccount, address, now);
    const user = await findUserByEmail(trx, address);
    if (!user) return;
    const token = await issueToken(trx, user.id, 'sign-in', SIGN_IN_LINK_LIFETIME_MS, now);
    await enqueueEmail(trx, signInLinkEmail(site, user.email, `${site.siteUrl}/signin/link/${token}`, SIGN_IN_LINK_LIFETIME_MS / 60_000), now);
  });
}

/** Uses a sign-in link once; it proves the address too. Returns the user to start a session for. */
export async function signInWithLink(db: DB, token: string, now = Date.now()): Promise<SessionUser> {
  const userId = await consumeToken(db, token, 'sign-in', now);
  await markEmailVerified(db, userId, now);
  return getUser(db, userId);
}

/** Deletes links past their expiry; run by the background worker. */
export async function deleteExpiredAccountTokens(db: DB, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('account_tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Spends every emailed link of a user (their account is being deleted). */
export async function deleteAccountTokens(db: DB, userId: number): Promise<void> {
  await db.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
}
