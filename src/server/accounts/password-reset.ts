// Owns `password_reset_tokens`: one-time tokens sent by email. Only the token's
// SHA-256 is stored; a token expires after an hour and works once.
import type { DB } from '@db/connection';
import { ValidationError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { passwordResetEmail, type SiteContext } from '@/server/email/templates';
import { assertWithinLimit, rateLimits, recordAttempt } from '@/server/security/rate-limit';
import { passwordProblem } from './passwords';
import { generateSessionToken, sessionIdFromToken } from './sessions';
import { findUserByEmail, markEmailVerified, setPassword } from './users';

export const RESET_TOKEN_LIFETIME_MS = 60 * 60_000;

/**
 * Emails a reset link when the address has an account. Says nothing either way
 * to the caller, so the form cannot be used to discover who has an account.
 */
export async function requestPasswordReset(db: DB, site: SiteContext, email: string, ip: string, now = Date.now()): Promise<void> {
  await assertWithinLimit(db, rateLimits.passwordResetPerIp, ip, now);
  await recordAttempt(db, rateLimits.passwordResetPerIp, ip, now);
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const token = generateSessionToken();
  await db.transaction().execute(async (trx) => {
    await deleteResetTokens(trx, user.id);
    await trx
      .insertInto('password_reset_tokens')
      .values({ id: sessionIdFromToken(token), user_id: user.id, expires_at: now + RESET_TOKEN_LIFETIME_MS, created_at: now })
      .execute();
    const url = `${site.siteUrl}/reset-password/${token}`;
    await enqueueEmail(trx, passwordResetEmail(site, user.email, url, RESET_TOKEN_LIFETIME_MS / 60_000), now);
  });
}

/** Spends every outstanding reset token of a user (a new one was asked for, or the password changed). */
export async function deleteResetTokens(db: DB, userId: number): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute();
}

const INVALID_TOKEN = 'This reset link has expired or was already used. Ask for a new one.';

/** Whether a token is still usable (for showing the form or an explanation). */
export async function isResetTokenValid(db: DB, token: string, now = Date.now()): Promise<boolean> {
  const row = await db.selectFrom('password_reset_tokens').select('expires_at').where('id', '=', sessionIdFromToken(token)).executeTakeFirst();
  return !!row && row.expires_at > now;
}

/** Uses a token once to set a new password; every session of the user ends. Returns the user id. */
export async function resetPasswordWithToken(db: DB, site: SiteContext, token: string, newPassword: string, now = Date.now()): Promise<number> {
  const id = sessionIdFromToken(token);
  const row = await db
    .selectFrom('password_reset_tokens')
    .innerJoin('users', 'users.id', 'password_reset_tokens.user_id')
    .select(['password_reset_tokens.user_id', 'password_reset_tokens.expires_at', 'users.email', 'users.display_name'])
    .where('password_reset_tokens.id', '=', id)
    .executeTakeFirst();
  if (!row || row.expires_at <= now) throw new ValidationError(INVALID_TOKEN, { token: INVALID_TOKEN });
  // Check the new password before spending the token, so a typo does not cost the link.
  const problem = passwordProblem(newPassword, { email: row.email, displayName: row.display_name });
  if (problem) throw new ValidationError(problem, { newPassword: problem });
  // Claim the token atomically: of two concurrent uses, only one deletes the row.
  const claimed = await db.deleteFrom('password_reset_tokens').where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
  if (Number(claimed.numDeletedRows) !== 1) throw new ValidationError(INVALID_TOKEN, { token: INVALID_TOKEN });
  await setPassword(db, site, row.user_id, newPassword, undefined, now);
  // The emailed link proves the address, as a confirmation link would.
  await markEmailVerified(db, row.user_id, now);
  return row.user_id;
}
