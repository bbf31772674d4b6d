// Staff insights and the quarterly voice of the customer on hand-made data,
// with every expected value worked out here: tag trends over ISO weeks and the
// spike rule at its boundary, feature requests grouped by team, "didn't know it
// existed" and "product confusion" by team, the least helpful articles, content
// gaps, known issues' reach, the quarter's top lists, and who may see them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import type { TicketEmotion } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { insightsOverview, isSpike, quarterlyVoice, teamOfQuestionTags, weeklyHighlights } from '@/server/report/insights';
import { recordSearch } from '@/server/search/analytics';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { makeUser } from '../support/factories';
import { explainQueries } from '../support/query-plans';
import { insertKnownIssue } from '../support/known-issues';
import { createTestDb, type TestDb } from '../support/test-db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Wednesday 2 December 2026, 12:00 UTC: the week of Monday 30 November, in Q4 2026. */
const NOW = Date.UTC(2026, 11, 2, 12);
const THIS_WEEK = Date.UTC(2026, 10, 30);

let t: TestDb;
let db: DB;
let staff: SessionUser;
let member: SessionUser;
let n = 0;

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  staff = await makeUser(db, { role: 'staff' });
  member = await makeUser(db);
});
afterEach(async () => t.close());

/** A ticket written straight into the desk's tables: exactly these tags, team and emotion. */
async function ticket(
  at: number,
  options: {
    tags?: string[];
    team?: string | null;
    subject?: string;
    emotion?: TicketEmotion | null;
    mergedInto?: number;
    knownIssueId?: number;
    name?: string;
    userId?: number;
  } = {},
): Promise<number> {
  n++;
  const { id } = await db
    .insertInto('tickets')
    .values({
      requester_name: options.name ?? `Customer ${n}`,
      user_id: options.userId ?? null,
      requester_email: `customer${n}@example.com`,
      subject: options.subject ?? `Something about ticket ${n}`,
      description: 'A description.',
      category: 'other',
      urgency: 'normal',
      emotion: options.emotion ?? null,
      context: '{}',
      access_key_hash: `key-${n}`,
      created_at: at,
      updated_at: at,
      team: options.team ?? null,
      merged_into: options.mergedInto ?? null,
      known_issue_id: options.knownIssueId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const tag of options.tags ?? []) await db.insertInto('ticket_tags').values({ ticket_id: id, tag, created_at: at }).execute();
  return id;
}

async function tickets(count: number, at: number, options: Parameters<typeof ticket>[1]): Promise<void> {
  for (let i = 0; i < count; i++) await ticket(at + i * 60_000, options);
}

/** A visible community question with these tags and score, asked at `at`. */
async function question(at: number, options: { title: string; tags: string[]; score?: number }): Promise<number> {
  const score = options.score ?? 0;
  const { id } = await db
    .insertInto('questions')
    .values({
      author_id: member.id,
      title: options.title,
      slug: options.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      body_md: 'Body.',
      body_html: '<p>Body.</p>',
      body_text: 'Body.',
      tags: JSON.stringify(options.tags),
      score,
      last_activity_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const tag of options.tags)
    await db.insertInto('question_tags').values({ question_id: id, tag, created_at: at, asked_at: at, last_activity_at: at, score }).execute();
  return id;
}

async function answer(questionId: number, score: number): Promise<number> {
  const { id } = await db
    .insertInto('answers')
    .values({
      question_id: questionId,
      author_id: member.id,
      body_md: 'Do this.',
      body_html: '<p>Do this.</p>',
      body_text: 'Do this.',
      score,
      created_at: NOW - DAY,
      updated_at: NOW - DAY,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function feedback(slug: string, yes: number, no: number, comments: { text: string; at: number }[] = []): Promise<void> {
  for (let i = 0; i < yes + no; i++) {
    const comment = i >= yes ? comments[i - yes] : undefined;
    const at = comment?.at ?? NOW - 2 * DAY;
    await db
      .insertInto('help_feedback')
      .values({
        article_slug: slug,
        voter_key: `v:${slug}-${i}`,
        user_id: null,
        helpful: i < yes ? 1 : 0,
        comment: comment?.text ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}

const articles = [
  { slug: 'fix-calendar-sync-errors', title: 'Fix calendar sync errors', path: '/help/calendar-sync/fix-calendar-sync-errors' },
  { slug: 'export-a-notebook', title: 'Export a notebook', path: '/help/notes-sharing/export-a-notebook' },
];

describe('the spike rule', () => {
  it('needs more than twice the 8-week average and at least 5 tickets this week', () => {
    expect(isSpike(5, 2)).toBe(true);
    expect(isSpike(5, 2.5)).toBe(false); // exactly twice: not a spike
    expect(isSpike(4, 0)).toBe(false); // fewer than MIN_ITEMS
    expect(isSpike(5, 0)).toBe(true);
  });
});

describe('teamOfQuestionTags', () => {
  const teams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];
  it('matches a team written as a tag, singular or plural', () => {
    expect(teamOfQuestionTags(['feature-request', 'calendar-sync'], teams)).toBe('calendar sync');
    expect(teamOfQuestionTags(['export', 'feature-request'], teams)).toBe('exports');
    expect(teamOfQuestionTags(['api'], teams)).toBe('API');
    expect(teamOfQuestionTags(['feature-request', 'android'], teams)).toBeNull();
  });
});

describe('insightsOverview', () => {
  it('counts each tag this week and last, averages the 8 weeks before and flags spikes', async () => {
    // sync: 5 this week (and a merged duplicate, not counted); last week 2, then 2 a week for weeks 2–8
    // (16 in 8 weeks: 2 a week) and one 9 weeks back (outside the average). 5 > 2 × 2: a spike.
    const kept = await ticket(THIS_WEEK + HOUR, { tags: ['sync'] });
    await tickets(4, THIS_WEEK + 2 * HOUR, { tags: ['sync'] });
    await ticket(THIS_WEEK + 3 * HOUR, { tags: ['sync'], mergedInto: kept });
    for (let week = 1; week <= 8; week++) await tickets(2, THIS_WEEK - week * WEEK + HOUR, { tags: ['sync'] });
    await ticket(THIS_WEEK - 9 * WEEK + HOUR, { tags: ['sync'] });
    // export: 5 this week; last week 6, then 2 a week for weeks 2–8: 20 in 8 weeks, 2.5 a week. 5 = 2 × 2.5: no spike.
    await tickets(5, THIS_WEEK + HOUR, { tags: ['export'] });
    await tickets(6, THIS_WEEK - WEEK + HOUR, { tags: ['export'] });
    for (let week = 2; week <= 8; week++) await tickets(2, THIS_WEEK - week * WEEK + HOUR, { tags: ['export'] });
    // login: 4 this week, none before: below 5, no spike. A ticket just before this week's Monday is last week's.
    await tickets(4, THIS_WEEK + DAY, { tags: ['login'] });
    await ticket(THIS_WEEK - 1, { tags: ['billing'] });

    const overview = await insightsOverview(db, staff, NOW, { articles });
    expect(overview.week).toBe('2026-11-30');
    expect(overview.tags).toEqual([
      { tag: 'sync', thisWeek: 5, lastWeek: 2, eightWeekAverage: 2, spike: true, url: '/staff/tickets?tag=sync' },
      { tag: 'export', thisWeek: 5, lastWeek: 6, eightWeekAverage: 2.5, spike: false, url: '/staff/tickets?tag=export' },
      { tag: 'login', thisWeek: 4, lastWeek: 0, eightWeekAverage: 0, spike: false, url: '/staff/tickets?tag=login' },
      { tag: 'billing', thisWeek: 0, lastWeek: 1, eightWeekAverage: 0.125, spike: false, url: '/staff/tickets?tag=billing' },
    ]);
    expect(overview.spikes.map((s) => s.tag)).toEqual(['sync']);
  });

  it('groups this quarter’s feature requests by team, tickets by subject, questions by votes', async () => {
    const q4 = Date.UTC(2026, 9, 1);
    const first = await ticket(q4 + DAY, { tags: ['feature request'], team: 'calendar sync', subject: 'Please add two-way calendar sync' });
    await ticket(q4 + 2 * DAY, { tags: ['feature request'], team: 'calendar sync', subject: 'please add two-way  calendar sync!' });
    await ticket(q4 + 3 * DAY, { tags: ['feature request'], team: 'calendar sync', subject: 'Please add two-way calendar sync' });
    const shared = await ticket(q4 + 4 * DAY, { tags: ['feature request'], team: 'calendar sync', subject: 'A shared team calendar' });
    const docx = await ticket(q4 + 5 * DAY, { tags: ['feature request', 'how-to'], team: 'exports', subject: 'Export to DOCX' });
    const dark = await ticket(q4 + 6 * DAY, { tags: ['feature request'], subject: 'Dark mode please' });
    await ticket(q4 - DAY, { tags: ['feature request'], team: 'exports', subject: 'Last quarter: PDF export' });
    await ticket(q4 + DAY, { tags: ['how-to'], team: 'exports', subject: 'Not a feature request' });
    const calendarQuestion = await question(q4 + 7 * DAY, { title: 'Two-way sync with Google Calendar', tags: ['feature-request', 'calendar-sync'], score: 4 });
    const loneQuestion = await question(q4 + 8 * DAY, { title: 'A widget for Android', tags: ['feature-request', 'android'], score: -2 });
    await question(q4 - DAY, { title: 'Old request', tags: ['feature-request', 'exports'], score: 9 });
    await question(q4 + DAY, { title: 'Not a request', tags: ['calendar-sync'], score: 9 });
    void first;

    const overview = await insightsOverview(db, staff, NOW, { articles });
    expect(overview.quarter).toBe('2026-Q4');
    expect(overview.quarterLabel).toBe('Q4 2026 (October–December)');
    const questionUrl = (id: number, slug: string) => `/community/questions/${id}/${slug}`;
    expect(overview.featureRequests).toEqual([
      {
        team: 'calendar sync',
        count: 9,
        tickets: 4,
        questions: 1,
        url: '/staff/tickets?tag=feature+request&team=calendar+sync',
        items: [
          {
            title: 'Two-way sync with Google Calendar',
            url: questionUrl(calendarQuestion, 'two-way-sync-with-google-calendar'),
            kind: 'question',
            count: 5,
            people: [],
          },
          // The newest ticket's subject names the item; several tickets: the inbox searching for it.
          {
            title: 'Please add two-way calendar sync',
            url: '/staff/tickets?q=Please+add+two-way+calendar+sync',
            kind: 'ticket',
            count: 3,
            people: [expect.any(String), expect.any(String), expect.any(String)],
          },
          { title: 'A shared team calendar', url: `/staff/tickets/${ticketIdToRef(shared)}`, kind: 'ticket', count: 1, people: [expect.any(String)] },
        ],
      },
      {
        team: 'No team',
        count: 2,
        tickets: 1,
        questions: 1,
        url: '/staff/tickets?tag=feature+request',
        items: [
          { title: 'Dark mode please', url: `/staff/tickets/${ticketIdToRef(dark)}`, kind: 'ticket', count: 1, people: [expect.any(String)] },
          { title: 'A widget for Android', url: questionUrl(loneQuestion, 'a-widget-for-android'), kind: 'question', count: 1, people: [] },
        ],
      },
      {
        team: 'exports',
        count: 1,
        tickets: 1,
        questions: 0,
        url: '/staff/tickets?tag=feature+request&team=exports',
        items: [{ title: 'Export to DOCX', url: `/staff/tickets/${ticketIdToRef(docx)}`, kind: 'ticket', count: 1, people: [expect.any(String)] }],
      },
    ]);
  });

  it('counts "didn\'t know it existed" and "product confusion" tickets of the quarter by team', async () => {
    const q4 = Date.UTC(2026, 9, 1);
    await tickets(2, q4 + DAY, { tags: ["didn't know it existed"], team: 'web app' });
    await ticket(q4 + DAY, { tags: ["didn't know it existed", 'product confusion'], team: 'mobile' });
    await ticket(q4 + DAY, { tags: ['product confusion'], team: 'web app' });
    await tickets(3, q4 + DAY, { tags: ['product confusion'] });
    await tickets(4, q4 - DAY, { tags: ['product confusion'], team: 'billing' }); // last quarter

    const { teamSignals } = await insightsOverview(db, staff, NOW, { articles });
    const url = (tag: string, team?: string) => `/staff/tickets?${new URLSearchParams(team ? { tag, team } : { tag }).toString()}`;
    expect(teamSignals).toEqual([
      {
        team: 'web app',
        didntKnow: 2,
        confusion: 1,
        didntKnowUrl: url("didn't know it existed", 'web app'),
        confusionUrl: url('product confusion', 'web app'),
      },
      { team: 'No team', didntKnow: 0, confusion: 3, didntKnowUrl: url("didn't know it existed"), confusionUrl: url('product confusion') },
      { team: 'mobile', didntKnow: 1, confusion: 1, didntKnowUrl: url("didn't know it existed", 'mobile'), confusionUrl: url('product confusion', 'mobile') },
    ]);
  });

  it('lists the least helpful articles with their "No" comments, and content gaps', async () => {
    await feedback('export-a-notebook', 1, 4, [
      { text: 'It does not say where the export goes.', at: NOW - 3 * DAY },
      { text: 'The screenshots are out of date.', at: NOW - DAY },
    ]);
    await feedback('fix-calendar-sync-errors', 3, 3);
    await feedback('few-votes', 0, 4); // fewer than 5 votes
    await feedback('all-helpful', 5, 0);
    await feedback('removed-article', 2, 3);
    // Votes older than 30 days do not count: these 10 "No" would otherwise put the article first.
    for (let i = 0; i < 10; i++)
      await db
        .insertInto('help_feedback')
        .values({
          article_slug: 'all-helpful',
          voter_key: `old-${i}`,
          user_id: null,
          helpful: 0,
          comment: null,
          created_at: NOW - 40 * DAY,
          updated_at: NOW - 40 * DAY,
        })
        .execute();

    const syncQuestion = await question(NOW - 10 * DAY, { title: 'Events arrive late', tags: ['calendar-sync'] });
    const requestQuestion = await question(NOW - 10 * DAY, { title: 'Please add dark mode', tags: ['feature-request'] });
    const good = await answer(syncQuestion, 12);
    await answer(syncQuestion, 9);
    await answer(requestQuestion, 15);
    await db
      .insertInto('answers')
      .values({
        question_id: syncQuestion,
        author_id: member.id,
        body_md: 'x',
        body_html: 'x',
        body_text: 'x',
        score: 20,
        visibility: 'hidden',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();

    for (let i = 0; i < 3; i++) await recordSearch(db, { query: 'dark mode', type: null, resultCount: 0, visitorKey: `v${i}` }, NOW - DAY);
    for (let i = 0; i < 4; i++) await recordSearch(db, { query: 'export pdf', type: null, resultCount: 7, visitorKey: `v${i}` }, NOW - DAY);
    await recordSearch(db, { query: 'old search', type: null, resultCount: 0, visitorKey: 'v' }, NOW - 31 * DAY);

    const overview = await insightsOverview(db, staff, NOW, { articles });
    expect(overview.leastHelpful).toEqual([
      {
        slug: 'export-a-notebook',
        title: 'Export a notebook',
        url: '/help/notes-sharing/export-a-notebook',
        yes: 1,
        no: 4,
        unhelpfulShare: 0.8,
        comments: [
          { text: 'The screenshots are out of date.', at: NOW - DAY },
          { text: 'It does not say where the export goes.', at: NOW - 3 * DAY },
        ],
      },
      { slug: 'removed-article', title: 'removed-article', url: null, yes: 2, no: 3, unhelpfulShare: 0.6, comments: [] },
      {
        slug: 'fix-calendar-sync-errors',
        title: 'Fix calendar sync errors',
        url: '/help/calendar-sync/fix-calendar-sync-errors',
        yes: 3,
        no: 3,
        unhelpfulShare: 0.5,
        comments: [],
      },
    ]);
    expect(overview.contentGaps.answers).toEqual([
      { answerId: good, score: 12, questionTitle: 'Events arrive late', url: `/community/answers/${good}#answer-${good}` },
    ]);
    expect(overview.searches.top.map((s) => [s.query, s.searches])).toEqual([
      ['export pdf', 4],
      ['dark mode', 3],
    ]);
    expect(overview.contentGaps.zeroResults.map((s) => [s.query, s.searches])).toEqual([['dark mode', 3]]);
  });

  it('ranks known issues open in the last 30 days by affected people, then linked tickets', async () => {
    const a = await insertKnownIssue(db, { title: 'Exports time out', createdAt: NOW - 10 * DAY });
    const b = await insertKnownIssue(db, { title: 'Sync is late', createdAt: NOW - 50 * DAY, status: 'fixed', fixedAt: NOW - 5 * DAY });
    const c = await insertKnownIssue(db, { title: 'Push arrives twice', createdAt: NOW - 3 * DAY });
    const old = await insertKnownIssue(db, { title: 'Fixed long ago', createdAt: NOW - 90 * DAY, status: 'fixed', fixedAt: NOW - 40 * DAY });
    const maintenance = await insertKnownIssue(db, { title: 'Database upgrade', kind: 'maintenance', createdAt: NOW - DAY });
    await insertKnownIssue(db, { title: 'Nobody affected', createdAt: NOW - DAY });
    const affected = { [a.id]: 7, [b.id]: 7, [c.id]: 2, [old.id]: 50, [maintenance.id]: 40 };
    for (const [id, count] of Object.entries(affected))
      await db.updateTable('known_issues').set({ affected_count: count }).where('id', '=', Number(id)).execute();
    await tickets(3, NOW - DAY, { knownIssueId: b.id });
    await tickets(1, NOW - DAY, { knownIssueId: a.id });
    const kept = await ticket(NOW - DAY, { knownIssueId: c.id });
    await ticket(NOW - DAY, { knownIssueId: c.id, mergedInto: kept });

    const { knownIssues } = await insightsOverview(db, staff, NOW, { articles });
    expect(knownIssues).toEqual([
      {
        title: 'Sync is late',
        status: 'fixed',
        statusLabel: 'Fixed',
        url: `/known-issues/${b.slug}`,
        staffUrl: `/staff/known-issues/${b.id}`,
        affected: 7,
        linkedTickets: 3,
      },
      {
        title: 'Exports time out',
        status: 'investigating',
        statusLabel: 'Investigating',
        url: `/known-issues/${a.slug}`,
        staffUrl: `/staff/known-issues/${a.id}`,
        affected: 7,
        linkedTickets: 1,
      },
      {
        title: 'Push arrives twice',
        status: 'investigating',
        statusLabel: 'Investigating',
        url: `/known-issues/${c.slug}`,
        staffUrl: `/staff/known-issues/${c.id}`,
        affected: 2,
        linkedTickets: 1,
      },
    ]);
  });

  it('is for staff only', async () => {
    await expect(insightsOverview(db, member, NOW, { articles })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(insightsOverview(db, null, NOW, { articles })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('weeklyHighlights', () => {
  it('describes the given week: its tags and spikes, the week’s feature requests and the known issues open in it', async () => {
    const week = Date.UTC(2026, 10, 23);
    await tickets(6, week + DAY, { tags: ['sync'] });
    await tickets(2, week + DAY, { tags: ['feature request'], team: 'mobile', subject: 'iPad split view' });
    await ticket(week - DAY, { tags: ['feature request'], team: 'mobile', subject: 'The week before' });
    await ticket(week + WEEK, { tags: ['sync'] }); // the next week
    const issue = await insertKnownIssue(db, { title: 'Sync is late', createdAt: week + 2 * DAY });
    await db.updateTable('known_issues').set({ affected_count: 4 }).where('id', '=', issue.id).execute();

    const highlights = await weeklyHighlights(db, '2026-11-23', NOW);
    expect(highlights.week).toBe('2026-11-23');
    expect(highlights.tags.map((tag) => [tag.tag, tag.thisWeek, tag.lastWeek, tag.spike])).toEqual([
      ['sync', 6, 0, true],
      ['feature request', 2, 1, false],
    ]);
    expect(highlights.spikes.map((s) => s.tag)).toEqual(['sync']);
    expect(highlights.featureRequests.map((g) => [g.team, g.count, g.items.map((i) => [i.title, i.count])])).toEqual([['mobile', 2, [['iPad split view', 2]]]]);
    expect(highlights.knownIssues.map((i) => [i.title, i.affected])).toEqual([['Sync is late', 4]]);
  });

  it('names the people behind each ticket item (the name on the ticket and its account’s), so a digest can redact the title; none for a question', async () => {
    const week = Date.UTC(2026, 10, 23);
    const account = await makeUser(db, { displayName: 'Tomasz Wren' });
    await ticket(week + DAY, { tags: ['feature request'], subject: 'Priya Shah needs DOCX', name: 'Priya Shah' });
    await ticket(week + DAY + HOUR, { tags: ['feature request'], subject: 'Priya Shah needs DOCX', name: 'P. Shah', userId: account.id });
    await ticket(week + DAY + 2 * HOUR, { tags: ['feature request'], subject: 'Priya Shah needs DOCX', name: 'Priya Shah' });
    await question(week + 2 * DAY, { title: 'Dark mode', tags: ['feature-request'] });
    const highlights = await weeklyHighlights(db, '2026-11-23', NOW);
    expect(highlights.featureRequests[0]!.items.map((i) => [i.title, i.kind, i.people])).toEqual([
      ['Priya Shah needs DOCX', 'ticket', ['Priya Shah', 'P. Shah', 'Tomasz Wren']],
      ['Dark mode', 'question', []],
    ]);
  });

  it('refuses a week that is not named by its Monday', async () => {
    await expect(weeklyHighlights(db, '2026-12-01', NOW)).rejects.toBeInstanceOf(ValidationError);
    await expect(weeklyHighlights(db, 'last week', NOW)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('quarterlyVoice', () => {
  it('lists the top 10 pain points with frustration and the top 10 feature requests of a past quarter', async () => {
    const q3 = Date.UTC(2026, 6, 1);
    // bug: 6 tickets, 1 frustrated + 2 angry (+1 confused): half arrived frustrated or angry.
    for (const emotion of ['frustrated', 'angry', 'angry', 'confused', null, 'happy'] as const) await ticket(q3 + DAY, { tags: ['bug'], emotion });
    // how-to: 4 tickets, 2 frustrated: too few for a share.
    for (const emotion of ['frustrated', 'frustrated', null, null] as const) await ticket(q3 + 2 * DAY, { tags: ['how-to'], emotion });
    // 11 tags with one ticket each: only 8 of them make the top 10 (by name on a tie).
    for (let i = 1; i <= 11; i++) await ticket(q3 + 3 * DAY, { tags: [`t${String(i).padStart(2, '0')}`] });
    // Feature requests are not pain points: 12 subjects, one asked 3 times.
    await tickets(3, q3 + 4 * DAY, { tags: ['feature request'], team: 'exports', subject: 'Export to DOCX' });
    for (let i = 1; i <= 11; i++)
      await ticket(q3 + 5 * DAY, { tags: ['feature request'], team: 'mobile', subject: `Mobile idea ${String(i).padStart(2, '0')}` });
    const voted = await question(q3 + 6 * DAY, { title: 'Offline mode for iPad', tags: ['feature-request', 'mobile'], score: 5 });
    await ticket(Date.UTC(2026, 9, 1), { tags: ['bug'] }); // Q4

    const voice = await quarterlyVoice(db, staff, '2026-Q3', NOW);
    expect(voice).toMatchObject({ quarter: '2026-Q3', label: 'Q3 2026 (July–September)', inProgress: false, previous: '2026-Q2', next: '2026-Q4' });
    expect(voice.painPoints.map((p) => [p.tag, p.tickets, p.frustrated, p.frustration.value])).toEqual([
      ['bug', 6, 3, 0.5],
      ['how-to', 4, 2, null],
      ['t01', 1, 0, null],
      ['t02', 1, 0, null],
      ['t03', 1, 0, null],
      ['t04', 1, 0, null],
      ['t05', 1, 0, null],
      ['t06', 1, 0, null],
      ['t07', 1, 0, null],
      ['t08', 1, 0, null],
    ]);
    expect(voice.painPoints[0]).toEqual({
      tag: 'bug',
      tickets: 6,
      frustrated: 3,
      frustration: { value: 0.5, n: 6, unit: 'share' },
      url: '/staff/tickets?tag=bug',
    });
    expect(voice.featureRequests.map((f) => [f.title, f.team, f.kind, f.count])).toEqual([
      ['Offline mode for iPad', 'mobile', 'question', 6],
      ['Export to DOCX', 'exports', 'ticket', 3],
      ...Array.from({ length: 8 }, (_, i) => [`Mobile idea ${String(i + 1).padStart(2, '0')}`, 'mobile', 'ticket', 1]),
    ]);
    expect(voice.featureRequests[0]!.url).toBe(`/community/questions/${voted}/offline-mode-for-ipad`);
    expect(voice.featureRequestTickets).toBe(14);
    expect(voice.featureRequestQuestions).toBe(1);
  });

  it('marks the current quarter in progress without a next one, and finds no future or malformed quarter', async () => {
    const voice = await quarterlyVoice(db, staff, '2026-Q4', NOW);
    expect(voice).toMatchObject({ inProgress: true, previous: '2026-Q3', next: null, featureRequests: [], painPoints: [] });
    const firstOfYear = await quarterlyVoice(db, staff, '2026-Q1', NOW);
    expect([firstOfYear.previous, firstOfYear.next]).toEqual(['2025-Q4', '2026-Q2']);
    await expect(quarterlyVoice(db, staff, '2027-Q1', NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(quarterlyVoice(db, staff, '2026-Q5', NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(quarterlyVoice(db, staff, '2026-4', NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(quarterlyVoice(db, member, '2026-Q3', NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('query plans', () => {
  it('reads the overview in 10 statements and the quarter in 4, tickets by the period index, no table scanned but the settings and the help votes', async () => {
    const overview = await explainQueries(t.sqlite, (planDb) => insightsOverview(planDb, staff, NOW, { articles }));
    const quarter = await explainQueries(t.sqlite, (planDb) => quarterlyVoice(planDb, staff, '2026-Q4', NOW));
    expect([overview.length, quarter.length]).toEqual([10, 4]);
    const steps = [...overview, ...quarter].flatMap((p) => p.plan.map((step) => step.trim()));
    expect(steps.filter((step) => step.startsWith('SCAN')).sort()).toEqual([
      'SCAN help_feedback USING INDEX sqlite_autoindex_help_feedback_1',
      'SCAN site_settings',
      'SCAN site_settings',
    ]);
    // The tag trends and the pain points read the period's tickets by their arrival.
    const periodReads = [...overview, ...quarter].filter((p) => /sum\(case when/.test(p.sql));
    // (tickets_created, or the report's covering index that starts with created_at too.)
    expect(
      periodReads.map((p) =>
        p.plan.some((step) => /tickets USING (COVERING )?INDEX tickets_(created|report_received) \(created_at>\? AND created_at<\?\)/.test(step)),
      ),
    ).toEqual([true, true]);
  });
});
