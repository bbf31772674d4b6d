// The staff ticket page and the saved replies page over HTTP, without
// JavaScript: inserting saved replies keeps what was typed, sending counts
// them, and a member, a guessed reference or a visitor gets nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateAsRequester } from '@/server/tickets/satisfaction';
import { replyAsStaff } from '@/server/tickets/conversation';
import { createSavedReply, savedReply } from '@/server/tickets/saved-replies';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, sessionCookie, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let staffCookie: string;
let staff: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  server = await startTestServer();
  staff = await makeUser(server.db, { role: 'staff', displayName: 'Sam Agent' });
  staffCookie = await sessionCookie(server.db, staff);
});
afterAll(async () => server?.stop());

const teams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];

function post(path: string, fields: Record<string, string>, cookie = staffCookie) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}
const get = (path: string, cookie = staffCookie) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
/** The reply textarea's text, as the browser would show it. */
function replyBox(html: string): string {
  const raw = /<textarea id="field-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '';
  return raw
    .replace(/&#10;/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

describe('the staff ticket page', () => {
  it('shows the conversation with notes marked, the requester and the context', async () => {
    const { ref, accessKey } = await makeTicket(server.db, {
      name: 'Dana Ortiz',
      subject: 'Widget shows yesterday',
      context: { searches: ['widget stale'], articles: [] },
    });
    await replyAsStaff(server.db, site, ref, staff, { body: 'Internal: likely the iOS 18 widget cache.', internal: true });
    const response = await get(`/staff/tickets/${ref}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Widget shows yesterday');
    expect(html).toContain('Internal note');
    expect(html).toContain('likely the iOS 18 widget cache');
    expect(html).toContain('href="/search?q=widget%20stale"');
    expect(html).toContain('Not rated yet.');
    await replyAsStaff(server.db, site, ref, staff, { body: 'Remove the widget and add it again; that clears its cache.', status: 'solved' });
    const reply = await server.db.selectFrom('ticket_messages').select('id').where('visibility', '=', 'public').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await rateAsRequester(
      server.db,
      { user: null, accessKey },
      ref,
      reply.id,
      { rating: 'not_good', comment: 'It came back the next day.' },
      Date.UTC(2026, 10, 30, 9),
    );
    const rated = await (await get(`/staff/tickets/${ref}`)).text();
    expect(rated).toContain('Not good');
    expect(rated).toContain('Latest rating');
    expect(rated).toContain('Sam Agent’s reply, Nov 30, 2026, 9:00 AM UTC');
    // The agent who wrote the rated reply reads the comment.
    expect(rated).toContain('It came back the next day.');
  });

  it('inserts saved replies into what was typed, with the placeholders filled, and counts them once the reply is sent', async () => {
    const { ref } = await makeTicket(server.db, { name: 'Dana Ortiz' });
    const greet = await createSavedReply(server.db, staff, { title: 'Greeting for the desk test', body: 'Hi {{requester_name}},', team: null }, teams);
    const sign = await createSavedReply(
      server.db,
      staff,
      { title: 'Sign-off for the desk test', body: 'Best, {{agent_name}} ({{ticket_ref}})', team: null },
      teams,
    );
    const page = `/staff/tickets/${ref}`;

    const searched = await post(page, {
      intent: 'search-saved',
      body: 'I checked your account.',
      savedQuery: 'desk test',
      savedReplyIds: '',
      kind: 'public',
      status: 'pending',
    });
    expect(searched.status).toBe(200);
    const searchedHtml = await searched.text();
    expect(replyBox(searchedHtml)).toBe('I checked your account.');
    expect(searchedHtml).toContain(`value="insert:${greet}"`);
    expect(searchedHtml).toContain(`value="insert:${sign}"`);

    const first = await post(page, {
      intent: `insert:${sign}`,
      body: 'I checked your account.',
      savedQuery: 'desk test',
      savedReplyIds: '',
      kind: 'internal',
      status: 'solved',
    });
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(replyBox(firstHtml)).toBe(`I checked your account.\n\nBest, Sam Agent (${ref})`);
    expect(hidden(firstHtml, 'savedReplyIds')).toBe(String(sign));
    // The other choices stay as they were.
    expect(firstHtml).toMatch(/value="internal" checked/);
    expect(firstHtml).toMatch(/<option value="solved" selected/);

    const second = await post(page, {
      intent: `insert:${greet}`,
      body: replyBox(firstHtml),
      savedQuery: 'desk test',
      savedReplyIds: String(sign),
      kind: 'public',
      status: 'pending',
    });
    const secondHtml = await second.text();
    expect(replyBox(secondHtml)).toBe(`I checked your account.\n\nBest, Sam Agent (${ref})\n\nHi Dana Ortiz,`);
    expect(hidden(secondHtml, 'savedReplyIds')).toBe(`${sign},${greet}`);

    // Edited before sending: the sent text is what was in the box.
    const version = hidden(secondHtml, 'version')!;
    const seenAt = hidden(secondHtml, 'seenAt')!;
    const edited = `Hi Dana Ortiz,\n\nI checked your account: the export is back.\n\nBest, Sam Agent (${ref})`;
    const sent = await post(page, {
      intent: 'send',
      body: edited,
      savedQuery: '',
      savedReplyIds: `${sign},${greet}`,
      kind: 'public',
      status: 'pending',
      version,
      seenAt,
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${page}?done=sent#latest`);
    const messages = await server.db.selectFrom('ticket_messages').select(['body_source', 'visibility']).where('ticket_id', '=', ticketRefToId(ref)!).execute();
    expect(messages).toEqual([{ body_source: edited, visibility: 'public' }]);
    expect((await savedReply(server.db, staff, greet)).usageCount).toBe(1);
    expect((await savedReply(server.db, staff, sign)).usageCount).toBe(1);
  });

  it('keeps the typed text when a reply is refused', async () => {
    const { ref } = await makeTicket(server.db);
    const opened = await (await get(`/staff/tickets/${ref}`)).text();
    const version = hidden(opened, 'version')!;
    const seenAt = hidden(opened, 'seenAt')!;
    const refused = await post(`/staff/tickets/${ref}`, {
      intent: 'send',
      body: '   ',
      savedReplyIds: '',
      savedQuery: '',
      kind: 'public',
      status: 'pending',
      version,
      seenAt,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Write a reply before sending.');
  });

  it('warns when someone else replied since the page was opened, keeps the typed text, and sends on "Send anyway"', async () => {
    const other = await makeUser(server.db, { role: 'staff', displayName: 'Priya Other' });
    const { ref } = await makeTicket(server.db);
    const page = `/staff/tickets/${ref}`;
    const opened = await (await get(page)).text();
    const stamp = { version: hidden(opened, 'version')!, seenAt: hidden(opened, 'seenAt')! };
    // Someone else answers while this agent is still typing.
    await new Promise((r) => setTimeout(r, 5));
    await replyAsStaff(server.db, site, ref, other, { body: 'I already restarted the sync for you.' });

    const draft = { body: 'Please reconnect your calendar.', savedReplyIds: '', savedQuery: '', kind: 'public', status: 'pending' };
    const warned = await post(page, { intent: 'send', ...draft, ...stamp });
    expect(warned.status).toBe(409);
    const warnedHtml = await warned.text();
    expect(warnedHtml).toContain('Your reply was not sent');
    expect(warnedHtml).toContain('Priya Other replied.');
    expect(warnedHtml).toContain('I already restarted the sync for you.');
    expect(replyBox(warnedHtml)).toBe('Please reconnect your calendar.');
    expect(warnedHtml).toContain('value="send-anyway"');
    const bodies = async () =>
      (await server.db.selectFrom('ticket_messages').select('body_source').where('ticket_id', '=', ticketRefToId(ref)!).orderBy('id').execute()).map(
        (m) => m.body_source,
      );
    expect(await bodies()).toEqual(['I already restarted the sync for you.']);

    const anyway = await post(page, { intent: 'send-anyway', ...draft, version: hidden(warnedHtml, 'version')!, seenAt: hidden(warnedHtml, 'seenAt')! });
    expect(anyway.status).toBe(303);
    expect(await bodies()).toEqual(['I already restarted the sync for you.', 'Please reconnect your calendar.']);
  });

  it('assigns, sets status, urgency, team and tags, each an event in the history with who', async () => {
    const other = await makeUser(server.db, { role: 'staff', displayName: 'Priya Assignee' });
    const { ref } = await makeTicket(server.db);
    const page = `/staff/tickets/${ref}`;
    const assigned = await post(page, { intent: 'assign', assigneeId: String(other.id) });
    expect(assigned.status).toBe(303);
    expect(assigned.headers.get('location')).toBe(`${page}?done=assign#details-title`);
    expect((await post(page, { intent: 'status', status: 'open' })).status).toBe(303);
    expect((await post(page, { intent: 'urgency', urgency: 'urgent' })).status).toBe(303);
    expect((await post(page, { intent: 'team', team: 'billing' })).status).toBe(303);
    expect((await post(page, { intent: 'add-tag', categoryTag: 'bug', freeTag: 'Widget Cache' })).status).toBe(303);
    expect((await post(page, { intent: 'remove-tag', tag: 'how-to' })).status).toBe(303);
    const noTag = await post(page, { intent: 'add-tag', categoryTag: '', freeTag: '  ' });
    expect(noTag.status).toBe(400);
    expect(await noTag.text()).toContain('Choose a category tag or write a tag.');
    const notAgent = await post(page, { intent: 'assign', assigneeId: String((await makeUser(server.db)).id) });
    expect(notAgent.status).toBe(400);
    expect(await notAgent.text()).toContain('Choose a member of the support team.');

    const row = await server.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ assignee_id: other.id, status: 'open', urgency: 'urgent', team: 'billing' });
    const html = await (await get(page)).text();
    expect(html).toMatch(new RegExp(`<option value="${other.id}" selected[^>]*>Priya Assignee`));
    expect(html).toContain('widget cache</span>');
    for (const text of [
      'Assigned to Priya Assignee',
      'Urgency: normal → urgent',
      'Team: calendar sync → billing',
      'Tag added: bug',
      'Tag removed: how-to',
      'Tag added: widget cache',
    ])
      expect(html).toContain(text);
    expect(html).toContain('Sam Agent');
  });

  it('refuses to escalate without a note, keeping the choice, and makes the note an internal note when given', async () => {
    const { ref } = await makeTicket(server.db);
    const page = `/staff/tickets/${ref}`;
    const refused = await post(page, { intent: 'tier', tier: '3', tierNote: '   ' });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Say why you escalate to tier 3');
    expect(refusedHtml).toMatch(/<option value="3" selected[^>]*>Tier 3/);
    expect((await server.db.selectFrom('tickets').select('tier').where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow()).tier).toBe(1);

    const escalated = await post(page, { intent: 'tier', tier: '2', tierNote: 'Sync logs show token expiry; needs the integrations team.' });
    expect(escalated.status).toBe(303);
    const html = await (await get(page)).text();
    expect(html).toContain('Internal note');
    expect(html).toContain('Escalated to tier 2.');
    expect(html).toContain('Tier 1 → tier 2');
    const deescalated = await post(page, { intent: 'tier', tier: '1', tierNote: '' });
    expect(deescalated.status).toBe(303);
    expect((await server.db.selectFrom('tickets').select('tier').where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow()).tier).toBe(1);
  });

  it('merges a duplicate into another request after a confirm step', async () => {
    const email = `merge${Date.now()}@example.com`;
    const target = await makeTicket(server.db, { email, subject: 'Calendar stopped syncing' });
    const duplicate = await makeTicket(server.db, {
      email,
      subject: 'Sync broken again',
      description: 'Writing again because my calendar still does not sync at all.',
    });
    const page = `/staff/tickets/${duplicate.ref}`;
    const bad = await post(page, { intent: 'merge-preview', target: 'not a ref' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Write a reference like FN-1042.');
    expect(badHtml).toContain('value="not a ref"');

    const preview = await post(page, { intent: 'merge-preview', target: target.ref });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain(`Merge ${duplicate.ref} into <strong data-astro-cid`);
    expect(previewHtml).toContain('Calendar stopped syncing');
    // Nothing merged before the confirmation.
    expect(
      (await server.db.selectFrom('tickets').select('merged_into').where('id', '=', ticketRefToId(duplicate.ref)!).executeTakeFirstOrThrow()).merged_into,
    ).toBeNull();

    const merged = await post(page, { intent: 'merge', target: target.ref });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`/staff/tickets/${target.ref}?done=merged#conversation-title`);
    const targetHtml = await (await get(`/staff/tickets/${target.ref}`)).text();
    expect(targetHtml).toContain('my calendar still does not sync at all');
    expect(targetHtml).toContain(`${duplicate.ref} merged into this request`);
    const sourceHtml = await (await get(page)).text();
    expect(sourceHtml).toContain(`This ticket was merged into <a href="/staff/tickets/${target.ref}"`);

    const otherPerson = await makeTicket(server.db, { subject: 'Someone else entirely' });
    const refused = await post(`/staff/tickets/${otherPerson.ref}`, { intent: 'merge', target: target.ref });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Choose a request from the same requester.');
  });

  it('answers a member (even the requester), a guessed reference and a tampered one with 404, and sends a visitor to sign in', async () => {
    const member = await makeUser(server.db);
    const memberCookie = await sessionCookie(server.db, member);
    const { ref } = await makeTicket(server.db, { subject: 'Private billing question' }, member);
    const asMember = await get(`/staff/tickets/${ref}`, memberCookie);
    expect(asMember.status).toBe(404);
    expect(await asMember.text()).not.toContain('Private billing question');
    const memberPost = await post(
      `/staff/tickets/${ref}`,
      { intent: 'send', body: 'Let me in', savedReplyIds: '', savedQuery: '', kind: 'public', status: 'solved', version: '0', seenAt: '0' },
      memberCookie,
    );
    expect(memberPost.status).toBe(404);
    expect(await server.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketRefToId(ref)!).execute()).toEqual([]);
    expect((await get('/staff/tickets/FN-999999')).status).toBe(404);
    expect((await get('/staff/tickets/FN-10x1')).status).toBe(404);
    const visitor = await fetch(`${server.url}/staff/tickets/${ref}`, { redirect: 'manual' });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/staff/tickets/${ref}`)}`);
  });
});

describe('the saved replies page', () => {
  it('adds, lists with usage counts and team, finds, edits and deletes saved replies, keeping what was typed on an error', async () => {
    const refused = await post('/staff/saved-replies', { intent: 'create', title: 'Refund window', body: '', team: 'billing' });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Write the text of the saved reply.');
    expect(refusedHtml).toContain('value="Refund window"');
    expect(refusedHtml).toMatch(/<option value="billing" selected/);

    const created = await post('/staff/saved-replies', { intent: 'create', title: 'Refund window', body: 'We refund within **14 days**.', team: 'billing' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/staff/saved-replies?done=created');
    const row = await server.db.selectFrom('saved_replies').select('id').where('title', '=', 'Refund window').executeTakeFirstOrThrow();
    await server.db.updateTable('saved_replies').set({ usage_count: 3 }).where('id', '=', row.id).execute();

    const found = await (await get('/staff/saved-replies?q=14+days&team=billing')).text();
    expect(found).toContain('Refund window');
    expect(found).toContain('<strong>14 days</strong>');
    expect(found).toContain('Used 3 times');
    expect(found).toContain('billing');
    expect(await (await get('/staff/saved-replies?q=14+days&team=mobile')).text()).not.toContain('Refund window');

    const editForm = await (await get(`/staff/saved-replies?edit=${row.id}`)).text();
    expect(editForm).toContain('Edit saved reply');
    expect(editForm).toContain('We refund within **14 days**.');
    const badEdit = await post('/staff/saved-replies', { intent: 'update', id: String(row.id), title: '', body: 'We refund within 30 days.', team: '' });
    expect(badEdit.status).toBe(400);
    const badEditHtml = await badEdit.text();
    expect(badEditHtml).toContain('Give the saved reply a title.');
    expect(badEditHtml).toContain('We refund within 30 days.');
    expect(badEditHtml).toContain(`name="id" value="${row.id}"`);
    const edited = await post('/staff/saved-replies', {
      intent: 'update',
      id: String(row.id),
      title: 'Refund window (30 days)',
      body: 'We refund within 30 days.',
      team: '',
    });
    expect(edited.status).toBe(303);
    expect(await (await get('/staff/saved-replies')).text()).toContain('Refund window (30 days)');

    const deleted = await post('/staff/saved-replies', { intent: 'delete', id: String(row.id) });
    expect(deleted.status).toBe(303);
    expect(await server.db.selectFrom('saved_replies').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
  });

  it('is linked from the staff area and closed to members', async () => {
    expect(await (await get('/staff')).text()).toContain('href="/staff/saved-replies"');
    const memberCookie = await sessionCookie(server.db, await makeUser(server.db));
    expect((await get('/staff/saved-replies', memberCookie)).status).toBe(403);
    const memberPost = await post('/staff/saved-replies', { intent: 'create', title: 'Sneaky', body: 'Text', team: '' }, memberCookie);
    expect(memberPost.status).toBe(403);
    expect(await server.db.selectFrom('saved_replies').select('id').where('title', '=', 'Sneaky').executeTakeFirst()).toBeUndefined();
  });
});
