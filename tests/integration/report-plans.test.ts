// A regression guard on how SQLite runs the happiness report's ticket reads:
// on 6,000 generated tickets (db/seed/scale-tickets.ts), every statement of a
// month's figures reads a range of an index, never a whole ticket table. The
// tickets received and the tickets solved are ranges of the covering indexes
// of migration 0027 (tickets_report_received, tickets_report_solved: no table
// row is read), the received tickets' tags come by primary key, and the solved
// tickets' reopenings by ticket from ticket_events_ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { monthFigures } from '@/server/report/metrics';
import { defaultCategoryTags } from '@/server/settings/settings';
import { explainQueries, type CapturedPlan } from '../support/query-plans';
import { createTestDb, type TestDb } from '../support/test-db';

const now = Date.UTC(2026, 11, 3, 12);
let t: TestDb;
let plans: CapturedPlan[];
beforeAll(async () => {
  t = await createTestDb();
  await generateScaleTickets(t.db, { tickets: 6000, now });
  plans = await explainQueries(t.sqlite, (db) => monthFigures(db, '2026-11', now, defaultCategoryTags));
}, 60_000);
afterAll(async () => t.close());

const ticketTables = /\b(tickets|ticket_tags|ticket_events|ticket_ratings|ticket_messages)\b/;
const lines = (p: CapturedPlan) => p.plan.map((l) => l.trim());
const show = (p: CapturedPlan) => `${p.sql}\n${p.plan.join('\n')}`;

describe('report query plans', () => {
  it('the month has tickets to read', async () => {
    const f = await monthFigures(t.db, '2026-11', now, defaultCategoryTags);
    expect(f.tickets.received.value).toBeGreaterThan(100);
    expect(f.tickets.solved.value).toBeGreaterThan(100);
  });

  it('no statement scans a ticket table', () => {
    // The four ticket reads, and any other figure's statement that joins a ticket table (a deflection's ticket).
    expect(plans.filter((p) => /\bfrom "(tickets|ticket_tags|ticket_events)"/.test(p.sql)).length).toBe(4);
    const ticketPlans = plans.filter((p) => ticketTables.test(p.sql));
    expect(ticketPlans.filter((p) => lines(p).some((l) => /^SCAN (tickets|ticket_tags|ticket_events)\b/.test(l))).map(show)).toEqual([]);
  });

  it('each read starts from its month range on an index', () => {
    const find = (pattern: RegExp) => plans.find((p) => pattern.test(p.sql))!;
    const received = find(/^select "id", "created_at", "urgency"/);
    expect(lines(received)).toEqual(['SEARCH tickets USING COVERING INDEX tickets_report_received (created_at>? AND created_at<?)']);
    const tags = find(/from "ticket_tags"/);
    expect(lines(tags)[0]).toMatch(/^SEARCH tickets USING (COVERING )?INDEX (tickets_created|tickets_report_received) \(created_at>\? AND created_at<\?\)/);
    expect(lines(tags)[1]).toMatch(/^SEARCH ticket_tags USING (COVERING )?INDEX sqlite_autoindex_ticket_tags_1 \(ticket_id=\?\)/);
    const solved = find(/^select "id", "solved_at"/);
    expect(lines(solved)).toEqual(['SEARCH tickets USING COVERING INDEX tickets_report_solved (solved_at>? AND solved_at<?)']);
    const reopenings = find(/from "ticket_events"/);
    expect(lines(reopenings)[0]).toMatch(/^SEARCH tickets USING (COVERING )?INDEX tickets_report_solved \(solved_at>\? AND solved_at<\?\)/);
    expect(lines(reopenings)[1]).toMatch(/^SEARCH ticket_events USING INDEX ticket_events_ticket \(ticket_id=\?\)/);
  });
});
