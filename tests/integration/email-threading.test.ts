// Outgoing threading (issue 12): every ticket email, delivered through real
// SMTP, says Reply-To the ticket's signed reply address, has a Message-ID of
// its own (kept on the message it carries) and refers to the thread's earlier
// emails; the signing secret is generated once and kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailTransport, deliverDueEmails } from '@/server/email/delivery';
import { parseReplyAddress, replyAddressFor, signingSecret } from '@/server/email/reply-address';
import { replyAsStaff } from '@/server/tickets/conversation';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let smtp: TestSmtp;
beforeEach(async () => {
  t = await createTestDb();
  smtp = await startTestSmtp();
});
afterEach(async () => {
  await smtp.close();
  await t.close();
});

describe('outgoing ticket email threading', () => {
  it('threads the confirmation and the replies: Reply-To, Message-ID, In-Reply-To and References', async () => {
    const staff = await makeUser(t.db, { role: 'staff', displayName: 'Ada' });
    const { ref } = await makeTicket(t.db, { email: 'dana@example.com' });
    await replyAsStaff(t.db, site, ref, staff, { body: 'Which calendar is it?' });
    await replyAsStaff(t.db, site, ref, staff, { body: 'Internal: check CAL-403 logs.', internal: true });
    await replyAsStaff(t.db, site, ref, staff, { body: 'Reconnect with admin consent, please.' });
    const transport = createEmailTransport({ smtpUrl: smtp.url, from: 'Fieldnote Support <support@fieldnote.example>' });
    try {
      expect(await deliverDueEmails(t.db, transport)).toEqual({ delivered: 3, failed: 0 });
    } finally {
      transport.close();
    }
    const replyAddress = await replyAddressFor(t.db, ref);
    expect(await parseReplyAddress(t.db, replyAddress)).toBe(ref);
    const mails = smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === 'dana@example.com');
    expect(mails).toHaveLength(3);
    for (const mail of mails) expect(mail.replyTo?.text).toBe(replyAddress);
    const [confirmation, first, second] = mails;
    expect(confirmation!.inReplyTo).toBeUndefined();
    const staffMessages = await t.db
      .selectFrom('ticket_messages')
      .select(['email_message_id', 'visibility'])
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .orderBy('id')
      .execute();
    expect(staffMessages.map((m) => m.visibility)).toEqual(['public', 'internal', 'public']);
    expect(staffMessages[1]!.email_message_id).toBeNull();
    expect(first!.messageId).toBe(staffMessages[0]!.email_message_id);
    expect(first!.messageId).toMatch(new RegExp(`^<ticket-${ref}-m\\d+-[a-z0-9]+@fieldnote\\.example>$`));
    expect(second!.messageId).toBe(staffMessages[2]!.email_message_id);
    expect(second!.inReplyTo).toBe(first!.messageId);
    expect(second!.references).toBe(first!.messageId);
    // Every public reply carries its own rating links.
    for (const mail of [first, second]) expect(mail!.text).toContain('How did we do?');
  });

  it('generates the signing secret once and keeps it', async () => {
    const a = await signingSecret(t.db, { supportAddress: 'support@fieldnote.example', replyDomain: 'fieldnote.example' });
    const rows = await t.db.selectFrom('secrets').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBe(a);
    expect(a.length).toBeGreaterThanOrEqual(32);
    const configured = { supportAddress: 'support@fieldnote.example', replyDomain: 'fieldnote.example', signingSecret: 'configured-secret-0123456789' };
    const signed = await replyAddressFor(t.db, 'FN-1042', configured);
    expect(signed).toMatch(/^support\+FN-1042\.[0-9a-f]{16}@fieldnote\.example$/);
    expect(await parseReplyAddress(t.db, signed, configured)).toBe('FN-1042');
    expect(await parseReplyAddress(t.db, signed)).toBeUndefined();
    expect(await parseReplyAddress(t.db, signed.replace('FN-1042', 'FN-1043'), configured)).toBeUndefined();
  });
});
