// Owns `rate_limit_events`: a sliding-window log of attempts per bucket and key.
// Stored in the database (not memory) so limits hold across restarts and,
// later, across servers.
import type { DB } from '@db/connection';
import { RateLimitedError } from '@/server/errors';

export interface RateLimitRule {
  bucket: string;
  max: number;
  windowMs: number;
  /** What went wrong; RateLimitedError adds the wait ("Try again in 12 minutes."). */
  message: string;
}

export const rateLimits = {
  // Sign-in failures lock the (account, address) pair quickly, so a stranger
  // guessing from elsewhere cannot lock the owner out; the per-account limit is
  // slower and the owner gets past it with an emailed one-time sign-in link.
  signInFailuresPerAccountAndIp: {
    bucket: 'sign-in-failure:account-ip',
    max: 5,
    windowMs: 15 * 60_000,
    message: 'Too many failed sign-in attempts for this account from your network. You can reset your password now.',
  },
  signInFailuresPerAccount: {
    bucket: 'sign-in-failure:account',
    max: 50,
    windowMs: 24 * 60 * 60_000,
    message:
      'Too many failed sign-in attempts for this account today, so signing in with a password is paused. Ask for a one-time sign-in link by email instead.',
  },
  signInFailuresPerIp: {
    bucket: 'sign-in-failure:ip',
    max: 20,
    windowMs: 15 * 60_000,
    message: 'Too many failed sign-in attempts from your network. You can reset your password now.',
  },
  signInLinksPerAccount: {
    bucket: 'sign-in-link:account',
    max: 3,
    windowMs: 60 * 60_000,
    message: 'We already sent several sign-in links to this address in the last hour. Use the newest one.',
  },
  signInLinksPerIp: {
    bucket: 'sign-in-link:ip',
    max: 5,
    windowMs: 60 * 60_000,
    message: 'Too many sign-in link requests from your network.',
  },
  currentPasswordFailuresPerAccount: {
    bucket: 'current-password-failure:account',
    max: 5,
    windowMs: 15 * 60_000,
    message: 'Too many wrong current passwords. You can reset your password instead.',
  },
  verificationEmailsPerAccount: {
    bucket: 'verify-email:account',
    max: 3,
    windowMs: 60 * 60_000,
    message: 'We already sent several confirmation links in the last hour. Use the newest one.',
  },
  signUpPerIp: {
    bucket: 'sign-up:ip',
    max: 5,
    windowMs: 60 * 60_000,
    message: 'Too many accounts were created from your network in the last hour.',
  },
  signUpEmailsPerAddress: {
    bucket: 'sign-up-email:address',
    max: 3,
    windowMs: 24 * 60 * 60_000,
    message: 'Sign-up emails to this address are paused for today.',
  },
  passwordResetPerIp: {
    bucket: 'password-reset:ip',
    max: 5,
    windowMs: 60 * 60_000,
    message: 'Too many password reset requests from your network.',
  },
  ticketConfirmationsPerAddress: {
    // Keyed by the SHA-256 of the address: the contact form must not relay mail, and the log keeps no addresses.
    bucket: 'ticket-confirmation:address',
    max: 3,
    windowMs: 24 * 60 * 60_000,
    message: 'This address already received several confirmations today; the request was filed without another email.',
  },
} satisfies Record<string, RateLimitRule>;

/** Throws RateLimitedError when `key` already has `max` events inside the window. */
export async function assertWithinLimit(db: DB, rule: RateLimitRule, key: string, now = Date.now()): Promise<void> {
  const since = now - rule.windowMs;
  const rows = await db
    .selectFrom('rate_limit_events')
    .select('created_at')
    .where('bucket', '=', rule.bucket)
    .where('key', '=', key)
    .where('created_at', '>', since)
    .orderBy('created_at', 'asc')
    .limit(rule.max)
    .execute();
  if (rows.length >= rule.max) {
    const oldest = rows[0]!.created_at;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 1000));
    throw new RateLimitedError(rule.message, retryAfterSeconds);
  }
}

/** Whether `key` still has room inside the rule's window (for limits that act silently). */
export async function isWithinLimit(db: DB, rule: RateLimitRule, key: string, now = Date.now()): Promise<boolean> {
  try {
    await assertWithinLimit(db, rule, key, now);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

export async function recordAttempt(db: DB, rule: RateLimitRule, key: string, now = Date.now()): Promise<void> {
  await db.insertInto('rate_limit_events').values({ bucket: rule.bucket, key, created_at: now }).execute();
}

export async function clearAttempts(db: DB, rule: RateLimitRule, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_events').where('bucket', '=', rule.bucket).where('key', '=', key).execute();
}

/** Deletes events older than a day; run by the background worker. */
export async function pruneRateLimitEvents(db: DB, now = Date.now()): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_events')
    .where('created_at', '<', now - 24 * 60 * 60_000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
