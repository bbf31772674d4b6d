// The inbound email webhook: raw messages POSTed with the Bearer secret land
// like SMTP ones; a wrong secret is 401, too large 413, and without a
// configured secret the endpoint does not exist (404). It is spared the
// cross-site check only because it has its own secret. Staff review what was
// quarantined on /staff/inbound-email: the raw message as escaped text, and
// append it anyway, make a request of it or discard it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddressFor } from '@/server/email/reply-address';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const SECRET = 'inbound-webhook-secret-for-tests';
let server: TestServer;
let off: TestServer;
beforeAll(async () => {
  [server, off] = await Promise.all([startTestServer({ INBOUND_EMAIL_SECRET: SECRET, INBOUND_MAX_BYTES: '4096' }), startTestServer()]);
});
afterAll(async () => Promise.all([server?.stop(), off?.stop()]));

function message(from: string, to: string, body: string, id = `<${Math.random().toString(36).slice(2)}@mail.example.org>`) {
  return [`From: ${from}`, `To: ${to}`, 'Subject: Re: Calendar sync fails', `Message-ID: ${id}`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join(
    '\r\n',
  );
}

function post(base: TestServer, body: string, headers: Record<string, string> = {}, query = '') {
  return fetch(`${base.url}/api/inbound-email${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'message/rfc822', Authorization: `Bearer ${SECRET}`, ...headers },
    body,
  });
}

describe('inbound email webhook', () => {
  it('appends a reply sent to the reply address, even with a foreign Origin (its own secret guards it)', async () => {
    const { ref, input } = await makeTicket(server.db);
    const to = await replyAddressFor(server.db, ref);
    const response = await post(
      server,
      message(input.email, 'support@fieldnote.example', 'Any news?\n\nOn Monday support wrote:\n> Hello'),
      { Origin: 'https://elsewhere.example' },
      `?to=${encodeURIComponent(to)}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'appended', ticketId: ticketRefToId(ref) });
    const last = await server.db
      .selectFrom('ticket_messages')
      .select(['body_source', 'channel'])
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ body_source: 'Any news?', channel: 'email' });
  });

  it('takes a new request from the To header and a message once', async () => {
    const raw = message('Grace <grace@example.org>', 'support@fieldnote.example', 'How do I export?', '<once@mail.example.org>');
    expect(await (await post(server, raw)).json()).toMatchObject({ status: 'created' });
    expect(await (await post(server, raw)).json()).toEqual({ status: 'duplicate' });
  });

  it('refuses a wrong secret (401), a large message (413) and answers 404 when no secret is configured', async () => {
    const raw = message('a@example.org', 'support@fieldnote.example', 'Hi');
    expect((await post(server, raw, { Authorization: 'Bearer wrong-secret-of-same-size!!!!!' })).status).toBe(401);
    expect((await post(server, raw, { Authorization: '' })).status).toBe(401);
    expect((await post(server, message('a@example.org', 'support@fieldnote.example', 'x'.repeat(8000)))).status).toBe(413);
    expect((await post(off, raw)).status).toBe(404);
    expect(await server.db.selectFrom('inbound_emails').select('id').where('from_address', '=', 'a@example.org').execute()).toEqual([]);
  });

  it('lets staff review a quarantined message: raw shown escaped, then appended to its request anyway', async () => {
    const { ref } = await makeTicket(server.db);
    const staff = await makeUser(server.db, { role: 'staff' });
    const cookie = await sessionCookie(server.db, staff);
    const reply = await post(
      server,
      message('Colleague <colleague@example.com>', await replyAddressFor(server.db, ref), 'Writing for my colleague. <script>alert(1)</script>'),
    );
    const outcome = (await reply.json()) as { status: string; inboundEmailId: number };
    expect(outcome.status).toBe('quarantined');
    const member = await makeUser(server.db);
    expect((await fetch(`${server.url}/staff/inbound-email`, { headers: { Cookie: await sessionCookie(server.db, member) } })).status).toBe(403);
    const list = await (await fetch(`${server.url}/staff/inbound-email`, { headers: { Cookie: cookie } })).text();
    expect(list).toContain('colleague@example.com');
    expect(list).toContain(`not by the requester of ${ref}`);
    const raw = await (await fetch(`${server.url}/staff/inbound-email?view=${outcome.inboundEmailId}`, { headers: { Cookie: cookie } })).text();
    expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(raw).not.toContain('<script>alert(1)');
    const appended = await fetch(`${server.url}/staff/inbound-email`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'append', id: String(outcome.inboundEmailId) }),
    });
    expect(appended.status).toBe(303);
    const row = await server.db
      .selectFrom('inbound_emails')
      .select(['status', 'reviewed_by'])
      .where('id', '=', outcome.inboundEmailId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'appended', reviewed_by: staff.id });
    const last = await server.db
      .selectFrom('ticket_messages')
      .select('body_source')
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.body_source).toContain('Writing for my colleague.');
    // Dealt with: a second decision is refused.
    const again = await fetch(`${server.url}/staff/inbound-email`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'discard', id: String(outcome.inboundEmailId) }),
    });
    expect(again.status).toBe(400);
  });
});
