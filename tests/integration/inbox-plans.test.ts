// A regression guard on how SQLite runs the staff inbox: every statement of
// each view's read is explained, on a database holding 6,000 generated tickets
// (db/seed/scale-tickets.ts). No inbox statement may scan the tickets table;
// the default order (by SLA due time) is read in index order, with no sort,
// from the expression indexes of migration 0016, which only works while the
// inbox writes their expressions exactly as the migration does. Staff search
// is the one reader that walks tickets (LIKE '%word%' has no index): newest
// first along tickets_created, stopping at a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { defaultCategoryTags, defaultTeams } from '@/server/settings/settings';
import { inboxViewKeys, searchTickets, staffInbox, type InboxQuery } from '@/server/tickets/inbox';
import type { SessionUser } from '@/server/accounts/sessions';
import { makeUser } from '../support/factories';
import { explainQueries, type CapturedPlan } from '../support/query-plans';
import { createTestDb, type TestDb } from '../support/test-db';

const now = Date.UTC(2026, 10, 25, 14, 0, 0);
const settings = { categoryTags: defaultCategoryTags, teams: defaultTeams };
let t: TestDb;
let agent: SessionUser;
beforeAll(async () => {
  t = await createTestDb();
  agent = await makeUser(t.db, { role: 'staff' });
  await generateScaleTickets(t.db, { tickets: 6000, now });
}, 60_000);
afterAll(async () => t.close());

const lines = (p: CapturedPlan) => p.plan.map((l) => l.trim());
const scansTickets = (p: CapturedPlan) => lines(p).some((l) => /^SCAN tickets\b/.test(l));
const sorts = (p: CapturedPlan) => lines(p).some((l) => l.startsWith('USE TEMP B-TREE'));
/** The statement that reads the page's rows (the one selecting the subject). */
const rowsStatement = (plans: CapturedPlan[]) => plans.find((p) => /"tickets"\."subject"/.test(p.sql))!;
const read = (query: InboxQuery) => (db: DB) => staffInbox(db, settings, agent, query, now);

describe('inbox query plans', () => {
  it('the generated tickets fill the views (a first response due within the hour is rare at this size, and the test agent has none)', async () => {
    const inbox = await staffInbox(t.db, settings, agent, {}, now);
    for (const view of inboxViewKeys.filter((v) => v !== 'mine' && v !== 'at-risk')) expect(inbox.counts[view], view).toBeGreaterThan(0);
    expect(inbox.longRunning.minutes).toBeGreaterThan(0);
  });

  it.each(inboxViewKeys)('the %s view, first and a deeper page, scans no table and reads its rows in index order', async (view) => {
    for (const page of [1, 3]) {
      const plans = await explainQueries(t.sqlite, read({ view, page }));
      expect(plans.filter(scansTickets).map((p) => `${p.sql}\n${p.plan.join('\n')}`)).toEqual([]);
      const rows = rowsStatement(plans);
      // At risk narrows to segment 0 by due time; SQLite sorts that handful (it sorts nothing else).
      if (view !== 'at-risk') expect(sorts(rows), `${rows.sql}\n${rows.plan.join('\n')}`).toBe(false);
      expect(rows.plan[0]).toMatch(
        /^SEARCH tickets USING INDEX (tickets_inbox_queue \(<expr>=\?|tickets_inbox_status \(status=\?|tickets_status_updated \(status=\?)/,
      );
    }
  });

  it('the default view (all unsolved, by SLA due time) reads tickets_inbox_queue in order: the migration and the inbox agree on the expressions', async () => {
    const plans = await explainQueries(t.sqlite, read({}));
    expect(rowsStatement(plans).plan).toEqual(['SEARCH tickets USING INDEX tickets_inbox_queue (<expr>=?)']);
    // The tab counts: one pass over the unsolved tickets in the same index, and the solved ones from an index alone.
    expect(plans.find((p) => /as "mine"/.test(p.sql))!.plan).toEqual(['SEARCH tickets USING INDEX tickets_inbox_queue (<expr>=?)']);
    expect(plans.find((p) => /count\(\*\) as "n" from "tickets" where "status" = \?/.test(p.sql))!.plan[0]).toMatch(/^SEARCH tickets USING COVERING INDEX/);
    // The long-running median: counted and read from tickets_solved_resolution.
    for (const p of plans.filter((p) => /"solved_at" >= \?/.test(p.sql)))
      expect(p.plan[0]).toMatch(/^SEARCH tickets USING COVERING INDEX tickets_solved_resolution/);
    // Tags for the page's rows by primary key, agents by role.
    expect(plans.find((p) => /from "ticket_tags"/.test(p.sql))!.plan[0]).toMatch(
      /^SEARCH ticket_tags USING INDEX sqlite_autoindex_ticket_tags_1 \(ticket_id=\?\)/,
    );
    expect(plans.find((p) => /from "users"/.test(p.sql))!.plan[0]).toMatch(/^SEARCH users USING (COVERING )?INDEX users_role_name/);
  });

  it('filters and the other sorts scan no table', async () => {
    const queries: InboxQuery[] = [
      { urgency: 'urgent' },
      { tier: 2 },
      { team: 'billing' },
      { category: 'bug' },
      { tag: 'outlook' },
      { assigneeId: agent.id },
      { view: 'open', category: 'feature request', urgency: 'high' },
      { sort: 'newest' },
      { sort: 'updated' },
      { view: 'pending', sort: 'newest' },
      { view: 'solved' },
    ];
    for (const query of queries) {
      const plans = await explainQueries(t.sqlite, read(query));
      expect(plans.filter(scansTickets).map((p) => `${JSON.stringify(query)}: ${p.sql}\n${p.plan.join('\n')}`)).toEqual([]);
    }
    // A single status by newest or last update comes straight from its index too.
    for (const sort of ['newest', 'updated'] as const) expect(sorts(rowsStatement(await explainQueries(t.sqlite, read({ view: 'open', sort }))))).toBe(false);
  });

  it('staff search walks tickets newest first along tickets_created, never sorting', async () => {
    const plans = await explainQueries(t.sqlite, (db) => searchTickets(db, agent, 'calendar sync', 2));
    expect(rowsStatement(plans).plan).toEqual(['SCAN tickets USING INDEX tickets_created']);
  });

  it('the plans hold with realistic statistics too (after ANALYZE)', async () => {
    t.sqlite.exec('analyze');
    try {
      for (const view of inboxViewKeys) {
        const plans = await explainQueries(t.sqlite, read({ view }));
        expect(plans.filter(scansTickets)).toEqual([]);
        // With statistics SQLite may prefer tickets_assignee_status and sort the few unassigned or at-risk tickets; the default and status views never sort.
        if (!['at-risk', 'unassigned', 'mine'].includes(view)) expect(sorts(rowsStatement(plans)), view).toBe(false);
      }
    } finally {
      t.sqlite.exec('drop table if exists sqlite_stat1; drop table if exists sqlite_stat4');
    }
  });
});
