// Comments are flagged and moderated like posts: same reasons, same daily
// limit, hidden by three spam flags, in the staff queue with their text and a
// link to their thread, hidden, restored and deleted by staff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { deletePost, dismissFlags, flagPost, hidePost, moderationQueue, restorePost } from '@/server/community/moderation';
import { askQuestion } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { defaultRules } from '@/server/community/rules';
import { getQuestionThread } from '@/server/community/thread';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '@/server/errors';
import { makeFlagger, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2025, 2, 3, 9, 0);
const HOUR = 60 * 60_000;

async function thread() {
  const [asker, commenter, staff] = [await makeFlagger(t.db, { at: T0 }), await makeUser(t.db), await makeUser(t.db, { role: 'staff' })];
  const question = await askQuestion(
    t.db,
    asker,
    { title: 'Calendar sync stops after the update', body: 'Since yesterday no Outlook events arrive. I tried Sync now.', tags: ['calendar-sync'] },
    { now: T0 },
  );
  const answer = await postAnswer(t.db, site, commenter, question.id, 'Sign out of Outlook and in again; that renews the token.', { now: T0 });
  // The answerer comments on their own answer (always allowed).
  const comment = await addComment(t.db, site, commenter, { postType: 'answer', postId: answer.id }, 'Buy cheap watches at example.com now', { now: T0 });
  return { asker, commenter, staff, question, answer, comment: { postType: 'comment' as const, postId: comment.id } };
}

const commentRow = (id: number) => t.db.selectFrom('comments').select(['visibility', 'hidden_reason']).where('id', '=', id).executeTakeFirstOrThrow();
// Members who may flag (20 reputation, accounts a month old).
const members = (n: number) => Promise.all(Array.from({ length: n }, () => makeFlagger(t.db, { at: T0 })));

describe('flagging comments', () => {
  it('takes a flag on a comment, one per member, none from its author, and not on unknown comments', async () => {
    const { asker, commenter, comment } = await thread();
    expect(await flagPost(t.db, asker, { ...comment, reason: 'rude', note: 'Advertising' }, { now: T0 })).toEqual({ hidden: false });
    await expect(flagPost(t.db, asker, { ...comment, reason: 'spam' }, { now: T0 })).rejects.toThrow(ConflictError);
    await expect(flagPost(t.db, commenter, { ...comment, reason: 'spam' }, { now: T0 })).rejects.toThrow(new ForbiddenError('You cannot flag your own post.'));
    await expect(flagPost(t.db, asker, { postType: 'comment', postId: 9999, reason: 'spam' }, { now: T0 })).rejects.toThrow(NotFoundError);
    await expect(flagPost(t.db, asker, { ...comment, reason: 'bogus' as never }, { now: T0 })).rejects.toThrow(ValidationError);
    const flags = await t.db.selectFrom('flags').selectAll().execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ post_type: 'comment', post_id: comment.postId, flagger_id: asker.id, reason: 'rude', note: 'Advertising' });
  });

  it('counts comment flags against the same daily limit as post flags', async () => {
    const { asker, question, comment } = await thread();
    const rules = { ...defaultRules, limits: { ...defaultRules.limits, flagsPerDay: 1 } };
    const [flagger] = await members(1);
    await flagPost(t.db, flagger!, { postType: 'question', postId: question.id, reason: 'off-topic' }, { now: T0, rules });
    await expect(flagPost(t.db, flagger!, { ...comment, reason: 'off-topic' }, { now: T0 + HOUR, rules })).rejects.toThrow(RateLimitedError);
    expect(await flagPost(t.db, asker, { ...comment, reason: 'off-topic' }, { now: T0 + HOUR, rules })).toEqual({ hidden: false });
  });

  it('hides a comment at three open spam flags; the thread then shows it only to its author and staff', async () => {
    const { commenter, staff, question, comment } = await thread();
    const flaggers = await members(3);
    expect(await flagPost(t.db, flaggers[0]!, { ...comment, reason: 'spam', address: '198.51.100.1' }, { now: T0 })).toEqual({ hidden: false });
    expect(await flagPost(t.db, flaggers[1]!, { ...comment, reason: 'spam', address: '198.51.100.2' }, { now: T0 })).toEqual({ hidden: false });
    expect(await flagPost(t.db, flaggers[2]!, { ...comment, reason: 'spam', address: '198.51.100.3' }, { now: T0 })).toEqual({ hidden: true });
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'hidden', hidden_reason: 'spam-flags' });
    const commentIds = async (viewer: SessionUser | null) =>
      (await getQuestionThread(t.db, question.id, viewer)).answers.flatMap((a) => a.comments.map((c) => [c.id, c.visibility]));
    expect(await commentIds(flaggers[0]!)).toEqual([]);
    expect(await commentIds(null)).toEqual([]);
    expect(await commentIds(commenter)).toEqual([[comment.postId, 'hidden']]);
    expect(await commentIds(staff)).toEqual([[comment.postId, 'hidden']]);
    // A hidden comment takes no more flags.
    await expect(flagPost(t.db, (await members(1))[0]!, { ...comment, reason: 'spam' }, { now: T0 })).rejects.toThrow(NotFoundError);
  });
});

