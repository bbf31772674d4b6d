// AFTER THE MERGE WITH HELPER TICKETS: a GitHub close reopens the known
// issue's linked tickets so support can confirm the fix with each customer —
// solved and pending ones go back to open with an internal note (not counted
// as customer reopenings), closed ones get a linked follow-up ticket, open
// ones stay open — and a GitHub reopen changes no ticket. Fails on the
// playbook branch alone, where reopenLinkedTickets is still the placeholder
// that returns 0.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketStatus } from '@db/schema';
import { receiveGithubDelivery } from '@/server/known-issues/github';
import { createKnownIssue } from '@/server/known-issues/known-issues';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 20, 9, 0);
const HOUR = 3_600_000;

async function linkedTicket(issueId: number, status: TicketStatus): Promise<number> {
  const { ref } = await makeTicket(t.db, {}, null, T0);
  const id = ticketRefToId(ref)!;
  // The test sets the link and status directly (the tickets area's own functions are tested there).
  await t.db.updateTable('tickets').set({ known_issue_id: issueId, status }).where('id', '=', id).execute();
  return id;
}

const closedEvent = { action: 'closed', issue: { number: 812, state_reason: 'completed' }, repository: { full_name: 'fieldnote/fieldnote' } };

describe('GitHub close and the linked tickets', () => {
  it('reopens solved and pending linked tickets with an internal note, follows up closed ones, open ones stay open; a reopen changes none', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { id: issueId } = await createKnownIssue(
      t.db,
      staff,
      {
        kind: 'incident',
        title: 'Google Calendar events stop syncing',
        summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
        severity: 'major',
        areas: ['calendar sync'],
        ownerId: null,
        workaround: '',
        etaAt: null,
        startsAt: null,
        endsAt: null,
        githubRepo: 'fieldnote/fieldnote',
        githubIssueNumber: 812,
        articleSlugs: [],
        status: 'fixing',
        message: 'We are rolling out a fix for calendar sync.',
      },
      T0,
    );
    const solved = await linkedTicket(issueId, 'solved');
    const pending = await linkedTicket(issueId, 'pending');
    const closed = await linkedTicket(issueId, 'closed');
    const open = await linkedTicket(issueId, 'open');

    const outcome = await receiveGithubDelivery(t.db, site, { id: 'tickets-1', event: 'issues', payload: closedEvent }, T0 + HOUR);
    expect(outcome).toMatchObject({ status: 'handled', knownIssueIds: [issueId] });
    expect(outcome.status === 'handled' && outcome.reopenedTickets).toBeGreaterThanOrEqual(2);

    const rows = await t.db.selectFrom('tickets').select(['id', 'status', 'reopened_count', 'follow_up_of', 'known_issue_id']).orderBy('id').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(solved)).toMatchObject({ status: 'open', reopened_count: 0 });
    expect(byId.get(pending)).toMatchObject({ status: 'open', reopened_count: 0 });
    expect(byId.get(open)).toMatchObject({ status: 'open' });
    expect(byId.get(closed)).toMatchObject({ status: 'closed' });
    const followUps = rows.filter((r) => r.follow_up_of === closed);
    expect(followUps).toHaveLength(1);

    for (const ticketId of [solved, pending]) {
      const notes = await t.db
        .selectFrom('ticket_messages')
        .select('body_source')
        .where('ticket_id', '=', ticketId)
        .where('visibility', '=', 'internal')
        .execute();
      expect(notes.some((n) => n.body_source.includes('GitHub issue fieldnote/fieldnote#812'))).toBe(true);
    }

    // The same delivery again reopens nothing more; a GitHub reopen changes no ticket.
    const before = await t.db.selectFrom('tickets').select(['id', 'status', 'updated_at']).orderBy('id').execute();
    await receiveGithubDelivery(t.db, site, { id: 'tickets-1', event: 'issues', payload: closedEvent }, T0 + 2 * HOUR);
    await receiveGithubDelivery(t.db, site, { id: 'tickets-2', event: 'issues', payload: { ...closedEvent, action: 'reopened' } }, T0 + 3 * HOUR);
    expect(await t.db.selectFrom('tickets').select(['id', 'status', 'updated_at']).orderBy('id').execute()).toEqual(before);
  });
});
