// Owns `staff_invitations`: an admin invites someone by email to join as staff
// or admin. The email carries a one-time link (only its SHA-256 is stored,
// valid for 7 days, one live invitation per address). Accepting it creates the
// account, verified since the link proves the address, or, when the address
// already has an account, raises that account's role once its owner signs in.
// A wrong, expired, revoked or used link is "not found", whichever it is.
import { withTransaction, type DB } from '@db/connection';
import type { Role } from '@db/schema';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { staffInvitationEmail, type SiteContext } from '@/server/email/templates';
import { assertCan, assertSignedIn } from './authorization';
import type { SessionUser } from './sessions';
import { findUserByEmail, getUser, insertUser, markEmailVerified, normalizeEmail, prepareAccount, setRole } from './users';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;
export const invitableRoles = ['staff', 'admin'] as const satisfies readonly Role[];
export type InvitableRole = (typeof invitableRoles)[number];

const roleRank: Record<Role, number> = { member: 0, staff: 1, admin: 2 };
const NO_INVITATION = 'This invitation link is not valid: it may have expired, been used already or been withdrawn. Ask an administrator for a new one.';
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function invitationUrl(site: SiteContext, token: string): string {
  return `${site.siteUrl}/invitations/${token}`;
}

/** Emails an invitation (admins only). An earlier invitation to the same address that is still open is withdrawn. */
export async function inviteStaff(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  input: { email: string; role: InvitableRole },
  now = Date.now(),
): Promise<{ email: string; expiresAt: number }> {
  assertCan(user, 'admin.users');
  const email = normalizeEmail(input.email);
  if (!EMAIL_SHAPE.test(email) || email.length > 254)
    throw new ValidationError('Enter a valid email address.', { email: 'Enter a valid email address, like name@example.com.' });
  if (!(invitableRoles as readonly string[]).includes(input.role)) throw new ValidationError('Choose staff or admin.', { role: 'Choose staff or admin.' });
  return withTransaction(db, async (trx) => {
    const existing = await findUserByEmail(trx, email);
    if (existing && roleRank[existing.role] >= roleRank[input.role]) {
      const message = `${email} already has an account with the ${existing.role} role.`;
      throw new ConflictError(message);
    }
    await trx
      .updateTable('staff_invitations')
      .set({ revoked_at: now })
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    const token = randomToken(20);
    const expiresAt = now + INVITATION_LIFETIME_MS;
    await trx
      .insertInto('staff_invitations')
      .values({
        token_hash: sha256Hex(token),
        email,
        role: input.role,
        invited_by: user.id,
        expires_at: expiresAt,
        created_at: now,
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
      })
      .execute();
    await enqueueEmail(
      trx,
      staffInvitationEmail(site, {
        to: email,
        inviterName: user.displayName,
        role: input.role,
        acceptUrl: invitationUrl(site, token),
        validDays: INVITATION_LIFETIME_MS / 86_400_000,
      }),
      now,
    );
    return { email, expiresAt };
  });
}

export interface PendingInvitation {
  id: number;
  email: string;
  role: InvitableRole;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
}

