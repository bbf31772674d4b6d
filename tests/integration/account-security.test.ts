// Issue 9 items 5, 6 and 10: sign-in locks per (account, address) with a
// slower per-account limit the owner gets past with an emailed one-time link;
// current-password guessing on /account is limited; sign-up proves the address
// before the account may post, vote or see tickets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionIdFromToken, validateSessionToken, createSession, generateSessionToken } from '@/server/accounts/sessions';
import { deleteExpiredAccountTokens, requestSignInLink, resendVerificationEmail, signInWithLink, verifyEmailWithToken } from '@/server/accounts/email-links';
import { requestPasswordReset, resetPasswordWithToken } from '@/server/accounts/password-reset';
import { changePassword, getUser, signIn, signUp } from '@/server/accounts/users';
import { askQuestion } from '@/server/community/questions';
import { ForbiddenError, RateLimitedError, ValidationError } from '@/server/errors';
import { getTicketForViewer } from '@/server/tickets/tickets';
import { GOOD_PASSWORD, makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const MINUTE = 60_000;
const question = {
  title: 'Calendar events arrive an hour late',
  body: 'After reconnecting my calendar, new events show up about an hour late.',
  tags: ['calendar-sync'],
};

async function linkFromOutbox(kind: string, path: string): Promise<string> {
  const email = await t.db.selectFrom('email_outbox').selectAll().where('kind', '=', kind).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const match = new RegExp(`${path}/([a-z2-7]+)`).exec(email.text_body);
  if (!match) throw new Error(`No ${path} link in: ${email.text_body}`);
  return match[1]!;
}

describe('sign-in lockout (item 5)', () => {
  it('locks only the (account, address) pair after 5 failures: the owner signs in from another address', async () => {
    await makeUser(t.db, { email: 'target@example.com' });
    const now = Date.now();
    for (let i = 0; i < 5; i++) await expect(signIn(t.db, 'target@example.com', 'wrong guess!', '10.6.6.6', now + i)).rejects.toThrow(ValidationError);
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.6.6.6', now + 10)).rejects.toThrow(RateLimitedError);
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.2.2.2', now + 10)).resolves.toMatchObject({ email: 'target@example.com' });
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.6.6.6', now + 15 * MINUTE + 10)).resolves.toBeTruthy();
  });

  it('locks the account after 50 failures a day from many addresses; the owner gets in once with an emailed one-time link', async () => {
    const user = await makeUser(t.db, { email: 'popular@example.com' });
    const now = Date.now();
    for (let i = 0; i < 50; i++)
      await expect(signIn(t.db, 'popular@example.com', 'wrong guess!', `10.8.${Math.floor(i / 4)}.${i % 4}`, now + i)).rejects.toThrow(ValidationError);
    const locked = await signIn(t.db, 'popular@example.com', GOOD_PASSWORD, '10.3.3.3', now + 100).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as Error).message).toMatch(/sign-in link/);

    await requestSignInLink(t.db, site, 'Popular@example.com', '10.3.3.3', now + 200);
    const token = await linkFromOutbox('sign-in-link', '/signin/link');
    const stored = await t.db.selectFrom('account_tokens').select(['id', 'purpose']).execute();
    expect(stored).toEqual([{ id: sessionIdFromToken(token), purpose: 'sign-in' }]);
    await expect(signInWithLink(t.db, token, now + 300)).resolves.toMatchObject({ id: user.id });
    await expect(signInWithLink(t.db, token, now + 400)).rejects.toThrow(/expired or was already used/);
  });

  it('expires a sign-in link after 15 minutes and says nothing about unknown addresses', async () => {
    await makeUser(t.db, { email: 'slow@example.com' });
    const now = Date.now();
    await requestSignInLink(t.db, site, 'slow@example.com', '10.3.3.4', now);
    const token = await linkFromOutbox('sign-in-link', '/signin/link');
    await expect(signInWithLink(t.db, token, now + 15 * MINUTE)).rejects.toThrow(ValidationError);
    await expect(requestSignInLink(t.db, site, 'ghost@example.com', '10.3.3.4', now)).resolves.toBeUndefined();
    expect(await t.db.selectFrom('email_outbox').select('to_address').execute()).toEqual([{ to_address: 'slow@example.com' }]);
  });

  it('housekeeping deletes expired links and keeps live ones', async () => {
    await makeUser(t.db, { email: 'old@example.com' });
    const now = Date.now();
    await requestSignInLink(t.db, site, 'old@example.com', '10.3.3.5', now - 20 * MINUTE);
    await signUp(t.db, site, { email: 'live@example.com', displayName: 'Live', password: GOOD_PASSWORD }, '10.3.3.5', now);
    expect(await deleteExpiredAccountTokens(t.db, now)).toBe(1);
    expect(await t.db.selectFrom('account_tokens').select('purpose').execute()).toEqual([{ purpose: 'verify-email' }]);
  });

  it('limits sign-in link emails per address so they cannot flood a mailbox', async () => {
    await makeUser(t.db, { email: 'flood@example.com' });
    const now = Date.now();
    for (let i = 0; i < 3; i++) await requestSignInLink(t.db, site, 'flood@example.com', `10.4.4.${i}`, now + i);
    await expect(requestSignInLink(t.db, site, 'flood@example.com', '10.4.4.9', now + 10)).rejects.toThrow(RateLimitedError);
    expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(3);
  });
});

