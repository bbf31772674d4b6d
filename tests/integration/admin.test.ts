// Administration in the domain: only admins manage accounts and invitations;
// the last admin stays an admin; suspension follows the moderators' rule;
// deleting anonymizes (posts and tickets stay under "Deleted user", address,
// password and sessions go); an invitation link works once, for 7 days.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { changeUserRole, deleteUser, liftSuspensionAsAdmin, listUsers, suspendUserAsAdmin, userForAdmin, USERS_PAGE_SIZE } from '@/server/accounts/admin';
import {
  INVITATION_LIFETIME_MS,
  acceptInvitationAsUser,
  acceptInvitationWithNewAccount,
  invitationForToken,
  inviteStaff,
  pendingInvitations,
  revokeInvitation,
} from '@/server/accounts/invitations';
import { requestPasswordReset } from '@/server/accounts/password-reset';
import { createSession, generateSessionToken, validateSessionToken } from '@/server/accounts/sessions';
import { createUser, signIn } from '@/server/accounts/users';
import { suspendUser } from '@/server/community/moderation';
import { getQuestionThread } from '@/server/community/thread';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { ticketsOf, ticketRefToId } from '@/server/tickets/tickets';
import { GOOD_PASSWORD, makeQuestion, makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 20, 12);
const DAY = 24 * 60 * 60_000;

async function signedIn(db: DB, userId: number): Promise<string> {
  const token = generateSessionToken();
  await createSession(db, token, userId);
  return token;
}

/** The token in the newest invitation email to `to`. */
async function invitationToken(db: DB, to: string): Promise<string> {
  const email = await db
    .selectFrom('email_outbox')
    .select(['text_body', 'subject'])
    .where('kind', '=', 'staff-invitation')
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /\/invitations\/([a-z2-7]+)/.exec(email.text_body)?.[1];
  if (!token) throw new Error(`No invitation link in: ${email.text_body}`);
  return token;
}

describe('administration is for admins only', () => {
  it('refuses staff, members and visitors in every domain function, and changes nothing', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const target = await makeUser(t.db, { displayName: 'Target Person' });
    await inviteStaff(t.db, site, admin, { email: 'new.agent@example.com', role: 'staff' }, T0);
    const [invitation] = await pendingInvitations(t.db, admin, T0);
    for (const [who, error] of [
      [staff, ForbiddenError],
      [member, ForbiddenError],
      [null, UnauthenticatedError],
    ] as const) {
      await expect(listUsers(t.db, who)).rejects.toThrow(error);
      await expect(userForAdmin(t.db, who, target.id)).rejects.toThrow(error);
      await expect(changeUserRole(t.db, who, target.id, 'admin')).rejects.toThrow(error);
      await expect(suspendUserAsAdmin(t.db, who, target.id, { days: 3, reason: 'Spamming links' }, T0)).rejects.toThrow(error);
      await expect(liftSuspensionAsAdmin(t.db, who, target.id)).rejects.toThrow(error);
      await expect(deleteUser(t.db, who, target.id, T0)).rejects.toThrow(error);
      await expect(inviteStaff(t.db, site, who, { email: 'x@example.com', role: 'admin' }, T0)).rejects.toThrow(error);
      await expect(pendingInvitations(t.db, who, T0)).rejects.toThrow(error);
      await expect(revokeInvitation(t.db, who, invitation!.id, T0)).rejects.toThrow(error);
    }
    const row = await t.db.selectFrom('users').select(['role', 'display_name', 'suspended_until']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'member', display_name: 'Target Person', suspended_until: null });
    expect(await pendingInvitations(t.db, admin, T0)).toHaveLength(1);
    expect(await t.db.selectFrom('email_outbox').select('id').where('kind', '=', 'staff-invitation').execute()).toHaveLength(1);
  });
});

