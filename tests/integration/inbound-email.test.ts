// Inbound email (issue 12): real messages delivered with nodemailer to the SMTP
// listener on a random port. A reply lands on its ticket with the quote
// stripped; strangers are quarantined; auto-replies ignored; a message is taken
// once; a plain email starts a ticket (confirmed only when authenticated); a
// reply reopens a solved ticket; oversized mail is refused with 552; a forged
// reply address matches nothing; In-Reply-To finds the ticket too.
import nodemailer from 'nodemailer';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailauthAuthenticator, pruneInboundEmails, type Authenticator, type AuthVerdict, type InboundOutcome } from '@/server/email/inbound';
import { startInboundSmtp, type InboundSmtp } from '@/server/email/inbound-smtp';
import { parseReplyAddress, replyAddressFor } from '@/server/email/reply-address';
import { replyAsStaff } from '@/server/tickets/conversation';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let smtp: InboundSmtp;
let outcomes: InboundOutcome[];
let verdict: AuthVerdict;
const MAX = 64 * 1024;

async function listen(authenticate: Authenticator = async () => verdict) {
  outcomes = [];
  smtp = await startInboundSmtp(t.db, site, { port: 0, host: '127.0.0.1', maxBytes: MAX, authenticate, log: () => {}, onReceived: (o) => outcomes.push(o) });
}

beforeEach(async () => {
  t = await createTestDb();
  verdict = { authenticated: true, results: { dmarc: 'pass' } };
  await listen();
});
afterEach(async () => {
  await smtp.close();
  await t.close();
});

let counter = 0;
async function deliver(message: {
  from: string;
  to: string;
  subject?: string;
  text: string;
  headers?: Record<string, string>;
  inReplyTo?: string;
  messageId?: string;
  attachments?: { filename: string; content: Buffer }[];
}) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  try {
    const before = outcomes.length;
    await transport.sendMail({
      subject: 'Re: Calendar sync fails with CAL-403',
      messageId: `<m${++counter}.${Date.now()}@mail.example.com>`,
      ...message,
    });
    expect(outcomes.length).toBe(before + 1);
    return outcomes[outcomes.length - 1]!;
  } finally {
    transport.close();
  }
}

async function messagesOf(ref: string) {
  return t.db
    .selectFrom('ticket_messages')
    .select(['body_source', 'author_role', 'channel', 'inbound_email_id', 'email_message_id'])
    .where('ticket_id', '=', ticketRefToId(ref)!)
    .orderBy('id')
    .execute();
}
async function ticketRow(ref: string) {
  return t.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
}
async function outbox() {
  return t.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
}

const QUOTED = [
  'Thanks, reconnecting with admin consent fixed it!',
  '',
  'On Mon, 23 Nov 2026 at 10:00, Fieldnote Support <support@fieldnote.example> wrote:',
  '> Hi, please reconnect the calendar with admin consent.',
  '> — Ada, Fieldnote Support',
].join('\n');

