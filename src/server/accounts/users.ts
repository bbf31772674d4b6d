// Owns `users`: sign-up, sign-in, password changes, whether the address is
// proven, and a member's standing (cached reputation, suspension). Emails these actions cause are written to
// the outbox in the same transaction; password hashing happens before it.
import type { DB } from '@db/connection';
import { isUniqueViolation } from '@db/errors';
import type { Role } from '@db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { passwordChangedEmail, signUpAttemptEmail, type SiteContext } from '@/server/email/templates';
import { assertWithinLimit, clearAttempts, isWithinLimit, rateLimits, recordAttempt } from '@/server/security/rate-limit';
import { enqueueVerificationEmail } from './email-links';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords';
import { deleteResetTokens } from './password-reset';
import { invalidateUserSessions, type SessionUser } from './sessions';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toSessionUser(row: { id: number; email: string; display_name: string; role: Role; email_verified_at: number | null }): SessionUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
}

export async function findUserByEmail(db: DB, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function getUser(db: DB, id: number): Promise<SessionUser> {
  const row = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'email_verified_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such user.');
  return toSessionUser(row);
}

/** Records that the owner proved the address (an emailed link was used); the first proof counts. */
export async function markEmailVerified(db: DB, userId: number, now = Date.now()): Promise<void> {
  await db.updateTable('users').set({ email_verified_at: now }).where('id', '=', userId).where('email_verified_at', 'is', null).execute();
}

export const CONFIRM_EMAIL_FIRST = 'Confirm your email address first: open the link we emailed you, or ask for a new one on your account page (/account).';

/** Posting, voting, flagging and seeing tickets wait until the address is proven. */
export function assertEmailVerified(user: { emailVerified: boolean }): void {
  if (!user.emailVerified) throw new ForbiddenError(CONFIRM_EMAIL_FIRST);
}

export interface NewAccount {
  email: string;
  displayName: string;
  password: string;
  role?: Role;
  /** Operator-made accounts (user:create, the seed) are verified; public sign-up is not. Default true. */
  verified?: boolean;
}

/** A new account whose password is checked and already hashed: ready to insert. */
export interface PreparedAccount {
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  /** Default true: only public sign-up inserts an unproven address. */
  verified?: boolean;
}

/**
 * The CPU-heavy half of creating a user (password rules and the argon2 hash,
 * tens of milliseconds): call it BEFORE opening a transaction, because the
 * process shares one database connection and a transaction holds it.
 */
export async function prepareAccount(account: NewAccount): Promise<PreparedAccount> {
  const email = normalizeEmail(account.email);
  const displayName = account.displayName.trim();
  const problem = passwordProblem(account.password, { email, displayName });
  if (problem) throw new ValidationError(problem, { password: problem });
  return { email, displayName, passwordHash: await hashPassword(account.password), role: account.role ?? 'member', verified: account.verified ?? true };
}

const TAKEN_EMAIL = 'An account with this email already exists. Sign in, or reset your password if you forgot it.';

/** Inserts a prepared account after checking that the email is free. */
export async function insertUser(db: DB, account: PreparedAccount, now = Date.now()): Promise<SessionUser> {
  const email = normalizeEmail(account.email);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new ConflictError(TAKEN_EMAIL);
  try {
    const row = await db
      .insertInto('users')
      .values({
        email,
        display_name: account.displayName,
        password_hash: account.passwordHash,
        role: account.role,
        created_at: now,
        password_changed_at: now,
        email_verified_at: account.verified === false ? null : now,
      })
      .returning(['id', 'email', 'display_name', 'role', 'email_verified_at'])
      .executeTakeFirstOrThrow();
    return toSessionUser(row);
  } catch (error) {
    // A concurrent sign-up with the same email got past the check first.
    if (isUniqueViolation(error)) throw new ConflictError(TAKEN_EMAIL);
    throw error;
  }
}

