// The staff inbox's views, filters, sorts and pages, and staff search, against
// hand-placed tickets at a fixed now: which ticket belongs to which view (the
// long-running threshold is the median resolution of the last 90 days; SLA at
// risk is breaching or due within the hour, breaching first), and who may look.
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Updateable } from 'kysely';
import type { TicketsTable } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { ForbiddenError, UnauthenticatedError } from '@/server/errors';
import { defaultCategoryTags, defaultTeams } from '@/server/settings/settings';
import { describeSpan, searchTickets, slaLabel, staffInbox, waitLabel, type InboxQuery } from '@/server/tickets/inbox';
import { ticketSearchText } from '@/server/tickets/search-text';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 25, 14, 0, 0);
const settings = { categoryTags: defaultCategoryTags, teams: defaultTeams };

let t: TestDb;
let me: SessionUser;
let colleague: SessionUser;
beforeEach(async () => {
  t = await createTestDb();
  me = await makeUser(t.db, { role: 'staff', displayName: 'Maya Agent' });
  colleague = await makeUser(t.db, { role: 'admin', displayName: 'Colin Colleague' });
});
afterEach(async () => t.close());

type Columns = Omit<Updateable<TicketsTable>, 'id'> & { tags?: string[] };

/** A ticket from the contact form, then placed where the test needs it (as the desk's writers would leave it). */
async function ticket(subject: string, columns: Columns = {}): Promise<string> {
  const { tags = [], ...set } = columns;
  const { ref, input } = await makeTicket(t.db, { subject });
  const id = ticketRefToId(ref)!;
  const createdAt = set.created_at ?? now - HOUR;
  await t.db
    .updateTable('tickets')
    .set({
      created_at: createdAt,
      updated_at: createdAt,
      waiting_since: null,
      first_response_due_at: null,
      team: null,
      search_text: ticketSearchText({ ref, subject, requesterName: input.name, requesterEmail: input.email, description: input.description, messages: [] }),
      ...set,
    })
    .where('id', '=', id)
    .execute();
  // Only the tags the test names (not the one the contact form's category gave it).
  await t.db.deleteFrom('ticket_tags').where('ticket_id', '=', id).execute();
  for (const tag of tags) await t.db.insertInto('ticket_tags').values({ ticket_id: id, tag, created_at: createdAt }).execute();
  return ref;
}

const inbox = (query: InboxQuery = {}, user: SessionUser | null = me) => staffInbox(t.db, settings, user, query, now);
const subjects = async (query: InboxQuery = {}) => (await inbox(query)).rows.map((r) => r.subject);

/** The shared scene: one ticket per interesting place, and six solved ones for the median. */
async function scene() {
  // Solved in the last 90 days, resolutions 60, 120, 180, 240, 300 and 3000 minutes (and "Solved yesterday", 2880, below): median 240.
  for (const [i, minutes] of [60, 120, 180, 240, 300, 3000].entries())
    await ticket(`Solved ${i}`, {
      status: 'closed',
      created_at: now - 20 * DAY,
      solved_at: now - (10 + i) * DAY,
      resolution_minutes: minutes,
      first_response_at: now - 20 * DAY,
    });
  // Solved 100 days ago: outside the window, its 1 minute does not count.
  await ticket('Solved long ago', { status: 'closed', created_at: now - 101 * DAY, solved_at: now - 100 * DAY, resolution_minutes: 1 });
  await ticket('Breaching, mine', {
    status: 'new',
    assignee_id: me.id,
    created_at: now - 3 * HOUR,
    first_response_due_at: now - 2 * HOUR,
    waiting_since: now - 3 * HOUR,
    urgency: 'high',
    tags: ['bug'],
  });
  await ticket('Due in 30 min, unassigned', {
    status: 'new',
    created_at: now - 20 * MIN,
    first_response_due_at: now + 30 * MIN,
    waiting_since: now - 20 * MIN,
    urgency: 'urgent',
  });
  await ticket('Due in 5 h, open', {
    status: 'open',
    created_at: now - HOUR,
    first_response_due_at: now + 5 * HOUR,
    waiting_since: now - HOUR,
    tier: 2,
    team: 'billing',
    tags: ['account and billing', 'refund'],
  });
  await ticket('Answered, customer waits 3 h', {
    status: 'open',
    assignee_id: colleague.id,
    created_at: now - 2 * HOUR,
    first_response_at: now - 4 * HOUR,
    first_response_due_at: now - 3 * HOUR,
    waiting_since: now - 3 * HOUR,
    sla_outcome: 'met',
    tags: ['bug'],
  });
  await ticket('Answered 5 h ago, customer waits 1 h', {
    status: 'open',
    assignee_id: colleague.id,
    created_at: now - 5 * HOUR,
    first_response_at: now - 4 * HOUR,
    first_response_due_at: now - 4.5 * HOUR,
    waiting_since: now - HOUR,
    sla_outcome: 'breached',
    sla_late_minutes: 30,
  });
  await ticket('Pending for ten days', {
    status: 'pending',
    assignee_id: me.id,
    created_at: now - 10 * DAY,
    updated_at: now - 9 * DAY,
    first_response_at: now - 9 * DAY,
    first_response_due_at: now - 9.5 * DAY,
    tier: 3,
    sla_outcome: 'met',
  });
  await ticket('Pending, answered 2 h ago', {
    status: 'pending',
    created_at: now - 3.5 * HOUR,
    updated_at: now - 2 * HOUR,
    first_response_at: now - 2 * HOUR,
    first_response_due_at: now + HOUR,
  });
  await ticket('Solved yesterday', {
    status: 'solved',
    created_at: now - 3 * DAY,
    updated_at: now - DAY,
    solved_at: now - DAY,
    resolution_minutes: 2 * 24 * 60,
    first_response_at: now - 2 * DAY,
  });
}

