// The requester's ticket page over HTTP: the conversation without internal
// notes, a reply through the form (no JavaScript), what was typed kept on an
// error, and a wrong key answered with 404 and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAsStaff } from '@/server/tickets/conversation';
import { ticketRefToId } from '@/server/tickets/tickets';
import { GOOD_PASSWORD, makeTicket, makeUser, site } from '../support/factories';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

function post(path: string, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('the ticket page', () => {
  it('shows public replies but never internal notes, and takes a reply that reopens the ticket', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Widget shows yesterday' });
    await replyAsStaff(server.db, site, ref, staff, { body: 'Internal: likely the iOS 18 widget cache.', internal: true });
    await replyAsStaff(server.db, site, ref, staff, { body: 'Please remove the widget and add it again.' });
    const page = await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`)).text();
    expect(page).toContain('Please remove the widget and add it again.');
    expect(page).not.toContain('iOS 18 widget cache');
    expect(page).toContain('Waiting for you');
    // It is the customer's turn: no promise of an answer from us.
    expect(page).not.toContain('Expected reply:');

    const sent = await post(`/tickets/${ref}?key=${accessKey}`, { body: 'Done, and it **still** shows yesterday.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/tickets/${ref}?key=${accessKey}#latest`);
    const after = await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`)).text();
    expect(after).toContain('<strong>still</strong>');
    // Now it is ours: the page says when to expect the answer.
    expect(after).toMatch(/Waiting for our team\. Expected reply: (usually )?within \d+/);
    const row = await server.db.selectFrom('tickets').select('status').where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
    // Staff see the notes here too, but answer from the staff side: no requester reply form.
    const { cookie } = await signInCookie(server, staff.email, GOOD_PASSWORD);
    const asStaff = await (await fetch(`${server.url}/tickets/${ref}`, { headers: { Cookie: cookie } })).text();
    expect(asStaff).toContain('Internal note (staff only)');
    expect(asStaff).not.toContain('Send reply');
    expect(after).toContain('Send reply');
  });

  it('keeps an empty reply out with a clear message, and refuses a wrong key with 404, storing nothing', async () => {
    const { ref, accessKey } = await makeTicket(server.db);
    const empty = await post(`/tickets/${ref}?key=${accessKey}`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write a reply before sending.');

    const wrong = await post(`/tickets/${ref}?key=${'a'.repeat(27)}`, { body: 'Let me read this.' });
    expect(wrong.status).toBe(404);
    const html = await wrong.text();
    expect(html).not.toContain('Calendar sync fails');
    const messages = await server.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketRefToId(ref)!).execute();
    expect(messages).toEqual([]);
  });

  it('starts a follow-up when the requester writes to a closed ticket', async () => {
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Invoice address' });
    await server.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', ticketRefToId(ref)!).execute();
    const page = await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`)).text();
    expect(page).toContain('This request is closed');
    const sent = await post(`/tickets/${ref}?key=${accessKey}`, { body: 'The address changed again, sorry.' });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    expect(location).toMatch(/^\/tickets\/FN-\d+\?key=[^&]+&followup=1$/);
    const followUp = await (await fetch(`${server.url}${location}`)).text();
    expect(followUp).toContain('Your reply started a new request');
    expect(followUp).toContain('Follow-up: Invoice address');
  });
});

describe('your support requests', () => {
  it('asks a visitor to sign in first', async () => {
    const response = await fetch(`${server.url}/tickets`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/signin?next=%2Ftickets');
  });

  it("lists a member's requests, including those sent from their proven address before they signed up, and nobody else's", async () => {
    const email = `dana${Date.now()}@example.com`;
    const before = await makeTicket(server.db, { email, name: 'Dana', subject: 'Sent before I had an account' });
    const member = await makeUser(server.db, { email });
    const fromAccount = await makeTicket(server.db, { subject: 'Sent while signed in' }, member);
    const someoneElse = await makeTicket(server.db, { subject: 'Somebody else entirely' });
    const { cookie } = await signInCookie(server, email, GOOD_PASSWORD);
    const list = await (await fetch(`${server.url}/tickets`, { headers: { Cookie: cookie } })).text();
    expect(list).toContain('Sent before I had an account');
    expect(list).toContain('Sent while signed in');
    expect(list).not.toContain('Somebody else entirely');
    expect(list.indexOf('Sent while signed in')).toBeLessThan(list.indexOf('Sent before I had an account'));
    // The earlier request opens without its private link, for this member only.
    expect((await fetch(`${server.url}/tickets/${before.ref}`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/tickets/${fromAccount.ref}`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${server.url}/tickets/${someoneElse.ref}`, { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('claims nothing by an address the account has not proven', async () => {
    const email = `eve${Date.now()}@example.com`;
    const earlier = await makeTicket(server.db, { email, subject: 'Not proven to be yours' });
    const member = await makeUser(server.db, { email });
    await server.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', member.id).execute();
    const { cookie } = await signInCookie(server, email, GOOD_PASSWORD);
    const list = await (await fetch(`${server.url}/tickets`, { headers: { Cookie: cookie } })).text();
    expect(list).not.toContain('Not proven to be yours');
    expect((await fetch(`${server.url}/tickets/${earlier.ref}`, { headers: { Cookie: cookie } })).status).toBe(404);
  });
});