describe('finding users', () => {
  it('searches names and addresses (any case, % and _ literal), filters by role and pages', async () => {
    const admin = await makeUser(t.db, { role: 'admin', displayName: 'Ada Admin' });
    await makeUser(t.db, { displayName: 'Lena Fischer', email: 'lena.fischer@example.com' });
    await makeUser(t.db, { displayName: 'Jordan Reyes', email: 'jr@reyes.example' });
    await makeUser(t.db, { displayName: '100% Sam', email: 'sam@example.com', role: 'staff' });
    for (let i = 0; i < USERS_PAGE_SIZE + 3; i++)
      await t.db
        .insertInto('users')
        .values({
          email: `bulk${i}@bulk.example`,
          display_name: `Bulk ${i}`,
          password_hash: '',
          created_at: T0,
          password_changed_at: T0,
          email_verified_at: T0,
        })
        .execute();

    expect((await listUsers(t.db, admin, { q: 'FISCHER' })).users.map((u) => u.displayName)).toEqual(['Lena Fischer']);
    expect((await listUsers(t.db, admin, { q: 'reyes.exam' })).users.map((u) => u.email)).toEqual(['jr@reyes.example']);
    expect((await listUsers(t.db, admin, { q: '100%' })).users.map((u) => u.displayName)).toEqual(['100% Sam']);
    expect((await listUsers(t.db, admin, { q: '_' })).users).toEqual([]);
    expect((await listUsers(t.db, admin, { role: 'staff' })).users.map((u) => u.displayName)).toEqual(['100% Sam']);

    const first = await listUsers(t.db, admin, { q: 'bulk' });
    expect(first).toMatchObject({ total: USERS_PAGE_SIZE + 3, page: 1, pages: 2 });
    expect(first.users).toHaveLength(USERS_PAGE_SIZE);
    expect(first.users[0]!.displayName).toBe(`Bulk ${USERS_PAGE_SIZE + 2}`);
    const second = await listUsers(t.db, admin, { q: 'bulk', page: 2 });
    expect(second.users.map((u) => u.displayName)).toEqual(['Bulk 2', 'Bulk 1', 'Bulk 0']);
    // A page past the end shows the last one.
    expect((await listUsers(t.db, admin, { q: 'bulk', page: 99 })).page).toBe(2);
  });
});

describe('roles', () => {
  it('change at once (the next request reads them), and the last admin cannot step down', async () => {
    const ada = await makeUser(t.db, { role: 'admin', displayName: 'Ada' });
    const sam = await makeUser(t.db, { displayName: 'Sam' });
    const samSession = await signedIn(t.db, sam.id);
    await changeUserRole(t.db, ada, sam.id, 'staff');
    expect((await validateSessionToken(t.db, samSession)).user?.role).toBe('staff');

    await expect(changeUserRole(t.db, ada, ada.id, 'staff')).rejects.toThrow(/only administrator.*Make someone else an administrator first/);
    expect((await userForAdmin(t.db, ada, ada.id)).role).toBe('admin');
    await expect(changeUserRole(t.db, ada, sam.id, 'owner' as never)).rejects.toThrow(ValidationError);

    // With a second admin, either may step down, and then the other is the last one.
    await changeUserRole(t.db, ada, sam.id, 'admin');
    await changeUserRole(t.db, ada, ada.id, 'member');
    const samAsAdmin = { ...sam, role: 'admin' as const };
    await expect(changeUserRole(t.db, samAsAdmin, sam.id, 'staff')).rejects.toThrow(ForbiddenError);
    const roles = await t.db.selectFrom('users').select(['id', 'role']).orderBy('id').execute();
    expect(roles).toEqual([
      { id: ada.id, role: 'member' },
      { id: sam.id, role: 'admin' },
    ]);
  });
});