describe('inbound email over SMTP', () => {
  it('appends a reply to the ticket of its reply address, the quote stripped, and a reply reopens a solved ticket', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, input } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Please reconnect the calendar with admin consent.', status: 'solved' });
    expect((await ticketRow(ref)).status).toBe('solved');
    const toRequesterBefore = (await outbox()).filter((e) => e.to_address === input.email).length;
    const outcome = await deliver({ from: `Customer <${input.email.toUpperCase()}>`, to: await replyAddressFor(t.db, ref), text: QUOTED });
    expect(outcome).toMatchObject({ status: 'appended', ticketId: ticketRefToId(ref) });
    const last = (await messagesOf(ref)).at(-1)!;
    expect(last).toMatchObject({ author_role: 'requester', channel: 'email', body_source: 'Thanks, reconnecting with admin consent fixed it!' });
    expect(last.inbound_email_id).toBe(outcome.status === 'appended' ? outcome.inboundEmailId : -1);
    expect((await ticketRow(ref)).status).toBe('open');
    // The raw message is kept, quote and all.
    const stored = await t.db.selectFrom('inbound_emails').selectAll().executeTakeFirstOrThrow();
    expect(Buffer.from(stored.raw).toString('utf8')).toContain('> Hi, please reconnect');
    // No email went back to the requester for their own reply.
    expect((await outbox()).filter((e) => e.to_address === input.email)).toHaveLength(toRequesterBefore);
  });

  it('stores the files of a reply on its message, and notes a file type it refuses', async () => {
    const { ref, input } = await makeTicket(t.db);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const outcome = await deliver({
      from: input.email,
      to: await replyAddressFor(t.db, ref),
      text: 'Here is a screenshot.',
      attachments: [
        { filename: 'screen.png', content: png },
        { filename: 'tool.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0, 0, 0xb8, 0]) },
      ],
    });
    expect(outcome.status).toBe('appended');
    expect(outcome.status === 'appended' && outcome.reason).toContain('tool.exe');
    const message = await t.db
      .selectFrom('ticket_messages')
      .select('id')
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const files = await t.db.selectFrom('attachments').select(['original_name', 'content_type', 'ticket_message_id', 'width']).execute();
    expect(files).toEqual([{ original_name: 'screen.png', content_type: 'image/png', ticket_message_id: message.id, width: 40 }]);
  });

  it('matches a reply by In-Reply-To to the Message-ID of our reply email', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, input } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Which calendar provider is it?' });
    const sent = (await outbox()).find((e) => e.kind === 'ticket-reply')!;
    const headers = JSON.parse(sent.headers!) as { messageId: string; replyTo: string };
    expect((await messagesOf(ref)).find((m) => m.author_role === 'staff')!.email_message_id).toBe(headers.messageId);
    expect(await parseReplyAddress(t.db, headers.replyTo)).toBe(ref);
    const outcome = await deliver({ from: input.email, to: 'support@fieldnote.example', inReplyTo: headers.messageId, text: 'Google Workspace.' });
    expect(outcome).toMatchObject({ status: 'appended', ticketId: ticketRefToId(ref) });
    expect((await messagesOf(ref)).at(-1)!.body_source).toBe('Google Workspace.');
  });

  it('quarantines a reply from someone who is not the requester', async () => {
    const { ref } = await makeTicket(t.db);
    const outcome = await deliver({ from: 'stranger@evil.example', to: await replyAddressFor(t.db, ref), text: 'Please send me the data.' });
    expect(outcome).toMatchObject({ status: 'quarantined', ticketId: ticketRefToId(ref) });
    expect(outcome.status === 'quarantined' && outcome.reason).toContain('not by the requester');
    expect((await messagesOf(ref)).filter((m) => m.channel === 'email')).toEqual([]);
    // The requester's own address, but DMARC says the message is forged: quarantined too.
    verdict = { authenticated: false, results: { dmarc: 'fail' } };
    const { ref: other, input } = await makeTicket(t.db);
    const forged = await deliver({ from: input.email, to: await replyAddressFor(t.db, other), text: 'Change my payout account.' });
    expect(forged).toMatchObject({ status: 'quarantined', ticketId: ticketRefToId(other) });
    expect(forged.status === 'quarantined' && forged.reason).toContain('DMARC failed');
  });

  it('does not match a reply address with a wrong signature', async () => {
    const { ref, input } = await makeTicket(t.db);
    const good = await replyAddressFor(t.db, ref);
    const forged = good.replace(/\.([0-9a-f]{16})@/, (_m, sig: string) => `.${sig.startsWith('0') ? '1' : '0'}${sig.slice(1)}@`);
    expect(await parseReplyAddress(t.db, forged)).toBeUndefined();
    const outcome = await deliver({ from: input.email, to: forged, text: 'Any news?' });
    expect(outcome).toMatchObject({ status: 'quarantined', ticketId: null });
    expect((await messagesOf(ref)).filter((m) => m.channel === 'email')).toEqual([]);
  });

  it('ignores an auto-reply: no ticket, no reopen, no email back', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, input } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Fixed.', status: 'solved' });
    const emailsBefore = (await outbox()).length;
    const outcome = await deliver({
      from: input.email,
      to: await replyAddressFor(t.db, ref),
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am out of office until Monday.',
    });
    expect(outcome).toMatchObject({ status: 'ignored', ticketId: null });
    expect((await ticketRow(ref)).status).toBe('solved');
    expect((await outbox()).length).toBe(emailsBefore);
    const other = await deliver({ from: 'someone@example.org', to: 'support@fieldnote.example', headers: { Precedence: 'bulk' }, text: 'Newsletter' });
    expect(other.status).toBe('ignored');
    expect(await t.db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
  });

  it('takes the same Message-ID once', async () => {
    const first = await deliver({
      from: 'new@example.org',
      to: 'support@fieldnote.example',
      subject: 'Export to PDF',
      messageId: '<same@mail.example.com>',
      text: 'How do I export?',
    });
    const second = await deliver({
      from: 'new@example.org',
      to: 'support@fieldnote.example',
      subject: 'Export to PDF',
      messageId: '<same@mail.example.com>',
      text: 'How do I export?',
    });
    expect(first.status).toBe('created');
    expect(second).toEqual({ status: 'duplicate' });
    expect(await t.db.selectFrom('inbound_emails').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
  });

  it('starts a ticket from a plain email: an authenticated sender gets the confirmation, an unauthenticated one nothing', async () => {
    const made = await deliver({
      from: 'Grace Hopper <grace@example.org>',
      to: 'support@fieldnote.example',
      subject: 'Export to PDF',
      text: 'How do I export a notebook?',
    });
    expect(made.status).toBe('created');
    const ticket = await t.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', made.status === 'created' ? made.ticketId! : -1)
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      requester_name: 'Grace Hopper',
      requester_email: 'grace@example.org',
      subject: 'Export to PDF',
      category: 'other',
      urgency: 'normal',
      unverified_sender: 0,
    });
    const confirmation = (await outbox()).find((e) => e.to_address === 'grace@example.org')!;
    expect(confirmation.kind).toBe('ticket-received');
    expect(JSON.parse(confirmation.headers!).replyTo).toMatch(/^support\+fn-\d+\.[0-9a-f]{16}@fieldnote\.example$/i);

    verdict = { authenticated: false, results: { dmarc: 'fail' } };
    const forged = await deliver({ from: 'ceo@bank.example', to: 'support@fieldnote.example', subject: 'Wire', text: 'Send it.' });
    expect(forged.status).toBe('created');
    const unverified = await t.db.selectFrom('tickets').selectAll().where('requester_email', '=', 'ceo@bank.example').executeTakeFirstOrThrow();
    expect(unverified.unverified_sender).toBe(1);
    expect((await outbox()).filter((e) => e.to_address === 'ceo@bank.example')).toEqual([]);
  });

  it('refuses an oversized message with 552 and a stranger mailbox with 550', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    try {
      await expect(
        transport.sendMail({ from: 'big@example.org', to: 'support@fieldnote.example', subject: 'Big', text: 'x'.repeat(MAX * 2) }),
      ).rejects.toMatchObject({ responseCode: 552 });
      await expect(transport.sendMail({ from: 'a@example.org', to: 'someone-else@fieldnote.example', subject: 'Hi', text: 'Hi' })).rejects.toMatchObject({
        responseCode: 550,
      });
    } finally {
      transport.close();
    }
    expect(await t.db.selectFrom('inbound_emails').select('id').execute()).toEqual([]);
  });

  it('authenticates with mailauth (SPF through a stub DNS resolver)', async () => {
    await smtp.close();
    const resolver = async (name: string, type: string) => {
      if (type === 'TXT' && name === 'example.org') return [['v=spf1 ip4:127.0.0.1 -all']];
      throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
    };
    await listen(mailauthAuthenticator({ resolver }));
    const made = await deliver({ from: 'grace@example.org', to: 'support@fieldnote.example', subject: 'SPF', text: 'Hello.' });
    const row = await t.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('id', '=', made.status === 'created' ? made.inboundEmailId : -1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.auth)).toMatchObject({ spf: 'pass' });
    expect(row.authenticated).toBe(1);
    const spoof = await deliver({ from: 'ceo@other.example', to: 'support@fieldnote.example', subject: 'Spoof', text: 'Hello.' });
    const spoofed = await t.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('id', '=', spoof.status === 'created' ? spoof.inboundEmailId : -1)
      .executeTakeFirstOrThrow();
    expect(spoofed.authenticated).toBe(0);
  });

  it('deletes raw messages past retention once their ticket is closed', async () => {
    const made = await deliver({ from: 'grace@example.org', to: 'support@fieldnote.example', subject: 'Old', text: 'Old message.' });
    const ignored = await deliver({ from: 'bot@example.org', to: 'support@fieldnote.example', headers: { 'Auto-Submitted': 'auto-generated' }, text: 'Bot.' });
    const later = Date.now() + 800 * 24 * 60 * 60_000;
    // The ticket is still open: its message stays; the ignored one (no ticket) goes.
    expect(await pruneInboundEmails(t.db, 730, later)).toBe(1);
    await t.db
      .updateTable('tickets')
      .set({ status: 'closed' })
      .where('id', '=', made.status === 'created' ? made.ticketId! : -1)
      .execute();
    expect(await pruneInboundEmails(t.db, 730, later)).toBe(1);
    const rows = await t.db.selectFrom('inbound_emails').select(['id', 'raw']).execute();
    expect(rows.map((r) => r.raw.length)).toEqual([0, 0]);
    expect(ignored.status).toBe('ignored');
  });
});