/** Creates a user after checking the password rules and that the email is free. Not for use inside a transaction (it hashes). */
export async function createUser(db: DB, account: NewAccount, now = Date.now()): Promise<SessionUser> {
  return insertUser(db, await prepareAccount(account), now);
}

/**
 * Public sign-up, rate-limited per IP. Answers alike whether the address is
 * new or known, so it cannot be used to find out who has an account: the
 * password is hashed either way; a new address gets an unverified account and
 * a confirmation link, a known one a "someone tried to sign up" email (at most
 * a few a day per address, then silently nothing).
 */
export async function signUp(db: DB, site: SiteContext, account: Omit<NewAccount, 'role' | 'verified'>, ip: string, now = Date.now()): Promise<void> {
  await assertWithinLimit(db, rateLimits.signUpPerIp, ip, now);
  // Hash before the transaction: it would otherwise hold the shared connection for the whole hash.
  const prepared = await prepareAccount({ ...account, role: 'member', verified: false });
  try {
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, rateLimits.signUpPerIp, ip, now);
      const mayEmail = await isWithinLimit(trx, rateLimits.signUpEmailsPerAddress, prepared.email, now);
      if (mayEmail) await recordAttempt(trx, rateLimits.signUpEmailsPerAddress, prepared.email, now);
      const existing = await trx.selectFrom('users').select('id').where('email', '=', prepared.email).executeTakeFirst();
      if (existing) {
        if (mayEmail) await enqueueEmail(trx, signUpAttemptEmail(site, prepared.email), now);
        return;
      }
      const user = await insertUser(trx, prepared, now);
      if (mayEmail) await enqueueVerificationEmail(trx, site, user, now);
    });
  } catch (error) {
    // A concurrent sign-up took the address first; it sends the email, this one answers alike.
    if (!(error instanceof ConflictError)) throw error;
  }
}

const WRONG_CREDENTIALS = 'The email or password is incorrect. Check both and try again.';

/**
 * Checks an email and password. Failures are limited per (account, address)
 * pair (5 per 15 minutes), per address (20 per 15 minutes) and per account
 * (50 a day; the owner gets past that with an emailed sign-in link), so a
 * stranger elsewhere cannot lock the owner out. A success clears the pair's
 * failures only: the account's daily count keeps bounding guesses.
 */
export async function signIn(db: DB, email: string, password: string, ip: string, now = Date.now()): Promise<SessionUser> {
  const normalized = normalizeEmail(email);
  const pair = `${normalized} ${ip}`;
  await assertWithinLimit(db, rateLimits.signInFailuresPerIp, ip, now);
  await assertWithinLimit(db, rateLimits.signInFailuresPerAccountAndIp, pair, now);
  await assertWithinLimit(db, rateLimits.signInFailuresPerAccount, normalized, now);
  const user = await findUserByEmail(db, normalized);
  const ok = user ? await verifyPassword(user.password_hash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, rateLimits.signInFailuresPerIp, ip, now);
      await recordAttempt(trx, rateLimits.signInFailuresPerAccountAndIp, pair, now);
      await recordAttempt(trx, rateLimits.signInFailuresPerAccount, normalized, now);
    });
    throw new ValidationError(WRONG_CREDENTIALS, { password: WRONG_CREDENTIALS });
  }
  await clearAttempts(db, rateLimits.signInFailuresPerAccountAndIp, pair);
  return toSessionUser(user);
}

/** Sets a new password and ends every session but `keepSessionId`. */
export async function setPassword(
  db: DB,
  site: SiteContext,
  userId: number,
  newPassword: string,
  keepSessionId: string | undefined,
  now = Date.now(),
): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('No such user.');
  const problem = passwordProblem(newPassword, { email: user.email, displayName: user.display_name });
  if (problem) throw new ValidationError(problem, { newPassword: problem });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
    await invalidateUserSessions(trx, userId, keepSessionId);
    await deleteResetTokens(trx, userId);
    await enqueueEmail(trx, passwordChangedEmail(site, user.email), now);
  });
  await clearAttempts(db, rateLimits.signInFailuresPerAccount, user.email);
}

