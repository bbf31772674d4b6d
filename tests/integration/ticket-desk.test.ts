// What staff do to tickets: the stored SLA due time (inside and outside
// support hours, across a weekend and a daylight-saving change, recomputed on
// an urgency change), the metrics recorded at the first response and at the
// solve, assignment with notifications, tiers, teams and tags, bulk changes,
// merging, the history, and the warning when someone else worked on a ticket.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '@/server/errors';
import { replyAsRequester, replyAsStaff, ticketConversation } from '@/server/tickets/conversation';
import { mergeTicket, TicketChangedError, ticketHistory, updateTicket, updateTickets } from '@/server/tickets/desk';
import { staffNotificationsOf, updateStaffNotificationSettings } from '@/server/tickets/agent-notifications';
import { getTicketForViewer, ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Amsterdam local time as an instant (CET = UTC+1 in winter, CEST = UTC+2 in summer). */
const cet = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 1, min);
const cest = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 2, min);

async function row(ref: string) {
  return t.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
}
async function tags(ref: string) {
  return (await t.db.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', ticketRefToId(ref)!).orderBy('tag').execute()).map((r) => r.tag);
}
async function outbox(kind: string) {
  return t.db.selectFrom('email_outbox').select(['to_address', 'subject', 'text_body']).where('kind', '=', kind).execute();
}

describe('SLA due time stored per ticket (support hours Mon–Fri 09:00–17:00, Europe/Amsterdam)', () => {
  it('counts a high ticket’s 4 hours inside support hours, from Friday afternoon to Monday', async () => {
    const { ref } = await makeTicket(t.db, { urgency: 'high' }, null, cet(2026, 11, 27, 15)); // Friday 15:00
    expect((await row(ref)).first_response_due_at).toBe(cet(2026, 11, 30, 11)); // 2 h Friday + 2 h Monday
  });

  it('starts the clock at the next opening for a ticket sent at night', async () => {
    const { ref } = await makeTicket(t.db, { urgency: 'high' }, null, cet(2026, 11, 24, 22)); // Tuesday 22:00
    expect((await row(ref)).first_response_due_at).toBe(cet(2026, 11, 25, 13));
  });

  it('runs an urgent ticket’s 30 minutes around the clock, on a Sunday too', async () => {
    const at = cet(2026, 11, 29, 3); // Sunday 03:00
    const { ref } = await makeTicket(t.db, { urgency: 'urgent' }, null, at);
    expect((await row(ref)).first_response_due_at).toBe(at + 30 * MINUTE);
  });

  it('keeps local opening hours across the daylight-saving change (clocks go back on 25 October 2026)', async () => {
    const { ref } = await makeTicket(t.db, { urgency: 'normal' }, null, cest(2026, 10, 23, 12)); // Friday 12:00 CEST
    // 24 support hours: 5 h Friday, 8 h Monday (now CET), 8 h Tuesday, 3 h Wednesday → Wednesday 12:00 CET.
    expect((await row(ref)).first_response_due_at).toBe(cet(2026, 10, 28, 12));
  });

  it('recomputes the due time when staff change the urgency, and records it', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const created = cet(2026, 11, 24, 10);
    const { ref } = await makeTicket(t.db, { urgency: 'low' }, null, created);
    expect((await row(ref)).first_response_due_at).toBe(cet(2026, 12, 2, 10)); // 48 support hours = 6 working days
    await updateTicket(t.db, site, staff, ref, { urgency: 'high' }, created + HOUR);
    expect((await row(ref)).first_response_due_at).toBe(cet(2026, 11, 24, 14));
    expect((await ticketHistory(t.db, staff, ref)).map((h) => h.text)).toContain('Urgency: low → high (SLA due time recomputed)');
  });
});

