// The weekly digest over HTTP (/staff/insights/digest): staff see the last
// completed week's redacted pick, members are refused, a visitor is sent to
// sign in; "Approve" and "Pick another" are form posts that a cross-site post
// cannot make; the server's worker sends an approved week once; the email
// settings page offers the digest to staff only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletedWeek, weekLabel } from '@/server/report/digest';
import { weekRange } from '@/server/report/months';
import { replyAsStaff } from '@/server/tickets/conversation';
import { ticketIdToRef, ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, sessionCookie, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const HOUR = 3_600_000;
const PATH = '/staff/insights/digest';

function post(fields: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${server.url}${PATH}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

const week = () => lastCompletedWeek(Date.now());
const weekRow = () => server.db.selectFrom('digest_weeks').selectAll().where('week', '=', week()).executeTakeFirst();
const digestEmails = () => server.db.selectFrom('email_outbox').selectAll().where('kind', '=', 'weekly-digest').execute();

/** The page's HTML without Astro's scoped-style attributes. */
async function html(response: Response): Promise<string> {
  return (await response.text()).replace(/ data-astro-cid-\w+/g, '');
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting.');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the digest page', () => {
  it('shows staff the redacted pick; approving is a same-site post; the worker sends it once', async () => {
    const agent = await makeUser(server.db, { role: 'staff', displayName: 'Priya Raman', email: 'priya.http@fieldnote.example' });
    const { from } = weekRange(week());
    const ticket = await makeTicket(
      server.db,
      {
        name: 'Sarah Jones',
        email: 'sarah.http@acme.example',
        subject: 'Calendar sync fails for Sarah',
        description: 'It fails since Monday. Call +44 20 7946 0958.\n\nThanks,\nSarah',
      },
      null,
      from + 2 * HOUR,
    );
    await replyAsStaff(server.db, site, ticket.ref, agent, { body: 'Note: VIP customer.', internal: true }, from + 3 * HOUR);
    await replyAsStaff(server.db, site, ticket.ref, agent, { body: 'Hi Sarah, reconnect the calendar and it syncs again.', status: 'solved' }, from + 4 * HOUR);
    // The server's worker may have prepared the week (empty) before this test wrote its ticket into the past: start over.
    await server.db.deleteFrom('digest_weeks').where('week', '=', week()).execute();
    const cookie = await sessionCookie(server.db, agent);

    const response = await fetch(`${server.url}${PATH}`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).toContain('<h1>Weekly digest</h1>');
    expect(page).toContain(`the week of ${weekLabel(week())}`);
    // The pick is random among the week's solved tickets (the demo data has more): the page shows the stored, redacted one.
    const row = (await weekRow())!;
    expect(row.ticket_id).not.toBeNull();
    const picked = JSON.parse(row.conversation!) as { subject: string; messages: { role: string; text: string }[] };
    const plain = (text: string) => text.split(/[^\p{L}\p{N} ]/u).sort((a, b) => b.length - a.length)[0]!;
    for (const m of picked.messages) expect(page).toContain(plain(m.text));
    expect(page).toContain(plain(picked.subject));
    const requester = await server.db
      .selectFrom('tickets')
      .select(['requester_name', 'requester_email'])
      .where('id', '=', row.ticket_id)
      .executeTakeFirstOrThrow();
    expect(page).not.toContain(requester.requester_name);
    expect(page).not.toContain(requester.requester_email);
    expect(page).toContain(`href="/staff/tickets/${ticketIdToRef(row.ticket_id!)}"`);
    // Our own ticket, when picked, shows redacted, and its internal note never.
    if (row.ticket_id === ticketRefToId(ticket.ref)) {
      expect(page).toContain('“Calendar sync fails for [customer]”');
      expect(page).toContain('It fails since Monday. Call [phone].');
    }
    for (const secret of ['Sarah Jones', 'sarah.http', '7946', 'VIP customer']) expect(page).not.toContain(secret);
    expect(page).toMatch(/<button type="submit" name="intent" value="approve"/);
    expect((await weekRow())?.status).toBe('pending');

    // A post from another site (or with no origin at all) is refused and changes nothing.
    expect((await post({ intent: 'approve', week: week(), picked_at: String(row.picked_at) }, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await post({ intent: 'approve', week: week(), picked_at: String(row.picked_at) }, { Cookie: cookie, Origin: '' })).status).toBe(403);
    expect((await weekRow())?.status).toBe('pending');
    expect(await digestEmails()).toEqual([]);

    // The form carries the pick it shows: an approval of a pick that changed since is refused, and says why.
    expect(page).toContain(`<input type="hidden" name="picked_at" value="${row.picked_at}"`);
    const stale = await post({ intent: 'approve', week: week(), picked_at: String(row.picked_at - 1) }, { Cookie: cookie });
    expect(stale.status).toBe(409);
    expect(await html(stale)).toContain('The pick changed while you were reading; read the new one and approve again.');
    expect((await weekRow())?.status).toBe('pending');

    const approved = await post({ intent: 'approve', week: week(), picked_at: String(row.picked_at) }, { Cookie: cookie });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`${PATH}?done=approve`);
    const after = await html(await fetch(`${server.url}${PATH}?done=approve`, { headers: { Cookie: cookie } }));
    expect(after).toContain('The digest is approved: it goes out within a few minutes.');

    // The worker sends it (to the one staff member here), once, and the week is sent.
    const sent = await waitFor(async () => ((await weekRow())?.status === 'sent' ? weekRow() : undefined));
    expect(sent).toMatchObject({ status: 'sent', approved_by: agent.id });
    const emails = await digestEmails();
    expect(emails.map((e) => e.to_address)).toContain('priya.http@fieldnote.example');
    const mine = emails.find((e) => e.to_address === 'priya.http@fieldnote.example')!;
    for (const m of picked.messages) expect(mine.text_body).toContain(m.text);
    expect(mine.text_body).not.toContain(requester.requester_name);
    await new Promise((r) => setTimeout(r, 3500));
    expect(await digestEmails()).toHaveLength(emails.length);

    // A sent week no longer changes: "Pick another" says so.
    const refused = await post({ intent: 'pick', week: week() }, { Cookie: cookie });
    expect(refused.status).toBe(409);
    expect(await html(refused)).toContain('This week’s digest has already been sent: it can no longer change.');
    const final = await html(await fetch(`${server.url}${PATH}`, { headers: { Cookie: cookie } }));
    expect(final).toContain('Sent on');
    expect(final).not.toMatch(/name="intent" value="approve"/);
  });

  it('refuses members and sends visitors to sign in', async () => {
    const member = await makeUser(server.db);
    expect((await fetch(`${server.url}${PATH}`, { headers: { Cookie: await sessionCookie(server.db, member) } })).status).toBe(403);
    const visitor = await fetch(`${server.url}${PATH}`, { redirect: 'manual' });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(PATH)}`);
    expect((await post({ intent: 'approve', week: week() }, { Cookie: await sessionCookie(server.db, member) })).status).toBe(403);
  });

  it('turns a bad form into a message, not a 500', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const response = await post({ intent: 'publish', week: 'soon' }, { Cookie: await sessionCookie(server.db, staff) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Please correct the highlighted fields.');
  });
});

describe('the email settings page', () => {
  it('offers the weekly digest to staff, not to members', async () => {
    const member = await makeUser(server.db);
    const staff = await makeUser(server.db, { role: 'staff' });
    const memberPage = await (await fetch(`${server.url}/account/email`, { headers: { Cookie: await sessionCookie(server.db, member) } })).text();
    expect(memberPage).toContain('Known-issue updates');
    expect(memberPage).not.toContain('Weekly voice of the customer');
    const staffCookie = await sessionCookie(server.db, staff);
    const staffPage = await (await fetch(`${server.url}/account/email`, { headers: { Cookie: staffCookie } })).text();
    expect(staffPage).toContain('Weekly voice of the customer');

    // Saving without the box stops the digest for that staff member.
    const saved = await fetch(`${server.url}/account/email`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: staffCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'kind.known_issue_updates': 'on' }),
    });
    expect(saved.status).toBe(303);
    const row = await server.db
      .selectFrom('email_preferences')
      .select('subscribed')
      .where('user_id', '=', staff.id)
      .where('kind', '=', 'weekly_digest')
      .executeTakeFirst();
    expect(row).toEqual({ subscribed: 0 });
  });
});
