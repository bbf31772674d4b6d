// The staff inbox page over HTTP, without JavaScript: who may open it, the
// views and search through the address bar, a reference that jumps to its
// ticket, and the bulk form (checkboxes around the list, one of three changes)
// going through the desk's updateTickets, with a refusal that keeps the choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { ticketRefToId } from '@/server/tickets/tickets';
import { GOOD_PASSWORD, makeTicket, makeUser } from '../support/factories';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let agent: SessionUser;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  agent = await makeUser(server.db, { role: 'staff', displayName: 'Ines Inbox' });
  ({ cookie } = await signInCookie(server, agent.email, GOOD_PASSWORD));
});
afterAll(async () => server?.stop());

const get = (path: string, headers: Record<string, string> = { Cookie: cookie }) => fetch(`${server.url}${path}`, { redirect: 'manual', headers });
function post(path: string, fields: Record<string, string>, as = cookie) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, Cookie: as, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}
const ticketRow = (ref: string) =>
  server.db.selectFrom('tickets').select(['status', 'assignee_id']).where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();

describe('the staff inbox page', () => {
  it('sends a visitor to sign in and shows a member the 403 page', async () => {
    const signedOut = await get('/staff/tickets?view=mine', {});
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toBe('/signin?next=%2Fstaff%2Ftickets%3Fview%3Dmine');
    const member = await makeUser(server.db);
    const { cookie: memberCookie } = await signInCookie(server, member.email, GOOD_PASSWORD);
    const refused = await get('/staff/tickets', { Cookie: memberCookie });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('Ticket inbox</h1>');
  });

  it('lists unsolved requests with their view counts, and is linked from the staff area first', async () => {
    const { ref } = await makeTicket(server.db, { subject: 'Invoices show the wrong VAT number', urgency: 'urgent', emotion: 'angry' });
    const page = await get('/staff/tickets');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Invoices show the wrong VAT number');
    expect(html).toContain(`href="/staff/tickets/${ref}"`);
    expect(html).toContain('feels angry');
    expect(html).toMatch(/due in \d+ min/);
    expect(html).toMatch(/All unsolved <span class="count"[^>]*>\d+<\/span>/);
    expect(html).toContain(`aria-label="Select ${ref}: Invoices show the wrong VAT number"`);
    const staffArea = await (await get('/staff')).text();
    expect(staffArea.indexOf('/staff/tickets')).toBeGreaterThan(-1);
    expect(staffArea.indexOf('/staff/tickets')).toBeLessThan(staffArea.indexOf('/staff/search'));
    // The long-running view says why nothing is in it yet.
    expect(await (await get('/staff/tickets?view=long-running')).text()).toContain('Not enough requests were solved in the last 90 days');
  });

  it('searches by words, and a reference jumps to the ticket', async () => {
    const { ref } = await makeTicket(server.db, { subject: 'Zapier webhook retries forever' });
    const results = await (await get('/staff/tickets?q=zapier+WEBHOOK')).text();
    expect(results).toContain('Zapier webhook retries forever');
    expect(results).toContain('Tickets matching “zapier WEBHOOK”');
    expect(await (await get('/staff/tickets?q=zapier+unicorn')).text()).toContain('No ticket holds every word of that search.');
    const jump = await get(`/staff/tickets?q=${ref.toLowerCase()}`);
    expect(jump.status).toBe(302);
    expect(jump.headers.get('location')).toBe(`/staff/tickets/${ref}`);
  });

  it('assigns, sets the status of and tags the selected requests in one form, then says so', async () => {
    const a = (await makeTicket(server.db, { subject: 'Bulk one' })).ref;
    const b = (await makeTicket(server.db, { subject: 'Bulk two' })).ref;
    const untouched = (await makeTicket(server.db, { subject: 'Bulk not selected' })).ref;
    const assigned = await post('/staff/tickets?view=unassigned', {
      [`pick:${a}`]: 'on',
      [`pick:${b}`]: 'on',
      action: 'assign',
      assignee: 'me',
      status: '',
      tag: '',
    });
    expect(assigned.status).toBe(303);
    expect(assigned.headers.get('location')).toBe('/staff/tickets?view=unassigned&done=assign-2');
    expect(await ticketRow(a)).toMatchObject({ assignee_id: agent.id });
    expect(await ticketRow(b)).toMatchObject({ assignee_id: agent.id });
    expect(await ticketRow(untouched)).toMatchObject({ assignee_id: null });
    expect(await (await get(assigned.headers.get('location')!)).text()).toContain('2 requests assigned.');

    const pending = await post('/staff/tickets', { [`pick:${a}`]: 'on', action: 'status', status: 'pending', assignee: '' });
    expect(pending.status).toBe(303);
    expect(await ticketRow(a)).toMatchObject({ status: 'pending' });
    expect(await ticketRow(b)).toMatchObject({ status: 'new' });

    const tagged = await post('/staff/tickets', { [`pick:${a}`]: 'on', [`pick:${b}`]: 'on', action: 'tag', tag: '  Outlook  ' });
    expect(tagged.status).toBe(303);
    const tags = await server.db
      .selectFrom('ticket_tags')
      .select(['ticket_id', 'tag'])
      .where('ticket_id', 'in', [ticketRefToId(a)!, ticketRefToId(b)!])
      .where('tag', '=', 'outlook')
      .execute();
    expect(tags).toHaveLength(2);
    // Every change is in the tickets' history, by this agent.
    const events = await server.db.selectFrom('ticket_events').select(['kind', 'actor_id']).where('ticket_id', '=', ticketRefToId(a)!).execute();
    expect(events.filter((e) => e.actor_id === agent.id).map((e) => e.kind)).toEqual(expect.arrayContaining(['assignee', 'status', 'tag_added']));
  });

  it('refuses a bulk change with nothing selected or no choice made, keeping what was chosen, and refuses a member outright', async () => {
    const { ref } = await makeTicket(server.db, { subject: 'Bulk refused' });
    const nothing = await post('/staff/tickets', { action: 'assign', assignee: 'none' });
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toContain('Select at least one request first.');
    const noChoice = await post('/staff/tickets', { [`pick:${ref}`]: 'on', action: 'status', status: '' });
    expect(noChoice.status).toBe(400);
    const html = await noChoice.text();
    expect(html).toContain('Choose a status for the selected requests.');
    expect(html).toMatch(new RegExp(`name="pick:${ref}"[^>]*checked`));
    expect(await ticketRow(ref)).toMatchObject({ status: 'new' });

    const member = await makeUser(server.db);
    const { cookie: memberCookie } = await signInCookie(server, member.email, GOOD_PASSWORD);
    const refused = await post('/staff/tickets', { [`pick:${ref}`]: 'on', action: 'assign', assignee: String(member.id) }, memberCookie);
    expect(refused.status).toBe(403);
    expect(await ticketRow(ref)).toMatchObject({ assignee_id: null });
  });
});
