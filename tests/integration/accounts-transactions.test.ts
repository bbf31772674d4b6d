// The process shares ONE database connection between requests and workers, so
// a transaction holds it for everyone. Password hashing and verification
// (argon2, tens of milliseconds of CPU) must therefore never happen while a
// transaction is open. The hashing functions are wrapped to record when they
// run; the database's log records every BEGIN and COMMIT.
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, type DB } from '@db/connection';
import { requestPasswordReset, resetPasswordWithToken } from '@/server/accounts/password-reset';
import { createSession, generateSessionToken } from '@/server/accounts/sessions';
import { changePassword, createUser, signIn, signUp } from '@/server/accounts/users';
import { seedPeople } from '@db/seed/index';
import { createTestDb, type TestDb } from '../support/test-db';
import { GOOD_PASSWORD, site } from '../support/factories';

const trace: string[] = [];

vi.mock('@/server/accounts/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/server/accounts/passwords')>();
  const traced =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      trace.push(`${name}:start`);
      try {
        return await fn(...args);
      } finally {
        trace.push(`${name}:end`);
      }
    };
  return { ...original, hashPassword: traced('hash', original.hashPassword), verifyPassword: traced('verify', original.verifyPassword) };
});

let t: TestDb;
let db: DB;
beforeEach(async () => {
  t = await createTestDb();
  db = createDb(t.sqlite, {
    log: (event) => {
      const statement = event.query.sql.trim().toLowerCase();
      if (/^(begin|commit|rollback)/.test(statement)) trace.push(statement);
    },
  });
  trace.length = 0;
});
afterEach(async () => t.close());

/** The argon2 calls made while a transaction was open. */
function cpuWorkInsideTransactions(): string[] {
  const inside: string[] = [];
  let open = false;
  for (const entry of trace) {
    if (entry.startsWith('begin')) open = true;
    else if (entry === 'commit' || entry === 'rollback') open = false;
    else if (open) inside.push(entry);
  }
  return inside;
}

describe('no password hashing inside a transaction', () => {
  it('sign-up hashes the password before its transaction opens', async () => {
    await signUp(db, site, { email: 'new@example.com', displayName: 'New Person', password: GOOD_PASSWORD }, '10.0.0.1');
    expect(trace).toContain('hash:start');
    expect(trace.filter((e) => e.startsWith('begin'))).toHaveLength(1);
    expect(cpuWorkInsideTransactions()).toEqual([]);
  });

  it('a sign-up with a known email hashes too (same timing), outside its transaction, and creates no account', async () => {
    await createUser(db, { email: 'taken@example.com', displayName: 'Taken', password: GOOD_PASSWORD });
    const hashesBefore = trace.filter((e) => e === 'hash:start').length;
    await expect(signUp(db, site, { email: 'taken@example.com', displayName: 'Other', password: GOOD_PASSWORD }, '10.0.0.1')).resolves.toBeUndefined();
    expect(trace.filter((e) => e === 'hash:start')).toHaveLength(hashesBefore + 1);
    expect(cpuWorkInsideTransactions()).toEqual([]);
    expect(await db.selectFrom('email_outbox').select('kind').execute()).toEqual([{ kind: 'sign-up-attempt' }]);
    expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: 'taken@example.com' }]);
  });

  it('password change, reset and sign-in verify and hash outside transactions', async () => {
    const user = await createUser(db, { email: 'lena@example.com', displayName: 'Lena', password: GOOD_PASSWORD });
    const token = generateSessionToken();
    const session = await createSession(db, token, user.id);
    await changePassword(db, site, user.id, GOOD_PASSWORD, 'another good passphrase', session.id);
    await signIn(db, 'lena@example.com', 'wrong password here', '10.0.0.2').catch(() => undefined);
    await signIn(db, 'lena@example.com', 'another good passphrase', '10.0.0.2');
    await requestPasswordReset(db, site, 'lena@example.com', '10.0.0.2');
    const email = await db.selectFrom('email_outbox').select('text_body').where('kind', '=', 'password-reset').executeTakeFirstOrThrow();
    const resetToken = /reset-password\/([a-z2-7]+)/.exec(email.text_body)![1]!;
    await resetPasswordWithToken(db, site, resetToken, 'a third good passphrase');
    expect(trace.filter((e) => e === 'hash:start')).toHaveLength(3);
    expect(trace.filter((e) => e === 'verify:start').length).toBeGreaterThanOrEqual(3);
    expect(trace.filter((e) => e.startsWith('begin')).length).toBeGreaterThanOrEqual(3);
    expect(cpuWorkInsideTransactions()).toEqual([]);
  });

  it("the demo seed's people step hashes outside transactions", async () => {
    const sqlite = new SQLite(t.sqlite.serialize());
    const seedDb = createDb(sqlite, {
      log: (event) => void (/^(begin|commit|rollback)/i.test(event.query.sql.trim()) && trace.push(event.query.sql.trim().toLowerCase())),
    });
    const created = await seedPeople(seedDb, Date.now());
    expect(created).toBeGreaterThan(40);
    expect(cpuWorkInsideTransactions()).toEqual([]);
    await seedDb.destroy();
  });
});