describe('suspension by an admin', () => {
  it('uses the moderators’ rule: any account but your own, reason and length checked; lifting it works the same way', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const staff = await makeUser(t.db, { role: 'staff' });
    const { until } = await suspendUserAsAdmin(t.db, admin, staff.id, { days: 7, reason: '  Shared a customer export  ' }, T0);
    expect(until).toBe(T0 + 7 * DAY);
    expect(await userForAdmin(t.db, admin, staff.id)).toMatchObject({ suspendedUntil: T0 + 7 * DAY, suspensionReason: 'Shared a customer export' });
    // A moderator may not suspend staff: the same rule, from the community side.
    const otherStaff = await makeUser(t.db, { role: 'staff' });
    await expect(suspendUser(t.db, otherStaff, staff.id, { days: 1, reason: 'Moderator tries' }, { now: T0 })).rejects.toThrow(/Only an administrator/);

    await expect(suspendUserAsAdmin(t.db, admin, admin.id, { days: 1, reason: 'Trying myself' }, T0)).rejects.toThrow(/cannot suspend or reinstate yourself/);
    const bad = await suspendUserAsAdmin(t.db, admin, staff.id, { days: 0, reason: 'no' }, T0).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fields).toMatchObject({ days: expect.stringContaining('1 to 365'), reason: expect.stringContaining('5 to 300') });

    await liftSuspensionAsAdmin(t.db, admin, staff.id);
    expect(await userForAdmin(t.db, admin, staff.id)).toMatchObject({ suspendedUntil: null, suspensionReason: null });
    await expect(suspendUserAsAdmin(t.db, admin, 99_999, { days: 1, reason: 'Nobody at all' }, T0)).rejects.toThrow(NotFoundError);
  });
});

describe('deleting an account', () => {
  it('keeps posts and tickets under "Deleted user", removes address, password, sessions and links, and frees the address', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const lena = await makeUser(t.db, { displayName: 'Lena Fischer', email: 'lena@example.com' });
    const session = await signedIn(t.db, lena.id);
    const question = await makeQuestion(t.db, lena);
    const fromAccount = await makeTicket(t.db, { subject: 'Export to PDF cuts tables' }, lena);
    // Sent before she had an account, from the same address: hers too.
    const asVisitor = await makeTicket(t.db, { name: 'Lena F.', email: 'lena@example.com', subject: 'Invoice address' });
    const someoneElse = await makeTicket(t.db, { name: 'Other Customer', email: 'other@example.com' });
    await requestPasswordReset(t.db, site, 'lena@example.com', '10.0.0.1', T0);

    const result = await deleteUser(t.db, admin, lena.id, T0);
    expect(result).toEqual({ tickets: 2, unassigned: 0 });

    const row = await t.db.selectFrom('users').selectAll().where('id', '=', lena.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      display_name: 'Deleted user',
      email: `deleted-${lena.id}@deleted.invalid`,
      password_hash: '',
      role: 'member',
      email_verified_at: null,
    });
    expect(await userForAdmin(t.db, admin, lena.id)).toMatchObject({ deleted: true });
    // Signed out everywhere, and the old password opens nothing.
    expect((await validateSessionToken(t.db, session)).user).toBeNull();
    await expect(signIn(t.db, 'lena@example.com', GOOD_PASSWORD, '10.0.0.2')).rejects.toThrow(ValidationError);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', lena.id).execute()).toEqual([]);
    expect(await t.db.selectFrom('password_reset_tokens').select('id').where('user_id', '=', lena.id).execute()).toEqual([]);

    // The question stays, by "Deleted user".
    const thread = await getQuestionThread(t.db, question.id, null);
    expect(thread.question.author.name).toBe('Deleted user');

    // Her tickets stay for staff, without her name or address, and are found by neither.
    const tickets = await t.db
      .selectFrom('tickets')
      .select(['id', 'requester_name', 'requester_email', 'user_id', 'search_text'])
      .where('id', 'in', [ticketRefToId(fromAccount.ref)!, ticketRefToId(asVisitor.ref)!])
      .execute();
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ requester_name: 'Deleted user', requester_email: `deleted-${lena.id}@deleted.invalid`, user_id: lena.id });
      expect(ticket.search_text).not.toMatch(/lena/);
    }
    expect(tickets.map((x) => x.search_text).join(' ')).toContain('export to pdf cuts tables');
    const untouched = await t.db.selectFrom('tickets').select('requester_name').where('id', '=', ticketRefToId(someoneElse.ref)!).executeTakeFirstOrThrow();
    expect(untouched.requester_name).toBe('Other Customer');

    // The address is free again, and a new account with it does not inherit the old tickets.
    const again = await createUser(t.db, { email: 'lena@example.com', displayName: 'Lena Again', password: GOOD_PASSWORD });
    expect(await ticketsOf(t.db, again)).toEqual([]);

    // Nothing more happens to a deleted account.
    await expect(deleteUser(t.db, admin, lena.id, T0)).rejects.toThrow(ConflictError);
    await expect(changeUserRole(t.db, admin, lena.id, 'staff')).rejects.toThrow(ConflictError);
  });

  it('sends a deleted agent’s open tickets back to the queue, each an event; never your own account, never the last admin', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const agent = await makeUser(t.db, { role: 'staff' });
    const open = await makeTicket(t.db);
    const solved = await makeTicket(t.db);
    await t.db
      .updateTable('tickets')
      .set({ assignee_id: agent.id })
      .where('id', 'in', [ticketRefToId(open.ref)!, ticketRefToId(solved.ref)!])
      .execute();
    await t.db.updateTable('tickets').set({ status: 'solved' }).where('id', '=', ticketRefToId(solved.ref)!).execute();

    expect(await deleteUser(t.db, admin, agent.id, T0)).toEqual({ tickets: 0, unassigned: 1 });
    const rows = await t.db.selectFrom('tickets').select(['id', 'assignee_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: ticketRefToId(open.ref)!, assignee_id: null },
      { id: ticketRefToId(solved.ref)!, assignee_id: agent.id },
    ]);
    const events = await t.db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'actor_id', 'kind', 'from_value', 'to_value'])
      .where('kind', '=', 'assignee')
      .execute();
    expect(events).toEqual([{ ticket_id: ticketRefToId(open.ref)!, actor_id: admin.id, kind: 'assignee', from_value: String(agent.id), to_value: null }]);

    await expect(deleteUser(t.db, admin, admin.id, T0)).rejects.toThrow(/cannot delete your own account/);
    // Another admin may delete this one while two exist; then the survivor is the last.
    const second = await makeUser(t.db, { role: 'admin' });
    await deleteUser(t.db, second, admin.id, T0);
    await expect(changeUserRole(t.db, second, second.id, 'member')).rejects.toThrow(/only administrator/);
  });
});

