// The demo seed's tickets (issue 11, item 13), seeded once through the whole
// seedDemoData on a fresh database with a fixed clock: a year of realistic
// support history whose every column agrees with what the desk would have
// written, and an inbox where every view has something in it right now.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, seedDemoData, seedPeople } from '@db/seed/index';
import { createRandom } from '@db/seed/random';
import { REDESIGN_DAYS_AGO, seedTickets } from '@db/seed/tickets';
import { toSessionUser } from '@/server/accounts/users';
import { renderUserMarkdown } from '@/server/markdown';
import { supportCalendar, type SiteSettings } from '@/server/settings/settings';
import { contactCategoryFields, deskSettings, slaDueAt } from '@/server/tickets/desk';
import { ticketSearchText } from '@/server/tickets/search-text';
import { slaOutcome, supportMinutesBetween } from '@/server/tickets/sla';
import { inboxViewKeys, staffInbox } from '@/server/tickets/inbox';
import { ticketIdToRef, ticketsOf, type TicketCategory } from '@/server/tickets/tickets';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A Wednesday, 13:00 in Amsterdam: inside the default support hours.
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

let t: TestDb;
let settings: SiteSettings;
const lines: string[] = [];
type Ticket = Awaited<ReturnType<typeof loadTickets>>[number];
let tickets: Ticket[];
let messages: Map<number, { id: number; author_role: string; author_id: number | null; visibility: string; body_source: string; created_at: number }[]>;
let events: Map<number, { kind: string; from_value: string | null; to_value: string | null; actor_id: number | null; created_at: number }[]>;

function loadTickets() {
  return t.db.selectFrom('tickets').selectAll().orderBy('id').execute();
}

function groupBy<T extends { ticket_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.ticket_id, [...(map.get(row.ticket_id) ?? []), row]);
  return map;
}