describe('inbox views', () => {
  it('puts each ticket in its views, counts them on the tabs, and orders by SLA due time: due first, then the longest wait, then the rest', async () => {
    await scene();
    const all = await inbox();
    expect(all.view).toBe('unsolved');
    expect(all.sort).toBe('due');
    expect(all.rows.map((r) => r.subject)).toEqual([
      'Breaching, mine',
      'Due in 30 min, unassigned',
      'Due in 5 h, open',
      'Answered, customer waits 3 h',
      'Answered 5 h ago, customer waits 1 h',
      'Pending for ten days',
      'Pending, answered 2 h ago',
    ]);
    expect(await subjects({ view: 'mine' })).toEqual(['Breaching, mine', 'Pending for ten days']);
    expect(await subjects({ view: 'unassigned' })).toEqual(['Due in 30 min, unassigned', 'Due in 5 h, open', 'Pending, answered 2 h ago']);
    expect(await subjects({ view: 'at-risk' })).toEqual(['Breaching, mine', 'Due in 30 min, unassigned']);
    expect(await subjects({ view: 'new' })).toEqual(['Breaching, mine', 'Due in 30 min, unassigned']);
    expect(await subjects({ view: 'open' })).toEqual(['Due in 5 h, open', 'Answered, customer waits 3 h', 'Answered 5 h ago, customer waits 1 h']);
    expect(await subjects({ view: 'pending' })).toEqual(['Pending for ten days', 'Pending, answered 2 h ago']);
    expect(await subjects({ view: 'solved' })).toEqual(['Solved yesterday']);
    expect(all.counts).toEqual({ unsolved: 7, mine: 2, unassigned: 3, 'at-risk': 2, 'long-running': 2, new: 2, open: 3, pending: 2, solved: 1 });
    // Another agent's "mine" is theirs.
    expect((await inbox({ view: 'mine' }, colleague)).rows.map((r) => r.subject)).toEqual([
      'Answered, customer waits 3 h',
      'Answered 5 h ago, customer waits 1 h',
    ]);
  });

  it('calls open or pending tickets created longer ago than the median resolution of the last 90 days long-running, and says the threshold', async () => {
    await scene();
    const view = await inbox({ view: 'long-running' });
    // Median of 60, 120, 180, 240, 300, 2880 and 3000 (the one solved 100 days ago left out): 240 minutes.
    expect(view.longRunning).toEqual({ minutes: 240, solvedInWindow: 7 });
    // Created 5 h and 10 days ago; not the pending one created 3.5 h ago, nor the new one created 3 h ago (new is not being worked on).
    expect(view.rows.map((r) => r.subject)).toEqual(['Answered 5 h ago, customer waits 1 h', 'Pending for ten days']);
  });

  it('has no long-running threshold, and an empty view, with fewer than 5 tickets solved in 90 days', async () => {
    await ticket('Only solved one', { status: 'closed', solved_at: now - DAY, resolution_minutes: 10 });
    await ticket('Ancient open', { status: 'open', created_at: now - 300 * DAY, first_response_at: now - 299 * DAY });
    const view = await inbox({ view: 'long-running' });
    expect(view.longRunning).toEqual({ minutes: null, solvedInWindow: 1 });
    expect(view.rows).toEqual([]);
    expect(view.counts['long-running']).toBe(0);
  });

  it('shows each row with what an agent needs: requester, emotion, urgency, tier, assignee, tags, wait and SLA', async () => {
    await scene();
    const rows = (await inbox()).rows;
    const breaching = rows.find((r) => r.subject === 'Breaching, mine')!;
    expect(breaching).toMatchObject({
      status: 'new',
      urgency: 'high',
      tier: 1,
      assignee: { id: me.id, name: 'Maya Agent' },
      tags: ['bug'],
      dueAt: now - 2 * HOUR,
    });
    expect(breaching.ref).toMatch(/^FN-\d+$/);
    expect(breaching.requesterName).toMatch(/^Customer \d+$/);
    expect(waitLabel(breaching, now)).toBe('waiting 3 h');
    expect(slaLabel(breaching, now)).toEqual({ text: 'breached 2 h ago', state: 'breached' });
    const soon = rows.find((r) => r.subject === 'Due in 30 min, unassigned')!;
    expect(slaLabel(soon, now)).toEqual({ text: 'due in 30 min', state: 'due' });
    expect(soon.assignee).toBeNull();
    const answered = rows.find((r) => r.subject === 'Answered 5 h ago, customer waits 1 h')!;
    expect(answered.dueAt).toBeNull();
    expect(slaLabel(answered, now)).toEqual({ text: 'first reply 30 min late', state: 'breached' });
    expect(waitLabel(answered, now)).toBe('waiting 1 h');
    const pending = rows.find((r) => r.subject === 'Pending for ten days')!;
    expect(waitLabel(pending, now)).toBe('answered');
    expect(slaLabel(pending, now)).toEqual({ text: 'first reply on time', state: 'met' });
    expect(rows.find((r) => r.subject === 'Due in 5 h, open')!.tags).toEqual(['account and billing', 'refund']);
    expect([describeSpan(40 * MIN), describeSpan(3 * HOUR), describeSpan(47 * HOUR), describeSpan(3 * DAY), describeSpan(10_000)]).toEqual([
      '40 min',
      '3 h',
      '47 h',
      '3 d',
      '1 min',
    ]);
  });
});

