// A regression guard on how SQLite runs the community lists: every statement of
// each list read is explained, on a database with 6,000 questions. No list may
// sort in a temporary B-tree, scan the questions table, count rows per request
// or page with OFFSET; tag pages must start from question_tags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { listNotifications } from '@/server/community/notifications';
import { listQuestions, listTags, questionCounts, type QuestionTab } from '@/server/community/questions';
import { makeUser } from '../support/factories';
import { explainQueries, fillQuestions, type CapturedPlan } from '../support/query-plans';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let userId: number;
beforeAll(async () => {
  t = await createTestDb();
  userId = (await makeUser(t.db)).id;
  fillQuestions(t.sqlite, { questions: 6000, authorId: userId });
  const notify = t.sqlite.prepare("insert into notifications (user_id, kind, actor_id, question_id, read_at, created_at) values (?, 'answer', ?, ?, ?, ?)");
  for (let i = 1; i <= 300; i++) notify.run(userId, userId, i, i % 3 === 0 ? 1 : null, 1_000_000 + i);
});
afterAll(async () => t.close());

const tabs: QuestionTab[] = ['newest', 'active', 'votes', 'unanswered'];

function problems(plans: CapturedPlan[]): string[] {
  const found: string[] = [];
  for (const { sql, plan } of plans) {
    const lines = plan.map((l) => l.trim());
    if (lines.some((l) => l.startsWith('USE TEMP B-TREE'))) found.push(`sorts in a temporary B-tree: ${sql}\n${plan.join('\n')}`);
    if (lines.some((l) => /^SCAN (questions|q|question_tags|notifications|n)\b/.test(l))) found.push(`scans a whole table: ${sql}\n${plan.join('\n')}`);
    if (/\boffset\b/i.test(sql)) found.push(`pages with OFFSET: ${sql}`);
    if (/count\(/i.test(sql)) found.push(`counts rows: ${sql}`);
  }
  return found;
}

/** A cursor deep into a list: the one after its 200th row. */
async function deepCursor(db: DB, tab: QuestionTab, tag?: string) {
  let page = await listQuestions(db, { tab, tag, pageSize: 40 });
  for (let i = 0; i < 4 && page.older; i++) page = await listQuestions(db, { tab, tag, pageSize: 40, after: page.older });
  expect(page.older).not.toBeNull();
  return page.older!;
}

describe('list query plans', () => {
  it.each(tabs)('the %s tab, first page and deep page, follows its index without sorting or counting', async (tab) => {
    const after = await deepCursor(t.db, tab);
    for (const read of [
      (db: DB) => listQuestions(db, { tab }),
      (db: DB) => listQuestions(db, { tab, after }),
      (db: DB) => listQuestions(db, { tab, before: after }),
    ]) {
      const plans = await explainQueries(t.sqlite, read);
      expect(plans.length).toBeGreaterThan(0);
      expect(problems(plans)).toEqual([]);
      expect(plans[0]!.plan[0]).toMatch(/^SEARCH questions USING INDEX questions_\w+ \(visibility=\?/);
    }
  });

  it.each(tabs)('a tag page on the %s tab is driven from question_tags by tag', async (tab) => {
    const after = await deepCursor(t.db, tab, 'area-3');
    for (const read of [(db: DB) => listQuestions(db, { tab, tag: 'area-3' }), (db: DB) => listQuestions(db, { tab, tag: 'area-3', after })]) {
      const plans = await explainQueries(t.sqlite, read);
      expect(problems(plans)).toEqual([]);
      expect(plans[0]!.plan[0]).toMatch(/^SEARCH question_tags USING (COVERING )?INDEX question_tags_\w+ \(tag=\? AND visibility=\?/);
    }
  });

  it("a member's questions on their profile follow questions_author", async () => {
    const first = await listQuestions(t.db, { tab: 'newest', authorId: userId });
    for (const read of [
      (db: DB) => listQuestions(db, { tab: 'newest', authorId: userId }),
      (db: DB) => listQuestions(db, { tab: 'newest', authorId: userId, after: first.older! }),
    ]) {
      const plans = await explainQueries(t.sqlite, read);
      expect(problems(plans)).toEqual([]);
      // SQLite may look up the one member first (author_id = users.id); the questions still come from questions_author.
      expect(plans[0]!.plan).toContainEqual(expect.stringMatching(/^SEARCH questions USING INDEX questions_author \(author_id=\?/));
    }
  });

  it('the bulk fill leaves totals and tag copies as the writers would', async () => {
    const truth = t.sqlite
      .prepare(
        "select count(*) as questions, sum(case when answer_count = 0 and status = 'open' then 1 else 0 end) as unanswered from questions where visibility = 'visible' and id in (select question_id from question_tags where tag = ?)",
      )
      .get('area-3');
    expect(await questionCounts(t.db, 'area-3')).toEqual(truth);
    expect(await questionCounts(t.db)).toEqual(
      t.sqlite
        .prepare(
          "select count(*) as questions, sum(case when answer_count = 0 and status = 'open' then 1 else 0 end) as unanswered from questions where visibility = 'visible'",
        )
        .get(),
    );
    const drift = t.sqlite
      .prepare(
        'select count(*) as n from question_tags t join questions q on q.id = t.question_id where t.visibility <> q.visibility or t.score <> q.score or t.asked_at <> q.created_at',
      )
      .get();
    expect(drift).toEqual({ n: 0 });
  });

  it('the totals come from one row of the counts table', async () => {
    for (const tag of [undefined, 'area-3']) {
      const plans = await explainQueries(t.sqlite, (db) => questionCounts(db, tag));
      expect(plans).toHaveLength(1);
      expect(plans[0]!.plan).toEqual([expect.stringMatching(/^SEARCH question_counts USING INDEX sqlite_autoindex_question_counts_1 \(scope=\?\)$/)]);
    }
  });

  it('the tag list and the notifications list use their indexes', async () => {
    for (const read of [(db: DB) => listTags(db, 20), (db: DB) => listNotifications(db, userId)]) {
      const plans = await explainQueries(t.sqlite, read);
      expect(plans).toHaveLength(1);
      expect(problems(plans)).toEqual([]);
    }
  });

  it('the plans hold with realistic statistics too (after ANALYZE)', async () => {
    t.sqlite.exec('analyze');
    try {
      for (const tab of tabs) {
        for (const tag of [undefined, 'topic-7']) {
          const plans = await explainQueries(t.sqlite, (db) => listQuestions(db, { tab, tag }));
          expect(problems(plans)).toEqual([]);
        }
      }
    } finally {
      t.sqlite.exec('drop table if exists sqlite_stat1; drop table if exists sqlite_stat4');
    }
  });
});
