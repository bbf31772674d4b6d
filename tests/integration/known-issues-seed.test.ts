// The demo seed's known issues (issue 13, item 9), seeded once through the
// whole seedDemoData on a fresh database with a fixed clock: a year of
// incidents and maintenance with timelines that agree with their issues, one
// major incident going on now (the banner), an upcoming maintenance, linked
// tickets that exist and were written around the incident, bulk replies that
// reached each target's conversation, and playbooks done on past incidents.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@db/seed/index';
import { seedKnownIssues } from '@db/seed/known-issues';
import { knownIssues } from '@db/seed/data/known-issues';
import { createRandom } from '@db/seed/random';
import { renderUserMarkdown } from '@/server/markdown';
import { defaultTeams } from '@/server/settings/settings';
import { isOpenStatus, isPlanned, knownIssueStatuses, showsBanner } from '@/server/known-issues/model';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A Wednesday, 13:00 in Amsterdam (the other seed tests' clock).
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

let t: TestDb;
const lines: string[] = [];
type Issue = Awaited<ReturnType<typeof loadIssues>>[number];
let issues: Issue[];
let updates: Map<number, { status: string; author_id: number | null; source: string; created_at: number; message_source: string; message_html: string }[]>;

function loadIssues() {
  return t.db.selectFrom('known_issues').selectAll().orderBy('id').execute();
}

function groupBy<T extends { known_issue_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.known_issue_id, [...(map.get(row.known_issue_id) ?? []), row]);
  return map;
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now, log: (line) => lines.push(line) });
  issues = await loadIssues();
  updates = groupBy(await t.db.selectFrom('known_issue_updates').selectAll().orderBy('created_at').orderBy('id').execute());
}, 120_000);
afterAll(async () => t.close());

describe('demo known issues: what the board shows', () => {
  it('seeds at least 25 issues over the last 12 months, incidents of every severity across the areas', async () => {
    expect(issues.length).toBeGreaterThanOrEqual(25);
    for (const issue of issues) {
      expect(issue.created_at).toBeGreaterThan(now - 366 * DAY);
      expect(issue.created_at).toBeLessThan(now);
      expect(issue.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(issue.summary.split(/\s+/).length).toBeGreaterThanOrEqual(10);
    }
    const incidents = issues.filter((i) => i.kind === 'incident');
    for (const severity of ['critical', 'major', 'minor'] as const) expect(incidents.filter((i) => i.severity === severity).length).toBeGreaterThanOrEqual(3);
    const areas = await t.db.selectFrom('known_issue_areas').select(['known_issue_id', 'area']).execute();
    expect(new Set(areas.map((a) => a.area))).toEqual(new Set(defaultTeams));
    for (const issue of issues) expect(areas.some((a) => a.known_issue_id === issue.id)).toBe(true);
    expect(lines.find((l) => l.startsWith('seed: known issues: '))).toMatch(/^seed: known issues: \d+ known issues \(\d+ open now\), \d+ linked tickets/);
  });

  it('has a few open issues, exactly one active major incident (the banner) and no critical one open', () => {
    const open = issues.filter((i) => isOpenStatus(i.status));
    expect(open.length).toBeGreaterThanOrEqual(4);
    for (const status of ['investigating', 'identified', 'fixing', 'monitoring'] as const) expect(open.some((i) => i.status === status)).toBe(true);
    const banner = issues.filter((i) => showsBanner(i, now));
    expect(banner.map((i) => [i.kind, i.severity])).toEqual([['incident', 'major']]);
    expect(open.filter((i) => i.severity === 'critical')).toEqual([]);
    // Its latest update is recent (no "update due" on the one customers are watching).
    expect(now - banner[0]!.last_update_at).toBeLessThan(2 * HOUR);
  });

  it('has 2–3 planned maintenance windows: one upcoming in the next week, shown as planned, the past ones done', () => {
    const maintenance = issues.filter((i) => i.kind === 'maintenance');
    expect(maintenance.length).toBeGreaterThanOrEqual(2);
    expect(maintenance.length).toBeLessThanOrEqual(3);
    for (const m of maintenance) expect(m.ends_at!).toBeGreaterThan(m.starts_at!);
    const planned = maintenance.filter((m) => isPlanned(m, now));
    expect(planned.length).toBe(1);
    expect(planned[0]!.starts_at!).toBeLessThan(now + 7 * DAY);
    for (const m of maintenance.filter((x) => !planned.includes(x))) {
      expect(m.status).toBe('fixed');
      expect(m.ends_at!).toBeLessThan(now);
    }
  });

  it('gives every issue an owner from the staff, and workarounds, ETAs and GitHub issues on some', async () => {
    const staff = new Set((await t.db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).execute()).map((u) => u.id));
    for (const issue of issues) {
      expect(staff.has(issue.owner_id!)).toBe(true);
      expect(staff.has(issue.created_by!)).toBe(true);
      expect(issue.workaround_html).toBe(issue.workaround_source === '' ? '' : renderUserMarkdown(issue.workaround_source));
      expect(issue.github_repo === null).toBe(issue.github_issue_number === null);
    }
    expect(issues.filter((i) => i.workaround_source !== '').length).toBeGreaterThan(issues.length / 2);
    expect(issues.filter((i) => i.eta_at !== null).length).toBeGreaterThanOrEqual(2);
    const github = issues.filter((i) => i.github_repo !== null);
    expect(github.length).toBeGreaterThanOrEqual(3);
    for (const issue of github) expect(issue.github_repo).toBe('fieldnote/fieldnote');
  });
});