describe('metrics recorded per ticket', () => {
  it('records the first response in wall-clock and support minutes, the SLA outcome, touches and the resolution time', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const created = cet(2026, 11, 27, 16); // Friday 16:00, normal: due after 24 support hours
    const { ref, accessKey } = await makeTicket(t.db, {}, null, created);
    expect((await row(ref)).waiting_since).toBe(created);
    const answered = cet(2026, 11, 30, 10); // Monday 10:00: 2 support hours later
    await replyAsStaff(t.db, site, ref, staff, { body: 'Could you send the error code you see?' }, answered);
    let r = await row(ref);
    expect(r.first_response_at).toBe(answered);
    expect(r.first_response_minutes).toBe((answered - created) / MINUTE);
    expect(r.first_response_support_minutes).toBe(120);
    expect(r).toMatchObject({ sla_outcome: 'met', sla_late_minutes: 0, staff_reply_count: 1, waiting_since: null, status: 'pending' });

    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'It says CAL-403.', answered + HOUR);
    expect((await row(ref)).waiting_since).toBe(answered + HOUR);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Fixed on our side; please try again.', status: 'solved' }, answered + 2 * HOUR);
    r = await row(ref);
    expect(r).toMatchObject({
      staff_reply_count: 2,
      first_response_at: answered,
      status: 'solved',
      resolution_minutes: (answered + 2 * HOUR - created) / MINUTE,
    });

    // Reopened and solved again: the resolution time runs to the latest solve.
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'It broke again tonight.', answered + 10 * HOUR);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Fixed for good now.', status: 'solved' }, answered + 24 * HOUR);
    r = await row(ref);
    expect(r).toMatchObject({ reopened_count: 1, staff_reply_count: 3, resolution_minutes: (answered + 24 * HOUR - created) / MINUTE });
  });

  it('records a breach and by how much', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const created = cet(2026, 11, 24, 10);
    const { ref } = await makeTicket(t.db, { urgency: 'urgent' }, null, created);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Looking into it now.' }, created + 75 * MINUTE);
    expect(await row(ref)).toMatchObject({ sla_outcome: 'breached', sla_late_minutes: 45 });
  });

  it('an internal note is no first response', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref } = await makeTicket(t.db);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Checking the sync logs first.', internal: true });
    expect(await row(ref)).toMatchObject({ first_response_at: null, sla_outcome: null, staff_reply_count: 0, status: 'open' });
  });
});

describe('the contact form’s category becomes the first category tag (and the team)', () => {
  it('tags a calendar-sync request how-to for the calendar sync team, and a bug as a bug', async () => {
    const { ref } = await makeTicket(t.db, { category: 'calendar-sync' });
    expect(await tags(ref)).toEqual(['how-to']);
    expect((await row(ref)).team).toBe('calendar sync');
    const bug = await makeTicket(t.db, { category: 'bug' });
    expect(await tags(bug.ref)).toEqual(['bug']);
    expect((await row(bug.ref)).team).toBeNull();
  });
});

