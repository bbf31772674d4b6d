// The inbound email webhook: raw messages POSTed with the Bearer secret land
// like SMTP ones; a wrong secret is 401, too large 413, and without a
// configured secret the endpoint does not exist (404). It is spared the
// cross-site check only because it has its own secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddressFor } from '@/server/email/reply-address';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const SECRET = 'inbound-webhook-secret-for-tests';
let server: TestServer;
let off: TestServer;
beforeAll(async () => {
  [server, off] = await Promise.all([startTestServer({ INBOUND_EMAIL_SECRET: SECRET, INBOUND_MAX_BYTES: '4096' }), startTestServer()]);
});
afterAll(async () => Promise.all([server?.stop(), off?.stop()]));

function message(from: string, to: string, body: string, id = `<${Math.random().toString(36).slice(2)}@mail.example.org>`) {
  return [`From: ${from}`, `To: ${to}`, 'Subject: Re: Calendar sync fails', `Message-ID: ${id}`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
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
    const response = await post(server, message(input.email, 'support@fieldnote.example', 'Any news?\n\nOn Monday support wrote:\n> Hello'), { Origin: 'https://elsewhere.example' }, `?to=${encodeURIComponent(to)}`);
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
});
