// Tickets linked to known issues: staff link and unlink (an event, the
// version bumped), the linked list and counts; the reply to all linked
// tickets reaches each exactly once when the request is repeated or the
// processing dies half-way; the fix is told to each requester once; the
// tracked GitHub issue closing reopens the tickets without counting customer
// reopenings; the contact form links a ticket to the suggested issue.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { bulkRepliesOf, bulkReplyPreviewCount, processBulkReplies, startBulkReply } from '@/server/known-issues/bulk-replies';
import { createKnownIssue, postUpdate, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { markPlaybookStep } from '@/server/known-issues/playbook';
import { openKnownIssueId, reopenLinkedTickets } from '@/server/known-issues/linked-tickets';
import { AUTO_CLOSE_AFTER_MS, closeSolvedTickets, replyAsRequester, replyAsStaff } from '@/server/tickets/conversation';
import { mergeTicket, ticketHistory } from '@/server/tickets/desk';
import { knownIssueIdOfTicket, linkTicketToKnownIssue, linkedTicketCounts, ticketsLinkedTo } from '@/server/tickets/known-issue-links';
import { createSavedReply, savedReply } from '@/server/tickets/saved-replies';
import { createTicketFromEmail, ticketRefToId } from '@/server/tickets/tickets';
import { isOpenKnownIssue, knownIssueIdOf, suggestAnswers } from '@/server/search/answer-suggestions';
import { createEmbeddedEngine } from '@search/engines/embedded';
import type { SearchDocument } from '@search/types';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';
import { newIncident } from '../support/known-issues';

// The playbook is another helper's module: its calls are watched (and pass through to it).
vi.mock('@/server/known-issues/playbook', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/known-issues/playbook')>();
  return { ...actual, markPlaybookStep: vi.fn(actual.markPlaybookStep) };
});

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  vi.mocked(markPlaybookStep).mockClear();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 24, 9, 0);
const HOUR = 3_600_000;
const teams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident({ workaround: '', githubRepo: null, githubIssueNumber: null, articleSlugs: [], ...overrides });
}

const idOf = (ref: string) => ticketRefToId(ref)!;
const ticketRow = (ref: string) => t.db.selectFrom('tickets').selectAll().where('id', '=', idOf(ref)).executeTakeFirstOrThrow();
const messagesOf = (ref: string) => t.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', idOf(ref)).orderBy('id').execute();
const eventsOf = (ref: string) =>
  t.db.selectFrom('ticket_events').select(['kind', 'from_value', 'to_value', 'actor_id']).where('ticket_id', '=', idOf(ref)).orderBy('id').execute();
const outbox = (kind: string) => t.db.selectFrom('email_outbox').selectAll().where('kind', '=', kind).orderBy('id').execute();

async function setup() {
  const staff = await makeUser(t.db, { role: 'staff', displayName: 'Sam Agent' });
  const issue = await createKnownIssue(t.db, staff, incident(), T0);
  return { staff, issue };
}

/** `n` tickets from different customers, linked to the issue. */
async function linkedTickets(staff: Awaited<ReturnType<typeof makeUser>>, issueId: number, n: number) {
  const refs: string[] = [];
  for (let i = 0; i < n; i++) {
    const { ref } = await makeTicket(t.db, { name: `Customer ${i + 1}`, email: `customer-${i + 1}@example.com` }, null, T0 + i);
    await linkTicketToKnownIssue(t.db, staff, ref, issueId, T0 + HOUR);
    refs.push(ref);
  }
  return refs;
}