describe('assignment, tiers, teams and tags', () => {
  it('assigns, notifies the assignee in the site and by email (never the agent who assigned themselves), and records who did it', async () => {
    const lead = await makeUser(t.db, { role: 'staff', displayName: 'Lena Lead' });
    const agent = await makeUser(t.db, { role: 'staff', displayName: 'Sam Agent' });
    const { ref } = await makeTicket(t.db);
    await updateTicket(t.db, site, lead, ref, { assigneeId: agent.id });
    expect((await row(ref)).assignee_id).toBe(agent.id);
    expect((await staffNotificationsOf(t.db, agent)).map((n) => [n.kind, n.ref])).toEqual([['assigned', ref]]);
    expect((await outbox('agent-assigned')).map((m) => m.to_address)).toEqual([agent.email]);
    await updateTicket(t.db, site, lead, ref, { assigneeId: lead.id });
    expect(await staffNotificationsOf(t.db, lead)).toEqual([]);
    const history = await ticketHistory(t.db, lead, ref);
    expect(history.filter((h) => h.kind === 'assignee').map((h) => [h.actorName, h.text])).toEqual([
      ['Lena Lead', 'Assigned to Sam Agent'],
      ['Lena Lead', 'Assigned to Lena Lead'],
    ]);
  });

  it('refuses to assign to someone outside the support team', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const { ref } = await makeTicket(t.db);
    await expect(updateTicket(t.db, site, staff, ref, { assigneeId: member.id })).rejects.toThrow(ValidationError);
    expect((await row(ref)).assignee_id).toBeNull();
  });

  it('escalates only with a note, which becomes an internal note, and de-escalates', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db);
    await expect(updateTicket(t.db, site, staff, ref, { tier: 2 })).rejects.toThrow(/Say why you escalate to tier 2/);
    expect((await row(ref)).tier).toBe(1);
    await updateTicket(t.db, site, staff, ref, { tier: 3, tierNote: 'Sync token looks corrupted; needs an engineer.' });
    expect((await row(ref)).tier).toBe(3);
    const staffView = await ticketConversation(t.db, ref, { user: staff, accessKey: null });
    expect(staffView.messages.map((m) => [m.visibility, m.html])).toEqual([['internal', expect.stringContaining('needs an engineer')]]);
    const requesterView = await ticketConversation(t.db, ref, { user: null, accessKey });
    expect(requesterView.messages).toEqual([]);
    await updateTicket(t.db, site, staff, ref, { tier: 1 });
    expect((await ticketHistory(t.db, staff, ref)).filter((h) => h.kind === 'tier').map((h) => h.text)).toEqual(['Tier 1 → tier 3', 'Tier 3 → tier 1']);
  });

  it('takes teams from the settings and normalizes free tags', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref } = await makeTicket(t.db, { category: 'other' });
    await expect(updateTicket(t.db, site, staff, ref, { team: 'marketing' })).rejects.toThrow(/Choose one of the teams/);
    await updateTicket(t.db, site, staff, ref, {
      team: 'exports',
      addTags: ['  Product   Confusion ', 'feature request', 'feature request'],
      removeTags: ['other'],
    });
    expect(await tags(ref)).toEqual(['feature request', 'product confusion']);
    expect((await row(ref)).team).toBe('exports');
  });
});

describe('bulk changes from the inbox', () => {
  it('assigns and tags several tickets at once', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const a = await makeTicket(t.db);
    const b = await makeTicket(t.db);
    await updateTickets(t.db, site, staff, [a.ref, b.ref], { assigneeId: staff.id, addTags: ['outage-nov'] });
    for (const ref of [a.ref, b.ref]) {
      expect((await row(ref)).assignee_id).toBe(staff.id);
      expect(await tags(ref)).toContain('outage-nov');
    }
  });

  it('changes nothing when one ticket refuses, and names it', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const open = await makeTicket(t.db);
    const closed = await makeTicket(t.db);
    await t.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', ticketRefToId(closed.ref)!).execute();
    await expect(updateTickets(t.db, site, staff, [open.ref, closed.ref], { status: 'pending' })).rejects.toThrow(
      new RegExp(`^${closed.ref}: This request is closed`),
    );
    expect((await row(open.ref)).status).toBe('new');
  });
});

describe('merging a duplicate', () => {
  it('moves the conversation into the other ticket, closes the duplicate, and its private link opens the merged ticket', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const first = await makeTicket(t.db, { email: 'ana@example.com', subject: 'Export stuck at 90%' });
    const dup = await makeTicket(t.db, {
      email: 'ana@example.com',
      subject: 'Export still stuck',
      description: 'I wrote yesterday too: the export stops at 90% every time.',
    });
    await replyAsRequester(t.db, site, dup.ref, { user: null, accessKey: dup.accessKey }, 'Any news on this?');
    await mergeTicket(t.db, staff, dup.ref, first.ref);
    expect(await row(dup.ref)).toMatchObject({ status: 'closed', merged_into: ticketRefToId(first.ref), waiting_since: null });
    const merged = await ticketConversation(t.db, first.ref, { user: null, accessKey: dup.accessKey });
    expect(merged.messages.map((m) => m.html).join('\n')).toMatch(/Merged from[\s\S]*the export stops at 90% every time[\s\S]*Any news on this/);
    expect((await getTicketForViewer(t.db, dup.ref, { user: null, accessKey: dup.accessKey })).mergedInto).toBe(first.ref);
    expect((await ticketHistory(t.db, staff, first.ref)).map((h) => h.text)).toContain(`${dup.ref} merged into this request`);
  });

  it('refuses tickets from different requesters, and a ticket into itself', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const a = await makeTicket(t.db, { email: 'ana@example.com' });
    const b = await makeTicket(t.db, { email: 'bo@example.com' });
    await expect(mergeTicket(t.db, staff, a.ref, b.ref)).rejects.toThrow(/different people/);
    await expect(mergeTicket(t.db, staff, a.ref, a.ref)).rejects.toThrow(/cannot be merged into itself/);
    expect((await row(a.ref)).merged_into).toBeNull();
  });
});