describe('current password on /account (item 6)', () => {
  it('refuses the 6th wrong current password in 15 minutes with a clear message, even before checking it', async () => {
    const user = await makeUser(t.db);
    const session = await createSession(t.db, generateSessionToken(), user.id);
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await expect(changePassword(t.db, site, user.id, `wrong guess ${i}`, 'a brand new secret', session.id, now + i)).rejects.toMatchObject({
        fields: { currentPassword: expect.any(String) },
      });
    }
    const refused = await changePassword(t.db, site, user.id, GOOD_PASSWORD, 'a brand new secret', session.id, now + 10).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as Error).message).toMatch(/current password.*15 minutes/);
    await expect(changePassword(t.db, site, user.id, GOOD_PASSWORD, 'a brand new secret', session.id, now + 15 * MINUTE + 10)).resolves.toBeUndefined();
  });
});

describe('sign-up proves the address first (item 10)', () => {
  it('answers alike for a new and a known address: no session, a verification email or a "someone tried" email', async () => {
    await makeUser(t.db, { email: 'taken@example.com' });
    await expect(signUp(t.db, site, { email: 'New@Example.com', displayName: 'New Person', password: GOOD_PASSWORD }, '10.0.0.1')).resolves.toBeUndefined();
    await expect(
      signUp(t.db, site, { email: 'TAKEN@example.com', displayName: 'Mallory Typed This', password: GOOD_PASSWORD }, '10.0.0.1'),
    ).resolves.toBeUndefined();
    const users = await t.db.selectFrom('users').select(['email', 'email_verified_at']).orderBy('id').execute();
    expect(users).toEqual([
      { email: 'taken@example.com', email_verified_at: expect.any(Number) },
      { email: 'new@example.com', email_verified_at: null },
    ]);
    const emails = await t.db.selectFrom('email_outbox').select(['kind', 'to_address']).orderBy('id').execute();
    expect(emails).toEqual([
      { kind: 'verify-email', to_address: 'new@example.com' },
      { kind: 'sign-up-attempt', to_address: 'taken@example.com' },
    ]);
    const attempt = await t.db.selectFrom('email_outbox').select('text_body').where('kind', '=', 'sign-up-attempt').executeTakeFirstOrThrow();
    expect(attempt.text_body).toContain(`${site.siteUrl}/reset-password`);
    expect(attempt.text_body).not.toContain('Mallory');
  });

  it('still refuses a bad password on the password field, for new and known addresses alike', async () => {
    await makeUser(t.db, { email: 'taken@example.com' });
    for (const email of ['fresh@example.com', 'taken@example.com']) {
      await expect(signUp(t.db, site, { email, displayName: 'A person', password: 'abc' }, '10.0.0.1')).rejects.toMatchObject({
        fields: { password: expect.stringMatching(/at least 8/) },
      });
    }
    expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(0);
  });

  it('refuses an unverified member posting until the emailed link is used, once', async () => {
    await signUp(t.db, site, { email: 'robin@example.com', displayName: 'Robin Hale', password: GOOD_PASSWORD }, '10.0.0.1');
    const member = await signIn(t.db, 'robin@example.com', GOOD_PASSWORD, '10.0.0.1');
    expect(member.emailVerified).toBe(false);
    const refused = await askQuestion(t.db, member, question).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as Error).message).toMatch(/confirm your email/i);
    expect(await t.db.selectFrom('questions').select('id').execute()).toHaveLength(0);

    const token = await linkFromOutbox('verify-email', '/verify');
    await expect(verifyEmailWithToken(t.db, token)).resolves.toMatchObject({ id: member.id, emailVerified: true });
    await expect(verifyEmailWithToken(t.db, token)).rejects.toThrow(/expired or was already used/);
    await expect(askQuestion(t.db, await getUser(t.db, member.id), question)).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('resends the verification link a few times an hour, and not to a verified account', async () => {
    await signUp(t.db, site, { email: 'again@example.com', displayName: 'Again', password: GOOD_PASSWORD }, '10.0.0.1');
    const user = await signIn(t.db, 'again@example.com', GOOD_PASSWORD, '10.0.0.1');
    const now = Date.now();
    await resendVerificationEmail(t.db, site, user.id, now);
    await resendVerificationEmail(t.db, site, user.id, now + 1);
    await expect(resendVerificationEmail(t.db, site, user.id, now + 2)).rejects.toThrow(RateLimitedError);
    // Only the newest link works.
    const tokens = await t.db.selectFrom('account_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(tokens).toHaveLength(1);
    await verifyEmailWithToken(t.db, await linkFromOutbox('verify-email', '/verify'));
    await expect(resendVerificationEmail(t.db, site, user.id, now + 60 * MINUTE)).rejects.toThrow(/already confirmed/);
  });

  it('a password reset or a sign-in link proves the address too', async () => {
    await signUp(t.db, site, { email: 'forgot@example.com', displayName: 'Forgot', password: GOOD_PASSWORD }, '10.0.0.1');
    await requestPasswordReset(t.db, site, 'forgot@example.com', '10.0.0.1');
    const userId = await resetPasswordWithToken(t.db, site, await linkFromOutbox('password-reset', '/reset-password'), 'my new long password');
    expect((await getUser(t.db, userId)).emailVerified).toBe(true);

    await signUp(t.db, site, { email: 'linked@example.com', displayName: 'Linked', password: GOOD_PASSWORD }, '10.0.0.2');
    await requestSignInLink(t.db, site, 'linked@example.com', '10.0.0.2');
    await expect(signInWithLink(t.db, await linkFromOutbox('sign-in-link', '/signin/link'))).resolves.toMatchObject({ emailVerified: true });
  });

  it('does not attach a ticket to an unverified account, nor show it to that account', async () => {
    await signUp(t.db, site, { email: 'claims@example.com', displayName: 'Claimant', password: GOOD_PASSWORD }, '10.0.0.1');
    const unverified = await signIn(t.db, 'claims@example.com', GOOD_PASSWORD, '10.0.0.1');
    const { ref } = await makeTicket(t.db, {}, unverified);
    const row = await t.db.selectFrom('tickets').select('user_id').executeTakeFirstOrThrow();
    expect(row.user_id).toBeNull();
    await expect(getTicketForViewer(t.db, ref, { user: unverified, accessKey: null })).rejects.toThrow();

    const verified = await makeUser(t.db);
    const own = await makeTicket(t.db, {}, verified);
    await expect(getTicketForViewer(t.db, own.ref, { user: verified, accessKey: null })).resolves.toMatchObject({ ref: own.ref });
  });

  it('keeps sessions telling whether the address is proven', async () => {
    const verified = await makeUser(t.db);
    const token = generateSessionToken();
    await createSession(t.db, token, verified.id);
    expect((await validateSessionToken(t.db, token)).user).toMatchObject({ id: verified.id, emailVerified: true });
  });
});
