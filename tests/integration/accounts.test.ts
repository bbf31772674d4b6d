import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { isResetTokenValid, requestPasswordReset, resetPasswordWithToken, RESET_TOKEN_LIFETIME_MS } from '@/server/accounts/password-reset';
import { passwordProblem, verifyPassword } from '@/server/accounts/passwords';
import {
  SESSION_LIFETIME_MS,
  createSession,
  generateSessionToken,
  invalidateSession,
  sessionIdFromToken,
  validateSessionToken,
} from '@/server/accounts/sessions';
import { changePassword, createUser, signIn, signUp } from '@/server/accounts/users';
import { ConflictError, RateLimitedError, ValidationError } from '@/server/errors';
import { createTestDb, type TestDb } from '../support/test-db';
import { GOOD_PASSWORD, makeUser, site } from '../support/factories';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const DAY = 24 * 60 * 60_000;

describe('passwords', () => {
  it('refuses short, long and common passwords and accepts a good one', () => {
    expect(passwordProblem('short1')).toMatch(/at least 8/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
    expect(passwordProblem('password123')).toMatch(/too common/);
    expect(passwordProblem('Iloveyou1')).toMatch(/too common/);
    expect(passwordProblem('lena.fischer', { email: 'lena.fischer@example.com' })).toMatch(/email/);
    expect(passwordProblem(GOOD_PASSWORD)).toBeNull();
  });

  it('stores an argon2id hash, never the password', async () => {
    const user = await makeUser(t.db, { email: 'hash@example.com' });
    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(GOOD_PASSWORD);
    expect(await verifyPassword(row.password_hash, GOOD_PASSWORD)).toBe(true);
    expect(await verifyPassword(row.password_hash, 'wrong password')).toBe(false);
  });
});

describe('sign-up', () => {
  it('creates an unverified member and writes the confirmation email to the outbox in the same transaction', async () => {
    await signUp(t.db, site, { email: '  New.Person@Example.com ', displayName: 'New Person', password: GOOD_PASSWORD }, '10.0.0.1');
    const user = await t.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'new.person@example.com', role: 'member', display_name: 'New Person', email_verified_at: null });
    const emails = await t.db.selectFrom('email_outbox').selectAll().execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: 'verify-email', to_address: 'new.person@example.com', status: 'pending' });
  });

  it('answers a known email (any case) like a new one: no second account, only a "someone tried" email, a few a day at most', async () => {
    await makeUser(t.db, { email: 'taken@example.com' });
    const now = Date.now();
    for (let i = 0; i < 4; i++) {
      await expect(
        signUp(t.db, site, { email: 'TAKEN@example.com', displayName: 'Someone', password: GOOD_PASSWORD }, `10.0.0.${i}`, now + i),
      ).resolves.toBeUndefined();
    }
    const emails = await t.db.selectFrom('email_outbox').select(['kind', 'to_address']).execute();
    expect(emails).toEqual(Array.from({ length: 3 }, () => ({ kind: 'sign-up-attempt', to_address: 'taken@example.com' })));
    expect(await t.db.selectFrom('users').selectAll().execute()).toHaveLength(1);
  });

  it('refuses a password that is too short on the password field', async () => {
    await expect(signUp(t.db, site, { email: 'a@example.com', displayName: 'A person', password: 'abc' }, '10.0.0.1')).rejects.toMatchObject({
      fields: { password: expect.stringMatching(/at least 8/) },
    });
  });

  it('refuses the slower of two accounts racing for one email on two connections with the usual message, not a driver error', async () => {
    // Sign-up checks inside a BEGIN IMMEDIATE transaction, so only createUser (user:create, the seed) can race a second process.
    const dir = mkdtempSync(join(tmpdir(), 'hearth-signup-race-'));
    const first = openDatabase(join(dir, 'hearth.db'));
    await migrateToLatest(first.db);
    const second = openDatabase(join(dir, 'hearth.db'));
    try {
      // The second connection's "is this email free?" read is held back until the first account exists,
      // so both pass the check and the unique index decides.
      let firstDone!: () => void;
      const firstCreated = new Promise<void>((resolve) => (firstDone = resolve));
      const emailChecks = new Set<unknown>();
      let held = false;
      const slow = second.db.withPlugin({
        transformQuery(args) {
          const node = args.node as { kind: string; from?: { froms: Array<{ table?: { identifier?: { name?: string } } }> } };
          if (node.kind === 'SelectQueryNode' && node.from?.froms[0]?.table?.identifier?.name === 'users') emailChecks.add(args.queryId);
          return args.node;
        },
        async transformResult(args) {
          if (!held && emailChecks.has(args.queryId)) {
            held = true;
            await firstCreated;
          }
          return args.result;
        },
      });
      const account = { email: 'race@example.com', displayName: 'Race', password: GOOD_PASSWORD };
      const late = createUser(slow, account);
      await expect.poll(() => held).toBe(true);
      const early = await createUser(first.db, account);
      firstDone();
      await expect(late).rejects.toThrow(new ConflictError('An account with this email already exists. Sign in, or reset your password if you forgot it.'));
      expect(await first.db.selectFrom('users').select('id').execute()).toEqual([{ id: early.id }]);
    } finally {
      await first.db.destroy();
      await second.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('limits sign-ups per IP address', async () => {
    for (let i = 0; i < 5; i++) {
      await signUp(t.db, site, { email: `burst${i}@example.com`, displayName: `Burst ${i}`, password: GOOD_PASSWORD }, '10.9.9.9');
    }
    await expect(signUp(t.db, site, { email: 'burst6@example.com', displayName: 'Burst 6', password: GOOD_PASSWORD }, '10.9.9.9')).rejects.toThrow(
      RateLimitedError,
    );
    await expect(signUp(t.db, site, { email: 'other@example.com', displayName: 'Other', password: GOOD_PASSWORD }, '10.1.1.1')).resolves.toBeUndefined();
  });
});

describe('sign-in and its rate limit', () => {
  it('accepts the right password and refuses a wrong one with one message for both unknown email and wrong password', async () => {
    await makeUser(t.db, { email: 'jo@example.com' });
    await expect(signIn(t.db, 'JO@example.com', GOOD_PASSWORD, '10.0.0.2')).resolves.toMatchObject({ email: 'jo@example.com' });
    const wrong = await signIn(t.db, 'jo@example.com', 'nope nope nope', '10.0.0.2').catch((e: unknown) => e);
    const unknown = await signIn(t.db, 'nobody@example.com', 'nope nope nope', '10.0.0.2').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it('locks an (account, address) pair after 5 failures in 15 minutes, even for the right password, and unlocks after the window', async () => {
    await makeUser(t.db, { email: 'target@example.com' });
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await expect(signIn(t.db, 'target@example.com', 'wrong guess!', '10.0.1.1', now + i)).rejects.toThrow(ValidationError);
    }
    // Even the right password is refused from that address while locked.
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.0.1.1', now + 10)).rejects.toThrow(RateLimitedError);
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.0.1.1', now + 10)).rejects.toThrow(/15 minutes/);
    await expect(signIn(t.db, 'target@example.com', GOOD_PASSWORD, '10.0.1.1', now + 15 * 60_000 + 10)).resolves.toBeTruthy();
  });

  it('limits failures per IP address across accounts', async () => {
    const now = Date.now();
    for (let i = 0; i < 20; i++) {
      await expect(signIn(t.db, `guess${i}@example.com`, 'wrong guess!', '10.7.7.7', now)).rejects.toThrow(ValidationError);
    }
    const user = await makeUser(t.db);
    await expect(signIn(t.db, user.email, GOOD_PASSWORD, '10.7.7.7', now)).rejects.toThrow(RateLimitedError);
    await expect(signIn(t.db, user.email, GOOD_PASSWORD, '10.7.7.8', now)).resolves.toBeTruthy();
  });
});

describe('sessions (Lucia design)', () => {
  it('stores only the SHA-256 of the token', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 random bytes in base32
    await createSession(t.db, token, user.id);
    const rows = await t.db.selectFrom('sessions').select('id').execute();
    expect(rows).toEqual([{ id: sessionIdFromToken(token) }]);
    expect(rows[0]!.id).not.toContain(token);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('validates a live session and rejects an unknown token', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    await createSession(t.db, token, user.id);
    expect((await validateSessionToken(t.db, token)).user?.id).toBe(user.id);
    expect((await validateSessionToken(t.db, generateSessionToken())).session).toBeNull();
  });

  it('rejects and deletes an expired session', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    const now = Date.now();
    await createSession(t.db, token, user.id, now);
    expect((await validateSessionToken(t.db, token, now + SESSION_LIFETIME_MS)).session).toBeNull();
    expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('extends a session once half its lifetime is spent, not before', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    const now = Date.now();
    await createSession(t.db, token, user.id, now);
    const early = await validateSessionToken(t.db, token, now + 14 * DAY);
    expect(early.session?.renewed).toBe(false);
    const late = await validateSessionToken(t.db, token, now + 16 * DAY);
    expect(late.session?.renewed).toBe(true);
    expect(late.session?.expiresAt).toBe(now + 16 * DAY + SESSION_LIFETIME_MS);
  });

  it('rejects a signed-out session', async () => {
    const user = await makeUser(t.db);
    const token = generateSessionToken();
    const session = await createSession(t.db, token, user.id);
    await invalidateSession(t.db, session.id);
    expect((await validateSessionToken(t.db, token)).session).toBeNull();
  });

  it('changing the password ends every other session but keeps the current one', async () => {
    const user = await makeUser(t.db);
    const current = generateSessionToken();
    const other = generateSessionToken();
    const currentSession = await createSession(t.db, current, user.id);
    await createSession(t.db, other, user.id);
    await expect(changePassword(t.db, site, user.id, 'not my password', 'a brand new secret', currentSession.id)).rejects.toMatchObject({
      fields: { currentPassword: expect.any(String) },
    });
    await changePassword(t.db, site, user.id, GOOD_PASSWORD, 'a brand new secret', currentSession.id);
    expect((await validateSessionToken(t.db, current)).session).not.toBeNull();
    expect((await validateSessionToken(t.db, other)).session).toBeNull();
    await expect(signIn(t.db, user.email, 'a brand new secret', '10.0.0.3')).resolves.toBeTruthy();
    const kinds = (await t.db.selectFrom('email_outbox').select('kind').execute()).map((e) => e.kind);
    expect(kinds).toEqual(['password-changed']);
  });
});

describe('password reset', () => {
  async function tokenFromOutbox(): Promise<string> {
    const email = await t.db.selectFrom('email_outbox').selectAll().where('kind', '=', 'password-reset').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const match = /\/reset-password\/([a-z2-7]+)/.exec(email.text_body);
    return match![1]!;
  }

  it('emails a one-time link that expires, stores only its hash, and ends every session when used', async () => {
    const user = await makeUser(t.db, { email: 'forgetful@example.com' });
    const token = generateSessionToken();
    await createSession(t.db, token, user.id);
    const now = Date.now();
    await requestPasswordReset(t.db, site, 'Forgetful@example.com', '10.0.0.4', now);
    const resetToken = await tokenFromOutbox();
    const stored = await t.db.selectFrom('password_reset_tokens').select('id').execute();
    expect(stored).toEqual([{ id: sessionIdFromToken(resetToken) }]);

    expect(await isResetTokenValid(t.db, resetToken, now + RESET_TOKEN_LIFETIME_MS + 1)).toBe(false);
    await expect(resetPasswordWithToken(t.db, site, resetToken, 'short', now)).rejects.toMatchObject({ fields: { newPassword: expect.any(String) } });
    // A rejected password does not spend the link.
    expect(await isResetTokenValid(t.db, resetToken, now)).toBe(true);
    await resetPasswordWithToken(t.db, site, resetToken, 'my new long password', now);
    expect((await validateSessionToken(t.db, token)).session).toBeNull();
    await expect(resetPasswordWithToken(t.db, site, resetToken, 'another new password', now)).rejects.toThrow(/expired or was already used/);
    await expect(signIn(t.db, 'forgetful@example.com', 'my new long password', '10.0.0.4')).resolves.toBeTruthy();
  });

  it('refuses an expired link', async () => {
    await makeUser(t.db, { email: 'late@example.com' });
    const now = Date.now();
    await requestPasswordReset(t.db, site, 'late@example.com', '10.0.0.5', now);
    const resetToken = await tokenFromOutbox();
    await expect(resetPasswordWithToken(t.db, site, resetToken, 'my new long password', now + RESET_TOKEN_LIFETIME_MS)).rejects.toThrow(ValidationError);
  });

  it('says nothing about unknown addresses and sends them nothing', async () => {
    await expect(requestPasswordReset(t.db, site, 'ghost@example.com', '10.0.0.6')).resolves.toBeUndefined();
    expect(await t.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
  });
});