describe('moderating comments', () => {
  it('lists comment flags in the queue with the comment text and a link to the comment in its thread', async () => {
    const { asker, commenter, staff, question, answer, comment } = await thread();
    await flagPost(t.db, asker, { ...comment, reason: 'spam', note: 'Watch shop link' }, { now: T0 });
    const queue = await moderationQueue(t.db, staff, { now: T0 });
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      postType: 'comment',
      postId: comment.postId,
      questionId: question.id,
      // A comment on an answer links through the answer's permalink, which finds its page.
      url: `/community/answers/${answer.id}#comment-${comment.postId}`,
      authorId: commenter.id,
      excerpt: 'Buy cheap watches at example.com now',
      visibility: 'visible',
      totalFlags: 1,
    });
    expect(queue[0]!.notes).toEqual([expect.objectContaining({ reason: 'spam', note: 'Watch shop link' })]);
    await expect(moderationQueue(t.db, asker, { now: T0 })).rejects.toThrow(ForbiddenError);
  });

  it('hides, restores and deletes a comment, closing its flags each time', async () => {
    const { asker, staff, comment } = await thread();
    await flagPost(t.db, asker, { ...comment, reason: 'rude' }, { now: T0 });
    await hidePost(t.db, staff, comment, { now: T0 });
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'hidden', hidden_reason: 'staff' });
    expect(await moderationQueue(t.db, staff, { now: T0 })).toEqual([]);
    await restorePost(t.db, staff, comment, { now: T0 });
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'visible', hidden_reason: null });
    await deletePost(t.db, staff, comment, { spam: false }, { now: T0 });
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'deleted', hidden_reason: 'staff' });
    const statuses = (await t.db.selectFrom('flags').select('status').execute()).map((f) => f.status);
    expect(statuses).toEqual(['resolved']);
  });

  it('deletes a comment as spam with the same penalty as a post, once', async () => {
    const { commenter, staff, comment } = await thread();
    await grantReputation(t.db, { userId: commenter.id, ruleDelta: 150, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed' }, T0);
    await deletePost(t.db, staff, comment, { spam: true }, { now: T0 });
    await deletePost(t.db, staff, comment, { spam: true }, { now: T0 });
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'deleted', hidden_reason: 'spam' });
    expect((await t.db.selectFrom('users').select('reputation').where('id', '=', commenter.id).executeTakeFirstOrThrow()).reputation).toBe(51);
    await restorePost(t.db, staff, comment, { now: T0 });
    expect((await t.db.selectFrom('users').select('reputation').where('id', '=', commenter.id).executeTakeFirstOrThrow()).reputation).toBe(151);
  });

  it('refuses members, and dismisses a comment’s flags without changing it', async () => {
    const { asker, commenter, staff, comment } = await thread();
    await flagPost(t.db, asker, { ...comment, reason: 'rude' }, { now: T0 });
    await expect(hidePost(t.db, commenter, comment, { now: T0 })).rejects.toThrow(new ForbiddenError('Only staff can moderate the community.'));
    expect(await dismissFlags(t.db, staff, comment, { now: T0 })).toBe(1);
    expect(await commentRow(comment.postId)).toEqual({ visibility: 'visible', hidden_reason: null });
    await expect(hidePost(t.db, staff, { postType: 'comment', postId: 9999 }, { now: T0 })).rejects.toThrow(NotFoundError);
  });
});