describe('the warning when someone else worked on the ticket since the agent opened it', () => {
  it('warns about another agent’s reply and a customer reply, not about the agent’s own changes', async () => {
    const sam = await makeUser(t.db, { role: 'staff', displayName: 'Sam' });
    const kim = await makeUser(t.db, { role: 'staff', displayName: 'Kim' });
    const { ref, accessKey } = await makeTicket(t.db);
    const opened = await row(ref);
    const seen = { version: opened.version, at: Date.now() };
    await updateTicket(t.db, site, sam, ref, { assigneeId: sam.id }, seen.at + 1);
    await replyAsStaff(t.db, site, ref, sam, { body: 'First answer from Sam.', seen }, seen.at + 2);
    const seenAgain = { version: (await row(ref)).version, at: seen.at + 3 };
    await replyAsStaff(t.db, site, ref, kim, { body: 'Kim jumps in.' }, seen.at + 4);
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'Thanks both!', seen.at + 5);
    const refused = replyAsStaff(t.db, site, ref, sam, { body: 'Second answer.', seen: seenAgain }, seen.at + 6);
    await expect(refused).rejects.toThrow(TicketChangedError);
    await expect(refused).rejects.toMatchObject({ changes: ['Kim replied.', 'The customer replied.'] });
    const messages = (await ticketConversation(t.db, ref, { user: sam, accessKey: null })).messages;
    expect(messages.map((m) => m.html).join()).not.toContain('Second answer');
  });
});

describe('agent notifications', () => {
  it('tells every agent about a new urgent ticket, and the assignee about a customer reply, per their settings', async () => {
    const sam = await makeUser(t.db, { role: 'staff' });
    const kim = await makeUser(t.db, { role: 'admin' });
    await updateStaffNotificationSettings(t.db, kim, { urgent_ticket: { inSite: true, byEmail: false } });
    const { ref, accessKey } = await makeTicket(t.db, { urgency: 'urgent', name: 'Ola Customer' });
    expect((await staffNotificationsOf(t.db, sam)).map((n) => [n.kind, n.actorName])).toEqual([['urgent_ticket', 'Ola Customer']]);
    expect((await staffNotificationsOf(t.db, kim)).map((n) => n.kind)).toEqual(['urgent_ticket']);
    expect((await outbox('agent-urgent-ticket')).map((m) => m.to_address)).toEqual([sam.email]);

    await updateTicket(t.db, site, kim, ref, { assigneeId: sam.id });
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'It is still down for all 40 of us.');
    expect((await staffNotificationsOf(t.db, sam)).map((n) => n.kind)).toEqual(['customer_reply', 'assigned', 'urgent_ticket']);
    expect((await staffNotificationsOf(t.db, kim)).map((n) => n.kind)).toEqual(['urgent_ticket']);
  });
});

describe('authorization', () => {
  it('refuses members in the domain, and a guessed reference is not found', async () => {
    const member = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref } = await makeTicket(t.db, {}, member);
    await expect(updateTicket(t.db, site, member, ref, { status: 'solved' })).rejects.toThrow(ForbiddenError);
    await expect(updateTickets(t.db, site, member, [ref], { status: 'solved' })).rejects.toThrow(ForbiddenError);
    await expect(mergeTicket(t.db, member, ref, ref)).rejects.toThrow(ForbiddenError);
    await expect(ticketHistory(t.db, member, ref)).rejects.toThrow(ForbiddenError);
    await expect(staffNotificationsOf(t.db, member)).rejects.toThrow(ForbiddenError);
    await expect(updateTicket(t.db, site, staff, 'FN-999999', { status: 'solved' })).rejects.toThrow(NotFoundError);
    expect((await row(ref)).status).toBe('new');
  });
});