/** Invitations not yet accepted, withdrawn or expired, newest first (admins only). */
export async function pendingInvitations(db: DB, user: SessionUser | null, now = Date.now()): Promise<PendingInvitation[]> {
  assertCan(user, 'admin.users');
  const rows = await db
    .selectFrom('staff_invitations')
    .leftJoin('users', 'users.id', 'staff_invitations.invited_by')
    .select([
      'staff_invitations.id',
      'staff_invitations.email',
      'staff_invitations.role',
      'staff_invitations.created_at',
      'staff_invitations.expires_at',
      'users.display_name as inviter',
    ])
    .where('staff_invitations.accepted_at', 'is', null)
    .where('staff_invitations.revoked_at', 'is', null)
    .where('staff_invitations.expires_at', '>', now)
    .orderBy('staff_invitations.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, invitedBy: r.inviter ?? null, createdAt: r.created_at, expiresAt: r.expires_at }));
}

/** Withdraws an open invitation (admins only): its link stops working. */
export async function revokeInvitation(db: DB, user: SessionUser | null, id: number, now = Date.now()): Promise<void> {
  assertCan(user, 'admin.users');
  const result = await db
    .updateTable('staff_invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('No open invitation has this number.');
}

/** Withdraws every open invitation to an address (its account is being deleted). */
export async function revokeInvitationsTo(db: DB, email: string, now: number): Promise<void> {
  await db
    .updateTable('staff_invitations')
    .set({ revoked_at: now })
    .where('email', '=', normalizeEmail(email))
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export interface InvitationView {
  email: string;
  role: InvitableRole;
  inviterName: string | null;
  /** The address has an account already: its owner signs in and accepts. */
  hasAccount: boolean;
  expiresAt: number;
}

async function openInvitation(db: DB, token: string, now: number) {
  const row = await db
    .selectFrom('staff_invitations')
    .leftJoin('users', 'users.id', 'staff_invitations.invited_by')
    .select([
      'staff_invitations.id',
      'staff_invitations.email',
      'staff_invitations.role',
      'staff_invitations.expires_at',
      'staff_invitations.accepted_at',
      'staff_invitations.revoked_at',
      'users.display_name as inviter',
    ])
    .where('staff_invitations.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.accepted_at !== null || row.revoked_at !== null || row.expires_at <= now) throw new NotFoundError(NO_INVITATION);
  return row;
}

/** Spends the invitation once; of two concurrent uses only one updates the row. */
async function claimInvitation(db: DB, id: number, acceptedBy: number, now: number): Promise<void> {
  const claimed = await db
    .updateTable('staff_invitations')
    .set({ accepted_at: now, accepted_by: acceptedBy })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new NotFoundError(NO_INVITATION);
}

/** What the invitation page shows; a token that is not an open invitation is NotFoundError. */
export async function invitationForToken(db: DB, token: string, now = Date.now()): Promise<InvitationView> {
  const row = await openInvitation(db, token, now);
  const account = await findUserByEmail(db, row.email);
  return { email: row.email, role: row.role, inviterName: row.inviter ?? null, hasAccount: account !== undefined, expiresAt: row.expires_at };
}

/**
 * Accepts an invitation to an address without an account: creates it with the
 * invited role, the address verified (the link was emailed there). Not inside
 * a transaction (it hashes the password first).
 */
export async function acceptInvitationWithNewAccount(
  db: DB,
  token: string,
  account: { displayName: string; password: string },
  now = Date.now(),
): Promise<SessionUser> {
  const invitation = await openInvitation(db, token, now);
  const prepared = await prepareAccount({
    email: invitation.email,
    displayName: account.displayName,
    password: account.password,
    role: invitation.role,
    verified: true,
  });
  return withTransaction(db, async (trx) => {
    const open = await openInvitation(trx, token, now);
    if (await findUserByEmail(trx, open.email))
      throw new ConflictError(`${open.email} already has an account: sign in with it, then open this link again to accept.`);
    const user = await insertUser(trx, prepared, now);
    await claimInvitation(trx, open.id, user.id, now);
    return user;
  });
}

/**
 * Accepts an invitation as the signed-in owner of the invited address: the
 * account's role rises to the invited one (an admin invited as staff stays admin).
 */
export async function acceptInvitationAsUser(db: DB, token: string, user: SessionUser | null, now = Date.now()): Promise<SessionUser> {
  assertSignedIn(user);
  return withTransaction(db, async (trx) => {
    const invitation = await openInvitation(trx, token, now);
    const current = await getUser(trx, user.id);
    if (normalizeEmail(current.email) !== invitation.email)
      throw new ForbiddenError(`This invitation is for ${invitation.email}. Sign out, then sign in with that address to accept it.`);
    await claimInvitation(trx, invitation.id, current.id, now);
    if (roleRank[invitation.role] > roleRank[current.role]) await setRole(trx, current.id, invitation.role);
    // The link was emailed to the address: it is proven, as a confirmation link would prove it.
    await markEmailVerified(trx, current.id, now);
    return getUser(trx, current.id);
  });
}
