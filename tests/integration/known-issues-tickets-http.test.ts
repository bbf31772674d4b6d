// Tickets and known issues over HTTP, without JavaScript: staff link a ticket
// from its page and unlink it; "Reply to all linked tickets" posts once per
// form key however often it is sent; the contact form suggests a matching
// open known issue with its status and "Follow this issue instead" (member,
// visitor with an email, visitor without one: the form again, as typed), and a
// request sent anyway is linked to the suggested issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument } from '@search/types';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { startBulkReply } from '@/server/known-issues/bulk-replies';
import { createKnownIssue, postUpdate, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { linkTicketToKnownIssue } from '@/server/tickets/known-issue-links';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, sessionCookie, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { newIncident } from '../support/known-issues';

let server: TestServer;
let staff: Awaited<ReturnType<typeof makeUser>>;
let staffCookie: string;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  staff = await makeUser(server.db, { role: 'staff', displayName: 'Sam Agent' });
  staffCookie = await sessionCookie(server.db, staff);
});
afterAll(async () => server?.stop());

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident({
    workaround: '',
    githubRepo: null,
    githubIssueNumber: null,
    articleSlugs: [],
    status: 'identified',
    message: 'We found why Google Calendar events stop syncing and are building a fix.',
    ...overrides,
  });
}

function post(path: string, fields: Record<string, string>, cookie = staffCookie, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie && { Cookie: cookie }), ...headers },
    body: new URLSearchParams(fields),
  });
}
const get = (path: string, cookie = staffCookie) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
const ticketRow = (ref: string) => server.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();

/** The issue as a search document, in the server's embedded index (the known-issue source is another module's). */
async function indexIssue(issue: { id: number; slug: string }, title: string, status: string) {
  // The index change createKnownIssue recorded is applied (or dropped) by the server's worker first.
  for (let i = 0; i < 100; i++) {
    const pending = await server.db.selectFrom('search_index_changes').select('id').where('doc_id', '=', `known_issue-${issue.id}`).execute();
    if (pending.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const doc: SearchDocument = {
    id: `known_issue-${issue.id}`,
    type: 'known_issue',
    title,
    text: 'Events created in Google Calendar do not appear in Fieldnote. Calendar sync is delayed.',
    url: `/known-issues/${issue.slug}`,
    tags: [],
    category: 'calendar sync',
    status,
    popularity: 0,
    updated: Date.now(),
  };
  await createEmbeddedEngine(server.db).upsert([doc]);
}

describe('the staff ticket page links a known issue', () => {
  it('offers the open issues, links, shows the link to the issue, and unlinks', async () => {
    const issue = await createKnownIssue(server.db, staff, incident({ title: 'Widget shows yesterday on iOS' }));
    const fixed = await createKnownIssue(
      server.db,
      staff,
      incident({ title: 'Exports were slow last week', status: 'fixed', message: 'Exports were slow; fixed now.' }),
    );
    const { ref } = await makeTicket(server.db, { subject: 'Widget is stale' });
    const page = await (await get(`/staff/tickets/${ref}`)).text();
    expect(page).toContain('Not linked to a known issue.');
    expect(page).toMatch(new RegExp(`<option value="${issue.id}"[^>]*>Widget shows yesterday on iOS \\(Major, Identified\\)</option>`));
    expect(page).not.toContain('Exports were slow last week');

    const linked = await post(`/staff/tickets/${ref}`, { intent: 'known-issue', knownIssueId: String(issue.id) });
    expect(linked.status).toBe(303);
    expect(linked.headers.get('location')).toBe(`/staff/tickets/${ref}?done=linked#known-issue-title`);
    expect((await ticketRow(ref)).known_issue_id).toBe(issue.id);
    const after = await (await get(`/staff/tickets/${ref}?done=linked`)).text();
    expect(after).toMatch(new RegExp(`href="/staff/known-issues/${issue.id}"[^>]*>Widget shows yesterday on iOS</a>`));
    expect(after).toContain('Linked to the known issue.');
    expect(after).toContain(`Linked to known issue #${issue.id}`); // the history

    // A fixed issue is not offered, but an unknown id is refused with a message, nothing changed.
    const unknown = await post(`/staff/tickets/${ref}`, { intent: 'known-issue', knownIssueId: String(fixed.id + 100) });
    expect(unknown.status).toBe(404);
    expect((await ticketRow(ref)).known_issue_id).toBe(issue.id);

    const unlinked = await post(`/staff/tickets/${ref}`, { intent: 'known-issue', knownIssueId: '' });
    expect(unlinked.headers.get('location')).toBe(`/staff/tickets/${ref}?done=unlinked#known-issue-title`);
    expect((await ticketRow(ref)).known_issue_id).toBeNull();

    const member = await makeUser(server.db);
    const refused = await post(`/staff/tickets/${ref}`, { intent: 'known-issue', knownIssueId: String(issue.id) }, await sessionCookie(server.db, member));
    expect(refused.status).toBe(404); // the staff ticket page does not exist for a member

    expect((await ticketRow(ref)).known_issue_id).toBeNull();
  });
});

describe('reply to all linked tickets', () => {
  it('replies once per ticket however often the form is sent, and comes back with how many', async () => {
    const issue = await createKnownIssue(server.db, staff, incident({ title: 'Reminders arrive late' }));
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { ref } = await makeTicket(server.db, { name: `Reader ${i}`, email: `late-reminder-${i}@example.com` });
      await linkTicketToKnownIssue(server.db, staff, ref, issue.id);
      refs.push(ref);
    }
    const form = {
      idempotencyKey: 'httpformkey0123456789abc',
      body: 'Hi {{requester_name}}, reminders are back on time.',
      savedReplyId: '',
      setStatus: 'solved',
    };
    const first = await post(`/staff/known-issues/${issue.id}/bulk-reply`, form);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/staff/known-issues/${issue.id}?replied=3#linked-tickets`);
    const again = await post(`/staff/known-issues/${issue.id}/bulk-reply`, form);
    expect(again.headers.get('location')).toBe(`/staff/known-issues/${issue.id}?replied=3#linked-tickets`);

    for (const [i, ref] of refs.entries()) {
      expect(await ticketRow(ref)).toMatchObject({ status: 'solved', staff_reply_count: 1 });
      const emails = await server.db
        .selectFrom('email_outbox')
        .select('text_body')
        .where('to_address', '=', `late-reminder-${i}@example.com`)
        .where('kind', '=', 'ticket-reply')
        .execute();
      expect(emails).toHaveLength(1);
      expect(emails[0]!.text_body).toContain(`Hi Reader ${i}, reminders are back on time.`);
    }

    const empty = await post(`/staff/known-issues/${issue.id}/bulk-reply`, { ...form, idempotencyKey: 'httpformkey0123456789xyz', body: '' });
    expect(empty.status).toBe(303);
    expect(decodeURIComponent(empty.headers.get('location')!.replace(/\+/g, ' '))).toContain('bulk_error=Write the reply, or choose a saved reply.');

    const member = await makeUser(server.db);
    const refused = await post(
      `/staff/known-issues/${issue.id}/bulk-reply`,
      { ...form, idempotencyKey: 'httpformkey0123456789mem' },
      await sessionCookie(server.db, member),
    );
    expect(refused.status).toBe(403);
    const anonymous = await post(`/staff/known-issues/${issue.id}/bulk-reply`, form, '');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/signin\?next=/);
    expect((await get(`/staff/known-issues/${issue.id}/bulk-reply`)).headers.get('location')).toBe(`/staff/known-issues/${issue.id}`);
    expect((await server.db.selectFrom('known_issue_bulk_replies').selectAll().where('known_issue_id', '=', issue.id).execute()).length).toBe(1);
  });
});

