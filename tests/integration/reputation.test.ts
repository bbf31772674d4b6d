// Reputation, privileges and the rules that guard community writes, exercised
// through the domain functions against a fresh database per test. Reputation
// is earned through real events (up-votes from staff, who hold every
// privilege); where a test needs a large amount it is granted through the
// ledger (`grantReputation`), never by writing users.reputation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import type { SessionUser } from '@/server/accounts/sessions';
import { getMember, setSuspension } from '@/server/accounts/users';
import { acceptAnswer, editAnswer, postAnswer, unacceptAnswer } from '@/server/community/answers';
import { listBadges } from '@/server/community/badges';
import { addComment } from '@/server/community/comments';
import type { CommunityContext } from '@/server/community/posting';
import { SuspendedError } from '@/server/community/privileges';
import { askQuestion, closeQuestion, editQuestion, reopenQuestion, setQuestionLocked } from '@/server/community/questions';
import { grantReputation, recomputeReputation } from '@/server/community/reputation';
import { defaultRules, type CommunityRules } from '@/server/community/rules';
import { castVote, type PostRef } from '@/server/community/votes';
import { ConflictError, ForbiddenError, RateLimitedError } from '@/server/errors';
import { createTestDb, type TestDb } from '../support/test-db';
import { makeUser, site } from '../support/factories';