/** Change password while signed in: the current password must be right. */
export async function changePassword(
  db: DB,
  site: SiteContext,
  userId: number,
  currentPassword: string,
  newPassword: string,
  currentSessionId: string,
  now = Date.now(),
): Promise<void> {
  const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('No such user.');
  // Limited like sign-in: a stolen session must not become unlimited password guessing.
  const key = String(userId);
  await assertWithinLimit(db, rateLimits.currentPasswordFailuresPerAccount, key, now);
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    await recordAttempt(db, rateLimits.currentPasswordFailuresPerAccount, key, now);
    const message = 'Your current password is not right.';
    throw new ValidationError(message, { currentPassword: message });
  }
  if (currentPassword === newPassword) {
    const message = 'Choose a password different from your current one.';
    throw new ValidationError(message, { newPassword: message });
  }
  await setPassword(db, site, userId, newPassword, currentSessionId, now);
  await clearAttempts(db, rateLimits.currentPasswordFailuresPerAccount, key);
}

export async function countUsers(db: DB): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A user's standing: role, reputation and suspension. The community's `Member` has this shape. */
export interface UserStanding {
  id: number;
  displayName: string;
  role: Role;
  reputation: number;
  suspendedUntil: number | null;
  suspensionReason: string | null;
  emailVerified: boolean;
}

/** The community's view of a user: reputation and suspension, read fresh for every write. */
export async function getMember(db: DB, userId: number): Promise<UserStanding> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'reputation', 'suspended_until', 'suspension_reason', 'email_verified_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No such user.');
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    reputation: row.reputation,
    suspendedUntil: row.suspended_until,
    suspensionReason: row.suspension_reason,
    emailVerified: row.email_verified_at !== null,
  };
}

/** Sets the cached reputation; only the reputation ledger calls this. */
export async function setCachedReputation(db: DB, userId: number, reputation: number): Promise<void> {
  await db.updateTable('users').set({ reputation }).where('id', '=', userId).execute();
}

/** Suspends (until a time) or lifts a suspension (`until: null`). */
export async function setSuspension(db: DB, userId: number, until: number | null, reason: string | null): Promise<void> {
  const result = await db
    .updateTable('users')
    .set({ suspended_until: until, suspension_reason: until === null ? null : reason })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('No such user.');
}

/** Sets an account's role; the callers (administration, invitations) check who may. */
export async function setRole(db: DB, userId: number, role: Role): Promise<void> {
  const result = await db.updateTable('users').set({ role }).where('id', '=', userId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('No such user.');
}

/** The name an account's posts and tickets show after it was deleted. */
export const DELETED_USER_NAME = 'Deleted user';
const DELETED_DOMAIN = 'deleted.invalid';

/** A deleted account's address: unique, undeliverable (RFC 2606 `.invalid`), and the sign that it was deleted. */
export function deletedUserEmail(userId: number): string {
  return `deleted-${userId}@${DELETED_DOMAIN}`;
}

export function isDeletedEmail(email: string): boolean {
  return email.endsWith(`@${DELETED_DOMAIN}`);
}

/**
 * Anonymizes an account in place: the name becomes "Deleted user", the address
 * an undeliverable placeholder, the password unusable (an empty hash never
 * verifies), the role member, no suspension. The row stays, so everything that
 * points at it (posts, votes, reputation, ticket messages) keeps its meaning.
 */
export async function anonymizeUser(db: DB, userId: number, now = Date.now()): Promise<void> {
  const result = await db
    .updateTable('users')
    .set({
      email: deletedUserEmail(userId),
      display_name: DELETED_USER_NAME,
      password_hash: '',
      password_changed_at: now,
      role: 'member',
      suspended_until: null,
      suspension_reason: null,
      email_verified_at: null,
    })
    .where('id', '=', userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('No such user.');
}