describe('linking tickets to a known issue', () => {
  it('links and unlinks (staff only), records the event, bumps the version, and lists the linked tickets', async () => {
    const { staff, issue } = await setup();
    const member = await makeUser(t.db);
    const { ref } = await makeTicket(t.db, { name: 'Dana Ortiz', subject: 'Events missing since this morning' }, null, T0);
    const before = (await ticketRow(ref)).version;

    await expect(linkTicketToKnownIssue(t.db, member, ref, issue.id, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(linkTicketToKnownIssue(t.db, null, ref, issue.id, T0)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(linkTicketToKnownIssue(t.db, staff, ref, issue.id + 100, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ticketsLinkedTo(t.db, member, issue.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await ticketRow(ref)).known_issue_id).toBeNull();

    await linkTicketToKnownIssue(t.db, staff, ref, issue.id, T0 + HOUR);
    await linkTicketToKnownIssue(t.db, staff, ref, issue.id, T0 + HOUR); // the same link again changes nothing
    const linked = await ticketRow(ref);
    expect(linked.known_issue_id).toBe(issue.id);
    expect(linked.version).toBe(before + 1);
    expect(await knownIssueIdOfTicket(t.db, staff, ref)).toBe(issue.id);
    expect(await ticketsLinkedTo(t.db, staff, issue.id)).toEqual([
      {
        ref,
        subject: 'Events missing since this morning',
        requesterName: 'Dana Ortiz',
        requesterEmail: linked.requester_email,
        status: 'new',
        updatedAt: T0 + HOUR,
      },
    ]);
    expect((await linkedTicketCounts(t.db, [issue.id, issue.id + 1])).get(issue.id)).toEqual({ total: 1, unsolved: 1, repliable: 1 });
    expect((await linkedTicketCounts(t.db, [issue.id + 1])).get(issue.id + 1)).toEqual({ total: 0, unsolved: 0, repliable: 0 });

    await linkTicketToKnownIssue(t.db, staff, ref, null, T0 + 2 * HOUR);
    expect((await ticketRow(ref)).known_issue_id).toBeNull();
    expect((await ticketRow(ref)).version).toBe(before + 2);
    expect((await eventsOf(ref)).filter((e) => e.kind === 'known_issue')).toEqual([
      { kind: 'known_issue', from_value: null, to_value: String(issue.id), actor_id: staff.id },
      { kind: 'known_issue', from_value: String(issue.id), to_value: null, actor_id: staff.id },
    ]);
    const history = (await ticketHistory(t.db, staff, ref)).map((h) => h.text);
    expect(history).toEqual(expect.arrayContaining([`Linked to known issue #${issue.id}`, `Unlinked from known issue #${issue.id}`]));
    expect(await ticketsLinkedTo(t.db, staff, issue.id)).toEqual([]);
  });

  it('links a ticket sent from the contact form to the suggested issue, only when it is open', async () => {
    const { staff, issue } = await setup();
    const fixed = await createKnownIssue(
      t.db,
      staff,
      incident({ title: 'Exports were slow', status: 'fixed', message: 'Exports were slow; it is fixed.' }),
      T0,
    );
    expect(await openKnownIssueId(t.db, issue.id)).toBe(issue.id);
    expect(await openKnownIssueId(t.db, fixed.id)).toBeUndefined();
    expect(await openKnownIssueId(t.db, 9999)).toBeUndefined();
    expect(await openKnownIssueId(t.db, undefined)).toBeUndefined();

    const { ref } = await makeTicket(t.db, { knownIssueId: await openKnownIssueId(t.db, issue.id) }, null, T0 + HOUR);
    expect((await ticketRow(ref)).known_issue_id).toBe(issue.id);
    expect((await eventsOf(ref)).filter((e) => e.kind === 'known_issue')).toEqual([
      { kind: 'known_issue', from_value: null, to_value: String(issue.id), actor_id: null },
    ]);
    const { ref: other } = await makeTicket(t.db, { knownIssueId: await openKnownIssueId(t.db, fixed.id) }, null, T0 + HOUR);
    expect((await ticketRow(other)).known_issue_id).toBeNull();
  });
});

describe('reply to all linked tickets', () => {
  it('reaches every linked ticket exactly once, however often the same request is sent', async () => {
    const { staff, issue } = await setup();
    const refs = await linkedTickets(staff, issue.id, 4);
    // A closed ticket takes no reply: it is not a target.
    const { ref: closed } = await makeTicket(t.db, {}, null, T0);
    await replyAsStaff(t.db, site, closed, staff, { body: 'Solved.', status: 'solved' }, T0 + 1);
    await closeSolvedTickets(t.db, T0 + 1 + AUTO_CLOSE_AFTER_MS);
    await linkTicketToKnownIssue(t.db, staff, closed, issue.id, T0 + HOUR);
    expect(await bulkReplyPreviewCount(t.db, staff, issue.id)).toBe(4);

    const member = await makeUser(t.db);
    const input = { idempotencyKey: 'form-key-0123456789abcdef', body: 'Hi {{requester_name}}, about {{ticket_ref}}: a fix is rolling out. — {{agent_name}}' };
    await expect(startBulkReply(t.db, member, issue.id, input, T0 + 2 * HOUR)).rejects.toBeInstanceOf(ForbiddenError);

    const first = await startBulkReply(t.db, staff, issue.id, input, T0 + 2 * HOUR);
    const again = await startBulkReply(t.db, staff, issue.id, input, T0 + 2 * HOUR + 1000);
    expect(first).toMatchObject({ targetCount: 4, created: true });
    expect(again).toEqual({ id: first.id, targetCount: 4, created: false });
    expect(await t.db.selectFrom('known_issue_bulk_replies').selectAll().execute()).toHaveLength(1);
    expect(await t.db.selectFrom('known_issue_bulk_reply_targets').selectAll().execute()).toHaveLength(4);

    expect(await processBulkReplies(t.db, site, T0 + 2 * HOUR)).toEqual({ sent: 4, skipped: 0, failed: 0 });
    // The repeated request after it was processed: still nothing new.
    expect((await startBulkReply(t.db, staff, issue.id, input, T0 + 3 * HOUR)).created).toBe(false);
    expect(await processBulkReplies(t.db, site, T0 + 3 * HOUR)).toEqual({ sent: 0, skipped: 0, failed: 0 });

    for (const [i, ref] of refs.entries()) {
      const staffMessages = (await messagesOf(ref)).filter((m) => m.author_role === 'staff');
      expect(staffMessages).toHaveLength(1);
      // Placeholders filled per ticket, as a staff reply: public, by the agent, counted, first response.
      expect(staffMessages[0]).toMatchObject({
        visibility: 'public',
        author_id: staff.id,
        body_source: `Hi Customer ${i + 1}, about ${ref}: a fix is rolling out. — Sam Agent`,
      });
      const row = await ticketRow(ref);
      expect(row).toMatchObject({ staff_reply_count: 1, first_response_at: T0 + 2 * HOUR, status: 'open' });
      const emails = (await outbox('ticket-reply')).filter((e) => e.to_address === `customer-${i + 1}@example.com`);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.text_body).toContain(`Hi Customer ${i + 1}, about ${ref}`);
      expect(emails[0]!.text_body).toContain('How did we do?');
      expect(JSON.parse(emails[0]!.headers!)).toMatchObject({ messageId: staffMessages[0]!.email_message_id });
    }
    expect((await messagesOf(closed)).filter((m) => m.author_role === 'staff')).toHaveLength(1);
    // The playbook's "reply in bulk" step, once: the repeated requests add nothing.
    const steps = vi.mocked(markPlaybookStep).mock.calls.filter((c) => c[2] === 'bulk_reply');
    expect(steps.map((c) => c.slice(1))).toEqual([[issue.id, 'bulk_reply', staff.id, T0 + 2 * HOUR]]);
    const [past] = await bulkRepliesOf(t.db, staff, issue.id);
    expect(past).toMatchObject({ id: first.id, authorName: 'Sam Agent', targetCount: 4, sentCount: 4, skippedCount: 0, completedAt: T0 + 2 * HOUR });
  });

  it('never sends twice and never skips one when the processing dies half-way', async () => {
    const { staff, issue } = await setup();
    const refs = await linkedTickets(staff, issue.id, 5);
    const { id } = await startBulkReply(
      t.db,
      staff,
      issue.id,
      { idempotencyKey: 'crash-key-0123456789abcd', body: 'A fix is out: please try again.' },
      T0 + 2 * HOUR,
    );
    // The third target's send fails at its very end (its email), after its message and counters were written.
    await sql`create trigger fail_third_send before insert on email_outbox when new.to_address = 'customer-3@example.com'
      begin select raise(abort, 'simulated crash'); end`.execute(t.db);
    const logged: string[] = [];
    expect(await processBulkReplies(t.db, site, T0 + 2 * HOUR, 200, { log: (l) => logged.push(l) })).toEqual({ sent: 4, skipped: 0, failed: 1 });
    expect(logged.join('\n')).toContain('simulated crash');
    // Nothing of the failed one was kept: no message, no counter, still pending.
    expect((await messagesOf(refs[2]!)).filter((m) => m.author_role === 'staff')).toEqual([]);
    expect((await ticketRow(refs[2]!)).staff_reply_count).toBe(0);
    const pending = await t.db.selectFrom('known_issue_bulk_reply_targets').select('ticket_id').where('done_at', 'is', null).execute();
    expect(pending.map((p) => p.ticket_id)).toEqual([idOf(refs[2]!)]);
    expect((await bulkRepliesOf(t.db, staff, issue.id))[0]).toMatchObject({ sentCount: 4, targetCount: 5, completedAt: null });

    // The server comes back: the worker runs it again (a killed run is the same: a limit stops it half-way).
    await sql`drop trigger fail_third_send`.execute(t.db);
    expect(await processBulkReplies(t.db, site, T0 + 3 * HOUR, 1, { bulkReplyId: id })).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(await processBulkReplies(t.db, site, T0 + 4 * HOUR)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    for (const [i, ref] of refs.entries()) {
      expect((await messagesOf(ref)).filter((m) => m.author_role === 'staff')).toHaveLength(1);
      expect((await outbox('ticket-reply')).filter((e) => e.to_address === `customer-${i + 1}@example.com`)).toHaveLength(1);
    }
    const targets = await t.db.selectFrom('known_issue_bulk_reply_targets').selectAll().orderBy('ticket_id').execute();
    for (const target of targets) {
      const message = await t.db.selectFrom('ticket_messages').select('ticket_id').where('id', '=', target.message_id!).executeTakeFirstOrThrow();
      expect(message.ticket_id).toBe(target.ticket_id);
    }
    expect((await bulkRepliesOf(t.db, staff, issue.id))[0]).toMatchObject({ sentCount: 5, completedAt: T0 + 3 * HOUR });
  });

  it('sends a saved reply, counts its use once, and sets the status through the one status path', async () => {
    const { staff, issue } = await setup();
    const refs = await linkedTickets(staff, issue.id, 3);
    await replyAsStaff(t.db, site, refs[1]!, staff, { body: 'Looking into it.' }, T0 + HOUR + 1); // pending
    const saved = await createSavedReply(
      t.db,
      staff,
      { title: 'Calendar fix out', body: 'Hi {{ requester_name }}, the calendar fix is out.', team: null },
      teams,
      T0,
    );
    const started = await startBulkReply(
      t.db,
      staff,
      issue.id,
      { idempotencyKey: 'saved-key-0123456789abcd', body: '', savedReplyId: saved, setStatus: 'solved' },
      T0 + 2 * HOUR,
    );
    expect(started.targetCount).toBe(3);
    await processBulkReplies(t.db, site, T0 + 2 * HOUR);
    expect((await savedReply(t.db, staff, saved)).usageCount).toBe(1);
    for (const ref of refs) {
      const row = await ticketRow(ref);
      expect(row).toMatchObject({ status: 'solved', solved_at: T0 + 2 * HOUR });
      expect(row.resolution_minutes).toBeGreaterThan(0);
      const statusEvents = (await eventsOf(ref)).filter((e) => e.kind === 'status').map((e) => `${e.from_value}→${e.to_value}`);
      expect(statusEvents.at(-1)).toMatch(/→solved$/);
      expect((await messagesOf(ref)).at(-1)!.body_source).toMatch(/^Hi Customer \d, the calendar fix is out\.$/);
    }
    await expect(startBulkReply(t.db, staff, issue.id, { idempotencyKey: 'empty-key-0123456789abcd', body: '  ' }, T0 + 3 * HOUR)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(startBulkReply(t.db, staff, issue.id, { idempotencyKey: 'short', body: 'Hello there' }, T0 + 3 * HOUR)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('skips a ticket that was merged before its turn, and refuses an issue without repliable tickets', async () => {
    const { staff, issue } = await setup();
    const { ref: a } = await makeTicket(t.db, { email: 'same@example.com' }, null, T0);
    const { ref: b } = await makeTicket(t.db, { email: 'same@example.com' }, null, T0 + 1);
    await linkTicketToKnownIssue(t.db, staff, a, issue.id, T0 + HOUR);
    await linkTicketToKnownIssue(t.db, staff, b, issue.id, T0 + HOUR);
    await startBulkReply(t.db, staff, issue.id, { idempotencyKey: 'merge-key-0123456789abcd', body: 'Update: a fix is coming.' }, T0 + 2 * HOUR);
    await mergeTicket(t.db, staff, b, a, T0 + 2 * HOUR + 1);
    expect(await processBulkReplies(t.db, site, T0 + 2 * HOUR + 2)).toEqual({ sent: 1, skipped: 1, failed: 0 });
    expect(await outbox('ticket-reply')).toHaveLength(1);
    expect((await bulkRepliesOf(t.db, staff, issue.id))[0]).toMatchObject({ sentCount: 1, skippedCount: 1, targetCount: 2 });

    const empty = await createKnownIssue(t.db, staff, incident({ title: 'Widget is blank on iOS' }), T0);
    await expect(startBulkReply(t.db, staff, empty.id, { idempotencyKey: 'none-key-0123456789abcde', body: 'Hello there' }, T0)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('the fix told to linked tickets’ requesters', () => {
  it('emails each requester once (merged duplicates left out), threaded in their ticket, when the issue becomes fixed', async () => {
    const { staff, issue } = await setup();
    const { ref: a1 } = await makeTicket(t.db, { name: 'Ana', email: 'ana@example.com', subject: 'Sync broken' }, null, T0);
    const { ref: a2 } = await makeTicket(t.db, { name: 'Ana', email: 'ana@example.com', subject: 'Still broken' }, null, T0 + 1);
    const { ref: dup } = await makeTicket(t.db, { name: 'Ana', email: 'ana@example.com', subject: 'Duplicate' }, null, T0 + 2);
    const { ref: b } = await makeTicket(t.db, { name: 'Ben', email: 'ben@example.com', subject: 'Calendar empty' }, null, T0 + 3);
    // From an email whose sender failed SPF/DKIM/DMARC: never written to automatically.
    const forged = await createTicketFromEmail(
      t.db,
      site,
      { name: 'Someone', email: 'forged@example.com', subject: 'Calendar', description: 'Events are missing.', authenticated: false },
      { supportHours: 'Monday to Friday' },
      T0 + 4,
    );
    for (const ref of [a1, a2, dup, b, forged.ref]) await linkTicketToKnownIssue(t.db, staff, ref, issue.id, T0 + HOUR);
    await mergeTicket(t.db, staff, dup, a2, T0 + HOUR + 1);
    await replyAsStaff(t.db, site, b, staff, { body: 'We are on it.' }, T0 + HOUR + 2);

    await postUpdate(t.db, site, staff, issue.id, { status: 'monitoring', message: 'A fix is out; we are watching it.' }, T0 + 2 * HOUR);
    expect(await outbox('known-issue-fixed')).toEqual([]);
    await postUpdate(t.db, site, staff, issue.id, { status: 'fixed', message: 'Google Calendar events sync again; missed events caught up.' }, T0 + 3 * HOUR);
    // A progress note on a fixed issue tells nobody again.
    await postUpdate(t.db, site, staff, issue.id, { status: 'fixed', message: 'All delayed events have now arrived.' }, T0 + 4 * HOUR);

    const emails = await outbox('known-issue-fixed');
    expect(emails.map((e) => e.to_address).sort()).toEqual(['ana@example.com', 'ben@example.com']);
    for (const email of emails) {
      expect(email.subject).toBe('Fixed: Google Calendar events stop syncing');
      expect(email.text_body).toContain('Google Calendar events sync again; missed events caught up.');
      expect(email.text_body).toContain('http://hearth.test/known-issues/google-calendar-events-stop-syncing');
      expect(email.text_body).toMatch(/http:\/\/hearth\.test\/tickets\/FN-\d+\?key=/);
      expect(JSON.parse(email.headers!).replyTo).toBeTruthy();
      // Our words only: nothing the requester typed (their address may be unproven).
      expect(email.text_body).not.toMatch(/Sync broken|Still broken|Calendar empty|Ana|Ben/);
    }
    const ana = emails.find((e) => e.to_address === 'ana@example.com')!;
    expect(ana.text_body).toContain(`(request ${a2})`); // the latest of hers
    const ben = emails.find((e) => e.to_address === 'ben@example.com')!;
    const benReply = (await messagesOf(b)).find((m) => m.author_role === 'staff')!;
    expect(JSON.parse(ben.headers!)).toMatchObject({ inReplyTo: benReply.email_message_id });
    for (const ref of [a1, a2, b]) expect((await eventsOf(ref)).filter((e) => e.kind === 'known_issue_fixed')).toHaveLength(1);
    expect((await eventsOf(dup)).filter((e) => e.kind === 'known_issue_fixed')).toEqual([]);
  });
});

describe('reopening linked tickets when the fix is out', () => {
  it('opens solved and pending ones with an internal note, follows up closed ones, and counts no customer reopening', async () => {
    const { staff, issue } = await setup();
    const { ref: solved, accessKey: solvedKey } = await makeTicket(t.db, {}, null, T0);
    const { ref: pending } = await makeTicket(t.db, {}, null, T0);
    const { ref: closed } = await makeTicket(t.db, { subject: 'Calendar empty' }, null, T0);
    const { ref: open } = await makeTicket(t.db, {}, null, T0);
    await replyAsStaff(t.db, site, solved, staff, { body: 'A workaround: sync now.', status: 'solved' }, T0 + HOUR);
    await replyAsStaff(t.db, site, pending, staff, { body: 'Can you send a screenshot?' }, T0 + HOUR);
    await replyAsStaff(t.db, site, closed, staff, { body: 'Solved, I think.', status: 'solved' }, T0);
    await closeSolvedTickets(t.db, T0 + AUTO_CLOSE_AFTER_MS);
    for (const ref of [solved, pending, closed, open]) await linkTicketToKnownIssue(t.db, staff, ref, issue.id, T0 + AUTO_CLOSE_AFTER_MS + 1);

    const at = T0 + AUTO_CLOSE_AFTER_MS + HOUR;
    const note = 'The GitHub issue fieldnote/fieldnote#812 was closed: confirm the fix with the customer.';
    expect(await reopenLinkedTickets(t.db, site, issue.id, note, at)).toBe(3);

    for (const ref of [solved, pending]) {
      const row = await ticketRow(ref);
      expect(row).toMatchObject({ status: 'open', reopened_count: 0, waiting_since: at });
      expect((await messagesOf(ref)).at(-1)).toMatchObject({ visibility: 'internal', author_id: null, body_source: note });
      expect((await eventsOf(ref)).at(-1)).toMatchObject({ kind: 'system_reopen', to_value: 'open', actor_id: null });
    }
    expect((await ticketRow(closed)).status).toBe('closed');
    const followUp = await t.db.selectFrom('tickets').selectAll().where('follow_up_of', '=', idOf(closed)).executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({
      subject: 'Follow-up: Calendar empty',
      known_issue_id: issue.id,
      requester_email: (await ticketRow(closed)).requester_email,
    });
    const followUpNotes = await t.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', followUp.id).execute();
    expect(followUpNotes).toMatchObject([{ visibility: 'internal', body_source: note }]);
    expect((await ticketRow(open)).status).toBe('new');
    // No email to anyone: support confirms with each customer.
    expect((await t.db.selectFrom('email_outbox').select('id').where('created_at', '=', at).execute()).length).toBe(0);
    expect((await ticketHistory(t.db, staff, solved)).at(-1)!.text).toContain('confirm it with the customer');

    // Again (a redelivered or repeated close): nothing more to do.
    expect(await reopenLinkedTickets(t.db, site, issue.id, note, at + 1)).toBe(0);
    await expect(reopenLinkedTickets(t.db, site, issue.id + 100, note, at)).rejects.toBeInstanceOf(NotFoundError);

    // A customer's own reopening still counts.
    await replyAsStaff(t.db, site, solved, staff, { body: 'Confirmed fixed.', status: 'solved' }, at + 2);
    await replyAsRequester(t.db, site, solved, { user: null, accessKey: solvedKey }, 'It broke again this morning.', at + 3);
    expect(await ticketRow(solved)).toMatchObject({ status: 'open', reopened_count: 1 });
  });
});

describe('known issues among the contact form’s suggestions', () => {
  it('suggests matching known issues from the index, open ones first, whatever the search tabs show', async () => {
    const engine = createEmbeddedEngine(t.db);
    await engine.setup();
    const doc = (id: string, type: SearchDocument['type'], title: string, status: string, url: string): SearchDocument => ({
      id,
      type,
      title,
      text: `${title}. Google Calendar events do not sync to Fieldnote.`,
      url,
      tags: [],
      category: 'calendar sync',
      status,
      popularity: type === 'article' ? 100 : 0,
      updated: T0,
    });
    await engine.upsert([
      doc('article-calendar-sync', 'article', 'Fix Google Calendar sync errors', 'published', '/help/calendar-sync/fix-calendar-sync-errors'),
      doc('known_issue-7', 'known_issue', 'Google Calendar events stop syncing', 'fixing', '/known-issues/google-calendar-events-stop-syncing'),
      doc('known_issue-3', 'known_issue', 'Google Calendar sync was delayed', 'fixed', '/known-issues/google-calendar-sync-was-delayed'),
    ]);
    const hits = await suggestAnswers(t.db, engine, { subject: 'Google Calendar sync', description: '' });
    expect(hits[0]).toMatchObject({ id: 'known_issue-7', type: 'known_issue', status: 'fixing' });
    expect(hits.map((h) => h.id)).toEqual(expect.arrayContaining(['article-calendar-sync', 'known_issue-3']));
    expect(hits.filter(isOpenKnownIssue).map(knownIssueIdOf)).toEqual([7]);
    expect(knownIssueIdOf(hits.find((h) => h.id === 'article-calendar-sync')!)).toBeUndefined();
  });
});
