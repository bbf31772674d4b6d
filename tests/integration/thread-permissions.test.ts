// What the question page offers and what the domain accepts never disagree:
// for every kind of viewer and state of the thread, each permission in
// `threadPermissions` is true exactly when the domain write succeeds (tried
// on a fresh copy of the database each time).
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureSqlite, createDb, type DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import { acceptAnswer, editAnswer, postAnswer, setAnswerVerified, unacceptAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { flagPost, hidePost, suspendUser } from '@/server/community/moderation';
import { askQuestion, closeQuestion, editQuestion, reopenQuestion, setQuestionLocked, setQuestionVisibility } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { getQuestionThread } from '@/server/community/thread';
import { castVote } from '@/server/community/votes';
import { DomainError, NotFoundError } from '@/server/errors';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

type State = 'open' | 'locked' | 'closed' | 'hidden' | 'answer hidden' | 'accepted';

async function scene(state: State) {
  const db = t.db;
  const [asker, answerer, fresh, voter, downvoter, staff, suspended] = [
    await makeUser(db),
    await makeUser(db),
    await makeUser(db),
    await makeUser(db),
    await makeUser(db),
    await makeUser(db, { role: 'staff' }),
    await makeUser(db),
  ];
  for (const [user, points] of [
    [voter, 20],
    [downvoter, 3500],
    [suspended, 3500],
  ] as const) {
    await grantReputation(db, { userId: user.id, ruleDelta: points, reason: 'answer_accepted', postType: null, postId: null, source: `seed:${user.id}` });
  }
  await suspendUser(db, staff, suspended.id, { days: 2, reason: 'Advertising links' });
  const q = await askQuestion(db, asker, {
    title: 'Reminders arrive an hour late since the clocks changed',
    body: 'Every reminder fires an hour after the time I set, since Sunday.',
    tags: 'reminders',
  });
  const a = await postAnswer(db, site, answerer, q.id, 'Check the time zone under Settings → Region; set it to automatic.');
  const c = await addComment(db, site, answerer, { postType: 'answer', postId: a.id }, 'This fixed it for my team too.');
  if (state === 'locked') await setQuestionLocked(db, staff, q.id, true);
  if (state === 'closed') await closeQuestion(db, staff, q.id, { reason: 'off-topic' });
  if (state === 'hidden') await setQuestionVisibility(db, q.id, 'hidden', 'staff');
  if (state === 'answer hidden') await hidePost(db, staff, { postType: 'answer', postId: a.id });
  if (state === 'accepted') await acceptAnswer(db, site, asker, a.id);
  return { viewers: { asker, answerer, fresh, voter, downvoter, staff, suspended }, questionId: q.id, answerId: a.id, commentId: c.id };
}

/** Runs a write on a throwaway copy of the database: true if the domain accepted it, false if it refused with a domain error. */
async function accepted(write: (db: DB) => Promise<unknown>): Promise<boolean> {
  const sqlite = new SQLite(t.sqlite.serialize());
  configureSqlite(sqlite);
  const copy = createDb(sqlite);
  try {
    await write(copy);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  } finally {
    await copy.destroy();
  }
}

describe.each(['open', 'locked', 'closed', 'hidden', 'answer hidden', 'accepted'] as const)('on a %s question', (state) => {
  it('every permission the page is given matches what the domain accepts, for every viewer', async () => {
    const { viewers, questionId, answerId, commentId } = await scene(state);
    const question = { postType: 'question' as const, postId: questionId };
    const answer = { postType: 'answer' as const, postId: answerId };
    let checked = 0;
    for (const [name, viewer] of Object.entries(viewers) as Array<[string, SessionUser]>) {
      const thread = await getQuestionThread(t.db, questionId, viewer).catch((error) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      const can = thread?.permissions;
      const shownAnswer = can?.answers[answerId];
      const writes: Array<[string, boolean, (db: DB) => Promise<unknown>]> = [
        ['vote up question', !!can?.question.voteUp, (db) => castVote(db, viewer, question, 'up')],
        ['vote down question', !!can?.question.voteDown, (db) => castVote(db, viewer, question, 'down')],
        ['vote up answer', !!shownAnswer?.voteUp, (db) => castVote(db, viewer, answer, 'up')],
        ['vote down answer', !!shownAnswer?.voteDown, (db) => castVote(db, viewer, answer, 'down')],
        ['comment on question', !!can?.question.comment, (db) => addComment(db, site, viewer, question, 'What version are you on?')],
        ['comment on answer', !!shownAnswer?.comment, (db) => addComment(db, site, viewer, answer, 'That setting moved in 4.2.')],
        [
          'edit question',
          !!can?.question.edit,
          (db) =>
            editQuestion(db, viewer, questionId, {
              title: 'Reminders arrive an hour late after the clock change',
              body: 'Every reminder fires an hour after the time I set.',
              tags: 'reminders',
            }),
        ],
        ['edit answer', !!shownAnswer?.edit, (db) => editAnswer(db, viewer, answerId, 'Check the time zone under Settings → Region and set it to automatic.')],
        ['flag question', !!can?.question.flag, (db) => flagPost(db, viewer, { ...question, reason: 'off-topic' })],
        ['flag answer', !!shownAnswer?.flag, (db) => flagPost(db, viewer, { ...answer, reason: 'off-topic' })],
        ['flag comment', !!can?.comments[commentId]?.flag, (db) => flagPost(db, viewer, { postType: 'comment', postId: commentId, reason: 'rude' })],
        [
          'answer',
          !!can && can.answerRefusal === null,
          (db) => postAnswer(db, site, viewer, questionId, 'Turn automatic time zone off and on again in the phone settings.'),
        ],
        // Accepting the accepted answer again is a no-op the domain allows and the page does not offer.
        ...(state === 'accepted'
          ? []
          : [['accept', !!shownAnswer?.accept, (db: DB) => acceptAnswer(db, site, viewer, answerId)] as [string, boolean, (db: DB) => Promise<unknown>]]),
        ['undo accept', !!shownAnswer?.unaccept, (db) => unacceptAnswer(db, viewer, questionId)],
        ['verify', !!shownAnswer?.verify, (db) => setAnswerVerified(db, viewer, answerId, true)],
        ['close', !!can?.close, (db) => closeQuestion(db, viewer, questionId, { reason: 'off-topic' })],
        ['reopen', !!can?.reopen, (db) => reopenQuestion(db, viewer, questionId)],
        ['lock', !!can?.lock, (db) => setQuestionLocked(db, viewer, questionId, true)],
        ['moderate', !!can?.moderate, (db) => hidePost(db, viewer, answer)],
      ];
      for (const [action, shown, write] of writes) {
        expect(await accepted(write), `${name} may ${action}: the page says ${shown}`).toBe(shown);
        checked++;
      }
    }
    expect(checked).toBe(7 * (state === 'accepted' ? 18 : 19));
  });
});
