// The public board (src/server/known-issues/board.ts): status lines, ordering,
// filters, recently fixed and the archive; one issue's page; "I'm affected
// too"; the cached banner; the feed, the JSON and the search source.
import { Kysely, SqliteDialect } from 'kysely';
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DB } from '@db/connection';
import type { Database } from '@db/schema';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { drainIndexChanges, recordIndexChange, searchDocId } from '@search/indexer';
import { knownIssueSource } from '@search/sources/known-issues';
import { NotFoundError, RateLimitedError, ValidationError } from '@/server/errors';
import {
  ALL_OPERATIONAL,
  ARCHIVE_PAGE_SIZE,
  BANNER_CACHE_MS,
  affectedPerVisitor,
  bannerIssues,
  boardOverview,
  knownIssueBySlug,
  latestUpdates,
  machineBoard,
  markAffected,
} from '@/server/known-issues/board';
import { knownIssuesChanged } from '@/server/known-issues/model';
import { knownIssuesAtom } from '@/web/known-issues-feed';
import { makeUser, site } from '../support/factories';
import { insertKnownIssue } from '../support/known-issues';
import { createTestDb, type TestDb } from '../support/test-db';
import { searchSite } from '@/server/search/site-search';

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const teams = ['web app', 'calendar sync', 'exports', 'billing'];

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('boardOverview', () => {
  it('says "All systems operational" when nothing is open, even with maintenance planned ahead', async () => {
    await insertKnownIssue(t.db, { status: 'fixed', severity: 'critical', fixedAt: NOW - 2 * DAY });
    await insertKnownIssue(t.db, {
      kind: 'maintenance',
      severity: 'major',
      status: 'identified',
      startsAt: NOW + DAY,
      endsAt: NOW + DAY + 2 * HOUR,
      title: 'Database upgrade',
    });
    const board = await boardOverview(t.db, teams, NOW);
    expect(board.allOperational).toBe(true);
    expect(board.headline).toBe(ALL_OPERATIONAL);
    expect(board.areas.every((a) => a.severity === null)).toBe(true);
    expect(board.open).toEqual([]);
    expect(board.planned.map((i) => [i.title, i.planned])).toEqual([['Database upgrade', true]]);
  });

  it('gives each affected area its worst open severity, and lists open issues by severity then latest update', async () => {
    await insertKnownIssue(t.db, { slug: 'minor-new', severity: 'minor', areas: ['calendar sync'], lastUpdateAt: NOW - HOUR });
    await insertKnownIssue(t.db, { slug: 'critical-old', severity: 'critical', areas: ['calendar sync', 'web app'], lastUpdateAt: NOW - 5 * HOUR });
    await insertKnownIssue(t.db, { slug: 'major-newer', severity: 'major', areas: ['exports'], lastUpdateAt: NOW - 2 * HOUR });
    await insertKnownIssue(t.db, { slug: 'major-older', severity: 'major', areas: ['exports'], lastUpdateAt: NOW - 3 * HOUR });
    // Maintenance in progress counts as open; maintenance ahead does not.
    await insertKnownIssue(t.db, { slug: 'upgrade-now', kind: 'maintenance', severity: 'minor', areas: ['billing'], startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    await insertKnownIssue(t.db, { slug: 'upgrade-later', kind: 'maintenance', severity: 'critical', areas: ['web app'], startsAt: NOW + DAY });
    const board = await boardOverview(t.db, teams, NOW);
    expect(board.allOperational).toBe(false);
    expect(board.headline).toBe('5 open issues');
    expect(board.open.map((i) => i.slug)).toEqual(['critical-old', 'major-newer', 'major-older', 'minor-new', 'upgrade-now']);
    expect(board.planned.map((i) => i.slug)).toEqual(['upgrade-later']);
    const lines = Object.fromEntries(board.areas.map((a) => [a.area, a.line]));
    expect(lines).toEqual({
      'calendar sync': 'Calendar sync — Major outage: 2 open issues',
      'web app': 'Web app — Major outage: 1 open issue',
      exports: 'Exports — Partial outage: 2 open issues',
      billing: 'Billing — Degraded performance: 1 open issue',
    });
    // Affected areas first, worst first.
    expect(board.areas.map((a) => a.severity)).toEqual(['critical', 'critical', 'major', 'minor']);
  });

  it('lists an area that is not (or no longer) a team when an open issue names it', async () => {
    await insertKnownIssue(t.db, { severity: 'major', areas: ['single sign-on'] });
    const board = await boardOverview(t.db, teams, NOW);
    expect(board.areas.find((a) => a.area === 'single sign-on')?.line).toBe('Single sign-on — Partial outage: 1 open issue');
    expect(board.areas.filter((a) => a.severity === null).map((a) => a.area)).toEqual(teams);
  });

  it('filters by status and area; the status line stays whole', async () => {
    await insertKnownIssue(t.db, { slug: 'cal-investigating', status: 'investigating', areas: ['calendar sync'] });
    await insertKnownIssue(t.db, { slug: 'cal-monitoring', status: 'monitoring', areas: ['calendar sync'] });
    await insertKnownIssue(t.db, { slug: 'exports-fixing', status: 'fixing', areas: ['exports'] });
    await insertKnownIssue(t.db, { slug: 'cal-fixed', status: 'fixed', areas: ['calendar sync'], fixedAt: NOW - DAY });
    await insertKnownIssue(t.db, { slug: 'cal-archived', status: 'fixed', areas: ['calendar sync'], fixedAt: NOW - 60 * DAY });
    await insertKnownIssue(t.db, { slug: 'exports-archived', status: 'fixed', areas: ['exports'], fixedAt: NOW - 90 * DAY });

    const calendar = await boardOverview(t.db, teams, NOW, { area: 'calendar sync' });
    expect(calendar.open.map((i) => i.slug).sort()).toEqual(['cal-investigating', 'cal-monitoring']);
    expect(calendar.recentlyFixed.map((i) => i.slug)).toEqual(['cal-fixed']);
    expect(calendar.archive.issues.map((i) => i.slug)).toEqual(['cal-archived']);
    expect(calendar.areas.find((a) => a.area === 'exports')?.openCount).toBe(1);

    const monitoring = await boardOverview(t.db, teams, NOW, { status: 'monitoring' });
    expect(monitoring.open.map((i) => i.slug)).toEqual(['cal-monitoring']);
    expect(monitoring.recentlyFixed).toEqual([]);
    expect(monitoring.archive.total).toBe(0);

    const fixed = await boardOverview(t.db, teams, NOW, { status: 'fixed', area: 'exports' });
    expect(fixed.open).toEqual([]);
    expect(fixed.archive.issues.map((i) => i.slug)).toEqual(['exports-archived']);

    const open = await boardOverview(t.db, teams, NOW, { status: 'open' });
    expect(open.open.map((i) => i.slug).sort()).toEqual(['cal-investigating', 'cal-monitoring', 'exports-fixing']);
    expect(open.recentlyFixed).toEqual([]);
    expect(open.archive.total).toBe(0);
  });

  it('keeps fixes of the last 30 days in "Recently fixed" and pages the older ones, newest fix first', async () => {
    await insertKnownIssue(t.db, { slug: 'fixed-29-days', status: 'fixed', fixedAt: NOW - 29 * DAY });
    await insertKnownIssue(t.db, { slug: 'fixed-today', status: 'fixed', fixedAt: NOW - HOUR });
    for (let i = 0; i < ARCHIVE_PAGE_SIZE + 5; i++) await insertKnownIssue(t.db, { slug: `old-${i}`, status: 'fixed', fixedAt: NOW - (31 + i) * DAY });
    const board = await boardOverview(t.db, teams, NOW);
    expect(board.recentlyFixed.map((i) => i.slug)).toEqual(['fixed-today', 'fixed-29-days']);
    expect(board.archive).toMatchObject({ page: 1, pages: 2, total: ARCHIVE_PAGE_SIZE + 5 });
    expect(board.archive.issues).toHaveLength(ARCHIVE_PAGE_SIZE);
    expect(board.archive.issues[0]!.slug).toBe('old-0');
    const second = await boardOverview(t.db, teams, NOW, { archivePage: 2 });
    expect(second.archive.issues.map((i) => i.slug)).toEqual(['old-20', 'old-21', 'old-22', 'old-23', 'old-24']);
    // A page past the end shows the last page.
    expect((await boardOverview(t.db, teams, NOW, { archivePage: 99 })).archive.page).toBe(2);
  });
});

describe('knownIssueBySlug', () => {
  it('shows the timeline newest first with author names and Staff badges, linked articles, and nothing staff-only', async () => {
    const staff = await makeUser(t.db, { role: 'staff', displayName: 'Sam Rivera', email: 'sam.owner@fieldnote.example' });
    await insertKnownIssue(t.db, {
      slug: 'google-calendar-stops-syncing',
      title: 'Google Calendar events stop syncing after password change',
      severity: 'major',
      status: 'monitoring',
      ownerId: staff.id,
      github: { repo: 'fieldnote/secret-repo', number: 812 },
      workaroundHtml: '<p>Reconnect Google Calendar in <strong>Settings</strong>.</p>',
      etaAt: NOW + DAY,
      articles: ['calendar-sync/fix-calendar-sync-errors', 'no-such/article'],
      updates: [
        { status: 'investigating', html: '<p>We are looking into it.</p>', at: NOW - 3 * HOUR, authorId: staff.id },
        { status: 'fixing', html: '<p>A fix is rolling out.</p>', at: NOW - 2 * HOUR, authorId: staff.id },
        { status: 'monitoring', html: '<p>The GitHub issue was closed.</p>', at: NOW - HOUR, source: 'github' },
      ],
    });
    const articles = [
      { slug: 'fix-calendar-sync-errors', category: 'calendar-sync', title: 'Fix calendar sync errors', path: '/help/calendar-sync/fix-calendar-sync-errors' },
    ];
    const issue = await knownIssueBySlug(t.db, 'google-calendar-stops-syncing', null, { articles, now: NOW });
    expect(issue).toMatchObject({
      status: 'monitoring',
      statusLabel: 'Monitoring',
      severity: 'major',
      areas: ['calendar sync'],
      etaAt: NOW + DAY,
      trackedByEngineering: true,
      viewerAffected: false,
    });
    expect(issue.workaroundHtml).toContain('<strong>Settings</strong>');
    expect(issue.timeline.map((u) => [u.status, u.authorName, u.staff])).toEqual([
      ['monitoring', 'Fieldnote engineering', true],
      ['fixing', 'Sam Rivera', true],
      ['investigating', 'Sam Rivera', true],
    ]);
    expect(issue.articles).toEqual([{ title: 'Fix calendar sync errors', url: '/help/calendar-sync/fix-calendar-sync-errors' }]);
    const shown = JSON.stringify(issue);
    expect(shown).not.toContain('sam.owner@fieldnote.example');
    expect(shown).not.toContain('secret-repo');
  });

  it('throws NotFoundError for an unknown slug', async () => {
    await expect(knownIssueBySlug(t.db, 'no-such-issue', null)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('markAffected', () => {
  it('counts each visitor once, keeps affected_count in step, and tells the viewer', async () => {
    const { id, slug } = await insertKnownIssue(t.db);
    const member = await makeUser(t.db);
    expect(await markAffected(t.db, slug, `u:${member.id}`, member.id, NOW)).toEqual({ affectedCount: 1, added: true });
    expect(await markAffected(t.db, id, `u:${member.id}`, member.id, NOW + 1)).toEqual({ affectedCount: 1, added: false });
    expect(await markAffected(t.db, id, 'v:anonymous-visitor', null, NOW + 2)).toEqual({ affectedCount: 2, added: true });
    const rows = await t.db
      .selectFrom('known_issue_affected')
      .select(['visitor_key', 'user_id'])
      .where('known_issue_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(rows).toEqual([
      { visitor_key: `u:${member.id}`, user_id: member.id },
      { visitor_key: 'v:anonymous-visitor', user_id: null },
    ]);
    expect((await knownIssueBySlug(t.db, slug, { visitorKey: `u:${member.id}` })).viewerAffected).toBe(true);
    expect((await knownIssueBySlug(t.db, slug, { visitorKey: 'v:someone-else' })).viewerAffected).toBe(false);
    expect((await knownIssueBySlug(t.db, slug, null)).affectedCount).toBe(2);
  });

  it('refuses an unknown issue, a fixed one, and a visitor marking too many issues in an hour', async () => {
    await expect(markAffected(t.db, 'nope', 'v:x', null, NOW)).rejects.toBeInstanceOf(NotFoundError);
    const fixed = await insertKnownIssue(t.db, { status: 'fixed' });
    await expect(markAffected(t.db, fixed.id, 'v:x', null, NOW)).rejects.toBeInstanceOf(ValidationError);
    for (let i = 0; i < affectedPerVisitor.max; i++) {
      const issue = await insertKnownIssue(t.db);
      await markAffected(t.db, issue.id, 'v:busy', null, NOW + i);
    }
    const one = await insertKnownIssue(t.db);
    await expect(markAffected(t.db, one.slug, 'v:busy', null, NOW + 100)).rejects.toBeInstanceOf(RateLimitedError);
    // Another visitor is not held up, and the limit passes with the hour.
    expect((await markAffected(t.db, one.slug, 'v:calm', null, NOW + 100)).added).toBe(true);
    expect((await markAffected(t.db, one.slug, 'v:busy', null, NOW + affectedPerVisitor.windowMs + 1_000)).added).toBe(true);
  });
});

describe('bannerIssues', () => {
  /** A handle on the test database that counts the statements it runs. */
  function countingDb(): { db: DB; queries: () => number } {
    let n = 0;
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: t.sqlite }),
      log: (event) => {
        if (event.level === 'query') n++;
      },
    });
    return { db, queries: () => n };
  }

  it('shows active major and critical incidents and maintenance in progress, most severe first', async () => {
    await insertKnownIssue(t.db, { slug: 'major', severity: 'major', lastUpdateAt: NOW - HOUR });
    await insertKnownIssue(t.db, { slug: 'critical', severity: 'critical', lastUpdateAt: NOW - 2 * HOUR });
    await insertKnownIssue(t.db, { slug: 'minor', severity: 'minor' });
    await insertKnownIssue(t.db, { slug: 'fixed', severity: 'critical', status: 'fixed' });
    await insertKnownIssue(t.db, { slug: 'maintenance-now', kind: 'maintenance', severity: 'major', startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    await insertKnownIssue(t.db, { slug: 'maintenance-later', kind: 'maintenance', severity: 'major', startsAt: NOW + DAY, endsAt: NOW + DAY + HOUR });
    expect((await bannerIssues(t.db, NOW)).map((i) => i.slug)).toEqual(['critical', 'major', 'maintenance-now']);
    // The windows are checked against the time of each call, from the same cached list.
    expect((await bannerIssues(t.db, NOW + DAY + 1)).map((i) => i.slug)).toEqual(['critical', 'major', 'maintenance-later']);
  });

  it('runs no query on a cache hit, and reloads when an issue changes or after the short TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const counted = countingDb();
    await insertKnownIssue(t.db, { slug: 'first', severity: 'critical' });
    expect((await bannerIssues(counted.db, NOW)).map((i) => i.slug)).toEqual(['first']);
    const afterLoad = counted.queries();
    expect(afterLoad).toBe(1);
    for (let i = 0; i < 5; i++) await bannerIssues(counted.db, NOW);
    expect(counted.queries()).toBe(afterLoad);

    // Written here (the core calls knownIssuesChanged()): the next request sees it at once.
    await insertKnownIssue(t.db, { slug: 'second', severity: 'major' });
    expect((await bannerIssues(counted.db, NOW)).map((i) => i.slug)).toEqual(['first']);
    knownIssuesChanged();
    expect((await bannerIssues(counted.db, NOW)).map((i) => i.slug)).toEqual(['first', 'second']);
    expect(counted.queries()).toBe(afterLoad + 1);

    // Written by another process (no notification here): seen once the TTL has passed.
    await t.db.updateTable('known_issues').set({ status: 'fixed' }).where('slug', '=', 'first').execute();
    vi.setSystemTime(NOW + BANNER_CACHE_MS - 1);
    expect((await bannerIssues(counted.db)).map((i) => i.slug)).toEqual(['first', 'second']);
    vi.setSystemTime(NOW + BANNER_CACHE_MS + 1);
    expect((await bannerIssues(counted.db)).map((i) => i.slug)).toEqual(['second']);
    expect(counted.queries()).toBe(afterLoad + 2);
    await counted.db.destroy().catch(() => {});
  });
});

describe('the feed and the JSON', () => {
  it('is a valid Atom feed of the latest updates, newest first, that a feed parser reads', async () => {
    const issue = await insertKnownIssue(t.db, {
      slug: 'exports-stuck',
      title: 'PDF exports stuck at 99 %',
      severity: 'major',
      updates: [
        { status: 'investigating', html: '<p>Exports of large notebooks never finish.</p>', at: NOW - 2 * HOUR },
        { status: 'fixed', html: '<p>Exports <em>finish</em> again.</p>', at: NOW - HOUR },
      ],
    });
    const xml = knownIssuesAtom(site, await latestUpdates(t.db, 50), NOW);
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Fieldnote Support: known issues');
    expect(feed.link).toBe('http://hearth.test/known-issues');
    expect(feed.items.map((i) => i.title)).toEqual(['PDF exports stuck at 99 %: Fixed', 'PDF exports stuck at 99 %: Investigating']);
    const updates = await t.db.selectFrom('known_issue_updates').select('id').where('known_issue_id', '=', issue.id).orderBy('created_at', 'desc').execute();
    expect(feed.items.map((i) => i.id)).toEqual(updates.map((u) => `http://hearth.test/known-issues/exports-stuck#update-${u.id}`));
    expect(feed.items[0]!.link).toBe(`http://hearth.test/known-issues/exports-stuck#update-${updates[0]!.id}`);
    expect(feed.items[0]!.content).toContain('<em>finish</em>');
    expect(new Date(feed.items[0]!.isoDate!).getTime()).toBe(NOW - HOUR);
    expect(xml).toContain('<updated>2026-11-20T11:00:00.000Z</updated>');
  });

  it('keeps only the latest 50 updates', async () => {
    await insertKnownIssue(t.db, {
      updates: Array.from({ length: 60 }, (_, i) => ({ status: 'investigating' as const, html: `<p>Update ${i}</p>`, at: NOW - (60 - i) * 60_000 })),
    });
    const entries = await latestUpdates(t.db, 50);
    expect(entries).toHaveLength(50);
    expect(entries[0]!.messageHtml).toBe('<p>Update 59</p>');
  });

  it('gives machines the open and recently fixed issues with ISO 8601 times and absolute URLs', async () => {
    await insertKnownIssue(t.db, { slug: 'open-one', severity: 'critical', areas: ['billing', 'web app'], createdAt: NOW - DAY, lastUpdateAt: NOW - HOUR });
    await insertKnownIssue(t.db, { slug: 'fixed-one', status: 'fixed', fixedAt: NOW - 2 * DAY, lastUpdateAt: NOW - 2 * DAY });
    await insertKnownIssue(t.db, { slug: 'archived-one', status: 'fixed', fixedAt: NOW - 40 * DAY });
    const json = await machineBoard(t.db, 'http://hearth.test', NOW);
    expect(json.generated_at).toBe('2026-11-20T12:00:00.000Z');
    expect(json.open).toEqual([
      expect.objectContaining({
        slug: 'open-one',
        url: 'http://hearth.test/known-issues/open-one',
        status: 'investigating',
        severity: 'critical',
        areas: ['billing', 'web app'],
        created_at: '2026-11-19T12:00:00.000Z',
        updated_at: '2026-11-20T11:00:00.000Z',
        fixed_at: null,
      }),
    ]);
    expect(json.recently_fixed.map((i) => [i.slug, i.fixed_at])).toEqual([['fixed-one', '2026-11-18T12:00:00.000Z']]);
  });
});

describe('the search source', () => {
  it('indexes title, summary, workaround and updates as plain text, with areas as tags and the status and severity', async () => {
    const { id } = await insertKnownIssue(t.db, {
      slug: 'outlook-duplicates',
      title: 'Outlook events appear twice',
      summary: 'Some Outlook calendars show each event twice.',
      severity: 'major',
      status: 'fixing',
      areas: ['calendar sync', 'integrations'],
      workaroundHtml: '<p>Remove the <strong>old</strong> connection &amp; reconnect.</p>',
      updates: [{ status: 'fixing', html: '<p>We found the <code>duplicate</code> rule.</p>', at: NOW }],
    });
    const doc = (await knownIssueSource.load(t.db, [String(id), '999']))!;
    expect([...doc.keys()]).toEqual([String(id)]);
    expect(doc.get(String(id))).toEqual({
      id: `known_issue-${id}`,
      type: 'known_issue',
      title: 'Outlook events appear twice',
      text: 'Some Outlook calendars show each event twice. Remove the old connection & reconnect. We found the duplicate rule.',
      url: '/known-issues/outlook-duplicates',
      tags: ['calendar sync', 'integrations'],
      category: 'calendar sync',
      status: 'fixing',
      severity: 'major',
      popularity: 0,
      updated: NOW,
    });
    expect(await knownIssueSource.allKeys(t.db)).toEqual([String(id)]);
  });

  it('is found by status and severity, and an open issue comes before a fixed one and the articles for its area', async () => {
    const open = await insertKnownIssue(t.db, {
      title: 'Calendar sync stopped for Google accounts',
      severity: 'critical',
      status: 'identified',
      areas: ['calendar sync'],
    });
    const fixed = await insertKnownIssue(t.db, {
      title: 'Calendar sync delayed for Outlook accounts',
      severity: 'major',
      status: 'fixed',
      areas: ['calendar sync'],
    });
    for (const issue of [open, fixed]) await recordIndexChange(t.db, searchDocId('known_issue', issue.id), 'upsert', NOW);
    const engine = createEmbeddedEngine(t.db);
    await engine.setup();
    await engine.upsert([
      {
        id: 'article-fix-sync',
        type: 'article',
        title: 'Fix calendar sync errors',
        text: 'When calendar sync fails, reconnect your calendar.',
        url: '/help/calendar-sync/fix',
        tags: ['calendar'],
        category: 'calendar-sync',
        status: 'published',
        popularity: 10,
        updated: NOW,
      },
    ]);
    await drainIndexChanges(t.db, engine, [knownIssueSource], NOW);
    // The engine ranks the open issue with the article (the title decides) and the fixed one after them.
    const ranked = (await engine.search({ q: 'calendar sync not working' })).hits.map((h) => h.id);
    expect(ranked.indexOf(`known_issue-${fixed.id}`)).toBe(2);
    // Site search: the query names the open issue's area, so it leads the first page; the fixed one is not lifted.
    const site = await searchSite(t.db, engine, { q: 'calendar sync not working', visitorKey: null, log: false });
    expect(site.hits.map((h) => h.id)).toEqual([`known_issue-${open.id}`, 'article-fix-sync', `known_issue-${fixed.id}`]);
    // Not on a later page, and not when the query does not name the area.
    expect((await searchSite(t.db, engine, { q: 'reconnect your calendar', visitorKey: null, log: false })).hits[0]?.id).toBe('article-fix-sync');
    const critical = await engine.search({ q: 'calendar sync', type: 'known_issue', severity: ['critical'] });
    expect(critical.hits.map((h) => [h.id, h.status, h.severity])).toEqual([[`known_issue-${open.id}`, 'identified', 'critical']]);
    expect((await engine.search({ q: 'calendar sync', status: ['fixed'] })).hits.map((h) => h.id)).toEqual([`known_issue-${fixed.id}`]);
  });
});