let t: TestDb;
let db: DB;
beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
});
afterEach(async () => t.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Midnight UTC on a fixed day, for tests that care about the calendar. */
const DAY0 = Date.UTC(2026, 2, 10);

// ---------------------------------------------------------------------------
// Helpers: every write goes through the domain functions.

let questionNumber = 0;
function ask(user: SessionUser, ctx: CommunityContext = {}, database: DB = db) {
  questionNumber++;
  return askQuestion(
    database,
    user,
    {
      title: `Calendar sync stops after an hour (case ${questionNumber})`,
      body: 'Events stop syncing about an hour after I connect; reconnecting helps for a while.',
      tags: ['calendar-sync'],
    },
    ctx,
  );
}

function answer(user: SessionUser, questionId: number, ctx: CommunityContext = {}, database: DB = db) {
  return postAnswer(database, site, user, questionId, 'Remove the account under Settings, then add it again and wait a minute.', ctx);
}

function comment(user: SessionUser, post: PostRef, ctx: CommunityContext = {}) {
  return addComment(db, site, user, post, 'Which version of the app is this?', ctx);
}

const onQ = (postId: number): PostRef => ({ postType: 'question', postId });
const onA = (postId: number): PostRef => ({ postType: 'answer', postId });

const staffUser = (database: DB = db) => makeUser(database, { role: 'staff' });
const staffUsers = (n: number, database: DB = db) => Promise.all(Array.from({ length: n }, () => staffUser(database)));

async function rep(user: { id: number }, database: DB = db): Promise<number> {
  return (await getMember(database, user.id)).reputation;
}

/** The user's ledger rows, oldest first. */
async function events(user: { id: number }) {
  return db
    .selectFrom('reputation_events')
    .select(['delta', 'rule_delta', 'reason', 'post_type', 'post_id', 'reversed'])
    .where('user_id', '=', user.id)
    .orderBy('id')
    .execute();
}

async function score(post: PostRef, database: DB = db): Promise<number> {
  const row =
    post.postType === 'question'
      ? await database.selectFrom('questions').select('score').where('id', '=', post.postId).executeTakeFirstOrThrow()
      : await database.selectFrom('answers').select('score').where('id', '=', post.postId).executeTakeFirstOrThrow();
  return row.score;
}

/** A member's question with an answer from another member. */
async function thread() {
  const asker = await makeUser(db);
  const answerer = await makeUser(db);
  const q = await ask(asker);
  const a = await answer(answerer, q.id);
  return { asker, answerer, q, a };
}

/** Real reputation: the user asks a question and `upvotes` staff members up-vote it (+10 each). */
async function earn(user: SessionUser, upvotes: number, ctx: CommunityContext = {}) {
  const q = await ask(user, ctx);
  for (const voter of await staffUsers(upvotes)) await castVote(db, voter, onQ(q.id), 'up', ctx);
  return q;
}

/** For thresholds too far to reach by votes: a ledger grant to exactly `target`. */
async function grantUpTo(user: { id: number }, target: number) {
  const current = await rep(user);
  await grantReputation(db, {
    userId: user.id,
    ruleDelta: target - current,
    reason: 'answer_accepted',
    postType: null,
    postId: null,
    source: `test:grant:${user.id}:${target}`,
  });
  expect(await rep(user)).toBe(target);
}

function withRules(patch: { reputation?: Partial<CommunityRules['reputation']>; privileges?: Partial<CommunityRules['privileges']> }): CommunityRules {
  return {
    ...defaultRules,
    reputation: { ...defaultRules.reputation, ...patch.reputation },
    privileges: { ...defaultRules.privileges, ...patch.privileges },
  };
}

// ---------------------------------------------------------------------------

describe('every reputation rule', () => {
  it('an up-vote on a question gives its author +10 and the voter nothing', async () => {
    const { asker, q } = await thread();
    const voter = await staffUser();
    await expect(castVote(db, voter, onQ(q.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    expect(await rep(asker)).toBe(11);
    expect(await rep(voter)).toBe(1);
    expect(await events(asker)).toEqual([{ delta: 10, rule_delta: 10, reason: 'question_upvoted', post_type: 'question', post_id: q.id, reversed: 0 }]);
    expect(await events(voter)).toEqual([]);
  });

  it('an up-vote on an answer gives its author +10 and nobody else anything', async () => {
    const { asker, answerer, a } = await thread();
    const voter = await staffUser();
    await expect(castVote(db, voter, onA(a.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    expect(await rep(answerer)).toBe(11);
    expect(await rep(asker)).toBe(1);
    expect(await rep(voter)).toBe(1);
    expect(await events(answerer)).toEqual([{ delta: 10, rule_delta: 10, reason: 'answer_upvoted', post_type: 'answer', post_id: a.id, reversed: 0 }]);
  });

  it('a down-vote on a question costs its author 2 and the voter nothing', async () => {
    const { asker, q } = await thread();
    const [upVoter, downVoter] = [await staffUser(), await staffUser()];
    await earn(downVoter, 1); // 11, so a cost to the voter would show
    await castVote(db, upVoter, onQ(q.id), 'up');
    expect(await rep(asker)).toBe(11);
    await expect(castVote(db, downVoter, onQ(q.id), 'down')).resolves.toEqual({ score: 0, direction: 'down' });
    expect(await rep(asker)).toBe(9);
    expect(await rep(downVoter)).toBe(11);
    expect((await events(asker)).at(-1)).toEqual({
      delta: -2,
      rule_delta: -2,
      reason: 'question_downvoted',
      post_type: 'question',
      post_id: q.id,
      reversed: 0,
    });
    expect((await events(downVoter)).map((e) => e.reason)).toEqual(['question_upvoted']);
  });

  it('a down-vote on an answer costs its author 2 and the voter 1', async () => {
    const { answerer, a } = await thread();
    const [upVoter, downVoter] = [await staffUser(), await staffUser()];
    await earn(downVoter, 1);
    await castVote(db, upVoter, onA(a.id), 'up');
    await expect(castVote(db, downVoter, onA(a.id), 'down')).resolves.toEqual({ score: 0, direction: 'down' });
    expect(await rep(answerer)).toBe(9);
    expect(await rep(downVoter)).toBe(10);
    expect((await events(answerer)).at(-1)).toMatchObject({ delta: -2, reason: 'answer_downvoted' });
    expect((await events(downVoter)).at(-1)).toEqual({ delta: -1, rule_delta: -1, reason: 'downvote_cast', post_type: 'answer', post_id: a.id, reversed: 0 });
  });

  it('accepting an answer gives the answerer +15 and the asker +2', async () => {
    const { asker, answerer, q, a } = await thread();
    await acceptAnswer(db, site, asker, a.id);
    expect(await rep(answerer)).toBe(16);
    expect(await rep(asker)).toBe(3);
    expect(await events(answerer)).toEqual([{ delta: 15, rule_delta: 15, reason: 'answer_accepted', post_type: 'answer', post_id: a.id, reversed: 0 }]);
    expect(await events(asker)).toEqual([{ delta: 2, rule_delta: 2, reason: 'accepted_an_answer', post_type: 'answer', post_id: a.id, reversed: 0 }]);
    const row = await db.selectFrom('questions').select('accepted_answer_id').where('id', '=', q.id).executeTakeFirstOrThrow();
    expect(row.accepted_answer_id).toBe(a.id);
  });

  it('only the asker can accept', async () => {
    const { answerer, a } = await thread();
    await expect(acceptAnswer(db, site, answerer, a.id)).rejects.toThrow(ForbiddenError);
    expect(await rep(answerer)).toBe(1);
  });

  it('accepting your own answer earns nothing, and moving the acceptance to it takes back the earlier accept', async () => {
    const { asker, answerer, q, a } = await thread();
    await acceptAnswer(db, site, asker, a.id);
    expect([await rep(asker), await rep(answerer)]).toEqual([3, 16]);
    const own = await answer(asker, q.id);
    await acceptAnswer(db, site, asker, own.id);
    expect(await rep(asker)).toBe(1);
    expect(await rep(answerer)).toBe(1);
    const row = await db.selectFrom('questions').select('accepted_answer_id').where('id', '=', q.id).executeTakeFirstOrThrow();
    expect(row.accepted_answer_id).toBe(own.id);
    // No live accept rows for anyone, and no "first accepted answer" badge for a self-answer.
    const live = await db.selectFrom('reputation_events').selectAll().where('source', '=', `accept:${q.id}`).where('reversed', '=', 0).execute();
    expect(live).toEqual([]);
    expect((await listBadges(db, asker.id)).map((b) => b.badge)).not.toContain('first-accepted');
  });

  it('a self-answer accepted on its own earns nothing at all', async () => {
    const asker = await makeUser(db);
    const q = await ask(asker);
    const own = await answer(asker, q.id);
    await acceptAnswer(db, site, asker, own.id);
    expect(await rep(asker)).toBe(1);
    expect(await events(asker)).toEqual([]);
  });
});

describe('undoing and changing votes', () => {
  it('undoing an up-vote reverses it exactly, keeping the history', async () => {
    const { asker, q } = await thread();
    const voter = await staffUser();
    await castVote(db, voter, onQ(q.id), 'up');
    expect(await rep(asker)).toBe(11);
    await expect(castVote(db, voter, onQ(q.id), 'none')).resolves.toEqual({ score: 0, direction: 'none' });
    expect(await rep(asker)).toBe(1);
    expect(await score(onQ(q.id))).toBe(0);
    expect(await db.selectFrom('votes').selectAll().execute()).toEqual([]);
    expect(await events(asker)).toEqual([
      { delta: 10, rule_delta: 10, reason: 'question_upvoted', post_type: 'question', post_id: q.id, reversed: 1 },
      { delta: -10, rule_delta: -10, reason: 'reversal', post_type: 'question', post_id: q.id, reversed: 1 },
    ]);
  });

  it('undoing a down-vote on an answer gives back exactly the 2 and the 1', async () => {
    const { answerer, a } = await thread();
    const [upVoter, downVoter] = [await staffUser(), await staffUser()];
    await earn(downVoter, 1);
    await castVote(db, upVoter, onA(a.id), 'up');
    await castVote(db, downVoter, onA(a.id), 'down');
    expect([await rep(answerer), await rep(downVoter)]).toEqual([9, 10]);
    await expect(castVote(db, downVoter, onA(a.id), 'none')).resolves.toEqual({ score: 1, direction: 'none' });
    expect([await rep(answerer), await rep(downVoter)]).toEqual([11, 11]);
    expect(await score(onA(a.id))).toBe(1);
  });

  it('changing up to down on an answer nets −2 for the author and −1 for the voter, and back again', async () => {
    const { answerer, a } = await thread();
    const [other, voter] = [await staffUser(), await staffUser()];
    await earn(voter, 1);
    await castVote(db, other, onA(a.id), 'up');
    expect(await rep(answerer)).toBe(11);

    await castVote(db, voter, onA(a.id), 'up');
    expect([await rep(answerer), await rep(voter), await score(onA(a.id))]).toEqual([21, 11, 2]);

    await expect(castVote(db, voter, onA(a.id), 'down')).resolves.toEqual({ score: 0, direction: 'down' });
    expect(await rep(answerer)).toBe(11 - 2);
    expect(await rep(voter)).toBe(11 - 1);
    expect(await score(onA(a.id))).toBe(0);
    const votes = await db.selectFrom('votes').select(['value']).where('user_id', '=', voter.id).execute();
    expect(votes).toEqual([{ value: -1 }]);

    await castVote(db, voter, onA(a.id), 'up');
    expect([await rep(answerer), await rep(voter), await score(onA(a.id))]).toEqual([21, 11, 2]);
  });

  it('changing up to down on a question nets −2 for the author and nothing for the voter', async () => {
    const { asker, q } = await thread();
    const [other, voter] = [await staffUser(), await staffUser()];
    await earn(voter, 1);
    await castVote(db, other, onQ(q.id), 'up');
    await castVote(db, voter, onQ(q.id), 'up');
    expect(await rep(asker)).toBe(21);
    await castVote(db, voter, onQ(q.id), 'down');
    expect(await rep(asker)).toBe(9);
    expect(await rep(voter)).toBe(11);
    expect(await score(onQ(q.id))).toBe(0);
  });

  it('repeating the same vote changes nothing', async () => {
    const { asker, answerer, q, a } = await thread();
    const voter = await staffUser();
    await earn(voter, 1);
    await castVote(db, voter, onQ(q.id), 'up');
    await expect(castVote(db, voter, onQ(q.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    expect(await rep(asker)).toBe(11);
    expect(await events(asker)).toHaveLength(1);

    await castVote(db, voter, onA(a.id), 'down');
    await expect(castVote(db, voter, onA(a.id), 'down')).resolves.toEqual({ score: -1, direction: 'down' });
    expect(await rep(voter)).toBe(10);
    expect(await events(answerer)).toHaveLength(1);
    expect(await db.selectFrom('votes').selectAll().where('user_id', '=', voter.id).execute()).toHaveLength(2);

    // Withdrawing a vote that was never cast is a no-op too.
    const bystander = await staffUser();
    await expect(castVote(db, bystander, onQ(q.id), 'none')).resolves.toEqual({ score: 1, direction: 'none' });
    expect(await rep(asker)).toBe(11);
  });
});

describe('moving and withdrawing an acceptance', () => {
  it('accepting B after A moves the +15 to B’s author, the asker keeps one +2, and unaccepting reverses both', async () => {
    const { asker, answerer: authorA, q, a } = await thread();
    const authorB = await makeUser(db);
    const b = await answer(authorB, q.id);

    await acceptAnswer(db, site, asker, a.id);
    expect([await rep(asker), await rep(authorA), await rep(authorB)]).toEqual([3, 16, 1]);

    await acceptAnswer(db, site, asker, b.id);
    expect([await rep(asker), await rep(authorA), await rep(authorB)]).toEqual([3, 1, 16]);
    const liveAskerRows = await db
      .selectFrom('reputation_events')
      .selectAll()
      .where('user_id', '=', asker.id)
      .where('reason', '=', 'accepted_an_answer')
      .where('reversed', '=', 0)
      .execute();
    expect(liveAskerRows).toHaveLength(1);
    expect(liveAskerRows[0]).toMatchObject({ delta: 2, post_id: b.id });

    // Accepting the accepted answer again is a no-op.
    await acceptAnswer(db, site, asker, b.id);
    expect([await rep(asker), await rep(authorA), await rep(authorB)]).toEqual([3, 1, 16]);

    await unacceptAnswer(db, asker, q.id);
    expect([await rep(asker), await rep(authorA), await rep(authorB)]).toEqual([1, 1, 1]);
    const row = await db.selectFrom('questions').select('accepted_answer_id').where('id', '=', q.id).executeTakeFirstOrThrow();
    expect(row.accepted_answer_id).toBeNull();
    await expect(unacceptAnswer(db, asker, q.id)).rejects.toThrow(ConflictError);
  });
});

describe('the daily cap on vote gains', () => {
  it('25 up-votes in one UTC day give +200, an accept that day still adds +15, and the next day counts afresh', async () => {
    const at = (offset: number): CommunityContext => ({ now: DAY0 + offset });
    const author = await makeUser(db);
    const asker = await staffUser();
    const q = await ask(author, at(8 * HOUR));
    const other = await ask(asker, at(8 * HOUR));
    const a = await answer(author, other.id, at(9 * HOUR));
    const voters = await staffUsers(27);

    // 13 up-votes on the question and 12 on the answer: the cap spans all the author's posts.
    for (const [i, voter] of voters.slice(0, 25).entries()) {
      await castVote(db, voter, i < 13 ? onQ(q.id) : onA(a.id), 'up', at(10 * HOUR + i * MINUTE));
    }
    expect(await rep(author)).toBe(201);
    expect([await score(onQ(q.id)), await score(onA(a.id))]).toEqual([13, 12]);
    const deltas = (await events(author)).map((e) => e.delta);
    expect(deltas).toEqual([...Array(20).fill(10), ...Array(5).fill(0)]);

    await acceptAnswer(db, site, asker, a.id, at(20 * HOUR));
    expect(await rep(author)).toBe(216);

    // The last millisecond of the day still belongs to it...
    await castVote(db, voters[25]!, onQ(q.id), 'up', at(DAY - 1));
    expect(await rep(author)).toBe(216);
    // ...and midnight UTC starts a new one.
    await castVote(db, voters[26]!, onQ(q.id), 'up', at(DAY));
    expect(await rep(author)).toBe(226);
    expect(await score(onQ(q.id))).toBe(15);
  });

  it('cuts the vote that crosses the cap to what is left (195 earned, +15 → +5)', async () => {
    const rules = withRules({ reputation: { questionUpvoted: 15 } });
    const ctx: CommunityContext = { rules, now: DAY0 + 12 * HOUR };
    const author = await makeUser(db);
    const q = await ask(author, ctx);
    const voters = await staffUsers(14);
    for (const voter of voters.slice(0, 13)) await castVote(db, voter, onQ(q.id), 'up', ctx);
    expect(await rep(author)).toBe(1 + 195);
    await castVote(db, voters[13]!, onQ(q.id), 'up', ctx);
    expect(await rep(author)).toBe(201);
    expect((await events(author)).at(-1)).toMatchObject({ delta: 5, rule_delta: 15 });
  });
});

describe('the floor of 1', () => {
  it('a user at 1 who is down-voted stays at 1, and a later up-vote takes them to 11', async () => {
    const { asker, q } = await thread();
    const [downVoter, upVoter] = [await staffUser(), await staffUser()];
    await castVote(db, downVoter, onQ(q.id), 'down');
    expect(await rep(asker)).toBe(1);
    expect(await events(asker)).toEqual([{ delta: 0, rule_delta: -2, reason: 'question_downvoted', post_type: 'question', post_id: q.id, reversed: 0 }]);
    expect(await score(onQ(q.id))).toBe(-1);

    await castVote(db, upVoter, onQ(q.id), 'up');
    expect(await rep(asker)).toBe(11);

    // Withdrawing the down-vote gives back what it took: nothing.
    await castVote(db, downVoter, onQ(q.id), 'none');
    expect(await rep(asker)).toBe(11);
  });

  it('a voter at 1 pays nothing for a down-vote on an answer', async () => {
    const { answerer, a } = await thread();
    const voter = await staffUser();
    await castVote(db, voter, onA(a.id), 'down');
    expect([await rep(voter), await rep(answerer)]).toEqual([1, 1]);
    expect((await events(voter)).map((e) => [e.delta, e.rule_delta])).toEqual([[0, -1]]);
  });
});

describe('recomputing reputation from the ledger', () => {
  it('gives every user exactly 1 + the sum of their ledger rows, equal to the cached value', async () => {
    const { asker, answerer: b, q, a: aB } = await thread();
    const c = await makeUser(db);
    const aC = await answer(c, q.id);
    const [s1, s2, s3, s4] = [await staffUser(), await staffUser(), await staffUser(), await staffUser()];
    const bystander = await makeUser(db);

    // Hand-worked: asker, B, C start at 1.
    await castVote(db, s1, onQ(q.id), 'up'); // asker 11
    await castVote(db, s2, onQ(q.id), 'up'); // asker 21
    await castVote(db, s3, onQ(q.id), 'down'); // asker 19
    await castVote(db, s1, onA(aB.id), 'up'); // B 11
    await castVote(db, s2, onA(aB.id), 'down'); // B 9, s2 stays 1 (floor)
    await castVote(db, s2, onA(aB.id), 'up'); // B 11 then 21
    await castVote(db, s3, onA(aC.id), 'down'); // C stays 1, s3 stays 1
    await castVote(db, s4, onA(aC.id), 'up'); // C 11
    await castVote(db, s4, onA(aC.id), 'none'); // C 1
    await acceptAnswer(db, site, asker, aB.id); // B 36, asker 21
    await acceptAnswer(db, site, asker, aC.id); // B 21, C 16, asker 21
    await unacceptAnswer(db, asker, q.id); // C 1, asker 19
    await acceptAnswer(db, site, asker, aB.id); // B 36, asker 21
    await castVote(db, s3, onQ(q.id), 'up'); // asker 23 then 33
    await grantReputation(db, { userId: c.id, ruleDelta: -100, reason: 'spam_deleted', postType: 'answer', postId: aC.id, source: 'spam:test' }); // C stays 1
    await castVote(db, s1, onQ(q.id), 'down'); // asker 23 then 21

    const expected = new Map([
      [asker.id, 21],
      [b.id, 36],
      [c.id, 1],
      [s1.id, 1],
      [s2.id, 1],
      [s3.id, 1],
      [s4.id, 1],
      [bystander.id, 1],
    ]);
    const cached = new Map((await db.selectFrom('users').select(['id', 'reputation']).execute()).map((u) => [u.id, u.reputation]));
    expect(cached).toEqual(expected);

    const sums = await db
      .selectFrom('users')
      .leftJoin('reputation_events', 'reputation_events.user_id', 'users.id')
      .select(['users.id', sql<number>`1 + coalesce(sum(reputation_events.delta), 0)`.as('total')])
      .groupBy('users.id')
      .execute();
    const fromLedger = new Map(sums.map((r) => [r.id, Number(r.total)]));
    expect(fromLedger).toEqual(expected);

    const recomputed = await recomputeReputation(db);
    expect(recomputed).toEqual(expected);
    const after = new Map((await db.selectFrom('users').select(['id', 'reputation']).execute()).map((u) => [u.id, u.reputation]));
    expect(after).toEqual(expected);
    expect(await recomputeReputation(db, b.id)).toEqual(new Map([[b.id, 36]]));
    expect([await score(onQ(q.id)), await score(onA(aB.id)), await score(onA(aC.id))]).toEqual([1, 2, -1]);
  });
});

describe('privileges, enforced by the domain layer', () => {
  it('a member at 1 cannot vote up (needs 15); at 21 can vote up but not down (needs 125)', async () => {
    const member = await makeUser(db);
    const other = await makeUser(db);
    const theirs = await ask(other);
    await expect(castVote(db, member, onQ(theirs.id), 'up')).rejects.toThrow(ForbiddenError);
    await expect(castVote(db, member, onQ(theirs.id), 'up')).rejects.toThrow(/Vote up needs 15 reputation; you have 1/);

    await earn(member, 2);
    expect(await rep(member)).toBe(21);
    await castVote(db, member, onQ(theirs.id), 'up');
    expect(await rep(other)).toBe(11);
    await expect(castVote(db, member, onQ(theirs.id), 'down')).rejects.toThrow(/Vote down needs 125 reputation; you have 21/);

    await grantUpTo(member, 124);
    await expect(castVote(db, member, onQ(theirs.id), 'down')).rejects.toThrow(ForbiddenError);
    await grantUpTo(member, 125);
    await expect(castVote(db, member, onQ(theirs.id), 'down')).resolves.toEqual({ score: -1, direction: 'down' });
    expect(await db.selectFrom('votes').select('value').where('user_id', '=', member.id).execute()).toEqual([{ value: -1 }]);
  });

  it('the thresholds come from the rules passed in', async () => {
    const rules = withRules({ privileges: { 'vote.up': 1 } });
    const member = await makeUser(db);
    const other = await makeUser(db);
    const theirs = await ask(other);
    await expect(castVote(db, member, onQ(theirs.id), 'up', { rules })).resolves.toEqual({ score: 1, direction: 'up' });
    expect(await rep(other)).toBe(11);
  });

  it('below 50 a member can comment only on their own question and the answers to it', async () => {
    const member = await makeUser(db);
    const other = await makeUser(db);
    const third = await makeUser(db);
    const mine = await ask(member);
    const theirs = await ask(other);
    const answerToMine = await answer(other, mine.id);

    await expect(comment(member, onQ(theirs.id))).rejects.toThrow(ForbiddenError);
    await expect(comment(member, onQ(theirs.id))).rejects.toThrow(/Comment everywhere needs 50 reputation; you have 1/);
    await expect(comment(member, onQ(mine.id))).resolves.toMatchObject({ questionId: mine.id });
    await expect(comment(member, onA(answerToMine.id))).resolves.toMatchObject({ questionId: mine.id });
    // The answerer may comment on their own answer, but not on the question they answered.
    await expect(comment(other, onA(answerToMine.id))).resolves.toMatchObject({ questionId: mine.id });
    await expect(comment(other, onQ(mine.id))).rejects.toThrow(/needs 50/);
    await expect(comment(third, onA(answerToMine.id))).rejects.toThrow(/needs 50/);

    await grantUpTo(member, 49);
    await expect(comment(member, onQ(theirs.id))).rejects.toThrow(/needs 50 reputation; you have 49/);
    await grantUpTo(member, 50);
    await expect(comment(member, onQ(theirs.id))).resolves.toMatchObject({ questionId: theirs.id });
    const count = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
  });

  it('below 2000 a member can edit only their own posts', async () => {
    const member = await makeUser(db);
    const other = await makeUser(db);
    const mine = await ask(member);
    const theirs = await ask(other);
    const theirAnswer = await answer(other, mine.id);
    const edit = {
      title: 'Calendar sync stops after exactly one hour',
      body: 'Events stop syncing one hour after I connect the Google account.',
      tags: ['calendar-sync'],
    };

    await expect(editQuestion(db, member, theirs.id, edit)).rejects.toThrow(/Edit other people’s posts needs 2000 reputation; you have 1/);
    await expect(editAnswer(db, member, theirAnswer.id, 'Reconnect the account, then wait for a full sync.')).rejects.toThrow(/needs 2000/);
    await expect(editQuestion(db, member, mine.id, edit)).resolves.toBeUndefined();

    await grantUpTo(member, 1999);
    await expect(editQuestion(db, member, theirs.id, edit)).rejects.toThrow(ForbiddenError);
    await grantUpTo(member, 2000);
    await editQuestion(db, member, theirs.id, edit);
    await editAnswer(db, member, theirAnswer.id, 'Reconnect the account, then wait for a full sync.');
    const q = await db.selectFrom('questions').select('title').where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(q.title).toBe(edit.title);
    const a = await db.selectFrom('answers').select('body_md').where('id', '=', theirAnswer.id).executeTakeFirstOrThrow();
    expect(a.body_md).toBe('Reconnect the account, then wait for a full sync.');
  });

  it('below 3000 a member cannot close or reopen a question', async () => {
    const member = await makeUser(db);
    const other = await makeUser(db);
    const theirs = await ask(other);
    await expect(closeQuestion(db, member, theirs.id, { reason: 'off-topic' })).rejects.toThrow(/Close and reopen questions needs 3000 reputation; you have 1/);
    await grantUpTo(member, 2999);
    await expect(closeQuestion(db, member, theirs.id, { reason: 'off-topic' })).rejects.toThrow(ForbiddenError);
    await grantUpTo(member, 3000);
    await closeQuestion(db, member, theirs.id, { reason: 'off-topic' });
    expect(await db.selectFrom('questions').select(['status', 'closed_by']).where('id', '=', theirs.id).executeTakeFirstOrThrow()).toEqual({
      status: 'closed',
      closed_by: member.id,
    });
    await reopenQuestion(db, member, theirs.id);
    expect((await db.selectFrom('questions').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('staff, even at reputation 1, can do all of it', async () => {
    const staff = await staffUser();
    const other = await makeUser(db);
    const asker = await makeUser(db);
    const theirs = await ask(other);
    const q = await ask(asker);
    const theirAnswer = await answer(other, q.id);
    expect(await rep(staff)).toBe(1);

    await expect(castVote(db, staff, onQ(theirs.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    await expect(castVote(db, staff, onA(theirAnswer.id), 'down')).resolves.toEqual({ score: -1, direction: 'down' });
    await expect(comment(staff, onQ(theirs.id))).resolves.toMatchObject({ questionId: theirs.id });
    await editQuestion(db, staff, theirs.id, {
      title: 'Calendar sync stops after one hour',
      body: 'Events stop syncing about an hour after I connect.',
      tags: ['calendar-sync'],
    });
    await editAnswer(db, staff, theirAnswer.id, 'Reconnect the account from Settings, then wait.');
    await closeQuestion(db, staff, theirs.id, { reason: 'duplicate', duplicateOfId: q.id });
    expect(await db.selectFrom('questions').select(['status', 'duplicate_of_id']).where('id', '=', theirs.id).executeTakeFirstOrThrow()).toEqual({
      status: 'closed',
      duplicate_of_id: q.id,
    });
    await reopenQuestion(db, staff, theirs.id);
    // Other authors' reputation moved as usual: +10 for the question, −2 (floored at 1) for the answer.
    expect(await rep(other)).toBe(9);
    expect(await rep(staff)).toBe(1);
  });

  it('nobody can vote on their own post, not even staff', async () => {
    const member = await makeUser(db);
    const mine = await earn(member, 2);
    await expect(castVote(db, member, onQ(mine.id), 'up')).rejects.toThrow(ForbiddenError);
    await expect(castVote(db, member, onQ(mine.id), 'up')).rejects.toThrow(/your own post/);
    const staff = await staffUser();
    const staffAnswer = await answer(staff, mine.id);
    await expect(castVote(db, staff, onA(staffAnswer.id), 'up')).rejects.toThrow(/your own post/);
    await expect(castVote(db, staff, onA(staffAnswer.id), 'down')).rejects.toThrow(/your own post/);
    expect([await rep(member), await rep(staff)]).toEqual([21, 1]);
    expect(await db.selectFrom('votes').selectAll().where('user_id', 'in', [member.id, staff.id]).execute()).toEqual([]);
  });

  it('a suspended user cannot ask, answer, comment or vote; a suspension in the past does not block', async () => {
    const member = await makeUser(db);
    const mine = await earn(member, 2); // 21: enough to vote up, so a refusal is the suspension's
    const other = await makeUser(db);
    const theirs = await ask(other);
    await setSuspension(db, member.id, Date.now() + DAY, 'Posting spam links');

    const refusals = [
      () => ask(member),
      () => answer(member, theirs.id),
      () => comment(member, onQ(mine.id)),
      () => castVote(db, member, onQ(theirs.id), 'up'),
    ];
    for (const refusal of refusals) {
      const attempt = refusal();
      await expect(attempt).rejects.toThrow(SuspendedError);
      await expect(attempt).rejects.toThrow(ForbiddenError);
      await expect(attempt).rejects.toThrow(/suspended until \d{4}-\d\d-\d\d \d\d:\d\d UTC: Posting spam links/);
    }
    const suspendedStaff = await staffUser();
    await setSuspension(db, suspendedStaff.id, Date.now() + HOUR, null);
    await expect(castVote(db, suspendedStaff, onQ(theirs.id), 'up')).rejects.toThrow(/suspended until/);
    expect(await rep(other)).toBe(1);

    await setSuspension(db, member.id, Date.now() - MINUTE, 'Posting spam links');
    await expect(ask(member)).resolves.toMatchObject({ id: expect.any(Number) });
    await expect(answer(member, theirs.id)).resolves.toMatchObject({ id: expect.any(Number) });
    await expect(comment(member, onQ(mine.id))).resolves.toMatchObject({ questionId: mine.id });
    await expect(castVote(db, member, onQ(theirs.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    expect(await rep(other)).toBe(11);
  });

  it('a locked question refuses answers, comments, votes and edits from members; staff may still answer and comment', async () => {
    const { asker, answerer, q, a } = await thread();
    const member = await makeUser(db);
    await earn(member, 2);
    const staff = await staffUser();
    await expect(setQuestionLocked(db, asker, q.id, true)).rejects.toThrow(ForbiddenError);
    await setQuestionLocked(db, staff, q.id, true);

    await expect(answer(member, q.id)).rejects.toThrow(/locked/);
    await expect(comment(asker, onQ(q.id))).rejects.toThrow(/locked/);
    await expect(comment(answerer, onA(a.id))).rejects.toThrow(/locked/);
    await expect(castVote(db, member, onQ(q.id), 'up')).rejects.toThrow(/locked/);
    await expect(castVote(db, member, onA(a.id), 'up')).rejects.toThrow(ForbiddenError);
    await expect(editAnswer(db, answerer, a.id, 'An edited answer that is long enough.')).rejects.toThrow(/locked/);
    expect([await rep(asker), await rep(answerer)]).toEqual([1, 1]);

    await expect(answer(staff, q.id)).resolves.toMatchObject({ id: expect.any(Number) });
    await expect(comment(staff, onQ(q.id))).resolves.toMatchObject({ questionId: q.id });

    await setQuestionLocked(db, staff, q.id, false);
    await expect(castVote(db, member, onQ(q.id), 'up')).resolves.toEqual({ score: 1, direction: 'up' });
    await expect(answer(member, q.id)).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('a closed question refuses answers, until it is reopened', async () => {
    const asker = await makeUser(db);
    const member = await makeUser(db);
    const staff = await staffUser();
    const q = await ask(asker);
    await closeQuestion(db, staff, q.id, { reason: 'off-topic' });
    await expect(answer(member, q.id)).rejects.toThrow(ForbiddenError);
    await expect(answer(member, q.id)).rejects.toThrow(/closed/);
    await expect(answer(staff, q.id)).rejects.toThrow(/closed/);
    expect((await db.selectFrom('questions').select('answer_count').where('id', '=', q.id).executeTakeFirstOrThrow()).answer_count).toBe(0);
    await reopenQuestion(db, staff, q.id);
    await expect(answer(member, q.id)).resolves.toMatchObject({ id: expect.any(Number) });
  });
});

describe('no double votes under concurrent requests', () => {
  /** Every outcome is the one vote or a no-op (score 1); a rejection may only be a ConflictError. */
  function expectOneVoteOutcomes(results: PromiseSettledResult<{ score: number; direction: string }>[]) {
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
      else expect(result.value).toEqual({ score: 1, direction: 'up' });
    }
  }

  it('10 simultaneous up-votes by one member on one connection count once', async () => {
    const author = await makeUser(db);
    const voter = await staffUser();
    const q = await ask(author);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => castVote(db, voter, onQ(q.id), 'up')));
    expectOneVoteOutcomes(results);
    expect(await db.selectFrom('votes').select(['user_id', 'value']).execute()).toEqual([{ user_id: voter.id, value: 1 }]);
    expect(await score(onQ(q.id))).toBe(1);
    expect(await rep(author)).toBe(11);
    expect(await events(author)).toHaveLength(1);
    const attempts = await db.selectFrom('rate_limit_events').selectAll().where('bucket', '=', 'community-vote:user').execute();
    expect(attempts).toHaveLength(1);
  });

  it('10 simultaneous up-votes split across two connections to one database file count once; refused votes are ConflictErrors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-votes-'));
    const path = join(dir, 'hearth.db');
    const first = openDatabase(path);
    await migrateToLatest(first.db);
    const second = openDatabase(path);
    // Both connections live on this one thread: a writer waiting out the usual
    // 5 s busy_timeout would block the very thread the lock holder needs, so
    // wait only briefly before SQLite reports the database busy.
    for (const connection of [first, second]) connection.sqlite.pragma('busy_timeout = 20');
    try {
      const author = await makeUser(first.db);
      const voter = await staffUser(first.db);
      const q = await ask(author, {}, first.db);
      const connections = [first.db, second.db];

      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => castVote(connections[i % 2]!, voter, onQ(q.id), 'up')));
      expectOneVoteOutcomes(results);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      expect(await first.db.selectFrom('votes').select(['user_id', 'value']).execute()).toEqual([{ user_id: voter.id, value: 1 }]);
      expect(await score(onQ(q.id), first.db)).toBe(1);
      expect(await rep(author, first.db)).toBe(11);
      expect(await rep(author, second.db)).toBe(11);
      const authorEvents = await first.db.selectFrom('reputation_events').select(['delta', 'reason']).where('user_id', '=', author.id).execute();
      expect(authorEvents).toEqual([{ delta: 10, reason: 'question_upvoted' }]);

      // Eight other voters at once, across both connections: each vote counts once or is refused whole.
      const others = await staffUsers(8, first.db);
      const more = await Promise.allSettled(others.map((v, i) => castVote(connections[i % 2]!, v, onQ(q.id), 'up')));
      const refused = others.filter((_, i) => more[i]!.status === 'rejected');
      for (const result of more) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
      }
      const counted = others.length - refused.length;
      expect(counted).toBeGreaterThanOrEqual(1);
      expect(await first.db.selectFrom('votes').selectAll().execute()).toHaveLength(1 + counted);
      expect(await score(onQ(q.id), first.db)).toBe(1 + counted);
      expect(await rep(author, first.db)).toBe(11 + 10 * counted);

      // Trying again, one at a time, every refused vote goes through.
      for (const [i, v] of refused.entries()) await castVote(connections[i % 2]!, v, onQ(q.id), 'up');
      expect(await score(onQ(q.id), second.db)).toBe(9);
      expect(await rep(author, second.db)).toBe(91);
      const ledger = await first.db
        .selectFrom('reputation_events')
        .select((eb) => eb.fn.sum<number>('delta').as('total'))
        .where('user_id', '=', author.id)
        .executeTakeFirstOrThrow();
      expect(Number(ledger.total)).toBe(90);
    } finally {
      await first.db.destroy();
      await second.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('new members are rate-limited', () => {
  it('a member under 10 reputation may post 3 questions or answers an hour; the 4th is refused with a clear message', async () => {
    const now = DAY0 + 9 * HOUR;
    const member = await makeUser(db);
    const other = await makeUser(db);
    const theirs = await ask(other, { now });

    await ask(member, { now });
    await ask(member, { now: now + MINUTE });
    await answer(member, theirs.id, { now: now + 2 * MINUTE });

    const fourth = ask(member, { now: now + 3 * MINUTE });
    await expect(fourth).rejects.toThrow(RateLimitedError);
    await expect(fourth).rejects.toThrow('New members can post 3 times an hour while they find their feet. Please try again a little later.');
    await expect(fourth).rejects.toMatchObject({ retryAfterSeconds: 57 * 60 });
    await expect(answer(member, theirs.id, { now: now + 4 * MINUTE })).rejects.toThrow(RateLimitedError);
    const posted = await db.selectFrom('questions').select('id').where('author_id', '=', member.id).execute();
    expect(posted).toHaveLength(2);

    // An hour after the first post, a slot is free again.
    await expect(ask(member, { now: now + HOUR + 1 })).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it('a member who reached 10 reputation is past the new-member limit', async () => {
    const now = DAY0 + 9 * HOUR;
    const member = await makeUser(db);
    await earn(member, 1, { now });
    expect(await rep(member)).toBe(11);
    for (let i = 1; i <= 4; i++) await ask(member, { now: now + i * MINUTE });
    expect(await db.selectFrom('questions').select('id').where('author_id', '=', member.id).execute()).toHaveLength(5);
  });

  it('staff are not limited', async () => {
    const now = DAY0 + 9 * HOUR;
    const staff = await staffUser();
    const other = await makeUser(db);
    const theirs = await ask(other, { now });
    for (let i = 0; i < 6; i++) await ask(staff, { now });
    for (let i = 0; i < 4; i++) await answer(staff, theirs.id, { now });
    expect(await db.selectFrom('questions').select('id').where('author_id', '=', staff.id).execute()).toHaveLength(6);
    expect(await db.selectFrom('answers').select('id').where('author_id', '=', staff.id).execute()).toHaveLength(4);
  });
});

describe('badges', () => {
  const badgesOf = async (user: { id: number }) => (await listBadges(db, user.id)).map((b) => b.badge).sort();

  it('First answer, Teacher, First accepted answer and Helpful are awarded when earned, once each', async () => {
    const asker = await makeUser(db);
    const answerer = await makeUser(db);
    const q = await ask(asker);
    expect(await badgesOf(answerer)).toEqual([]);

    const a = await answer(answerer, q.id);
    expect(await listBadges(db, answerer.id)).toEqual([expect.objectContaining({ badge: 'first-answer', name: 'First answer' })]);

    const voters = await staffUsers(10);
    await castVote(db, voters[0]!, onA(a.id), 'up');
    expect(await badgesOf(answerer)).toEqual(['first-answer', 'teacher']);

    await acceptAnswer(db, site, asker, a.id);
    expect(await badgesOf(answerer)).toEqual(['first-accepted', 'first-answer', 'teacher']);
    expect(await listBadges(db, answerer.id)).toContainEqual(expect.objectContaining({ badge: 'first-accepted', name: 'First accepted answer' }));

    for (const voter of voters.slice(1, 9)) await castVote(db, voter, onA(a.id), 'up');
    expect(await score(onA(a.id))).toBe(9);
    expect(await badgesOf(answerer)).not.toContain('helpful');
    await castVote(db, voters[9]!, onA(a.id), 'up');
    expect(await badgesOf(answerer)).toEqual(['first-accepted', 'first-answer', 'helpful', 'teacher']);

    const rows = await db.selectFrom('user_badges').select(['badge', 'post_type', 'post_id']).where('user_id', '=', answerer.id).execute();
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatchObject({ post_type: 'answer', post_id: a.id });
    // Another answer earns no badge twice.
    await answer(answerer, (await ask(asker)).id);
    expect(await db.selectFrom('user_badges').selectAll().where('user_id', '=', answerer.id).execute()).toHaveLength(4);
    expect(await badgesOf(asker)).toEqual([]);
  });
});