describe('demo known issues: timelines', () => {
  it('writes 3 to 7 updates per issue (2 for the maintenance still to come), in full sentences, never placeholder text', () => {
    const placeholder = /lorem|ipsum|\{\{|undefined|\[object|TODO/i;
    for (const issue of issues) {
      const timeline = updates.get(issue.id)!;
      expect(timeline.length).toBeLessThanOrEqual(7);
      // Planned maintenance that has not started has its announcement and a reminder; everything else several updates.
      expect(timeline.length).toBeGreaterThanOrEqual(isPlanned(issue, now) ? 2 : 3);
      for (const u of timeline) {
        expect(u.message_source).toMatch(/[.!?]$/);
        expect(u.message_source.split(/\s+/).length).toBeGreaterThanOrEqual(8);
        expect(u.message_html).toBe(renderUserMarkdown(u.message_source));
      }
      for (const text of [issue.title, issue.summary, issue.workaround_source, ...timeline.map((u) => u.message_source)]) expect(text).not.toMatch(placeholder);
    }
    const words = issues.flatMap((i) => updates.get(i.id)!.map((u) => u.message_source)).join(' ');
    expect(words).toMatch(/we’re monitoring/i);
    expect(words).toMatch(/Fixed: /);
  });

  it('keeps each timeline consistent with its issue: ascending times, the last status, fixed_at and the authors', async () => {
    const staff = new Set((await t.db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).execute()).map((u) => u.id));
    for (const issue of issues) {
      const timeline = updates.get(issue.id)!;
      for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.created_at).toBeGreaterThan(timeline[i - 1]!.created_at);
      expect(timeline[0]!.created_at).toBe(issue.created_at);
      expect(timeline.at(-1)!.created_at).toBe(issue.last_update_at);
      expect(issue.updated_at).toBe(issue.last_update_at);
      expect(issue.last_update_at).toBeLessThanOrEqual(now);
      expect(timeline.at(-1)!.status).toBe(issue.status);
      for (const u of timeline) expect(knownIssueStatuses).toContain(u.status);
      const fixed = timeline.filter((u) => u.status === 'fixed');
      if (issue.status === 'fixed') {
        expect(fixed.length).toBe(1);
        expect(issue.fixed_at).toBe(fixed[0]!.created_at);
      } else {
        expect(fixed).toEqual([]);
        expect(issue.fixed_at).toBeNull();
      }
      for (const u of timeline) {
        if (u.source === 'staff') expect(staff.has(u.author_id!)).toBe(true);
        else expect([u.source, u.author_id]).toEqual(['github', null]);
      }
      if (issue.eta_at !== null) expect(issue.eta_at).toBeGreaterThan(issue.created_at);
    }
    // Incidents run their course: investigating first; past incidents end fixed through monitoring or a fix.
    for (const issue of issues.filter((i) => i.kind === 'incident')) expect(updates.get(issue.id)![0]!.status).toMatch(/investigating|identified/);
    expect(issues.filter((i) => updates.get(i.id)!.some((u) => u.source === 'github')).length).toBeGreaterThanOrEqual(1);
  });
});

describe('demo known issues: articles, affected, followers, search', () => {
  it('links help articles that exist in content/help', async () => {
    const articles = await t.db.selectFrom('known_issue_articles').selectAll().execute();
    expect(articles.length).toBeGreaterThanOrEqual(issues.length);
    for (const a of articles) expect(existsSync(resolve('content/help', `${a.article_slug}.md`)), a.article_slug).toBe(true);
  });

  it('keeps affected_count and follower_count equal to their rows; members confirmed, visitors confirmed but one', async () => {
    const affected = groupBy(await t.db.selectFrom('known_issue_affected').selectAll().execute());
    const followers = groupBy(await t.db.selectFrom('known_issue_followers').selectAll().execute());
    for (const issue of issues) {
      const marks = affected.get(issue.id) ?? [];
      expect(issue.affected_count).toBe(marks.length);
      for (const m of marks) {
        if (m.user_id !== null) expect(m.visitor_key).toBe(`u:${m.user_id}`);
        else expect(m.visitor_key).toMatch(/^[a-z2-7]{26}$/);
        expect(m.created_at).toBeGreaterThanOrEqual(issue.created_at);
        expect(m.created_at).toBeLessThanOrEqual(now);
      }
      const rows = followers.get(issue.id) ?? [];
      expect(issue.follower_count).toBe(rows.filter((f) => f.confirmed_at !== null && f.unsubscribed_at === null).length);
      for (const f of rows) expect((f.user_id === null) !== (f.email === null)).toBe(true);
    }
    const all = [...followers.values()].flat();
    const members = all.filter((f) => f.user_id !== null);
    expect(members.length).toBeGreaterThan(20);
    for (const f of members) expect([f.confirmed_at, f.confirm_token_hash]).toEqual([f.created_at, null]);
    const visitors = all.filter((f) => f.email !== null);
    expect(visitors.filter((f) => f.confirmed_at !== null && f.confirm_token_hash === null).length).toBeGreaterThanOrEqual(3);
    const unconfirmed = visitors.filter((f) => f.confirmed_at === null);
    expect(unconfirmed.length).toBe(1);
    expect(unconfirmed[0]!.confirm_token_hash).toMatch(/^[0-9a-f]{64}$/);
    const members2 = new Set((await t.db.selectFrom('users').select('id').where('role', '=', 'member').execute()).map((u) => u.id));
    for (const f of members) expect(members2.has(f.user_id!)).toBe(true);
    expect(issues.reduce((sum, i) => sum + i.affected_count, 0)).toBeGreaterThan(200);
  });

  it('records a search index change for every issue', async () => {
    const changes = await t.db.selectFrom('search_index_changes').select(['doc_id', 'action']).where('doc_id', 'like', 'known_issue-%').execute();
    expect(new Set(changes.map((c) => c.doc_id))).toEqual(new Set(issues.map((i) => `known_issue-${i.id}`)));
    for (const c of changes) expect(c.action).toBe('upsert');
  });
});

describe('demo known issues: tickets, bulk replies and the playbook', () => {
  it('links existing tickets written around each incident, in its areas, with new tickets for every major or critical incident', async () => {
    const tickets = await t.db
      .selectFrom('tickets')
      .select(['id', 'known_issue_id', 'created_at', 'team', 'subject'])
      .where('known_issue_id', 'is not', null)
      .execute();
    const areas = groupBy(await t.db.selectFrom('known_issue_areas').selectAll().execute());
    expect(tickets.length).toBeGreaterThanOrEqual(30);
    const bySlug = new Map(knownIssues.map((k) => [k.slug, k]));
    for (const ticket of tickets) {
      const issue = issues.find((i) => i.id === ticket.known_issue_id)!;
      expect(issue).toBeDefined();
      expect(ticket.created_at).toBeGreaterThanOrEqual(issue.created_at - 2 * HOUR);
      expect(ticket.created_at).toBeLessThanOrEqual((issue.fixed_at ?? now) + 6 * HOUR);
      // About the incident: one of its customers' tickets, or a demo ticket whose subject fits it; in its areas once triaged.
      const seed = bySlug.get(issue.slug)!;
      expect([...(seed.tickets ?? []).map((x) => x.subject), ...(seed.linkSubjects ?? [])]).toContain(ticket.subject);
      if (ticket.team !== null) expect((areas.get(issue.id) ?? []).map((a) => a.area)).toContain(ticket.team);
    }
    // Demo tickets from the year's history (and the live inbox) too, not only the incidents' own.
    expect(tickets.filter((x) => !knownIssues.some((k) => k.tickets?.some((y) => y.subject === x.subject))).length).toBeGreaterThanOrEqual(1);
    for (const issue of issues.filter((i) => i.kind === 'incident' && i.severity !== 'minor')) {
      const own = tickets.filter((x) => x.known_issue_id === issue.id);
      expect(own.length, issue.slug).toBeGreaterThanOrEqual(2);
      // Triaged to the incident's area.
      const teams = (areas.get(issue.id) ?? []).map((a) => a.area);
      expect(own.filter((x) => x.team !== null && teams.includes(x.team)).length, issue.slug).toBeGreaterThanOrEqual(2);
    }
    const active = issues.find((i) => showsBanner(i, now))!;
    expect(tickets.filter((x) => x.known_issue_id === active.id).length).toBeGreaterThanOrEqual(4);
  });

  it('records past bulk replies whose every target got the message in its conversation', async () => {
    const bulk = await t.db.selectFrom('known_issue_bulk_replies').selectAll().orderBy('id').execute();
    expect(bulk.length).toBeGreaterThanOrEqual(6);
    expect(bulk.some((b) => b.saved_reply_id !== null)).toBe(true);
    expect(new Set(bulk.map((b) => b.set_status))).toEqual(new Set(['pending', 'solved']));
    for (const b of bulk) {
      const issue = issues.find((i) => i.id === b.known_issue_id)!;
      expect(b.body_html).toBe(renderUserMarkdown(b.body_source));
      expect(b.completed_at!).toBeGreaterThan(b.created_at);
      expect(b.created_at).toBeGreaterThan(issue.created_at);
      const targets = await t.db.selectFrom('known_issue_bulk_reply_targets').selectAll().where('bulk_reply_id', '=', b.id).execute();
      expect(targets.length).toBe(b.target_count);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        const ticket = await t.db
          .selectFrom('tickets')
          .select(['known_issue_id', 'requester_name'])
          .where('id', '=', target.ticket_id)
          .executeTakeFirstOrThrow();
        expect(ticket.known_issue_id).toBe(b.known_issue_id);
        const message = await t.db.selectFrom('ticket_messages').selectAll().where('id', '=', target.message_id!).executeTakeFirstOrThrow();
        expect(message).toMatchObject({
          ticket_id: target.ticket_id,
          author_id: b.author_id,
          author_role: 'staff',
          visibility: 'public',
          created_at: target.done_at,
        });
        expect(target.done_at!).toBeGreaterThanOrEqual(b.created_at);
        expect(target.done_at!).toBeLessThanOrEqual(b.completed_at!);
        if (b.saved_reply_id === null) expect(message.body_source).toBe(b.body_source);
        else {
          expect(message.body_source).toContain(`Hi ${ticket.requester_name},`);
          expect(message.body_source).not.toContain('{{');
        }
        // The status it set was the ticket's status right after it.
        const status = await t.db
          .selectFrom('ticket_events')
          .select('to_value')
          .where('ticket_id', '=', target.ticket_id)
          .where('kind', '=', 'status')
          .where('created_at', '<=', target.done_at!)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirst();
        expect(status?.to_value).toBe(b.set_status);
      }
    }
  });

  it('completes the playbook on past major and critical incidents, and leaves the bulk reply to do on the active one', async () => {
    const steps = groupBy(await t.db.selectFrom('known_issue_playbook_steps').selectAll().execute());
    const staff = new Set((await t.db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).execute()).map((u) => u.id));
    const majors = issues.filter((i) => i.kind === 'incident' && i.severity !== 'minor');
    for (const issue of majors) {
      const done = steps.get(issue.id) ?? [];
      for (const s of done) {
        expect(staff.has(s.done_by!)).toBe(true);
        expect(s.done_at).toBeGreaterThanOrEqual(issue.created_at);
        // The last step can be the bulk reply that told everyone it was fixed.
        expect(s.done_at).toBeLessThanOrEqual(issue.fixed_at === null ? now : issue.fixed_at + DAY);
      }
      const names = done.map((s) => s.step).sort();
      if (issue.status === 'fixed') expect(names, issue.slug).toEqual(['banner', 'bulk_reply', 'early_warning', 'post', 'saved_reply']);
      else expect(names).toEqual(['banner', 'early_warning', 'post', 'saved_reply']);
    }
    for (const issue of issues.filter((i) => !majors.includes(i))) expect(steps.get(issue.id)).toBeUndefined();
  });
});

describe('the step', () => {
  it('changes nothing when run again', async () => {
    const count = async () =>
      (
        await t.db
          .selectFrom('known_issues')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    expect(await seedKnownIssues({ db: t.db, random: createRandom(1), now, log: () => {} })).toBe('already seeded');
    expect(await count()).toBe(before);
  });

  it('writes the same issues, marks and links from the same seed and clock', async () => {
    const other = await createTestDb();
    try {
      await seedDemoData(other.db, { now });
      const fingerprint = async (db: TestDb['db']) => ({
        issues: await db.selectFrom('known_issues').selectAll().orderBy('id').execute(),
        affected: await db.selectFrom('known_issue_affected').selectAll().orderBy('known_issue_id').orderBy('visitor_key').execute(),
        followers: await db.selectFrom('known_issue_followers').selectAll().orderBy('id').execute(),
        linked: await db.selectFrom('tickets').select(['id', 'known_issue_id']).where('known_issue_id', 'is not', null).orderBy('id').execute(),
      });
      expect(await fingerprint(other.db)).toEqual(await fingerprint(t.db));
    } finally {
      await other.close();
    }
  }, 120_000);
});
