// The scale data generator (db/seed/scale.ts) at a small size, on top of the
// demo seed: everything the domain keeps consistent is (verifyScaleData, and
// the reputation recompute changes nothing), the output is deterministic, the
// text is what the benchmark relies on, and the questions become searchable
// with the indexer's ledger filled in.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { seedDemoData } from '@db/seed/index';
import { DEMO_PASSWORD } from '@db/seed/people';
import { SCALE_EMAIL_DOMAIN, SCALE_PASSWORD_HASH, generateScaleData, indexScaleData, verifyScaleData, type ScaleSummary } from '@db/seed/scale';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { documentHash } from '@search/indexer';
import { questionSource } from '@search/sources/questions';
import { verifyPassword } from '@/server/accounts/passwords';
import { renderPost, slugForTitle } from '@/server/community/posting';
import { recomputeReputation } from '@/server/community/reputation';
import { createTestDb, type TestDb } from '../support/test-db';

const now = Date.UTC(2026, 10, 25, 12, 0, 0);
let t: TestDb;
let before: { questions: number; answers: number };
let summary: ScaleSummary;

async function count(db: DB, table: string): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(row.rows[0]!.n);
}

/** Everything a run wrote, as one string: two runs are identical when these are. */
async function fingerprint(db: DB): Promise<string> {
  const parts = await Promise.all([
    sql`select id, display_name, reputation, created_at from users order by id`.execute(db),
    sql`select id, author_id, title, body_md, tags, score, answer_count, accepted_answer_id, last_activity_at from questions order by id`.execute(db),
    sql`select id, question_id, author_id, body_md, score, verified_by from answers order by id`.execute(db),
    sql`select id, user_id, post_type, post_id, value, created_at from votes order by id`.execute(db),
    sql`select user_id, delta, reason, source, created_at from reputation_events order by id`.execute(db),
  ]);
  return JSON.stringify(parts.map((p) => p.rows));
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now });
  before = { questions: await count(t.db, 'questions'), answers: await count(t.db, 'answers') };
  summary = await generateScaleData(t.db, { questions: before.questions + 300, answers: before.answers + 900, users: 120 });
}, 60_000);
afterAll(() => t.close());