describe('inbox filters, sorts and pages', () => {
  it('filters by urgency, category tag, free tag, tier, assignee and team, counting the filtered list while the tabs keep their totals', async () => {
    await scene();
    expect(await subjects({ urgency: 'urgent' })).toEqual(['Due in 30 min, unassigned']);
    expect(await subjects({ category: 'bug' })).toEqual(['Breaching, mine', 'Answered, customer waits 3 h']);
    expect(await subjects({ tag: 'refund' })).toEqual(['Due in 5 h, open']);
    expect(await subjects({ category: 'account and billing', tag: 'refund' })).toEqual(['Due in 5 h, open']);
    expect(await subjects({ category: 'bug', tag: 'refund' })).toEqual([]);
    expect(await subjects({ tier: 3 })).toEqual(['Pending for ten days']);
    expect(await subjects({ assigneeId: colleague.id })).toEqual(['Answered, customer waits 3 h', 'Answered 5 h ago, customer waits 1 h']);
    expect(await subjects({ team: 'billing' })).toEqual(['Due in 5 h, open']);
    expect(await subjects({ view: 'open', category: 'bug' })).toEqual(['Answered, customer waits 3 h']);
    const filtered = await inbox({ category: 'bug' });
    expect(filtered.total).toBe(2);
    expect(filtered.counts.unsolved).toBe(7);
  });

  it('sorts by newest and by last update on request', async () => {
    await scene();
    expect(await subjects({ sort: 'newest' })).toEqual([
      'Due in 30 min, unassigned',
      'Due in 5 h, open',
      'Answered, customer waits 3 h',
      'Breaching, mine',
      'Pending, answered 2 h ago',
      'Answered 5 h ago, customer waits 1 h',
      'Pending for ten days',
    ]);
    await t.db
      .updateTable('tickets')
      .set({ updated_at: now - MIN })
      .where('subject', '=', 'Pending for ten days')
      .execute();
    expect((await subjects({ view: 'pending', sort: 'updated' }))[0]).toBe('Pending for ten days');
    expect((await subjects({ sort: 'updated' }))[0]).toBe('Pending for ten days');
  });

  it('pages 25 at a time, every ticket once', async () => {
    for (let i = 0; i < 30; i++)
      await ticket(`Queue ${String(i).padStart(2, '0')}`, {
        status: 'new',
        first_response_due_at: now + i * MIN,
        waiting_since: now - HOUR,
        created_at: now - HOUR - i,
      });
    const first = await inbox();
    const second = await inbox({ page: 2 });
    expect([first.total, first.pageCount, first.rows.length, second.rows.length]).toEqual([30, 2, 25, 5]);
    expect([...first.rows, ...second.rows].map((r) => r.subject)).toEqual(Array.from({ length: 30 }, (_, i) => `Queue ${String(i).padStart(2, '0')}`));
    expect((await inbox({ page: 3 })).rows).toEqual([]);
    const filtered = await inbox({ urgency: 'normal', page: 2 });
    expect([filtered.total, filtered.pageCount, filtered.rows.length]).toEqual([30, 2, 5]);
  });

  it('is for staff only, refused in the domain', async () => {
    const member = await makeUser(t.db);
    await expect(inbox({}, member)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(inbox({}, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(searchTickets(t.db, member, 'calendar')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(searchTickets(t.db, null, 'calendar')).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('staff search over tickets', () => {
  it('finds tickets holding every word (accents and case folded), newest first, for every agent', async () => {
    const older = await ticket('Export to PDF drops images', { created_at: now - 2 * DAY });
    const newer = await ticket('Exporting notes: images missing in the PDF', { created_at: now - DAY });
    await ticket('Export to CSV works fine', { created_at: now - HOUR });
    const mine = await searchTickets(t.db, me, 'pdf IMAGES');
    expect(mine.kind === 'results' && mine.rows.map((r) => r.ref)).toEqual([newer, older]);
    // Another agent sees the same tickets: search is over everyone's.
    const theirs = await searchTickets(t.db, colleague, 'Pdf imagés');
    expect(theirs.kind === 'results' && theirs.rows.map((r) => r.ref)).toEqual([newer, older]);
    const none = await searchTickets(t.db, me, 'pdf zeppelin');
    expect(none.kind === 'results' && none.rows).toEqual([]);
  });

  it('finds the requester by name or address, and LIKE wildcards in a query match only themselves', async () => {
    const { ref } = await makeTicket(t.db, { name: 'Zoë Quentin', email: 'zoe.q@example.org', subject: 'Discount of 50% not applied' });
    const id = ticketRefToId(ref)!;
    await t.db
      .updateTable('tickets')
      .set({
        search_text: ticketSearchText({
          ref,
          subject: 'Discount of 50% not applied',
          requesterName: 'Zoë Quentin',
          requesterEmail: 'zoe.q@example.org',
          description: 'It says 5000 instead.',
          messages: [],
        }),
      })
      .where('id', '=', id)
      .execute();
    for (const q of ['zoe quentin', 'zoe.q@example.org', '50%']) {
      const found = await searchTickets(t.db, me, q);
      expect(found.kind === 'results' && found.rows.map((r) => r.ref), q).toEqual([ref]);
    }
    for (const q of ['5_00', '50%0', 'zoe_q']) {
      const found = await searchTickets(t.db, me, q);
      expect(found.kind === 'results' && found.rows, q).toEqual([]);
    }
  });

  it('jumps straight to a ticket by its reference, and pages through many results', async () => {
    const ref = await ticket('Calendar shows the wrong week');
    expect(await searchTickets(t.db, me, ` ${ref.toLowerCase()} `)).toEqual({ kind: 'jump', ref });
    // A reference that does not exist is searched as text (and finds nothing here).
    const missing = await searchTickets(t.db, me, 'FN-999999');
    expect(missing.kind).toBe('results');
    for (let i = 0; i < 27; i++) await ticket(`Sync issue number ${i}`, { created_at: now - i * MIN });
    const first = await searchTickets(t.db, me, 'sync issue');
    const second = await searchTickets(t.db, me, 'sync issue', 2);
    expect(first.kind === 'results' && [first.rows.length, first.hasMore]).toEqual([25, true]);
    expect(second.kind === 'results' && [second.rows.length, second.hasMore, second.rows.at(-1)!.subject]).toEqual([2, false, 'Sync issue number 26']);
  });
});
