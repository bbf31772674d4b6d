// Administration of accounts (admins only, `admin.users`): find users, change
// their role, suspend them (the one suspension rule, src/server/accounts/suspensions.ts)
// and delete them. The last administrator can be neither demoted nor deleted,
// so the site always has someone who can change it.
//
// Deleting anonymizes instead of removing the row: questions, answers, votes,
// reputation and ticket conversations point at the account, and a thread with
// holes (or reports that change the past) would hurt everyone else. The person
// disappears: name "Deleted user", address and password gone, every session
// and emailed link ended, their tickets stripped of name and address.
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import type { Role } from '@db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { eraseRequesterDetails, unassignTicketsOf } from '@/server/tickets/requester-erasure';
import { assertCan } from './authorization';
import { deleteAccountTokens } from './email-links';
import { revokeInvitationsTo } from './invitations';
import { deleteResetTokens } from './password-reset';
import { invalidateUserSessions, type SessionUser } from './sessions';
import { liftSuspension, suspendAccount, type SuspensionInput } from './suspensions';
import { DELETED_USER_NAME, anonymizeUser, deletedUserEmail, isDeletedEmail, setRole } from './users';

export const USERS_PAGE_SIZE = 25;
export const roles = ['member', 'staff', 'admin'] as const satisfies readonly Role[];
export const roleLabels: Record<Role, string> = { member: 'Member', staff: 'Staff', admin: 'Admin' };

export interface AdminUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  createdAt: number;
  emailVerified: boolean;
  reputation: number;
  suspendedUntil: number | null;
  suspensionReason: string | null;
  deleted: boolean;
}

export interface UserQuery {
  /** Part of a name or an email address; empty lists everyone. */
  q?: string | undefined;
  role?: Role | undefined;
  /** 1-based. */
  page?: number | undefined;
}

export interface UserPage {
  users: AdminUser[];
  total: number;
  page: number;
  pages: number;
}

type UserRow = {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  created_at: number;
  email_verified_at: number | null;
  reputation: number;
  suspended_until: number | null;
  suspension_reason: string | null;
};

const userColumns = ['id', 'email', 'display_name', 'role', 'created_at', 'email_verified_at', 'reputation', 'suspended_until', 'suspension_reason'] as const;

function toAdminUser(r: UserRow): AdminUser {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    emailVerified: r.email_verified_at !== null,
    reputation: r.reputation,
    suspendedUntil: r.suspended_until,
    suspensionReason: r.suspension_reason,
    deleted: isDeletedEmail(r.email),
  };
}

/** `%`, `_` and the escape character itself match literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users whose name or email contains `q`, newest first, a page at a time (admins only). */
export async function listUsers(db: DB, user: SessionUser | null, query: UserQuery = {}): Promise<UserPage> {
  assertCan(user, 'admin.users');
  const q = (query.q ?? '').trim().slice(0, 100);
  let base = db.selectFrom('users');
  if (q) {
    const pattern = likePattern(q);
    base = base.where((eb) => eb.or([sql<boolean>`lower(display_name) like ${pattern} escape '\\'`, sql<boolean>`email like ${pattern} escape '\\'`]));
  }
  if (query.role) base = base.where('role', '=', query.role);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const rows = await base
    .select(userColumns)
    .orderBy('id', 'desc')
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .execute();
  return { users: rows.map(toAdminUser), total, page, pages };
}

/** One user, for the administration page (admins only). */
export async function userForAdmin(db: DB, user: SessionUser | null, userId: number): Promise<AdminUser> {
  assertCan(user, 'admin.users');
  const row = await db.selectFrom('users').select(userColumns).where('id', '=', userId).executeTakeFirst();
  if (!row) throw new NotFoundError('No user has this number.');
  return toAdminUser(row);
}

async function loadLiveTarget(db: DB, userId: number): Promise<AdminUser> {
  const row = await db.selectFrom('users').select(userColumns).where('id', '=', userId).executeTakeFirst();
  if (!row) throw new NotFoundError('No user has this number.');
  const target = toAdminUser(row);
  if (target.deleted) throw new ConflictError('This account was deleted; nothing about it can change any more.');
  return target;
}

async function adminCount(db: DB): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function assertNotLastAdmin(db: DB, target: AdminUser, doing: string): Promise<void> {
  if (target.role === 'admin' && (await adminCount(db)) <= 1)
    throw new ForbiddenError(`${target.displayName} is the only administrator, so you cannot ${doing}. Make someone else an administrator first.`);
}

/** Changes a user's role (admins only); takes effect on their next request. */
export async function changeUserRole(db: DB, user: SessionUser | null, targetUserId: number, role: Role): Promise<void> {
  assertCan(user, 'admin.users');
  if (!(roles as readonly string[]).includes(role)) throw new ValidationError('Choose member, staff or admin.', { role: 'Choose member, staff or admin.' });
  await withTransaction(db, async (trx) => {
    const target = await loadLiveTarget(trx, targetUserId);
    if (target.role === role) return;
    if (role !== 'admin') await assertNotLastAdmin(trx, target, target.id === user.id ? 'step down' : 'change their role');
    await setRole(trx, target.id, role);
  });
}

/** Suspends a user (admins only), under the same rule as moderators: never yourself. */
export async function suspendUserAsAdmin(
  db: DB,
  user: SessionUser | null,
  targetUserId: number,
  input: SuspensionInput,
  now = Date.now(),
): Promise<{ until: number }> {
  assertCan(user, 'admin.users');
  return withTransaction(db, async (trx) => {
    await loadLiveTarget(trx, targetUserId);
    return suspendAccount(trx, user, targetUserId, input, now);
  });
}

export async function liftSuspensionAsAdmin(db: DB, user: SessionUser | null, targetUserId: number): Promise<void> {
  assertCan(user, 'admin.users');
  await withTransaction(db, async (trx) => {
    await loadLiveTarget(trx, targetUserId);
    await liftSuspension(trx, user, targetUserId);
  });
}

export interface DeletedAccount {
  /** Tickets that lost the requester's name and address. */
  tickets: number;
  /** Open tickets they were assigned that went back to the queue. */
  unassigned: number;
}

/**
 * Deletes an account (admins only) by anonymizing it: see the top of this file.
 * Not yourself (ask another admin), and never the last administrator.
 */
export async function deleteUser(db: DB, user: SessionUser | null, targetUserId: number, now = Date.now()): Promise<DeletedAccount> {
  assertCan(user, 'admin.users');
  return withTransaction(db, async (trx) => {
    const target = await loadLiveTarget(trx, targetUserId);
    if (target.id === user.id) throw new ForbiddenError('You cannot delete your own account here; ask another administrator.');
    await assertNotLastAdmin(trx, target, 'delete their account');
    const tickets = await eraseRequesterDetails(
      trx,
      { userId: target.id, email: target.email },
      { name: DELETED_USER_NAME, email: deletedUserEmail(target.id) },
      now,
    );
    const unassigned = await unassignTicketsOf(trx, target.id, user.id, now);
    await revokeInvitationsTo(trx, target.email, now);
    await anonymizeUser(trx, target.id, now);
    await invalidateUserSessions(trx, target.id);
    await deleteResetTokens(trx, target.id);
    await deleteAccountTokens(trx, target.id);
    return { tickets, unassigned };
  });
}
