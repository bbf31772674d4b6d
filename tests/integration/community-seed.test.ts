// The demo seed's community step, run once through the whole seedDemoData on a
// fresh database: a year of threads, reputation that matches the ledger, and
// a second run that changes nothing.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, seedPeople } from '@db/seed/index';
import { demoMembers, demoStaff } from '@db/seed/people';
import { setSuspension } from '@/server/accounts/users';
import { createTestDb, type TestDb } from '../support/test-db';

const DAY = 24 * 60 * 60_000;
// A fixed clock: the seed is deterministic, so every count below is exact.
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

interface ThreadFile {
  answers: Array<{ accepted: boolean }>;
  comments: unknown[];
  status: string;
}
const threads = ['community-threads-a.json', 'community-threads-b.json'].flatMap(
  (file) => JSON.parse(readFileSync(new URL(`../../db/seed/data/${file}`, import.meta.url), 'utf8')) as ThreadFile[],
);
const expected = {
  users: demoStaff.length + demoMembers.length,
  // The moderation step adds the promoter behind the spam, his answer and comment, and 5 flags.
  promoters: 1,
  questions: threads.length,
  answers: threads.reduce((n, t) => n + t.answers.length, 0),
  comments: threads.reduce((n, t) => n + t.comments.length, 0),
  accepted: threads.filter((t) => t.answers.some((a) => a.accepted)).length,
  closed: threads.filter((t) => t.status !== 'open').length,
  // The votes the seed plans with its fixed random seed (seed 20261125).
  votes: 1952,
};
let t: TestDb;
const lines: string[] = [];

async function count(table: string): Promise<number> {
  const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db);
  return Number(row.rows[0]!.n);
}

async function countAllTables(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(t.db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) counts[name] = await count(name);
  return counts;
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now, log: (line) => lines.push(line) });
});
afterAll(async () => t.close());

describe('community demo seed', () => {
  it('reports exactly what it created, every planned action done', () => {
    expect(lines).toContain(`seed: people: ${expected.users} users`);
    expect(lines).toContain(
      `seed: community: ${expected.questions} questions, ${expected.answers} answers, ${expected.comments} comments, ${expected.votes} votes, ${expected.accepted} accepted, ${expected.closed} closed`,
    );
  });

  it('writes exactly those rows', async () => {
    expect(await count('users')).toBe(expected.users + expected.promoters);
    expect(await count('questions')).toBe(expected.questions);
    expect(await count('answers')).toBe(expected.answers + 1);
    expect(await count('comments')).toBe(expected.comments + 1);
    expect(await count('votes')).toBe(expected.votes);
    expect((await t.db.selectFrom('questions').select('id').where('accepted_answer_id', 'is not', null).execute()).length).toBe(expected.accepted);
    expect((await t.db.selectFrom('questions').select('id').where('status', '=', 'closed').execute()).length).toBe(expected.closed);
    expect(lines).toContain('seed: moderation: 5 flags on 3 posts (1 post hidden by spam flags)');
    expect(await count('flags')).toBe(5);
    const hidden = await t.db.selectFrom('answers').select(['body_md', 'hidden_reason']).where('visibility', '=', 'hidden').execute();
    expect(hidden).toEqual([{ body_md: expect.stringContaining('Nimbus Growth Partners'), hidden_reason: expect.any(String) }]);
  });

  it('seeds every demo account verified, so each can post and vote', async () => {
    expect(await t.db.selectFrom('users').select('email').where('email_verified_at', 'is', null).execute()).toEqual([]);
  });

  it('creates the threads, some in Chinese, with answers, comments, votes and accepted answers', async () => {
    expect(await count('questions')).toBeGreaterThanOrEqual(120);
    const titles = await t.db.selectFrom('questions').select('title').execute();
    expect(titles.filter((q) => /[\u3400-\u9fff]/.test(q.title)).length).toBeGreaterThanOrEqual(15);
    expect(await count('answers')).toBeGreaterThan(0);
    expect(await count('comments')).toBeGreaterThan(0);
    expect(await count('votes')).toBeGreaterThan(0);
    const accepted = await t.db.selectFrom('questions').select('id').where('accepted_answer_id', 'is not', null).execute();
    expect(accepted.length).toBeGreaterThan(0);
    const closed = await t.db.selectFrom('questions').select(['close_reason', 'duplicate_of_id']).where('status', '=', 'closed').execute();
    expect(closed.length).toBeGreaterThan(0);
    for (const q of closed) if (q.close_reason === 'duplicate') expect(q.duplicate_of_id).not.toBeNull();
  });

  it('keeps every cached reputation equal to 1 + the ledger, and some members earned privileges', async () => {
    const users = await t.db.selectFrom('users').select(['id', 'role', 'reputation']).execute();
    const sums = new Map(
      (
        await t.db
          .selectFrom('reputation_events')
          .select(['user_id', (eb) => eb.fn.sum<number>('delta').as('total')])
          .groupBy('user_id')
          .execute()
      ).map((r) => [r.user_id, Number(r.total)]),
    );
    for (const user of users) expect({ id: user.id, reputation: user.reputation }).toEqual({ id: user.id, reputation: 1 + (sums.get(user.id) ?? 0) });
    expect(users.filter((u) => u.role === 'member' && u.reputation >= 125).length).toBeGreaterThan(0);
  });

  it('spreads the questions over the last twelve months, none in the future', async () => {
    const row = await t.db
      .selectFrom('questions')
      .select((eb) => [eb.fn.min('created_at').as('oldest'), eb.fn.max('created_at').as('newest')])
      .executeTakeFirstOrThrow();
    expect(now - Number(row.oldest)).toBeGreaterThanOrEqual(300 * DAY);
    expect(now - Number(row.newest)).toBeLessThan(10 * DAY);
    expect(now - Number(row.newest)).toBeGreaterThan(0);
    const latestVote = await t.db
      .selectFrom('votes')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .executeTakeFirstOrThrow();
    expect(Number(latestVote.at)).toBeLessThanOrEqual(now);
  });

  it('is idempotent: a second run adds no rows anywhere', async () => {
    const before = await countAllTables();
    await seedDemoData(t.db, { now: now + 60_000 });
    expect(await countAllTables()).toEqual(before);
  });
});

describe('community demo seed, when the domain refuses an action', () => {
  it('stops with an error naming the refused action instead of skipping it', async () => {
    const fresh = await createTestDb();
    try {
      await seedPeople(fresh.db, now);
      // A suspended member cannot post: the replay must not quietly drop their posts.
      const members = await fresh.db.selectFrom('users').select('id').where('role', '=', 'member').execute();
      for (const m of members) await setSuspension(fresh.db, m.id, now + 400 * DAY, 'Seed refusal test');
      await expect(seedDemoData(fresh.db, { now })).rejects.toThrow(
        /^The demo seed could not replay (a|an) \w+ of “.+” \(\d{4}-\d{2}-\d{2}\): Your account is suspended/,
      );
    } finally {
      await fresh.close();
    }
  });
});
