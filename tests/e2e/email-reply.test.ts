// End-to-end, the email channel: a visitor attaches a screenshot on /contact;
// staff see its thumbnail and reply; the visitor answers by email (delivered
// by SMTP to the built-in listener, quoting our message under their reply) and
// the reply appears in the conversation without the quote.
import { createServer } from 'node:net';
import nodemailer from 'nodemailer';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { emailHeadersOf } from '@/server/email/outbox';
import { ticketRefToId } from '@/server/tickets/tickets';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

let smtpPort = 0;
const portReady = freePort().then((p) => (smtpPort = p));
const suite = useServerAndBrowser(() => ({ INBOUND_SMTP_PORT: String(smtpPort), INBOUND_SMTP_HOST: '127.0.0.1' }));

describe('the email channel in the browser', () => {
  it('a screenshot on /contact, a staff reply, and the customer answering by email', async () => {
    await portReady;
    const db = suite.server.db;
    const email = 'ines.mail@example.com';
    const screenshot = await sharp({ create: { width: 800, height: 450, channels: 3, background: { r: 30, g: 110, b: 200 } } })
      .png()
      .toBuffer();
    const visitor = await suite.newPage();
    await visitor.goto('/contact');
    await visitor.getByLabel('Your name').fill('Inès Mail');
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByLabel('Subject').fill('Sidebar is empty after login');
    await visitor.getByLabel('What happened?').fill('After I sign in, the sidebar with my notebooks stays empty. Screenshot attached.');
    await visitor.getByLabel('What is it about?').selectOption('bug');
    await visitor.locator('input[type=file][name=attachments]').setInputFiles({ name: 'empty-sidebar.png', mimeType: 'image/png', buffer: screenshot });
    await visitor.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => visitor.getByRole('status').first().textContent()).toContain('We received your request');
    const ref = /FN-\d+/.exec(visitor.url())![0];

    // Staff see the thumbnail and reply.
    const agent = await makeUser(db, { role: 'staff', displayName: 'Mail Agent' });
    const staff = await signedInPage(suite, agent.email, GOOD_PASSWORD);
    await staff.goto(`/staff/tickets/${ref}`);
    const thumbnail = staff.getByAltText('empty-sidebar.png (thumbnail)');
    await expect.poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await staff.getByLabel('Your reply').fill('Thanks for the screenshot. Please sign out and in once more, then tell me whether the sidebar fills.');
    await staff.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Sent.');

    // The reply email: its Reply-To is the ticket's signed reply address, its Message-ID threads the answer.
    const sent = await db
      .selectFrom('email_outbox')
      .selectAll()
      .where('kind', '=', 'ticket-reply')
      .where('to_address', '=', email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const headers = emailHeadersOf(sent);
    expect(headers.replyTo).toMatch(new RegExp(`^support\\+${ref}\\.[0-9a-f]+@`));
    const link = new URL(/http:\/\/\S+\/tickets\/FN-\d+\?key=[a-z0-9]+/.exec(sent.text_body)![0]);

    // The customer presses Reply: their answer on top, our message quoted below.
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: `Inès Mail <${email}>`,
      to: headers.replyTo!,
      subject: `Re: ${sent.subject}`,
      inReplyTo: headers.messageId,
      references: headers.messageId ? [headers.messageId] : [],
      text: [
        'Signing out and in did it: the sidebar shows all my notebooks again. Thank you!',
        '',
        'On Tue, 1 Dec 2026 at 10:02, Fieldnote Support <support@fieldnote.example> wrote:',
        '> Thanks for the screenshot. Please sign out and in once more,',
        '> then tell me whether the sidebar fills.',
      ].join('\n'),
    });
    transport.close();

    await visitor.goto(link.pathname + link.search);
    const conversation = visitor.getByRole('region', { name: 'Conversation' });
    await expect
      .poll(
        async () => {
          await visitor.reload();
          return conversation.textContent();
        },
        { timeout: 15_000 },
      )
      .toContain('the sidebar shows all my notebooks again');
    expect(await conversation.textContent()).not.toContain('wrote:');
    const stored = await db
      .selectFrom('ticket_messages')
      .select(['channel', 'body_source'])
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(stored.body_source).toBe('Signing out and in did it: the sidebar shows all my notebooks again. Thank you!');
  });
});
