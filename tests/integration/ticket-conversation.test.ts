// The ticket conversation and its status rules: internal notes never reach the
// requester, a requester reply reopens a pending or solved ticket, a closed one
// starts a follow-up, solved tickets close after 7 days, the first public staff
// reply is the first response, and only the requester or staff get anywhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { AUTO_CLOSE_AFTER_MS, closeSolvedTickets, replyAsRequester, replyAsStaff, ticketConversation } from '@/server/tickets/conversation';
import { ticketIdToRef, ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

async function ticketRow(ref: string) {
  return t.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
}
async function statusEvents(ref: string) {
  const rows = await t.db
    .selectFrom('ticket_events')
    .select(['kind', 'from_value', 'to_value', 'actor_id'])
    .where('ticket_id', '=', ticketRefToId(ref)!)
    .orderBy('id')
    .execute();
  return rows.filter((r) => r.kind === 'status').map((r) => `${r.from_value}→${r.to_value}`);
}

describe('ticket conversation', () => {
  it('keeps internal notes from the requester, and the first public reply is the first response', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Customer is on the Team plan; **CAL-403** means admin consent.', internal: true }, T0 + HOUR);
    expect((await ticketRow(ref)).first_response_at).toBeNull();
    await replyAsStaff(
      t.db,
      site,
      ref,
      staff,
      { body: 'Your Microsoft 365 admin needs to grant consent. Here is how: <script>alert(1)</script>' },
      T0 + 2 * HOUR,
    );

    const requesterView = await ticketConversation(t.db, ref, { user: null, accessKey });
    expect(requesterView.messages.map((m) => m.visibility)).toEqual(['public']);
    expect(JSON.stringify(requesterView)).not.toContain('Team plan');
    expect(requesterView.messages[0]!.html).toContain('admin needs to grant consent');
    expect(requesterView.messages[0]!.html).not.toContain('<script');
    expect(requesterView.description).toContain('CAL-403');

    const staffView = await ticketConversation(t.db, ref, { user: staff, accessKey: null });
    expect(staffView.messages.map((m) => m.visibility)).toEqual(['internal', 'public']);
    expect(staffView.messages[0]!.html).toContain('<strong>CAL-403</strong>');

    const row = await ticketRow(ref);
    expect(row.first_response_at).toBe(T0 + 2 * HOUR);
    expect(row.status).toBe('pending');
    expect(await statusEvents(ref)).toEqual(['new→open', 'open→pending']);
  });

  it('emails a public reply to the requester with a private link of its own, and never an internal note', async () => {
    const staff = await makeUser(t.db, { role: 'staff', displayName: 'Priya from Support' });
    const { ref } = await makeTicket(t.db, { name: 'Dana', email: 'dana@example.com', subject: 'Export never arrived' });
    const before = await t.db.selectFrom('email_outbox').select('id').execute();
    await replyAsStaff(t.db, site, ref, staff, { body: 'Checked the logs: your export failed at 02:10. Internal: retry queue 7.', internal: true }, T0);
    expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(before.length);
    await replyAsStaff(t.db, site, ref, staff, { body: 'I restarted your export; the download link is in your inbox now.' }, T0 + HOUR);
    const sent = await t.db.selectFrom('email_outbox').selectAll().where('kind', '=', 'ticket-reply').execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to_address: 'dana@example.com', subject: `[${ref}] Re: Export never arrived` });
    expect(sent[0]!.text_body).toContain('I restarted your export');
    expect(sent[0]!.text_body).toContain('Priya from Support');
    expect(sent[0]!.text_body).not.toContain('retry queue');
    const key = /\?key=([A-Za-z0-9_-]+)/.exec(sent[0]!.text_body)?.[1];
    expect(key).toBeDefined();
    expect((await ticketConversation(t.db, ref, { user: null, accessKey: key! })).messages).toHaveLength(1);
  });

  it('reopens a pending or solved ticket when the requester replies, counting reopenings', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Could you send a screenshot of the error?' }, T0);
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'Here it is: the red marker says CAL-403.', T0 + HOUR);
    expect((await ticketRow(ref)).status).toBe('open');
    await replyAsStaff(t.db, site, ref, staff, { body: 'Fixed on our side. Reconnect once and it works.', status: 'solved' }, T0 + 2 * HOUR);
    expect(await ticketRow(ref)).toMatchObject({ status: 'solved', solved_at: T0 + 2 * HOUR, reopened_count: 0 });
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'Still failing after reconnecting, sorry.', T0 + 3 * HOUR);
    expect(await ticketRow(ref)).toMatchObject({ status: 'open', reopened_count: 1 });
    expect(await statusEvents(ref)).toEqual(['new→pending', 'pending→open', 'open→solved', 'solved→open']);
  });

  it('closes solved tickets after 7 days, and a reply to a closed ticket starts a follow-up', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Done: your export is attached again.', status: 'solved' }, T0);
    expect(await closeSolvedTickets(t.db, T0 + AUTO_CLOSE_AFTER_MS - 1)).toBe(0);
    expect(await closeSolvedTickets(t.db, T0 + AUTO_CLOSE_AFTER_MS)).toBe(1);
    expect((await ticketRow(ref)).status).toBe('closed');
    await expect(replyAsStaff(t.db, site, ref, staff, { body: 'One more thing.' })).rejects.toThrow(ValidationError);

    const outcome = await replyAsRequester(
      t.db,
      site,
      ref,
      { user: null, accessKey },
      'The export is missing again this week.',
      T0 + AUTO_CLOSE_AFTER_MS + HOUR,
    );
    expect(outcome.followUp).toBe(true);
    if (!outcome.followUp) return;
    expect((await ticketRow(ref)).status).toBe('closed');
    const followUp = await ticketRow(outcome.ref);
    expect(followUp).toMatchObject({ status: 'new', follow_up_of: ticketRefToId(ref), description: 'The export is missing again this week.' });
    expect(followUp.subject).toMatch(/^Follow-up: /);
    // Its own private link opens it; the old one does not.
    expect((await ticketConversation(t.db, outcome.ref, { user: null, accessKey: outcome.accessKey })).ref).toBe(outcome.ref);
    await expect(ticketConversation(t.db, outcome.ref, { user: null, accessKey })).rejects.toThrow(NotFoundError);
  });

  it('answers a wrong key, another member or a guessed reference with not-found, and lets only staff reply as staff', async () => {
    const owner = await makeUser(t.db);
    const other = await makeUser(t.db);
    const { ref } = await makeTicket(t.db, {}, owner);
    await expect(ticketConversation(t.db, ref, { user: other, accessKey: null })).rejects.toThrow(NotFoundError);
    await expect(ticketConversation(t.db, ref, { user: null, accessKey: 'x'.repeat(32) })).rejects.toThrow(NotFoundError);
    await expect(ticketConversation(t.db, ticketIdToRef(9999), { user: owner, accessKey: null })).rejects.toThrow(NotFoundError);
    await expect(replyAsRequester(t.db, site, ref, { user: other, accessKey: null }, 'Let me in.')).rejects.toThrow(NotFoundError);
    await expect(replyAsStaff(t.db, site, ref, owner, { body: 'I am staff now.' })).rejects.toThrow(ForbiddenError);
    expect((await ticketConversation(t.db, ref, { user: owner, accessKey: null })).messages).toEqual([]);
  });

  it('refuses an empty or overlong reply with a clear message and stores nothing', async () => {
    const { ref, accessKey } = await makeTicket(t.db);
    await expect(replyAsRequester(t.db, site, ref, { user: null, accessKey }, '   ')).rejects.toThrow('Write a reply before sending.');
    await expect(replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'x'.repeat(20_001))).rejects.toThrow(/under 20,000 characters/);
    expect(await t.db.selectFrom('ticket_messages').selectAll().execute()).toEqual([]);
  });
});
