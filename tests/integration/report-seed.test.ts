// The demo data behind the happiness report (issue 14, item 8), seeded once
// through the whole seedDemoData on a fresh database with a fixed clock: every
// month of the last year (the eleven closed months the 12-month trends and the
// published archive show, and the month so far) has enough of each figure
// family's items that no figure says "not enough data": tickets with first
// responses at varied delays, solves, ratings (some changed), frustrated
// customers, customer reopenings and five categories; help views and votes;
// searches with clicks and zero results; contact-form deflections; community
// questions and answers; known issues opened and fixed. Plus the search log's
// and the report notes' own rules.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@db/seed/index';
import { reportNotes } from '@db/seed/data/report-notes';
import { seedHelpTraffic } from '@db/seed/help';
import { seedSearchLog } from '@db/seed/search-log';
import { createRandom } from '@db/seed/random';
import { demoMembers } from '@db/seed/people';
import { normalizeQuery } from '@search/text';
import { loadHelpContent } from '@/server/help/content';
import { renderUserMarkdown } from '@/server/markdown';
import { defaultCategoryTags } from '@/server/settings/settings';
import { addMonths, closedMonths, monthOf, monthRange, type MonthKey } from '@/server/report/months';
import { MIN_ITEMS } from '@/server/report/types';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A Wednesday, 13:00 in Amsterdam (the other seed tests' clock).
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
// The month so far and the eleven closed months before it: the last twelve months the report shows.
const liveMonth = monthOf(now);
const months: MonthKey[] = [...closedMonths(now, 11).reverse(), liveMonth];

let t: TestDb;
const lines: string[] = [];

type Row = Record<string, unknown>;
let tickets: {
  id: number;
  created_at: number;
  solved_at: number | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  emotion: string | null;
  category: string;
  team: string | null;
  rating: string | null;
  rated_at: number | null;
  reopened_count: number;
  requester_name: string;
  requester_email: string;
}[];

const inMonth = (month: MonthKey, at: number | null) => {
  if (at === null) return false;
  const { from, to } = monthRange(month);
  return at >= from && at < Math.min(to, now + 1);
};
const byMonth = <T extends Row>(rows: T[], at: (row: T) => number | null) => new Map(months.map((m) => [m, rows.filter((r) => inMonth(m, at(r)))]));

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now, log: (line) => lines.push(line) });
  tickets = await t.db
    .selectFrom('tickets')
    .select([
      'id',
      'created_at',
      'solved_at',
      'first_response_minutes',
      'resolution_minutes',
      'emotion',
      'category',
      'team',
      'rating',
      'rated_at',
      'reopened_count',
      'requester_name',
      'requester_email',
    ])
    .where('merged_into', 'is', null)
    .orderBy('id')
    .execute();
}, 180_000);
afterAll(async () => t.close());

