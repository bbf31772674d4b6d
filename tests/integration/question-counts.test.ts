// The list totals (question_counts) and the copies of list columns in
// question_tags are kept by the writers in questions.ts, in their transaction
// (no triggers): after every kind of write they must equal what a count over
// the questions says, and the migration's backfill too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import * as listPaging from '@db/migrations/0008_list_paging';
import { acceptAnswer, postAnswer, setAnswerVisibility, unacceptAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { deletePost, hidePost, restorePost } from '@/server/community/moderation';
import {
  askQuestion,
  closeQuestion,
  editQuestion,
  listTags,
  questionCounts,
  reopenQuestion,
  setQuestionLocked,
  setQuestionVisibility,
} from '@/server/community/questions';
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
    const a = await askQuestion(
      t.db,
      asker,
      { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync', 'export'] },
      ctx,
    );
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
    await editQuestion(
      t.db,
      asker,
      a.id,
      { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour, every day.', tags: ['billing'] },
      ctx,
    );
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'sync')).toEqual({ questions: 0, unanswered: 0 });
    expect(await questionCounts(t.db, 'billing')).toEqual({ questions: 2, unanswered: 1 });
    expect(await questionCounts(t.db, 'no-such-tag')).toEqual({ questions: 0, unanswered: 0 });
  });

  it('are rebuilt from the existing rows when the migration runs on a filled database', async () => {
    const asker = await makeUser(t.db);
    const other = await makeUser(t.db);
    const ctx = { rules: bulkRules };
    const a = await askQuestion(
      t.db,
      asker,
      { title: 'Reminders arrive twice on Android', body: 'Every reminder comes twice.', tags: ['reminders', 'android'] },
      ctx,
    );
    await askQuestion(t.db, asker, { title: 'Reminders come late on iOS', body: 'Ten minutes late, every time.', tags: ['reminders'] }, ctx);
    await postAnswer(t.db, site, other, a.id, 'Turn off the second device under Settings → Devices.', ctx);
    await castVote(t.db, other, { postType: 'question', postId: a.id }, 'up', ctx);
    await listPaging.down(t.db);
    await listPaging.up(t.db);
    await expectInStep(t.db, ['reminders', 'android']);
    expect(await questionCounts(t.db, 'reminders')).toEqual({ questions: 2, unanswered: 1 });
  });

  it('follow comments, accepting, hiding an answer, locking, moderation and deleting', async () => {
    const tags = ['sync', 'export'];
    const asker = await makeUser(t.db);
    const other = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    const ctx = { rules: bulkRules };
    let now = Date.UTC(2026, 0, 5);
    const at = () => ({ ...ctx, now: (now += 60_000) });
    const a = await askQuestion(
      t.db,
      asker,
      { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync', 'export'] },
      at(),
    );
    const b = await askQuestion(t.db, asker, { title: 'Export to CSV drops accents', body: 'Names with accents come out wrong.', tags: ['export'] }, at());

    await addComment(t.db, site, other, { postType: 'question', postId: a.id }, 'Which version of the app is this on?', at());
    await expectInStep(t.db, tags);
    const answer = await postAnswer(t.db, site, other, a.id, 'Reconnect the calendar under Settings.', at());
    await acceptAnswer(t.db, site, asker, answer.id, at());
    await expectInStep(t.db, tags);
    await unacceptAnswer(t.db, asker, a.id, at());
    await setQuestionLocked(t.db, staff, b.id, true, at());
    await expectInStep(t.db, tags);

    // Hiding the only answer makes the question unanswered again, restoring it answered.
    await setAnswerVisibility(t.db, answer.id, 'hidden', 'spam', now);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'sync')).toEqual({ questions: 1, unanswered: 1 });
    await setAnswerVisibility(t.db, answer.id, 'visible', null, now);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'sync')).toEqual({ questions: 1, unanswered: 0 });

    await hidePost(t.db, staff, { postType: 'question', postId: b.id }, at());
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db, 'export')).toEqual({ questions: 1, unanswered: 0 });
    await restorePost(t.db, staff, { postType: 'question', postId: b.id }, at());
    await deletePost(t.db, staff, { postType: 'question', postId: a.id }, { spam: false }, at());
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db)).toEqual({ questions: 1, unanswered: 1 });
    expect(await questionCounts(t.db, 'sync')).toEqual({ questions: 0, unanswered: 0 });

    // Setting the same visibility twice changes nothing.
    await setQuestionVisibility(t.db, a.id, 'deleted', 'staff', now);
    await expectInStep(t.db, tags);
    expect(await questionCounts(t.db)).toEqual({ questions: 1, unanswered: 1 });
  });

  it('a retag that keeps some tags moves only the tags that changed', async () => {
    const asker = await makeUser(t.db);
    const ctx = { rules: bulkRules };
    const a = await askQuestion(
      t.db,
      asker,
      { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync', 'export'] },
      ctx,
    );
    await setQuestionVisibility(t.db, a.id, 'hidden', 'spam');
    await editQuestion(
      t.db,
      asker,
      a.id,
      { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync', 'ios'] },
      ctx,
    );
    await expectInStep(t.db, ['sync', 'export', 'ios']);
    // A hidden question counts nowhere, also in a tag it gets while hidden.
    expect(await questionCounts(t.db, 'ios')).toEqual({ questions: 0, unanswered: 0 });
    await setQuestionVisibility(t.db, a.id, 'visible', null);
    await expectInStep(t.db, ['sync', 'export', 'ios']);
    expect(await questionCounts(t.db, 'ios')).toEqual({ questions: 1, unanswered: 1 });
    expect(await questionCounts(t.db, 'export')).toEqual({ questions: 0, unanswered: 0 });
  });

  it('a refused edit or close changes neither the counts nor the tag copies', async () => {
    const asker = await makeUser(t.db);
    const ctx = { rules: bulkRules };
    const a = await askQuestion(t.db, asker, { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['sync'] }, ctx);
    const before = await t.db.selectFrom('question_counts').selectAll().orderBy('scope').execute();
    await expect(
      editQuestion(t.db, asker, a.id, { title: 'Calendar sync stops after an hour', body: 'It syncs, then stops after an hour.', tags: ['Not A Tag!'] }, ctx),
    ).rejects.toMatchObject({
      fields: { tags: expect.stringMatching(/is not a valid tag/) },
    });
    await expect(closeQuestion(t.db, asker, a.id, { reason: 'duplicate', duplicateOfId: 999 }, ctx)).rejects.toThrow(/no visible question with that number/);
    expect(await t.db.selectFrom('question_counts').selectAll().orderBy('scope').execute()).toEqual(before);
    expect(await t.db.selectFrom('question_tags').select('tag').where('question_id', '=', a.id).execute()).toEqual([{ tag: 'sync' }]);
  });
});

describe('migration 0008', () => {
  it('creates no triggers: the domain keeps the copies and counts, portable to any engine', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'trigger'`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('goes down and up again without leaving triggers or tables behind', async () => {
    await listPaging.down(t.db);
    const { rows: left } = await sql<{ name: string }>`select name from sqlite_master where type in ('trigger', 'table') and name = 'question_counts'`.execute(
      t.db,
    );
    expect(left).toEqual([]);
    await listPaging.up(t.db);
    const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'trigger'`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