const share = (part: number, whole: number) => part / whole;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now, log: (line) => lines.push(line) });
  settings = await deskSettings(t.db);
  tickets = await loadTickets();
  messages = groupBy(
    await t.db
      .selectFrom('ticket_messages')
      .select(['id', 'ticket_id', 'author_role', 'author_id', 'visibility', 'body_source', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
  events = groupBy(
    await t.db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'kind', 'from_value', 'to_value', 'actor_id', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}, 60_000);
afterAll(async () => t.close());

describe('demo tickets: volume and realism', () => {
  it('seeds at least 1,500 tickets spread over the 12 months before the clock, and says so', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(1500);
    expect(lines.find((l) => l.startsWith('seed: tickets: '))).toMatch(/^seed: tickets: \d{4} tickets/);
    for (const ticket of tickets) {
      expect(ticket.created_at).toBeGreaterThan(now - 366 * DAY);
      expect(ticket.created_at).toBeLessThanOrEqual(now);
    }
    const perMonth = new Array<number>(12).fill(0);
    for (const ticket of tickets) perMonth[Math.min(11, Math.floor((now - ticket.created_at) / (DAY * 30.5)))]!++;
    for (const count of perMonth) expect(count).toBeGreaterThanOrEqual(60);
  });

  it('writes conversations of 1 to 8 messages (the description first), in full sentences, never placeholder text', () => {
    const counts = tickets.map((ticket) => 1 + (messages.get(ticket.id)?.length ?? 0));
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    expect(new Set(counts).size).toBeGreaterThanOrEqual(6);
    const texts = [...tickets.flatMap((x) => [x.subject, x.description]), ...[...messages.values()].flat().map((m) => m.body_source)];
    const placeholder = /lorem|ipsum|\{first\}|\{agent\}|\{\{|FOLLOW_UP_REF|undefined|\[object|TODO/i;
    expect(texts.filter((text) => placeholder.test(text))).toEqual([]);
    // Sentences, not fragments: every description has sentence punctuation and several words.
    for (const ticket of tickets) {
      expect(ticket.description).toMatch(/[.!?。？！]/);
      if (!/[\u3400-\u9fff]/.test(ticket.description)) expect(ticket.description.split(/\s+/).length).toBeGreaterThanOrEqual(8);
    }
    expect(tickets.filter((x) => /[\u3400-\u9fff]/.test(x.subject)).length).toBeGreaterThan(0);
  });

  it('mixes urgencies as customers choose them (about 10% low, 60% normal, 22% high, 8% urgent)', () => {
    const of = (u: string) => share(tickets.filter((x) => x.urgency === u).length, tickets.length);
    expect(of('low')).toBeGreaterThan(0.06);
    expect(of('low')).toBeLessThan(0.15);
    expect(of('normal')).toBeGreaterThan(0.52);
    expect(of('normal')).toBeLessThan(0.68);
    expect(of('high')).toBeGreaterThan(0.16);
    expect(of('high')).toBeLessThan(0.28);
    expect(of('urgent')).toBeGreaterThan(0.04);
    expect(of('urgent')).toBeLessThan(0.12);
    const emotions = new Set(tickets.map((x) => x.emotion));
    for (const e of [null, 'happy', 'confused', 'frustrated', 'angry', 'sad']) expect(emotions).toContain(e);
  });

  it('keeps most tickets at tier 1, about 12% at tier 2 and 3% at tier 3, each escalation with an event and a note', () => {
    const tier = (n: number) => share(tickets.filter((x) => x.tier === n).length, tickets.length);
    expect(tier(1)).toBeGreaterThan(0.78);
    expect(tier(2)).toBeGreaterThan(0.08);
    expect(tier(2)).toBeLessThan(0.17);
    expect(tier(3)).toBeGreaterThan(0.01);
    expect(tier(3)).toBeLessThan(0.06);
    for (const ticket of tickets.filter((x) => x.tier > 1)) {
      expect(events.get(ticket.id)?.some((e) => e.kind === 'tier' && e.to_value === String(ticket.tier))).toBe(true);
      expect(messages.get(ticket.id)?.some((m) => m.visibility === 'internal' && m.body_source.startsWith('**Escalated to tier'))).toBe(true);
    }
  });

  it('answers most tickets within hours inside support hours, with a long tail of days and a few breaches', () => {
    const answered = tickets.filter((x) => x.first_response_at !== null);
    expect(median(answered.map((x) => x.first_response_support_minutes!))).toBeLessThan(4 * 60);
    expect(share(answered.filter((x) => x.first_response_support_minutes! <= 4 * 60).length, answered.length)).toBeGreaterThan(0.6);
    expect(median(answered.map((x) => x.first_response_minutes!))).toBeLessThan(24 * 60);
    expect(answered.filter((x) => x.first_response_minutes! > 3 * 24 * 60).length).toBeGreaterThan(10);
    const breached = share(answered.filter((x) => x.sla_outcome === 'breached').length, answered.length);
    expect(breached).toBeGreaterThan(0.01);
    expect(breached).toBeLessThan(0.12);
  });

  it('has ratings on about 40% of solved tickets, mostly great, some not good with comments', async () => {
    const solved = tickets.filter((x) => (x.status === 'solved' || x.status === 'closed') && x.merged_into === null);
    const rated = solved.filter((x) => x.rating !== null);
    expect(share(rated.length, solved.length)).toBeGreaterThan(0.3);
    expect(share(rated.length, solved.length)).toBeLessThan(0.5);
    expect(share(rated.filter((x) => x.rating === 'great').length, rated.length)).toBeGreaterThan(0.6);
    const ratings = await t.db.selectFrom('ticket_ratings').selectAll().execute();
    expect(ratings.length).toBe(rated.length);
    expect(ratings.filter((r) => r.rating === 'not_good' && r.comment !== null).length).toBeGreaterThan(5);
    const byTicket = new Map(tickets.map((x) => [x.id, x]));
    for (const r of ratings) {
      const ticket = byTicket.get(r.ticket_id)!;
      expect({ rating: ticket.rating, ratedAt: ticket.rated_at }).toEqual({ rating: r.rating, ratedAt: r.updated_at });
      // The rating belongs to the last public staff reply before it.
      const staffReplies = messages.get(ticket.id)!.filter((m) => m.author_role === 'staff' && m.visibility === 'public' && m.created_at <= r.created_at);
      expect(r.message_id).toBe(staffReplies[staffReplies.length - 1]!.id);
      expect(r.created_at).toBeGreaterThanOrEqual(ticket.solved_at!);
      expect(r.created_at - ticket.solved_at!).toBeLessThanOrEqual(7 * DAY);
    }
  });

  it('shows a growing calendar-sync feature-request trend and a product-confusion spike after the redesign', async () => {
    const tagged = async (tag: string) =>
      new Set((await t.db.selectFrom('ticket_tags').select('ticket_id').where('tag', '=', tag).execute()).map((r) => r.ticket_id));
    const requests = await tagged('feature request');
    const calendarRequests = tickets.filter((x) => requests.has(x.id) && x.team === 'calendar sync');
    const inQuarter = (list: Ticket[], fromDaysAgo: number) =>
      list.filter((x) => x.created_at > now - fromDaysAgo * DAY && x.created_at <= now - (fromDaysAgo - 91) * DAY).length;
    expect(inQuarter(calendarRequests, 91)).toBeGreaterThan(2 * inQuarter(calendarRequests, 365));
    const confused = await tagged('product confusion');
    const month = (daysAgo: number) =>
      tickets.filter((x) => confused.has(x.id) && x.created_at > now - daysAgo * DAY && x.created_at <= now - (daysAgo - 30) * DAY).length;
    const afterRedesign = month(REDESIGN_DAYS_AGO);
    expect(afterRedesign).toBeGreaterThan(2 * month(REDESIGN_DAYS_AGO + 60));
    expect(afterRedesign).toBeGreaterThan(2 * month(30));
  });

  it('tags every ticket with its contact category first, and gives staff-worked tickets a team from the settings', async () => {
    const tags = groupBy(await t.db.selectFrom('ticket_tags').selectAll().orderBy('created_at').execute());
    for (const ticket of tickets) {
      const first = contactCategoryFields[ticket.category as TicketCategory].tag;
      expect(tags.get(ticket.id)?.map((x) => x.tag)).toContain(first);
      if (ticket.assignee_id !== null) expect(settings.teams).toContain(ticket.team);
    }
  });

  it('has 10 to 15 saved replies with placeholders, teams and usage counts', async () => {
    const replies = await t.db.selectFrom('saved_replies').selectAll().execute();
    expect(replies.length).toBeGreaterThanOrEqual(10);
    expect(replies.length).toBeLessThanOrEqual(15);
    for (const placeholder of ['{{requester_name}}', '{{ticket_ref}}', '{{agent_name}}'])
      expect(replies.some((r) => r.body_source.includes(placeholder))).toBe(true);
    for (const r of replies) {
      expect(r.usage_count).toBeGreaterThan(0);
      expect(r.body_html).toBe(renderUserMarkdown(r.body_source));
      if (r.team !== null) expect(settings.teams).toContain(r.team);
    }
  });
});

describe('demo tickets: every inbox view has tickets now', () => {
  const live = () => tickets.filter((x) => x.status === 'new' || x.status === 'open' || x.status === 'pending');

  it('new and unassigned, pending, recently solved, urgent', () => {
    expect(tickets.filter((x) => x.status === 'new' && x.assignee_id === null).length).toBeGreaterThanOrEqual(3);
    expect(tickets.filter((x) => x.status === 'pending').length).toBeGreaterThanOrEqual(3);
    expect(tickets.filter((x) => x.status === 'solved').length).toBeGreaterThanOrEqual(3);
    expect(live().filter((x) => x.urgency === 'urgent').length).toBeGreaterThanOrEqual(2);
  });

  it('open tickets assigned to every agent', async () => {
    const staff = await t.db.selectFrom('users').select(['id', 'display_name']).where('role', '=', 'staff').execute();
    expect(staff.length).toBeGreaterThanOrEqual(5);
    for (const agent of staff)
      expect({ agent: agent.display_name, open: tickets.filter((x) => x.status === 'open' && x.assignee_id === agent.id).length > 0 }).toEqual({
        agent: agent.display_name,
        open: true,
      });
  });

  it('about to breach and breaching the SLA', () => {
    const waitingForFirst = live().filter((x) => x.first_response_at === null);
    expect(waitingForFirst.filter((x) => x.first_response_due_at! <= now).length).toBeGreaterThanOrEqual(2);
    expect(waitingForFirst.filter((x) => x.first_response_due_at! > now && x.first_response_due_at! <= now + 2 * HOUR).length).toBeGreaterThanOrEqual(2);
  });

  it('long-running: open longer than the median resolution of the last 90 days', () => {
    const recent = tickets.filter((x) => x.solved_at !== null && x.solved_at > now - 90 * DAY).map((x) => x.resolution_minutes!);
    const threshold = median(recent) * MIN;
    expect(threshold).toBeGreaterThan(0);
    const longRunning = live().filter((x) => now - x.created_at > threshold);
    expect(longRunning.length).toBeGreaterThanOrEqual(3);
    expect(longRunning.some((x) => now - x.created_at > 10 * DAY && x.tier > 1)).toBe(true);
  });

  it('and the staff inbox itself shows something in every view, for a demo agent', async () => {
    const row = await t.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'email_verified_at'])
      .where('email', '=', 'sam@fieldnote.example')
      .executeTakeFirstOrThrow();
    const inbox = await staffInbox(t.db, settings, toSessionUser(row), {}, now);
    for (const view of inboxViewKeys) expect({ view, empty: inbox.counts[view] === 0 }).toEqual({ view, empty: false });
    expect(inbox.rows.length).toBeGreaterThan(0);
  });

  it('demo members have their own tickets, with the context they carried', async () => {
    const row = await t.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'email_verified_at'])
      .where('email', '=', 'jordan.reyes@example.com')
      .executeTakeFirstOrThrow();
    const own = await ticketsOf(t.db, toSessionUser(row));
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(new Set(own.map((x) => x.status)).size).toBeGreaterThanOrEqual(2);
    const members = tickets.filter((x) => x.user_id !== null);
    expect(members.length).toBeGreaterThanOrEqual(3);
    const withContext = tickets.filter((x) => (JSON.parse(x.context) as { articles: string[] }).articles.length > 0);
    expect(members.filter((x) => withContext.includes(x)).length).toBeGreaterThanOrEqual(2);
    const helpRoot = resolve(import.meta.dirname, '../../content/help');
    const slugs = new Set(withContext.flatMap((x) => (JSON.parse(x.context) as { articles: string[] }).articles));
    const exists = (slug: string) =>
      ['account-billing', 'calendar-sync', 'getting-started', 'integrations', 'mobile-apps', 'notes-sharing', 'troubleshooting', 'zh-hant'].some((dir) =>
        existsSync(resolve(helpRoot, dir, `${slug}.md`)),
      );
    expect([...slugs].filter((slug) => !exists(slug))).toEqual([]);
    // Some came from a community thread: the ids are the seeded questions'.
    const questionIds = tickets.map((x) => (JSON.parse(x.context) as { questionId?: number }).questionId).filter((id) => id !== undefined);
    expect(questionIds.length).toBeGreaterThan(10);
    const questions = new Set((await t.db.selectFrom('questions').select('id').execute()).map((q) => q.id));
    expect(questionIds.filter((id) => !questions.has(id))).toEqual([]);
  });
});

