// A failed email delivery never loses a ticket or a message: both are written
// first, the email waits in the outbox (same transaction) and is retried with
// backoff until the mail server takes it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailTransport, deliverDueEmails } from '@/server/email/delivery';
import { replyAsStaff, ticketConversation } from '@/server/tickets/conversation';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { createTestDb, type TestDb } from '../support/test-db';

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

describe('ticket email while the mail server is down', () => {
  it('keeps the ticket and the staff reply, and delivers both emails once the server is back', async () => {
    const transport = createEmailTransport({ smtpUrl: smtp.url, from: 'support@hearth.test' });
    smtp.refuse(true);
    const now = Date.now();
    const staff = await makeUser(t.db, { role: 'staff', displayName: 'Priya' });
    const { ref, accessKey } = await makeTicket(t.db, { email: 'jo@example.com', subject: 'Notes vanished after update' }, null, now);
    await replyAsStaff(t.db, site, ref, staff, { body: 'They are in Trash → Restore; I restored them for you.' }, now);

    expect((await deliverDueEmails(t.db, transport, now)).failed).toBe(2);
    const ticket = await t.db.selectFrom('tickets').select(['status', 'staff_reply_count']).where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ status: 'pending', staff_reply_count: 1 });
    const conversation = await ticketConversation(t.db, ref, { user: null, accessKey });
    expect(conversation.messages.map((m) => m.html)).toEqual([expect.stringContaining('Trash → Restore')]);
    const pending = await t.db.selectFrom('email_outbox').select(['status', 'attempts', 'next_attempt_at']).execute();
    expect(pending.map((p) => [p.status, p.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);

    smtp.refuse(false);
    const retryAt = Math.max(...pending.map((p) => p.next_attempt_at));
    expect(await deliverDueEmails(t.db, transport, retryAt)).toEqual({ delivered: 2, failed: 0 });
    const reply = await smtp.waitFor((m) => m.subject === `[${ref}] Re: Notes vanished after update`);
    expect(reply.text).toContain('Trash → Restore');
    expect(JSON.stringify(reply.to)).toContain('jo@example.com');
    transport.close();
  });
});
