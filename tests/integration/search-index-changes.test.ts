// Every write that moves a field of a question's search document (status,
// popularity, last activity, text) records an index change in its own
// transaction, so the index never goes stale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { drainIndexChanges } from '@search/indexer';
import { questionSource } from '@search/sources/questions';
import type { SearchEngine } from '@search/types';
import { acceptAnswer, postAnswer, setAnswerVerified } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { hidePost, restorePost } from '@/server/community/moderation';
import { askQuestion } from '@/server/community/questions';
import { castVote } from '@/server/community/votes';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let engine: SearchEngine;
beforeEach(async () => {
  t = await createTestDb();
  engine = createEmbeddedEngine(t.db);
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 2, 9);

/** What the index holds for the question, after the worker has applied every recorded change. */
async function indexed(id: number) {
  await drainIndexChanges(t.db, engine, [questionSource], T0 + 3_600_000);
  return t.db.selectFrom('search_documents').select(['status', 'popularity', 'updated_at']).where('id', '=', `question-${id}`).executeTakeFirstOrThrow();
}

describe('index changes recorded by community writes', () => {
  it('answering, accepting, voting, hiding an answer and commenting reach the index', async () => {
    const asker = await makeUser(t.db, { role: 'staff' });
    const helper = await makeUser(t.db, { role: 'staff' });
    const voter = await makeUser(t.db, { role: 'staff' });
    const q = await askQuestion(
      t.db,
      asker,
      { title: 'Offline notes vanish after an update', body: 'After updating the app my offline notes are gone from the phone.', tags: 'mobile' },
      { now: T0 },
    );
    expect(await indexed(q.id)).toEqual({ status: 'unanswered', popularity: 0, updated_at: T0 });

    const { id: answerId } = await postAnswer(t.db, site, helper, q.id, 'Open Settings → Offline and turn the notebook back on: the update reset it.', {
      now: T0 + 1000,
    });
    expect(await indexed(q.id)).toEqual({ status: 'open', popularity: 1, updated_at: T0 + 1000 });

    await castVote(t.db, voter, { postType: 'question', postId: q.id }, 'up', { now: T0 + 2000 });
    expect((await indexed(q.id)).popularity).toBe(2);

    await acceptAnswer(t.db, site, asker, answerId, { now: T0 + 3000 });
    expect((await indexed(q.id)).status).toBe('answered');

    await hidePost(t.db, voter, { postType: 'answer', postId: answerId }, { now: T0 + 4000 });
    expect((await indexed(q.id)).popularity).toBe(1);
    await restorePost(t.db, voter, { postType: 'answer', postId: answerId }, { now: T0 + 5000 });
    expect((await indexed(q.id)).popularity).toBe(2);

    await addComment(t.db, site, voter, { postType: 'question', postId: q.id }, 'Same here on Android.', { now: T0 + 6000 });
    expect((await indexed(q.id)).updated_at).toBe(T0 + 6000);
  });

  it('a staff-verified answer makes its question "answered" in search, with the answer in its text', async () => {
    const asker = await makeUser(t.db, { role: 'staff' });
    const staff = await makeUser(t.db, { role: 'staff' });
    const q = await askQuestion(
      t.db,
      asker,
      { title: 'Widget stays blank on Android', body: 'The home screen widget shows nothing since yesterday, on two phones.', tags: 'mobile' },
      { now: T0 },
    );
    const { id: answerId } = await postAnswer(t.db, site, staff, q.id, 'Remove the widget and add it again: the update changed its size classes.', {
      now: T0 + 1000,
    });
    expect((await indexed(q.id)).status).toBe('open');
    await setAnswerVerified(t.db, staff, answerId, true, { now: T0 + 2000 });
    expect((await indexed(q.id)).status).toBe('answered');
    const text = await t.db.selectFrom('search_documents').select('text').where('id', '=', `question-${q.id}`).executeTakeFirstOrThrow();
    expect(text.text).toContain('Verified answer: Remove the widget');
    await setAnswerVerified(t.db, staff, answerId, false, { now: T0 + 3000 });
    expect((await indexed(q.id)).status).toBe('open');
  });

  it('records nothing when the write fails', async () => {
    const asker = await makeUser(t.db, { role: 'staff' });
    const q = await askQuestion(
      t.db,
      asker,
      { title: 'Offline notes vanish after an update', body: 'After updating the app my offline notes are gone from the phone.', tags: 'mobile' },
      { now: T0 },
    );
    await indexed(q.id);
    // Voting on your own question is refused: no vote, no score change, no index change.
    await expect(castVote(t.db, asker, { postType: 'question', postId: q.id }, 'up', { now: T0 + 1000 })).rejects.toThrow('own post');
    expect(await t.db.selectFrom('search_index_changes').selectAll().execute()).toEqual([]);
  });
});