describe('scale data on top of the demo seed', () => {
  it('adds the asked numbers of questions, answers and users, with votes and accepts', async () => {
    expect(summary).toMatchObject({ users: 120, questions: 300, answers: 900 });
    expect(summary.votes).toBeGreaterThan(900);
    expect(summary.accepted).toBeGreaterThan(50);
    expect(await count(t.db, 'questions')).toBe(before.questions + 300);
    expect(await count(t.db, 'answers')).toBe(before.answers + 900);
    const scaleUsers = await t.db.selectFrom('users').select('id').where('email', 'like', `%@${SCALE_EMAIL_DOMAIN}`).execute();
    expect(scaleUsers).toHaveLength(120);
  });

  it('passes its own verification: reputation = ledger, scores = votes, counts, accepted answers, list copies, HTML', async () => {
    const verification = await verifyScaleData(t.db);
    expect(verification.problems).toEqual([]);
    expect(verification.figures.questions).toBe(before.questions + 300);
    expect(verification.figures.reputation_events).toBeGreaterThan(summary.votes);
  });

  it('leaves nothing for `npm run reputation:recompute` to change', async () => {
    const cached = new Map((await t.db.selectFrom('users').select(['id', 'reputation']).execute()).map((u) => [u.id, u.reputation]));
    const recomputed = await recomputeReputation(t.db);
    expect(recomputed.size).toBe(cached.size);
    for (const [id, reputation] of recomputed) expect(reputation, `user ${id}`).toBe(cached.get(id));
    // Someone earned something: the ledger is not all zeros.
    expect(Math.max(...recomputed.values())).toBeGreaterThan(50);
  });

  it('stores bodies and slugs as the domain does: the one renderer, each post its own text', async () => {
    const generated = await t.db
      .selectFrom('questions')
      .select(['title', 'slug', 'body_md', 'body_html', 'body_text'])
      .where('id', '>=', summary.questionIds!.first)
      .orderBy('id')
      .execute();
    expect(generated).toHaveLength(300);
    for (const q of generated.slice(0, 40)) {
      expect(q.title.length).toBeGreaterThanOrEqual(15);
      expect(q.title.length).toBeLessThanOrEqual(150);
      expect(q.slug).toBe(slugForTitle(q.title));
      const rendered = renderPost(q.body_md);
      expect(q.body_html).toBe(rendered.html);
      expect(q.body_text).toBe(rendered.text);
    }
    // Titles vary: templates × vocabularies, not one sentence repeated.
    expect(new Set(generated.map((q) => q.title)).size).toBeGreaterThan(200);
  });

  it('writes about a fifth of the questions about the calendar and about 5 % in Chinese', async () => {
    const generated = await t.db.selectFrom('questions').select(['title', 'body_text', 'tags']).where('id', '>=', summary.questionIds!.first).execute();
    const calendar = generated.filter((q) => /calendar/i.test(`${q.title} ${q.body_text} ${q.tags}`)).length;
    const chinese = generated.filter((q) => /\p{Script=Han}/u.test(q.title)).length;
    expect(calendar / generated.length).toBeGreaterThan(0.12);
    expect(calendar / generated.length).toBeLessThan(0.3);
    expect(chinese).toBeGreaterThan(3);
    expect(chinese / generated.length).toBeLessThan(0.12);
  });

  it('gives every generated user the demo password, through one precomputed hash', async () => {
    const hashes = await t.db.selectFrom('users').select('password_hash').distinct().where('email', 'like', `%@${SCALE_EMAIL_DOMAIN}`).execute();
    expect(hashes).toEqual([{ password_hash: SCALE_PASSWORD_HASH }]);
    expect(await verifyPassword(SCALE_PASSWORD_HASH, DEMO_PASSWORD)).toBe(true);
  });

  it('does nothing when the database is already at the sizes, and refuses to grow scale data again', async () => {
    const again = await generateScaleData(t.db, { questions: before.questions + 300, answers: before.answers + 900, users: 120 });
    expect(again.questions + again.answers + again.users).toBe(0);
    await expect(generateScaleData(t.db, { questions: before.questions + 400, answers: before.answers + 900, users: 120 })).rejects.toThrow(
      /already holds scale data/,
    );
  });

  it('indexes the generated questions and records them in the indexer’s entries, so the worker does not redo them', async () => {
    const engine = createEmbeddedEngine(t.db);
    await engine.setup();
    const countBefore = await engine.count();
    const pendingBefore = await count(t.db, 'search_index_changes');
    const indexed = await indexScaleData(t.db, engine, { batchSize: 100 });
    // All generated questions are open and visible; the demo's have changes waiting for the worker and are left to it.
    expect(indexed.documents).toBe(300);
    expect(await engine.count()).toBe(countBefore + 300);
    expect(await count(t.db, 'search_index_changes')).toBe(pendingBefore);
    const keys = [String(summary.questionIds!.first), String(summary.questionIds!.last)];
    const docs = await questionSource.load(t.db, keys);
    const entries = await t.db
      .selectFrom('search_index_entries')
      .select(['doc_id', 'content_hash'])
      .where(
        'doc_id',
        'in',
        [...docs.values()].map((d) => d.id),
      )
      .execute();
    expect(new Map(entries.map((e) => [e.doc_id, e.content_hash]))).toEqual(new Map([...docs.values()].map((d) => [d.id, documentHash(d)])));
    const result = await engine.search({ q: 'calendar', limit: 5 });
    expect(result.total).toBeGreaterThan(20);
    expect((await indexScaleData(t.db, engine)).documents).toBe(0);
  });
});

describe('determinism', () => {
  it('gives the same rows on every run with the same seed', async () => {
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const fresh = await createTestDb();
      try {
        await generateScaleData(fresh.db, { questions: 150, answers: 400, users: 60 });
        expect((await verifyScaleData(fresh.db)).problems).toEqual([]);
        runs.push(await fingerprint(fresh.db));
      } finally {
        await fresh.close();
      }
    }
    expect(runs[0]).toBe(runs[1]);
    expect(runs[0]!.length).toBeGreaterThan(10_000);
  });
});