describe('demo tickets: every column is what the desk would have written', () => {
  it('SLA due time, first response figures and outcome', () => {
    const calendar = supportCalendar(settings);
    for (const x of tickets) {
      const ms = messages.get(x.id) ?? [];
      const staffReplies = ms.filter((m) => m.author_role === 'staff' && m.visibility === 'public');
      expect(x.first_response_due_at).toBe(slaDueAt(settings, x.created_at, x.urgency));
      expect(x.staff_reply_count).toBe(staffReplies.length);
      expect(x.first_response_at).toBe(staffReplies[0]?.created_at ?? null);
      if (x.first_response_at === null) {
        expect([x.sla_outcome, x.sla_late_minutes, x.first_response_minutes, x.first_response_support_minutes]).toEqual([null, null, null, null]);
        continue;
      }
      const outcome = slaOutcome(x.first_response_due_at!, x.first_response_at);
      expect(x.sla_outcome).toBe(outcome.met ? 'met' : 'breached');
      expect(x.sla_late_minutes).toBe(outcome.lateByMinutes);
      expect(x.first_response_minutes).toBe(Math.round((x.first_response_at - x.created_at) / MIN));
      expect(x.first_response_support_minutes).toBe(supportMinutesBetween(x.created_at, x.first_response_at, calendar));
    }
  });

  it('statuses follow their events; solves, reopenings, closing and the wait agree', () => {
    for (const x of tickets) {
      const statusEvents = (events.get(x.id) ?? []).filter((e) => e.kind === 'status');
      let status = 'new';
      for (const e of statusEvents) {
        expect(e.from_value).toBe(status);
        status = e.to_value!;
      }
      expect(x.status).toBe(status);
      expect(x.reopened_count).toBe(statusEvents.filter((e) => e.from_value === 'solved' && e.to_value === 'open').length);
      const lastSolve = statusEvents.filter((e) => e.to_value === 'solved').pop();
      expect(x.solved_at).toBe(lastSolve?.created_at ?? null);
      expect(x.resolution_minutes).toBe(lastSolve ? Math.round((lastSolve.created_at - x.created_at) / MIN) : null);
      if (x.merged_into !== null) {
        // A merged duplicate is closed by the agent who merged it; mergeTicket leaves its wait as it was.
        expect(x.status).toBe('closed');
        expect(statusEvents[statusEvents.length - 1]!.actor_id).not.toBeNull();
        continue;
      }
      if (x.status === 'closed') {
        expect(x.solved_at!).toBeLessThanOrEqual(now - 7 * DAY);
        expect(statusEvents[statusEvents.length - 1]!.actor_id).toBeNull();
      }
      if (x.status === 'solved') expect(x.solved_at!).toBeGreaterThan(now - 7 * DAY - 5 * MIN);
      if (x.status === 'new' || x.status === 'open') expect(x.waiting_since).not.toBeNull();
      else expect(x.waiting_since).toBeNull();
      if (x.waiting_since !== null) expect(x.waiting_since).toBeGreaterThanOrEqual(x.created_at);
      const assignees = (events.get(x.id) ?? []).filter((e) => e.kind === 'assignee');
      expect(x.assignee_id === null ? null : String(x.assignee_id)).toBe(assignees.pop()?.to_value ?? null);
      expect(x.updated_at).toBeGreaterThanOrEqual(x.created_at);
      expect(x.updated_at).toBeLessThanOrEqual(now);
      expect(x.version).toBeGreaterThanOrEqual(statusEvents.length);
      for (const m of messages.get(x.id) ?? []) {
        expect(m.created_at).toBeGreaterThanOrEqual(x.created_at);
        expect(m.created_at).toBeLessThanOrEqual(now);
      }
    }
  });

  it('assignees are agents, staff messages come from agents, requester messages from the requester', async () => {
    const agents = new Set((await t.db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).execute()).map((u) => u.id));
    for (const x of tickets) {
      if (x.assignee_id !== null) expect(agents.has(x.assignee_id)).toBe(true);
      for (const m of messages.get(x.id) ?? []) {
        if (m.author_role === 'staff') expect(agents.has(m.author_id!)).toBe(true);
        else expect(m.author_id).toBe(x.user_id);
      }
    }
  });

  it('search text, access keys, rating requests and follow-ups as the desk writes them', async () => {
    for (const x of tickets) {
      expect(x.search_text).toBe(
        ticketSearchText({
          ref: ticketIdToRef(x.id),
          subject: x.subject,
          requesterName: x.requester_name,
          requesterEmail: x.requester_email,
          description: x.description,
          messages: (messages.get(x.id) ?? []).map((m) => m.body_source),
        }),
      );
      expect(x.search_text.length).toBeGreaterThan(20);
      expect(x.access_key_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // A private link per public staff reply, and one per "How did we do?" email after a solve without a reply.
    const keys = await t.db.selectFrom('ticket_access_keys').select(['ticket_id']).execute();
    const tokens = await t.db.selectFrom('ticket_rating_tokens').selectAll().execute();
    const replyCount = tickets.reduce((n, x) => n + x.staff_reply_count, 0);
    expect(keys.length).toBeGreaterThan(replyCount);
    expect(keys.length).toBeLessThanOrEqual(replyCount + tokens.length);
    // Every solve asked about the latest public staff reply at that moment.
    const tokenMessages = new Set(tokens.map((x) => x.message_id));
    for (const x of tickets) {
      for (const solve of (events.get(x.id) ?? []).filter((e) => e.kind === 'status' && e.to_value === 'solved')) {
        const latest = (messages.get(x.id) ?? [])
          .filter((m) => m.author_role === 'staff' && m.visibility === 'public' && m.created_at <= solve.created_at)
          .pop();
        if (latest) expect(tokenMessages.has(latest.id)).toBe(true);
      }
    }
    const byId = new Map([...messages.values()].flat().map((m) => [m.id, m]));
    for (const token of tokens) expect(byId.get(token.message_id)).toMatchObject({ author_role: 'staff', visibility: 'public' });
    const followUps = tickets.filter((x) => x.follow_up_of !== null);
    expect(followUps.length).toBeGreaterThan(0);
    for (const x of followUps) {
      expect(x.subject.startsWith('Follow-up: ')).toBe(true);
      expect(events.get(x.id)?.[0]).toMatchObject({ kind: 'follow_up_of', to_value: ticketIdToRef(x.follow_up_of!) });
    }
  });

  it('merges a few duplicates as mergeTicket does: the description joins the other ticket, the duplicate closes pointing at it', () => {
    const merged = tickets.filter((x) => x.merged_into !== null);
    expect(merged.length).toBeGreaterThan(0);
    for (const x of merged) {
      const target = tickets.find((y) => y.id === x.merged_into)!;
      expect(target.requester_email).toBe(x.requester_email);
      expect(messages.get(x.id) ?? []).toEqual([]);
      const intro = messages.get(target.id)!.find((m) => m.body_source.startsWith(`**Merged from ${ticketIdToRef(x.id)}: ${x.subject}**`))!;
      expect(intro).toMatchObject({ author_role: 'requester', visibility: 'public', created_at: x.created_at });
      expect(intro.body_source).toContain(x.description);
      expect(events.get(x.id)!.some((e) => e.kind === 'merged_into' && e.to_value === ticketIdToRef(target.id))).toBe(true);
      expect(events.get(target.id)!.some((e) => e.kind === 'merged_from' && e.to_value === ticketIdToRef(x.id))).toBe(true);
    }
  });

  it('renders message HTML with the one renderer', async () => {
    const sample = await t.db
      .selectFrom('ticket_messages')
      .select(['body_source', 'body_html'])
      .where((eb) => eb(eb('id', '%', 7), '=', 0))
      .execute();
    expect(sample.length).toBeGreaterThan(300);
    for (const m of sample) expect(m.body_html).toBe(renderUserMarkdown(m.body_source));
  });

  it('writes agent notifications for the last two weeks only, to agents', async () => {
    const notifications = await t.db.selectFrom('staff_notifications').selectAll().execute();
    expect(notifications.length).toBeGreaterThan(0);
    for (const n of notifications) expect(n.created_at).toBeGreaterThanOrEqual(now - 14 * DAY);
    expect(notifications.some((n) => n.read_at === null)).toBe(true);
  });
});

describe('demo tickets: deterministic', () => {
  it('writes the same tickets, messages and events from the same seed and clock (only the random access keys differ)', async () => {
    const snapshot = async () => {
      const fresh = await createTestDb();
      try {
        await seedPeople(fresh.db, now);
        await seedTickets({ db: fresh.db, random: createRandom(SEED), now, log: () => {} });
        const rows = await fresh.db.selectFrom('tickets').selectAll().orderBy('id').execute();
        return {
          tickets: rows.map(({ access_key_hash: _key, ...rest }) => rest),
          messages: await fresh.db.selectFrom('ticket_messages').selectAll().orderBy('id').execute(),
          events: await fresh.db.selectFrom('ticket_events').selectAll().orderBy('id').execute(),
          ratings: await fresh.db.selectFrom('ticket_ratings').selectAll().orderBy('id').execute(),
        };
      } finally {
        await fresh.close();
      }
    };
    const [first, second] = [await snapshot(), await snapshot()];
    expect(first.tickets.length).toBeGreaterThanOrEqual(1500);
    expect(second).toEqual(first);
  }, 60_000);
});
