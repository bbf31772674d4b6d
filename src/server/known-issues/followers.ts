// Followers of known issues (owner: follow & email preferences). PLACEHOLDER until it lands:
// only the signatures other modules build against. Replace this whole file.
import type { DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import type { SiteContext } from '@/server/email/templates';

/** Emails one timeline update to every confirmed follower who has not unsubscribed (outbox, same transaction). Returns how many. */
export async function notifyFollowers(db: DB, site: SiteContext, issueId: number, updateId: number, now = Date.now()): Promise<number> {
  void [db, site, issueId, updateId, now];
  return 0;
}

/** A member follows with one click (idempotent). */
export async function followAsMember(db: DB, user: SessionUser | null, issueId: number, now = Date.now()): Promise<void> {
  void [db, user, issueId, now];
}

/** A visitor follows by email: a confirmation email (double opt-in); following starts when the link is opened. */
export async function followByEmail(
  db: DB,
  site: SiteContext,
  issueId: number,
  email: string,
  now = Date.now(),
): Promise<'confirmation_sent' | 'already_following'> {
  void [db, site, issueId, email, now];
  return 'confirmation_sent';
}
