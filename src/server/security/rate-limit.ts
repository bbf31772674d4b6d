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
  signInFailuresPerAccount: {
    bucket: 'sign-in-failure:account',
    max: 5,
    windowMs: 15 * 60_000,
    message: 'Too many failed sign-in attempts for this account. You can reset your password now.',
  },
  signInFailuresPerIp: {
    bucket: 'sign-in-failure:ip',
    max: 5,
    windowMs: 15 * 60_000,
    message: 'Too many failed sign-in attempts from your network. You can reset your password now.',
  },
  signUpPerIp: {
    bucket: 'sign-up:ip',
    max: 5,
    windowMs: 60 * 60_000,
    message: 'Too many accounts were created from your network in the last hour.',
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