describe('staff invitations', () => {
  it('email a one-time link that creates a verified staff account; used, wrong or withdrawn links are not found', async () => {
    const admin = await makeUser(t.db, { role: 'admin', displayName: 'Ada Admin' });
    await inviteStaff(t.db, site, admin, { email: '  Priya@Example.com ', role: 'staff' }, T0);
    const email = await t.db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'text_body'])
      .where('kind', '=', 'staff-invitation')
      .executeTakeFirstOrThrow();
    expect(email.to_address).toBe('priya@example.com');
    expect(email.subject).toBe('You are invited to join Fieldnote Support as staff');
    expect(email.text_body).toContain('Ada Admin invited you');
    expect(email.text_body).toContain('expires in 7 days');
    const token = await invitationToken(t.db, 'priya@example.com');
    // Only the hash is stored.
    expect(JSON.stringify(await t.db.selectFrom('staff_invitations').selectAll().execute())).not.toContain(token);

    expect(await invitationForToken(t.db, token, T0 + DAY)).toMatchObject({
      email: 'priya@example.com',
      role: 'staff',
      inviterName: 'Ada Admin',
      hasAccount: false,
    });
    const weak = acceptInvitationWithNewAccount(t.db, token, { displayName: 'Priya', password: 'short' }, T0 + DAY);
    await expect(weak).rejects.toThrow(ValidationError);
    // A refused password does not spend the link.
    const priya = await acceptInvitationWithNewAccount(t.db, token, { displayName: 'Priya Natarajan', password: GOOD_PASSWORD }, T0 + DAY);
    expect(priya).toMatchObject({ email: 'priya@example.com', displayName: 'Priya Natarajan', role: 'staff', emailVerified: true });
    expect((await signIn(t.db, 'priya@example.com', GOOD_PASSWORD, '10.0.0.3')).role).toBe('staff');
    const row = await t.db.selectFrom('staff_invitations').select(['accepted_at', 'accepted_by', 'invited_by']).executeTakeFirstOrThrow();
    expect(row).toEqual({ accepted_at: T0 + DAY, accepted_by: priya.id, invited_by: admin.id });

    // Reused, or a token nobody was sent: not found, and nothing created.
    await expect(invitationForToken(t.db, token, T0 + DAY)).rejects.toThrow(NotFoundError);
    await expect(acceptInvitationWithNewAccount(t.db, token, { displayName: 'Someone', password: GOOD_PASSWORD }, T0 + DAY)).rejects.toThrow(NotFoundError);
    await expect(invitationForToken(t.db, 'a'.repeat(32), T0)).rejects.toThrow(NotFoundError);
    expect(await pendingInvitations(t.db, admin, T0 + DAY)).toEqual([]);

    // Inviting again withdraws the earlier link; revoking withdraws the new one.
    await inviteStaff(t.db, site, admin, { email: 'sam@example.com', role: 'admin' }, T0);
    const first = await invitationToken(t.db, 'sam@example.com');
    await inviteStaff(t.db, site, admin, { email: 'sam@example.com', role: 'staff' }, T0 + 1);
    const second = await invitationToken(t.db, 'sam@example.com');
    await expect(invitationForToken(t.db, first, T0 + 2)).rejects.toThrow(NotFoundError);
    const [pending] = await pendingInvitations(t.db, admin, T0 + 2);
    expect(pending).toMatchObject({ email: 'sam@example.com', role: 'staff', invitedBy: 'Ada Admin', expiresAt: T0 + 1 + INVITATION_LIFETIME_MS });
    await revokeInvitation(t.db, admin, pending!.id, T0 + 3);
    await expect(invitationForToken(t.db, second, T0 + 4)).rejects.toThrow(NotFoundError);
    await expect(revokeInvitation(t.db, admin, pending!.id, T0 + 5)).rejects.toThrow(NotFoundError);
  });

  it('expire after 7 days', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    await inviteStaff(t.db, site, admin, { email: 'late@example.com', role: 'staff' }, T0);
    const token = await invitationToken(t.db, 'late@example.com');
    expect((await invitationForToken(t.db, token, T0 + INVITATION_LIFETIME_MS - 1)).email).toBe('late@example.com');
    await expect(invitationForToken(t.db, token, T0 + INVITATION_LIFETIME_MS)).rejects.toThrow(NotFoundError);
    await expect(
      acceptInvitationWithNewAccount(t.db, token, { displayName: 'Late Person', password: GOOD_PASSWORD }, T0 + INVITATION_LIFETIME_MS + 1),
    ).rejects.toThrow(NotFoundError);
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'late@example.com').execute()).toEqual([]);
  });

  it('raise the role of an existing account once its owner, signed in, accepts; another account cannot', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const jordan = await makeUser(t.db, { email: 'jordan@example.com', displayName: 'Jordan' });
    const stranger = await makeUser(t.db, { email: 'stranger@example.com' });
    await inviteStaff(t.db, site, admin, { email: 'jordan@example.com', role: 'staff' }, T0);
    const token = await invitationToken(t.db, 'jordan@example.com');
    expect(await invitationForToken(t.db, token, T0)).toMatchObject({ hasAccount: true });

    await expect(acceptInvitationWithNewAccount(t.db, token, { displayName: 'Jordan Two', password: GOOD_PASSWORD }, T0)).rejects.toThrow(ConflictError);
    await expect(acceptInvitationAsUser(t.db, token, null, T0)).rejects.toThrow(UnauthenticatedError);
    await expect(acceptInvitationAsUser(t.db, token, stranger, T0)).rejects.toThrow(/This invitation is for jordan@example.com/);
    expect((await acceptInvitationAsUser(t.db, token, jordan, T0)).role).toBe('staff');
    await expect(acceptInvitationAsUser(t.db, token, jordan, T0)).rejects.toThrow(NotFoundError);

    // An account that already has the role (or more) needs no invitation.
    await expect(inviteStaff(t.db, site, admin, { email: 'jordan@example.com', role: 'staff' }, T0)).rejects.toThrow(
      /already has an account with the staff role/,
    );
    await expect(inviteStaff(t.db, site, admin, { email: 'not-an-address', role: 'staff' }, T0)).rejects.toThrow(ValidationError);
  });
});
