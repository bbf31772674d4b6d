// The ticket scale data (db/seed/scale-tickets.ts) at a small size: the rows
// hold what the desk's writers would store (SLA due time from the calendar,
// the first response's outcome, waits, resolution minutes, tags, agents), the
// output is the same on every run, and a second run adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCALE_AGENT_DOMAIN, generateScaleTickets, scaleSupportCalendar, type ScaleTicketSummary } from '@db/seed/scale-tickets';
import { defaultCategoryTags } from '@/server/settings/settings';
import { defaultSlaTargets, firstResponseDueAt, slaOutcome } from '@/server/tickets/sla';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const now = Date.UTC(2026, 10, 25, 14, 0, 0);
let t: TestDb;
let summary: ScaleTicketSummary;
beforeAll(async () => {
  t = await createTestDb();
  summary = await generateScaleTickets(t.db, { tickets: 2000, now });
}, 60_000);
afterAll(async () => t.close());

const allTickets = (db: TestDb['db']) => db.selectFrom('tickets').selectAll().orderBy('id').execute();

describe('ticket scale data', () => {
  it('writes the tickets with agents to work them, most closed and some in every working status', async () => {
    expect(summary.tickets).toBe(2000);
    expect(summary.agents).toBe(12);
    const agents = await t.db.selectFrom('users').select(['id', 'role', 'email']).where('email', 'like', `%@${SCALE_AGENT_DOMAIN}`).execute();
    expect(agents.map((a) => a.role)).toEqual(Array(12).fill('staff'));
    expect(summary.statuses.closed).toBeGreaterThan(1500);
    for (const status of ['open', 'pending', 'solved'] as const) expect(summary.statuses[status], status).toBeGreaterThan(0);
    expect(await generateScaleTickets(t.db, { tickets: 2000, now })).toMatchObject({ tickets: 0 });
  });

  it('stores what the desk would: due times, outcomes, waits, resolutions, tags and the search text', async () => {
    const rows = await allTickets(t.db);
    const agentIds = new Set((await t.db.selectFrom('users').select('id').where('role', '=', 'staff').execute()).map((a) => a.id));
    const tags = await t.db.selectFrom('ticket_tags').select(['ticket_id', 'tag']).execute();
    const categoryTagged = new Set(tags.filter((tag) => defaultCategoryTags.includes(tag.tag)).map((tag) => tag.ticket_id));
    let previous = 0;
    for (const r of rows) {
      const where = ticketIdToRef(r.id);
      expect(r.created_at, where).toBeGreaterThanOrEqual(previous);
      previous = r.created_at;
      expect(r.created_at).toBeLessThanOrEqual(now);
      expect(r.first_response_due_at, where).toBe(firstResponseDueAt(r.created_at, defaultSlaTargets[r.urgency], scaleSupportCalendar));
      if (r.first_response_at === null) {
        expect(['new', 'open'], where).toContain(r.status);
        expect(r.waiting_since, where).toBe(r.created_at);
        expect([r.sla_outcome, r.staff_reply_count], where).toEqual([null, 0]);
      } else {
        const outcome = slaOutcome(r.first_response_due_at!, r.first_response_at);
        expect([r.sla_outcome, r.sla_late_minutes], where).toEqual([outcome.met ? 'met' : 'breached', outcome.lateByMinutes]);
        expect(r.first_response_minutes, where).toBe(Math.round((r.first_response_at - r.created_at) / MIN));
        expect(r.staff_reply_count, where).toBeGreaterThan(0);
        expect(agentIds.has(r.assignee_id!), where).toBe(true);
      }
      if (r.status === 'solved' || r.status === 'closed') {
        expect(r.resolution_minutes, where).toBe(Math.round((r.solved_at! - r.created_at) / MIN));
        expect(r.solved_at!).toBeLessThanOrEqual(now);
      } else expect([r.solved_at, r.resolution_minutes], where).toEqual([null, null]);
      if (r.status === 'pending' || r.status === 'solved' || r.status === 'closed') expect(r.waiting_since, where).toBeNull();
      if (r.rating !== null) expect(['solved', 'closed'], where).toContain(r.status);
      expect(categoryTagged.has(r.id), where).toBe(true);
      expect(r.search_text.startsWith(`${where.toLowerCase()} `), where).toBe(true);
      expect(r.updated_at).toBeGreaterThanOrEqual(r.created_at);
    }
    // About 40 % of solved tickets rated, mostly great.
    const solved = rows.filter((r) => r.solved_at !== null);
    const rated = solved.filter((r) => r.rating !== null);
    expect(rated.length / solved.length).toBeGreaterThan(0.3);
    expect(rated.length / solved.length).toBeLessThan(0.5);
    expect(rated.filter((r) => r.rating === 'great').length / rated.length).toBeGreaterThan(0.6);
  });

  it('gives the same rows on every run', async () => {
    const again = await createTestDb();
    try {
      await generateScaleTickets(again.db, { tickets: 2000, now });
      expect(JSON.stringify(await allTickets(again.db))).toBe(JSON.stringify(await allTickets(t.db)));
    } finally {
      await again.close();
    }
  });
});
