// "How did we do?" over HTTP: the email link opens a page with its choice made
// and records nothing until Send (mail scanners open links), then thanks and
// offers the comment box; a bad token is a 404; a rating older than 7 days
// cannot change; the ticket page rates without JavaScript.
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

/** A ticket solved by a staff reply, and the rating links of that reply's email (as paths on the test server). */
async function solvedTicket(subject: string) {
  const staff = await makeUser(server.db, { role: 'staff' });
  const ticket = await makeTicket(server.db, { subject });
  await replyAsStaff(server.db, site, ticket.ref, staff, { body: 'Internal: fixed by re-running job 42.', internal: true });
  await replyAsStaff(server.db, site, ticket.ref, staff, { body: 'Your export is back; sorry for the wait.', status: 'solved' });
  const email = await server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('kind', '=', 'ticket-reply')
    .where('subject', 'like', `[${ticket.ref}]%`)
    .executeTakeFirstOrThrow();
  const links = [...email.text_body.matchAll(/http:\/\/hearth\.test(\/tickets\/[^/]+\/rate\?token=[a-z0-9]+&rating=\w+)/g)].map((m) => m[1]!);
  return { ...ticket, links, email: email.text_body };
}

async function ratingsOf(ref: string) {
  return server.db.selectFrom('ticket_ratings').select(['rating', 'comment', 'created_at']).where('ticket_id', '=', ticketRefToId(ref)!).execute();
}

describe('the rating link', () => {
  it('opens with the choice made and records only on Send, then offers the comment box', async () => {
    const { ref, links, email } = await solvedTicket('Export never arrived');
    expect(links).toHaveLength(3);
    expect(email).not.toContain('job 42');
    const great = links.find((l) => l.endsWith('rating=great'))!;

    const opened = await fetch(`${server.url}${great}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const page = await opened.text();
    expect(page).toContain('How did we do?');
    expect(page).toContain('Export never arrived');
    expect(page).toMatch(/<input type="radio" name="rating" value="great" checked/);
    expect(page).not.toContain('Your export is back');
    expect(await ratingsOf(ref)).toEqual([]);

    const action = `/tickets/${ref}/rate?token=${new URL(great, server.url).searchParams.get('token')}`;
    const sent = await post(action, { rating: 'great', comment: '' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${action}&sent=1#sent`);
    expect(await ratingsOf(ref)).toMatchObject([{ rating: 'great', comment: null }]);
    const thanks = await (await fetch(`${server.url}${action}&sent=1`)).text();
    expect(thanks).toContain('we recorded “Great”');
    expect(thanks).toContain('Add a comment below');
    expect(thanks).toContain('Anything you would like to add?');

    expect((await post(action, { rating: 'great', comment: 'Quick and friendly.' })).status).toBe(303);
    expect(await ratingsOf(ref)).toMatchObject([{ rating: 'great', comment: 'Quick and friendly.' }]);
    const ticket = await server.db.selectFrom('tickets').select(['rating', 'rated_at']).where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
    expect(ticket.rating).toBe('great');
  });

  it('answers a tampered token or another ticket’s token with 404, and keeps what was typed when no choice was made', async () => {
    const first = await solvedTicket('Invoice address');
    const second = await solvedTicket('Widget shows yesterday');
    const token = new URL(first.links[0]!, server.url).searchParams.get('token')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('aa') ? 'bb' : 'aa'}`;
    const bad = await fetch(`${server.url}/tickets/${first.ref}/rate?token=${tampered}&rating=great`);
    expect(bad.status).toBe(404);
    const badPage = await bad.text();
    expect(badPage).toContain('This rating link is not valid');
    expect(badPage).not.toContain('Invoice address');
    expect((await post(`/tickets/${second.ref}/rate?token=${token}`, { rating: 'not_good' })).status).toBe(404);
    expect(await ratingsOf(second.ref)).toEqual([]);
    expect(await ratingsOf(first.ref)).toEqual([]);

    const missing = await post(`/tickets/${first.ref}/rate?token=${token}`, { comment: 'I am not sure yet.' });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain('Choose Great, Okay or Not good.');
    expect(html).toContain('I am not sure yet.');
    expect(await ratingsOf(first.ref)).toEqual([]);
  });

  it('says a rating older than 7 days can no longer change, and refuses the change', async () => {
    const { ref, links } = await solvedTicket('Calendar sync stopped');
    const action = links.find((l) => l.endsWith('rating=okay'))!.replace(/&rating=okay$/, '');
    expect((await post(action, { rating: 'okay' })).status).toBe(303);
    const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60_000;
    await server.db.updateTable('ticket_ratings').set({ created_at: eightDaysAgo }).where('ticket_id', '=', ticketRefToId(ref)!).execute();
    const page = await (await fetch(`${server.url}${action}&rating=great`)).text();
    expect(page).toContain('can no longer change');
    expect(page).not.toContain('name="rating"');
    const refused = await post(action, { rating: 'great' });
    expect(refused.status).toBe(409);
    expect(await ratingsOf(ref)).toMatchObject([{ rating: 'okay' }]);
  });
});

describe('rating from the ticket page', () => {
  it('shows the form once solved and records the choice without JavaScript, for the requester only', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Two-factor codes rejected' });
    await replyAsStaff(server.db, site, ref, staff, { body: 'Could you check the clock on your phone?' });
    expect(await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`)).text()).not.toContain('How did we do?');
    await replyAsStaff(server.db, site, ref, staff, { body: 'The clock was off; codes work again.', status: 'solved' });
    const page = await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`)).text();
    expect(page).toContain('How did we do?');
    const reply = /name="reply" value="(\d+)"/.exec(page)?.[1];
    expect(reply).toBeDefined();
    expect(page).toContain(`action="/tickets/${ref}/rate?key=${accessKey}"`);

    // Without the key nothing is rated.
    expect((await post(`/tickets/${ref}/rate`, { reply: reply!, rating: 'not_good' })).status).toBe(404);
    expect((await post(`/tickets/${ref}/rate?key=${'a'.repeat(32)}`, { reply: reply!, rating: 'not_good' })).status).toBe(404);
    // Staff see the request, but only its requester rates it.
    const { cookie } = await signInCookie(server, staff.email, GOOD_PASSWORD);
    expect(await (await fetch(`${server.url}/tickets/${ref}`, { headers: { Cookie: cookie } })).text()).not.toContain('How did we do?');
    const asStaff = await fetch(`${server.url}/tickets/${ref}/rate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ reply: reply!, rating: 'great' }),
    });
    expect(asStaff.status).toBe(403);
    expect(await asStaff.text()).toContain('Only the person who sent the request rates its replies.');
    expect(await ratingsOf(ref)).toEqual([]);

    const tooLong = await post(`/tickets/${ref}/rate?key=${accessKey}`, { reply: reply!, rating: 'okay', comment: 'x'.repeat(2_001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Keep the comment under 2,000 characters.');

    const sent = await post(`/tickets/${ref}/rate?key=${accessKey}`, { reply: reply!, rating: 'okay', comment: 'Took a while, but it works.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/tickets/${ref}?key=${accessKey}&rated=1#satisfaction`);
    const after = await (await fetch(`${server.url}/tickets/${ref}?key=${accessKey}&rated=1`)).text();
    expect(after).toContain('we recorded “Okay”');
    expect(after).toContain('Took a while, but it works.');
    expect(await ratingsOf(ref)).toMatchObject([{ rating: 'okay', comment: 'Took a while, but it works.' }]);
  });
});
