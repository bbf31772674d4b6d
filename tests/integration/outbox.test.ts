import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailTransport, deliverDueEmails } from '@/server/email/delivery';
import { MAX_EMAIL_ATTEMPTS, emailBackoffMs, enqueueEmail } from '@/server/email/outbox';
import { signUp } from '@/server/accounts/users';
import { createTestDb, type TestDb } from '../support/test-db';
import { GOOD_PASSWORD, site } from '../support/factories';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

let t: TestDb;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => smtp.close());
beforeEach(async () => {
  t = await createTestDb();
  smtp.refuse(false);
});
afterEach(async () => t.close());

const message = {
  kind: 'test',
  to: 'reader@example.com',
  subject: 'Hello from the outbox',
  text: 'Line one\nhttp://hearth.test/a-long-link-that-must-survive-encoding/abcdefghijklmnopqrstuvwxyz0123456789',
};

describe('email outbox', () => {
  it('delivers through a real SMTP server and marks the row sent', async () => {
    await enqueueEmail(t.db, message);
    const transport = createEmailTransport({ smtpUrl: smtp.url, from: 'Support <support@hearth.test>' });
    expect(await deliverDueEmails(t.db, transport)).toEqual({ delivered: 1, failed: 0 });
    const mail = await smtp.waitFor((m) => m.subject === 'Hello from the outbox');
    expect(mail.text).toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(mail.from?.text).toContain('support@hearth.test');
    const row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // Sent once only.
    expect(await deliverDueEmails(t.db, transport)).toEqual({ delivered: 0, failed: 0 });
    transport.close();
  });

  it('retries with backoff while the SMTP server refuses, then delivers', async () => {
    await enqueueEmail(t.db, { ...message, subject: 'Retry me' });
    const transport = createEmailTransport({ smtpUrl: smtp.url, from: 'support@hearth.test' });
    smtp.refuse(true);
    const now = Date.now();
    expect(await deliverDueEmails(t.db, transport, now)).toEqual({ delivered: 0, failed: 1 });
    let row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/451|unavailable/i);
    expect(row.next_attempt_at).toBeGreaterThanOrEqual(now + emailBackoffMs(1) - 1000);
    // Not due yet: nothing is attempted.
    expect(await deliverDueEmails(t.db, transport, now + 1000)).toEqual({ delivered: 0, failed: 0 });
    smtp.refuse(false);
    expect(await deliverDueEmails(t.db, transport, row.next_attempt_at)).toEqual({ delivered: 1, failed: 0 });
    row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    await smtp.waitFor((m) => m.subject === 'Retry me');
    transport.close();
  });

  it('gives up after the last attempt and keeps the error', async () => {
    await enqueueEmail(t.db, { ...message, subject: 'Doomed' });
    await t.db
      .updateTable('email_outbox')
      .set({ attempts: MAX_EMAIL_ATTEMPTS - 1 })
      .execute();
    const transport = createEmailTransport({ smtpUrl: 'smtp://127.0.0.1:1', from: 'support@hearth.test' });
    await deliverDueEmails(t.db, transport);
    const row = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toBeTruthy();
  });

  it('without SMTP_URL prints the email to the log and marks it logged', async () => {
    await enqueueEmail(t.db, message);
    const lines: string[] = [];
    const transport = createEmailTransport({ smtpUrl: undefined, from: 'x', log: (l) => lines.push(l) });
    await deliverDueEmails(t.db, transport);
    expect(lines.join('\n')).toContain('to=reader@example.com');
    expect(lines.join('\n')).toContain('Line one');
    expect((await t.db.selectFrom('email_outbox').select('status').executeTakeFirstOrThrow()).status).toBe('logged');
  });

  it('a change that fails leaves no email behind (same transaction)', async () => {
    // Sign-up writes the account, then its confirmation email, then a rate-limit event: make that last write fail.
    await sql`create temp trigger refuse_verify_attempts before insert on rate_limit_events when new.bucket = 'verify-email:account' begin select raise(abort, 'refused for the test'); end`.execute(
      t.db,
    );
    await expect(signUp(t.db, site, { email: 'dup@example.com', displayName: 'First', password: GOOD_PASSWORD }, '10.0.0.1')).rejects.toThrow(
      /refused for the test/,
    );
    expect(await t.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom('users').selectAll().execute()).toHaveLength(0);
  });
});