describe('demo data for the report: every month of the last year has enough items', () => {
  it('receives 60–200 tickets a month, solves most, and gives each a first response at varied delays', () => {
    const received = byMonth(tickets, (x) => x.created_at);
    const solved = byMonth(tickets, (x) => x.solved_at);
    const buckets = new Set<string>();
    for (const month of months) {
      const r = received.get(month)!;
      expect(r.length, month).toBeGreaterThanOrEqual(60);
      expect(r.length, month).toBeLessThanOrEqual(200);
      expect(solved.get(month)!.length, month).toBeGreaterThanOrEqual(40);
      const responses = r.map((x) => x.first_response_minutes).filter((m): m is number => m !== null);
      expect(responses.length, month).toBeGreaterThanOrEqual(40);
      // Not one delay for everyone: the month's answers fall in at least three of the histogram's buckets.
      const monthBuckets = new Set(responses.map((m) => (m < 60 ? '<1h' : m < 360 ? '1-6h' : m < 1440 ? '6-24h' : m < 4320 ? '1-3d' : '>3d')));
      expect(monthBuckets.size, month).toBeGreaterThanOrEqual(3);
      for (const b of monthBuckets) buckets.add(b);
      expect(solved.get(month)!.filter((x) => x.resolution_minutes !== null).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
    }
    expect(buckets.size).toBe(5);
    // Busier over the year, as the customer base grows.
    expect(received.get(addMonths(liveMonth, -1))!.length).toBeGreaterThan(received.get(months[0]!)!.length);
  });

  it('has ratings of every kind on the solved tickets, some changed within the 7 days, and frustrated or angry customers', async () => {
    const solved = byMonth(tickets, (x) => x.solved_at);
    const received = byMonth(tickets, (x) => x.created_at);
    for (const month of months) {
      const rated = solved.get(month)!.filter((x) => x.rating !== null);
      expect(rated.length, month).toBeGreaterThanOrEqual(20);
      expect(new Set(rated.map((x) => x.rating)).size, month).toBeGreaterThanOrEqual(2);
      expect(received.get(month)!.filter((x) => x.emotion === 'frustrated' || x.emotion === 'angry').length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
    }
    expect(new Set(tickets.map((x) => x.rating))).toEqual(new Set([null, 'great', 'okay', 'not_good']));
    const ratings = await t.db.selectFrom('ticket_ratings').select(['ticket_id', 'rating', 'created_at', 'updated_at']).execute();
    const changed = ratings.filter((r) => r.updated_at > r.created_at);
    expect(changed.length).toBeGreaterThanOrEqual(30);
    const byId = new Map(tickets.map((x) => [x.id, x]));
    for (const r of changed) {
      expect(r.updated_at - r.created_at).toBeLessThan(7 * DAY);
      expect(r.updated_at).toBeLessThanOrEqual(now);
      // The ticket's satisfaction is its latest rating.
      expect({ rating: byId.get(r.ticket_id)?.rating, at: byId.get(r.ticket_id)?.rated_at }).toEqual({ rating: r.rating, at: r.updated_at });
    }
    expect(new Set(changed.map((r) => r.rating))).toEqual(new Set(['great', 'okay', 'not_good']));
  });

  it('has customers reopening solved tickets every month', async () => {
    const reopenings = await t.db
      .selectFrom('ticket_events')
      .leftJoin('users', 'users.id', 'ticket_events.actor_id')
      .select(['ticket_events.created_at', 'users.role'])
      .where('kind', '=', 'status')
      .where('from_value', '=', 'solved')
      .where('to_value', '=', 'open')
      .execute();
    // The customer reopens by writing back (no staff actor).
    const byCustomers = reopenings.filter((e) => e.role === null || e.role === 'member');
    const perMonth = byMonth(byCustomers, (e) => e.created_at);
    for (const month of months) expect(perMonth.get(month)!.length, month).toBeGreaterThanOrEqual(2);
    expect(tickets.filter((x) => x.reopened_count > 0).length).toBeGreaterThanOrEqual(60);
  });

  it('has five categories (first category tags) with at least 5 tickets every month, and feature requests with a team', async () => {
    const tags = await t.db.selectFrom('ticket_tags').select(['ticket_id', 'tag', 'created_at']).orderBy('created_at').orderBy('tag').execute();
    const firstCategory = new Map<number, string>();
    for (const tag of tags) if (defaultCategoryTags.includes(tag.tag) && !firstCategory.has(tag.ticket_id)) firstCategory.set(tag.ticket_id, tag.tag);
    const received = byMonth(tickets, (x) => x.created_at);
    for (const month of months) {
      const counts = new Map<string, number>();
      for (const x of received.get(month)!) {
        const category = firstCategory.get(x.id) ?? 'none';
        counts.set(category, (counts.get(category) ?? 0) + 1);
      }
      expect([...counts.values()].filter((n) => n >= MIN_ITEMS).length, month).toBeGreaterThanOrEqual(5);
    }
    const featureRequests = tickets.filter((x) => firstCategory.get(x.id) === 'feature request');
    expect(featureRequests.filter((x) => x.team !== null).length).toBeGreaterThanOrEqual(20);
    expect(new Set(featureRequests.map((x) => x.team).filter((team) => team !== null)).size).toBeGreaterThanOrEqual(2);
  });

  it('has help views and "Was this helpful?" votes, both answers, every month', async () => {
    const views = await t.db.selectFrom('help_article_views').select(['day', 'views']).execute();
    const votes = await t.db.selectFrom('help_feedback').select(['helpful', 'created_at', 'comment']).execute();
    const votesByMonth = byMonth(votes, (v) => v.created_at);
    for (const month of months) {
      const monthViews = views.filter((v) => v.day.startsWith(month)).reduce((sum, v) => sum + v.views, 0);
      expect(monthViews, month).toBeGreaterThanOrEqual(5_000);
      const monthVotes = votesByMonth.get(month)!;
      expect(monthVotes.filter((v) => v.helpful === 1).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      expect(monthVotes.filter((v) => v.helpful === 0).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
    }
    for (const v of votes) {
      expect(v.created_at).toBeLessThanOrEqual(now);
      if (v.comment !== null) expect(v.helpful).toBe(0);
    }
  });

  it('has searches with clicks and with no results, and contact visits deflected and not, every month', async () => {
    const searches = await t.db.selectFrom('search_queries').selectAll().execute();
    const deflections = await t.db.selectFrom('contact_deflections').selectAll().execute();
    const searchesByMonth = byMonth(searches, (s) => s.created_at);
    const deflectionsByMonth = byMonth(deflections, (d) => d.created_at);
    for (const month of months) {
      const s = searchesByMonth.get(month)!;
      expect(s.length, month).toBeGreaterThanOrEqual(300);
      expect(s.filter((x) => x.clicked_url !== null).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      expect(s.filter((x) => x.result_count === 0).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      const visits = new Map<string, boolean>();
      for (const d of deflectionsByMonth.get(month)!) visits.set(d.visit_id, (visits.get(d.visit_id) ?? false) || d.ticket_id !== null);
      expect([...visits.values()].filter((sent) => !sent).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      expect([...visits.values()].filter((sent) => sent).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
    }
  });

  it('has community questions, answers from members and staff, and accepted answers every month', async () => {
    const questions = await t.db.selectFrom('questions').select(['id', 'created_at', 'accepted_answer_id', 'answer_count']).execute();
    const answers = await t.db.selectFrom('answers').innerJoin('users', 'users.id', 'answers.author_id').select(['answers.created_at', 'users.role']).execute();
    const questionsByMonth = byMonth(questions, (q) => q.created_at);
    const answersByMonth = byMonth(answers, (a) => a.created_at);
    for (const month of months.slice(0, -1)) {
      const q = questionsByMonth.get(month)!;
      expect(q.length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      expect(q.filter((x) => x.answer_count > 0).length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
      expect(answersByMonth.get(month)!.length, month).toBeGreaterThanOrEqual(MIN_ITEMS);
    }
    expect(questionsByMonth.get(liveMonth)!.length).toBeGreaterThanOrEqual(MIN_ITEMS);
    expect(questions.filter((q) => q.accepted_answer_id !== null).length).toBeGreaterThanOrEqual(40);
    expect(answers.filter((a) => a.role !== 'member').length).toBeGreaterThanOrEqual(20);
  });

  it('opens and fixes known issues across the year, five or more fixes in several months', async () => {
    const issues = await t.db.selectFrom('known_issues').select(['created_at', 'fixed_at']).execute();
    const opened = byMonth(issues, (i) => i.created_at);
    const fixed = byMonth(issues, (i) => i.fixed_at);
    for (const month of months.slice(0, -1)) {
      expect(opened.get(month)!.length, month).toBeGreaterThanOrEqual(1);
      expect(fixed.get(month)!.length, month).toBeGreaterThanOrEqual(1);
    }
    const busy = months.filter((m) => fixed.get(m)!.length >= MIN_ITEMS);
    expect(busy.length).toBeGreaterThanOrEqual(3);
    for (const month of busy) for (const i of fixed.get(month)!) expect(i.fixed_at!).toBeGreaterThan(i.created_at);
  });
});

describe('demo search log', () => {
  it('stores queries as search normalizes them, clicks on existing help articles after the search, and no click without results', async () => {
    const { articles } = loadHelpContent(resolve(process.cwd(), 'content/help'));
    const paths = new Set(articles.map((a) => a.path));
    const searches = await t.db.selectFrom('search_queries').selectAll().execute();
    const deflections = await t.db.selectFrom('contact_deflections').select(['visit_id', 'ticket_id']).execute();
    const visits = new Set(deflections.map((d) => d.visit_id));
    const sent = new Set(deflections.filter((d) => d.ticket_id !== null).map((d) => d.visit_id));
    const zeroCount = searches.filter((s) => s.result_count === 0).length;
    expect(lines).toContain(
      `seed: search log: ${searches.length} searches (${zeroCount} with no results), ${visits.size} contact visits that opened a suggestion (${visits.size - sent.size} sent nothing)`,
    );
    for (const s of searches) {
      expect(s.query).toBe(normalizeQuery(s.query));
      expect(s.created_at).toBeGreaterThan(now - 366 * DAY);
      expect(s.created_at).toBeLessThanOrEqual(now);
      expect(s.visitor_key).toMatch(/^[a-z2-7]{26}$/);
      if (s.clicked_url === null) expect(s.clicked_at).toBeNull();
      else {
        expect(paths).toContain(s.clicked_url);
        expect(s.result_count).toBeGreaterThan(0);
        expect(s.clicked_at!).toBeGreaterThan(s.created_at);
        expect(s.clicked_at!).toBeLessThanOrEqual(now);
      }
    }
    // Top searches and the ones that always find nothing, for the staff insights.
    const zero = new Set(searches.filter((s) => s.result_count === 0).map((s) => s.query));
    expect(zero).toContain('dark mode');
    expect(zero).toContain('calender sync');
    expect(searches.filter((s) => s.escalated === 1).length).toBeGreaterThanOrEqual(100);
  });

  it('finds nothing for the redesign searches until the navigation articles were written, then finds and clicks them', async () => {
    const redesign = await t.db.selectFrom('search_queries').selectAll().where('query', '=', 'new navigation').orderBy('created_at').execute();
    expect(redesign.length).toBeGreaterThanOrEqual(20);
    const first = redesign[0]!;
    expect(first.result_count).toBe(0);
    expect(redesign.some((s) => s.result_count > 0 && s.clicked_url !== null)).toBe(true);
    const lastZero = Math.max(...redesign.filter((s) => s.result_count === 0).map((s) => s.created_at));
    const firstFound = Math.min(...redesign.filter((s) => s.result_count > 0).map((s) => s.created_at));
    expect(lastZero).toBeLessThan(firstFound);
  });

  it('links a contact visit that sent a request to a ticket written after it, within the 24 hours', async () => {
    const deflections = await t.db.selectFrom('contact_deflections').selectAll().where('ticket_id', 'is not', null).execute();
    // Any ticket, a duplicate merged later too.
    const created = new Map((await t.db.selectFrom('tickets').select(['id', 'created_at']).execute()).map((x) => [x.id, x.created_at]));
    expect(deflections.length).toBeGreaterThanOrEqual(500);
    for (const d of deflections) {
      const at = created.get(d.ticket_id!)!;
      expect(at).toBeGreaterThan(d.created_at);
      expect(at - d.created_at).toBeLessThan(24 * HOUR);
      expect(d.doc_type).toBe('article');
      expect(d.visit_id).toMatch(/^[a-z2-7]{26}$/);
    }
  });

  it('writes the same help traffic, searches and visits from the same seed and clock', async () => {
    const run = async () => {
      const fresh = await createTestDb();
      try {
        const ctx = { db: fresh.db, random: createRandom(7), now, log: () => {} };
        await seedHelpTraffic(ctx);
        await seedSearchLog(ctx);
        return {
          views: await fresh.db.selectFrom('help_article_views').selectAll().orderBy('article_slug').orderBy('day').execute(),
          votes: await fresh.db.selectFrom('help_feedback').selectAll().orderBy('id').execute(),
          searches: await fresh.db.selectFrom('search_queries').selectAll().orderBy('id').execute(),
          visits: await fresh.db.selectFrom('contact_deflections').selectAll().orderBy('id').execute(),
        };
      } finally {
        await fresh.close();
      }
    };
    const [first, second] = [await run(), await run()];
    expect(first.searches.length).toBeGreaterThan(5_000);
    expect(first.votes.length).toBeGreaterThan(1_000);
    expect(second).toEqual(first);
  }, 60_000);

  it('runs once: a second run adds nothing', async () => {
    const before = await t.db
      .selectFrom('search_queries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await seedSearchLog({ db: t.db, random: createRandom(1), now, log: () => {} })).toBe('already seeded');
    const after = await t.db
      .selectFrom('search_queries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('demo report notes', () => {
  it('has six short staff notes in Markdown, two to four sentences each, telling the months’ support story', () => {
    expect(reportNotes).toHaveLength(6);
    for (const note of reportNotes) {
      const sentences = note.split(/(?<=[.!?])\s+(?=[A-Z"“])/);
      expect(sentences.length, note).toBeGreaterThanOrEqual(2);
      expect(sentences.length, note).toBeLessThanOrEqual(4);
      expect(note).toMatch(/[.!]$/);
      expect(renderUserMarkdown(note)).toMatch(/^<p>/);
    }
    const story = reportNotes.join(' ');
    expect(story).toMatch(/sync/i);
    expect(story).toMatch(/holiday/i);
    expect(story).toMatch(/help articles/i);
  });

  it('never names a customer', () => {
    const story = reportNotes.join(' ');
    for (const x of tickets.slice(0, 400)) {
      expect(story).not.toContain(x.requester_email);
      expect(story).not.toContain(x.requester_name);
    }
    for (const member of demoMembers) expect(story).not.toContain(member.displayName);
  });
});
