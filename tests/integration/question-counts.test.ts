// The list totals (question_counts) and the copies of list columns in
// question_tags are kept by triggers: after every kind of write they must
// equal what a count over the questions says, and the migration's backfill too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import * as listPaging from '@db/migrations/0008_list_paging';
import { postAnswer } from '@/server/community/answers';
import { askQuestion, closeQuestion, editQuestion, listTags, questionCounts, reopenQuestion, setQuestionVisibility } from '@/server/community/questions';
import { castVote } from '@/server/community/votes';
import { bulkRules } from '../bench/community';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

async function truth(db: DB, tag?: string) {
  const tagged = tag ? sql`and id in (select question_id from question_tags where tag = ${tag})` : sql``;
  const { rows } = await sql<{ questions: number; unanswered: number }>`
    select count(*) as questions, coalesce(sum(case when answer_count = 0 and status = 'open' then 1 else 0 end), 0) as unanswered
    from questions where visibility = 'visible' ${tagged}`.execute(db);
  return { questions: Number(rows[0]!.questions), unanswered: Number(rows[0]!.unanswered) };
}

async function expectInStep(db: DB, tags: string[]) {
  expect(await questionCounts(db)).toEqual(await truth(db));
  for (const tag of tags) expect(await questionCounts(db, tag), tag).toEqual(await truth(db, tag));
  const { rows: drift } = await sql`
    select t.question_id from question_tags t join questions q on q.id = t.question_id
    where t.visibility <> q.visibility or t.status <> q.status or t.score <> q.score or t.answer_count <> q.answer_count
       or t.last_activity_at <> q.last_activity_at or t.asked_at <> q.created_at`.execute(db);
  expect(drift).toEqual([]);
}

describe('question totals and tag copies', () => {
  it('follow asking, answering, voting, closing, hiding and retagging', async () => {
    const tags = ['sync', 'export', 'billing'];
    const asker = await makeUser(t.db);
    const other = await makeUser(t.db);
    const ctx = { rules: bulkRules };
    const a = await askQuestion(t.db, asker, { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync', 'export'] }, ctx);
    const b = await askQuestion(t.db, asker, { title: 'Export to CSV drops accents', body: 'Names with accents come out wrong.', tags: ['export'] }, ctx);
    const c = await askQuestion(t.db, other, { title: 'Invoice shows the wrong company name', body: 'The invoice has our old name.', tags: ['billing'] }, ctx);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'export')).toEqual({ questions: 2, unanswered: 2 });

    await postAnswer(t.db, site, other, a.id, 'Reconnect the calendar under Settings.', ctx);
    await castVote(t.db, other, { postType: 'question', postId: b.id }, 'up', ctx);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'export')).toEqual({ questions: 2, unanswered: 1 });

    await closeQuestion(t.db, other, b.id, { reason: 'off-topic' }, ctx);
    await setQuestionVisibility(t.db, c.id, 'hidden', 'spam');
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db)).toEqual({ questions: 2, unanswered: 0 });
    expect(await listTags(t.db)).toEqual([
      { tag: 'export', questions: 2 },
      { tag: 'sync', questions: 1 },
    ]);

    await reopenQuestion(t.db, other, b.id, ctx);
    await setQuestionVisibility(t.db, c.id, 'visible', null);
    await editQuestion(t.db, asker, a.id, { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour, every day.', tags: ['billing'] }, ctx);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'sync')).toEqual({ questions: 0, unanswered: 0 });
    expect(await questionCounts(t.db, 'billing')).toEqual({ questions: 2, unanswered: 1 });
    expect(await questionCounts(t.db, 'no-such-tag')).toEqual({ questions: 0, unanswered: 0 });
  });

  it('are rebuilt from the existing rows when the migration runs on a filled database', async () => {
    const asker = await makeUser(t.db);
    const other = await makeUser(t.db);
    const ctx = { rules: bulkRules };
    const a = await askQuestion(t.db, asker, { title: 'Reminders arrive twice on Android', body: 'Every reminder comes twice.', tags: ['reminders', 'android'] }, ctx);
    await askQuestion(t.db, asker, { title: 'Reminders come late on iOS', body: 'Ten minutes late, every time.', tags: ['reminders'] }, ctx);
    await postAnswer(t.db, site, other, a.id, 'Turn off the second device under Settings → Devices.', ctx);
    await castVote(t.db, other, { postType: 'question', postId: a.id }, 'up', ctx);
    await listPaging.down(t.db);
    await listPaging.up(t.db);
    await expectInStep(t.db, ['reminders', 'android']);
    expect(await questionCounts(t.db, 'reminders')).toEqual({ questions: 2, unanswered: 1 });
  });
});