describe('the worker', () => {
  it('finishes a reply to all linked tickets that its request did not (stopped before sending)', async () => {
    const issue = await createKnownIssue(server.db, staff, incident({ title: 'Search misses new notes' }));
    for (let i = 0; i < 2; i++) {
      const { ref } = await makeTicket(server.db, { email: `search-miss-${i}@example.com` });
      await linkTicketToKnownIssue(server.db, staff, ref, issue.id);
    }
    // Started as the request would, then "killed" before it sent anything.
    const { id } = await startBulkReply(server.db, staff, issue.id, { idempotencyKey: 'workerkey0123456789abcde', body: 'Search finds new notes again.' });
    const deadline = Date.now() + 15_000;
    while (
      (await server.db.selectFrom('known_issue_bulk_replies').select('completed_at').where('id', '=', id).executeTakeFirstOrThrow()).completed_at === null
    ) {
      if (Date.now() > deadline) throw new Error('The worker did not send the bulk reply in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const emails = await server.db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('to_address', 'like', 'search-miss-%')
      .where('kind', '=', 'ticket-reply')
      .execute();
    expect(emails.map((e) => e.to_address).sort()).toEqual(['search-miss-0@example.com', 'search-miss-1@example.com']);
  });
});

describe('the contact form and known issues', () => {
  let issue: { id: number; slug: string };
  beforeAll(async () => {
    // A title of its own: earlier tests left open issues titled "Google Calendar events stop syncing".
    issue = await createKnownIssue(server.db, staff, incident({ title: 'Google Calendar events missing in Fieldnote' }));
    await indexIssue(issue, 'Google Calendar events missing in Fieldnote', 'identified');
  });

  const contactForm = (fields: Record<string, string> = {}) => ({
    name: 'Robin Visitor',
    email: '',
    subject: 'Google Calendar events missing',
    description: 'Since this morning none of my Google Calendar events show up in Fieldnote.',
    category: 'calendar-sync',
    urgency: 'normal',
    context: '{"searches":[],"articles":[]}',
    visit: 'abcdefghijklmnopqrstuvwxyz234567',
    ...fields,
  });

  it('suggests the open issue with its status and the follow button, and the hidden link to it', async () => {
    const response = await post('/contact', { ...contactForm(), intent: 'suggest' }, '');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/>Google Calendar events missing in Fieldnote<\/a>/);
    expect(html).toContain('· Identified');
    expect(html).toMatch(new RegExp(`formaction="/contact/follow"[^>]*name="followIssue"[^>]*value="${issue.id}"`));
    expect(html).toContain('Follow this issue instead');
    expect(html).toContain(`name="knownIssueId" value="${issue.id}"`);

    const api = (await (await get(`/api/answer-suggestions?subject=${encodeURIComponent('Google Calendar events missing')}`, '')).json()) as {
      hits: { type: string; status?: string; issueId?: number }[];
    };
    expect(api.hits[0]).toMatchObject({ type: 'known_issue', status: 'Identified', issueId: issue.id });
  });

  it('follows instead of writing: a member at once, a visitor by email, and asks a visitor without one', async () => {
    const json = { Accept: 'application/json' };
    const noEmail = await post('/contact/follow', { ...contactForm(), followIssue: String(issue.id) }, '', json);
    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toMatchObject({ ok: false, field: 'email', message: 'Type your email address to follow this issue.' });

    const visitor = await post('/contact/follow', { ...contactForm({ email: 'robin@example.com' }), followIssue: String(issue.id) }, '', json);
    expect(visitor.status).toBe(200);
    expect((await visitor.json()).message).toContain('Check your inbox to confirm: we sent a link to robin@example.com.');

    const member = await makeUser(server.db, { displayName: 'Mia Member' });
    const memberFollow = await post('/contact/follow', { ...contactForm(), followIssue: String(issue.id) }, await sessionCookie(server.db, member), json);
    expect(await memberFollow.json()).toMatchObject({ ok: true, kind: 'following' });

    // The follow is a deflection attempt of the form's visit: no ticket came of it.
    const attempts = await server.db.selectFrom('contact_deflections').selectAll().where('visit_id', '=', contactForm().visit).execute();
    expect(attempts).toMatchObject([{ url: `/known-issues/${issue.slug}`, doc_type: 'known_issue', ticket_id: null }]);

    // Without JavaScript: no email → the form again, as typed, the email asked for.
    const again = await post('/contact/follow', { ...contactForm(), followIssue: String(issue.id) }, '');
    expect(again.status).toBe(400);
    const page = await again.text();
    expect(page).toContain('Type your email address to follow this issue.');
    expect(page).toContain('Since this morning none of my Google Calendar events show up in Fieldnote.');
    expect(page).toContain('value="Google Calendar events missing"');
    // With one → back to the form, which says what happened.
    const done = await post('/contact/follow', { ...contactForm({ email: 'robin@example.com' }), followIssue: String(issue.id) }, '');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/contact?followed=${issue.id}&how=confirm`);
    expect(await (await get(done.headers.get('location')!, '')).text()).toContain('Check your inbox to confirm');

    // A fixed issue has nothing to follow.
    const fixed = await createKnownIssue(server.db, staff, incident({ title: 'Old sync problem', status: 'fixed', message: 'It was fixed before.' }));
    const gone = await post('/contact/follow', { ...contactForm({ email: 'robin@example.com' }), followIssue: String(fixed.id) }, '', json);
    expect(gone.status).toBe(404);
    expect((await server.db.selectFrom('tickets').select('id').where('requester_email', '=', 'robin@example.com').execute()).length).toBe(0);
  });

  it('links a request sent anyway to the suggested open issue, and drops a forged or fixed one', async () => {
    const sent = await post('/contact', { ...contactForm({ email: 'writer@example.com' }), knownIssueId: String(issue.id), intent: 'send' }, '');
    expect(sent.status).toBe(303);
    const ref = /\/tickets\/(FN-\d+)/.exec(sent.headers.get('location')!)![1]!;
    expect((await ticketRow(ref)).known_issue_id).toBe(issue.id);

    await postUpdate(server.db, site, staff, issue.id, { status: 'fixed', message: 'Google Calendar events sync again.' });
    const forged = await post('/contact', { ...contactForm({ email: 'writer2@example.com' }), knownIssueId: String(issue.id), intent: 'send' }, '');
    const other = /\/tickets\/(FN-\d+)/.exec(forged.headers.get('location')!)![1]!;
    expect((await ticketRow(other)).known_issue_id).toBeNull();
    // The requester of the linked one was told of the fix, in the ticket's thread.
    const fixedEmails = await server.db
      .selectFrom('email_outbox')
      .select(['subject', 'headers'])
      .where('kind', '=', 'known-issue-fixed')
      .where('to_address', '=', 'writer@example.com')
      .execute();
    expect(fixedEmails).toMatchObject([{ subject: 'Fixed: Google Calendar events missing in Fieldnote' }]);
  });
});
