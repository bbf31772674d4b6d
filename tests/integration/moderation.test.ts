import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer } from '@/server/community/answers';
import {
  deletePost,
  dismissFlags,
  flagPost,
  hidePost,
  moderationQueue,
  restorePost,
  suspendUser,
  unsuspendUser,
  type PostRef,
} from '@/server/community/moderation';
import { SuspendedError } from '@/server/community/privileges';
import { askQuestion } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { defaultRules } from '@/server/community/rules';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { makeFlagger, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2025, 2, 3, 9, 0);
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

// Members who may flag (20 reputation, accounts a month old); spam flags that hide come from different addresses.
const users = (n: number, role: Role = 'member') => Promise.all(Array.from({ length: n }, () => makeFlagger(t.db, { role, at: T0 })));
const address = (i: number) => `192.0.2.${i + 1}`;

async function ask(author: SessionUser, title = 'Calendar sync stops after the update'): Promise<PostRef> {
  const { id } = await askQuestion(
    t.db,
    author,
    { title, body: 'Since yesterday no Outlook events arrive. I tried Sync now and signing out.', tags: ['calendar-sync'] },
    { now: T0 },
  );
  return { postType: 'question', postId: id };
}

async function answer(author: SessionUser, questionId: number): Promise<PostRef> {
  const { id } = await postAnswer(t.db, site, author, questionId, 'Buy cheap watches at example.com, best prices, click now!', { now: T0 });
  return { postType: 'answer', postId: id };
}

async function visibilityOf(post: PostRef) {
  const table = post.postType === 'question' ? 'questions' : 'answers';
  return await t.db.selectFrom(table).select(['visibility', 'hidden_reason']).where('id', '=', post.postId).executeTakeFirstOrThrow();
}

const flagStatuses = async (post: PostRef) =>
  (await t.db.selectFrom('flags').select('status').where('post_type', '=', post.postType).where('post_id', '=', post.postId).orderBy('id').execute()).map(
    (f) => f.status,
  );

const reputationOf = async (user: SessionUser) =>
  (await t.db.selectFrom('users').select('reputation').where('id', '=', user.id).executeTakeFirstOrThrow()).reputation;

describe('flagging posts', () => {
  it('takes one flag per member per post, and none from the post’s author', async () => {
    const [author, member] = await users(2);
    const question = await ask(author!);
    expect(await flagPost(t.db, member!, { ...question, reason: 'rude', note: '  Insults other members  ' }, { now: T0 })).toEqual({ hidden: false });
    await expect(flagPost(t.db, member!, { ...question, reason: 'spam' }, { now: T0 })).rejects.toThrow(new ConflictError('You already flagged this post'));
    await expect(flagPost(t.db, author!, { ...question, reason: 'spam' }, { now: T0 })).rejects.toThrow(ForbiddenError);
    await expect(flagPost(t.db, null, { ...question, reason: 'spam' }, { now: T0 })).rejects.toThrow(UnauthenticatedError);
    await expect(flagPost(t.db, member!, { postType: 'answer', postId: 999, reason: 'spam' }, { now: T0 })).rejects.toThrow(NotFoundError);
    const flags = await t.db.selectFrom('flags').selectAll().execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ flagger_id: member!.id, reason: 'rude', note: 'Insults other members', status: 'open' });
  });

  it('limits flags per member per day', async () => {
    const [flagger] = await users(1);
    const rules = { ...defaultRules, limits: { ...defaultRules.limits, flagsPerDay: 2 } };
    const authors = await users(3);
    const questions = await Promise.all(authors.map((a) => ask(a)));
    await flagPost(t.db, flagger!, { ...questions[0]!, reason: 'off-topic' }, { now: T0, rules });
    await flagPost(t.db, flagger!, { ...questions[1]!, reason: 'off-topic' }, { now: T0 + HOUR, rules });
    await expect(flagPost(t.db, flagger!, { ...questions[2]!, reason: 'off-topic' }, { now: T0 + 2 * HOUR, rules })).rejects.toThrow(RateLimitedError);
    await flagPost(t.db, flagger!, { ...questions[2]!, reason: 'off-topic' }, { now: T0 + DAY + 1, rules });
  });

  it('hides a post at 3 open spam flags, not at 2, pending review', async () => {
    const [author, asker, ...flaggers] = await users(5);
    const question = await ask(asker!);
    const spam = await answer(author!, question.postId);
    expect(await flagPost(t.db, flaggers[0]!, { ...spam, reason: 'spam', address: address(0) }, { now: T0 })).toEqual({ hidden: false });
    expect(await flagPost(t.db, flaggers[1]!, { ...spam, reason: 'spam', address: address(1) }, { now: T0 })).toEqual({ hidden: false });
    expect((await visibilityOf(spam)).visibility).toBe('visible');
    expect(await flagPost(t.db, flaggers[2]!, { ...spam, reason: 'spam', address: address(2) }, { now: T0 })).toEqual({ hidden: true });
    expect(await visibilityOf(spam)).toEqual({ visibility: 'hidden', hidden_reason: 'spam-flags' });
    expect((await t.db.selectFrom('questions').select('answer_count').where('id', '=', question.postId).executeTakeFirstOrThrow()).answer_count).toBe(0);
    // Hidden posts take no more flags, and the flags stay open for staff.
    await expect(flagPost(t.db, asker!, { ...spam, reason: 'spam' }, { now: T0 })).rejects.toThrow(NotFoundError);
    expect(await flagStatuses(spam)).toEqual(['open', 'open', 'open']);
  });

  it('does not hide a post for rude flags, however many', async () => {
    const [author, ...flaggers] = await users(5);
    const question = await ask(author!);
    for (const flagger of flaggers) expect(await flagPost(t.db, flagger, { ...question, reason: 'rude' }, { now: T0 })).toEqual({ hidden: false });
    expect((await visibilityOf(question)).visibility).toBe('visible');
  });
});

describe('the moderation queue', () => {
  it('groups open flags per post, hidden posts first, then the most flagged', async () => {
    const [author, asker, ...flaggers] = await users(6);
    const staff = await makeUser(t.db, { role: 'staff' });
    const question = await ask(asker!, 'How do I export my notes to PDF?');
    const spam = await answer(author!, question.postId);
    await flagPost(t.db, flaggers[0]!, { ...question, reason: 'off-topic', note: 'Belongs in the billing forum' }, { now: T0 + 1000 });
    await flagPost(t.db, flaggers[1]!, { ...question, reason: 'rude' }, { now: T0 + 2000 });
    await flagPost(t.db, flaggers[2]!, { ...question, reason: 'rude' }, { now: T0 + 3000 });
    await flagPost(t.db, flaggers[3]!, { ...question, reason: 'needs-staff' }, { now: T0 + 4000 });
    for (const [i, flagger] of flaggers.slice(0, 3).entries())
      await flagPost(t.db, flagger, { ...spam, reason: 'spam', address: address(i) }, { now: T0 + 5000 });

    const queue = await moderationQueue(t.db, staff);
    expect(queue.map((i) => `${i.postType}:${i.postId}`)).toEqual([`answer:${spam.postId}`, `question:${question.postId}`]);
    const [hidden, flagged] = queue;
    expect(hidden).toMatchObject({
      questionId: question.postId,
      questionTitle: 'How do I export my notes to PDF?',
      url: `/community/answers/${spam.postId}#answer-${spam.postId}`,
      authorId: author!.id,
      authorName: author!.displayName,
      excerpt: 'Buy cheap watches at example.com, best prices, click now!',
      visibility: 'hidden',
      counts: { spam: 3, rude: 0, 'off-topic': 0, 'needs-staff': 0 },
      totalFlags: 3,
      oldestFlagAt: T0 + 5000,
    });
    expect(flagged).toMatchObject({
      url: `/community/questions/${question.postId}/how-do-i-export-my-notes-to-pdf`,
      visibility: 'visible',
      counts: { spam: 0, rude: 2, 'off-topic': 1, 'needs-staff': 1 },
      totalFlags: 4,
      notes: [{ reason: 'off-topic', note: 'Belongs in the billing forum', flaggerName: flaggers[0]!.displayName, createdAt: T0 + 1000 }],
      oldestFlagAt: T0 + 1000,
    });

    await dismissFlags(t.db, staff, question);
    expect((await visibilityOf(question)).visibility).toBe('visible');
    expect(await flagStatuses(question)).toEqual(['dismissed', 'dismissed', 'dismissed', 'dismissed']);
    expect((await moderationQueue(t.db, staff)).map((i) => i.postId)).toEqual([spam.postId]);
  });

  it('cuts long posts to a 300-character excerpt', async () => {
    const [author, flagger] = await users(2);
    const staff = await makeUser(t.db, { role: 'staff' });
    const { id } = await askQuestion(t.db, author!, { title: 'A very long question about sync', body: 'x'.repeat(400), tags: ['sync'] }, { now: T0 });
    await flagPost(t.db, flagger!, { postType: 'question', postId: id, reason: 'off-topic' }, { now: T0 });
    const [item] = await moderationQueue(t.db, staff);
    expect(item!.excerpt).toBe(`${'x'.repeat(300)}…`);
  });

  it('is for staff only: members can neither see it nor moderate', async () => {
    const [author, member, target] = await users(3);
    const question = await ask(author!);
    await flagPost(t.db, member!, { ...question, reason: 'spam' }, { now: T0 });
    await expect(moderationQueue(t.db, member!)).rejects.toThrow(ForbiddenError);
    await expect(moderationQueue(t.db, null)).rejects.toThrow(UnauthenticatedError);
    await expect(hidePost(t.db, member!, question)).rejects.toThrow(ForbiddenError);
    await expect(restorePost(t.db, member!, question)).rejects.toThrow(ForbiddenError);
    await expect(deletePost(t.db, member!, question, { spam: true })).rejects.toThrow(ForbiddenError);
    await expect(dismissFlags(t.db, member!, question)).rejects.toThrow(ForbiddenError);
    await expect(suspendUser(t.db, member!, target!.id, { days: 7, reason: 'Spamming links' })).rejects.toThrow(ForbiddenError);
    await expect(unsuspendUser(t.db, member!, target!.id)).rejects.toThrow(ForbiddenError);
    expect((await visibilityOf(question)).visibility).toBe('visible');
    expect(await flagStatuses(question)).toEqual(['open']);
  });
});

describe('staff decisions', () => {
  it('restores a post hidden by spam flags: visible again, flags dismissed', async () => {
    const [author, ...flaggers] = await users(4);
    const staff = await makeUser(t.db, { role: 'staff' });
    const question = await ask(author!);
    for (const [i, flagger] of flaggers.entries()) await flagPost(t.db, flagger, { ...question, reason: 'spam', address: address(i) }, { now: T0 });
    expect((await visibilityOf(question)).visibility).toBe('hidden');
    await restorePost(t.db, staff, question, { now: T0 + HOUR });
    expect(await visibilityOf(question)).toEqual({ visibility: 'visible', hidden_reason: null });
    const flags = await t.db.selectFrom('flags').select(['status', 'resolved_by', 'resolved_at']).execute();
    expect(flags).toEqual(flaggers.map(() => ({ status: 'dismissed', resolved_by: staff.id, resolved_at: T0 + HOUR })));
    expect(await moderationQueue(t.db, staff)).toEqual([]);
    // The same members cannot hide it again: they already flagged it.
    await expect(flagPost(t.db, flaggers[0]!, { ...question, reason: 'spam' }, { now: T0 + 2 * HOUR })).rejects.toThrow(ConflictError);
  });

  it('hides and deletes posts, resolving their flags', async () => {
    const author = await makeUser(t.db);
    const [flagger] = await users(1);
    const staff = await makeUser(t.db, { role: 'staff' });
    const first = await ask(author!);
    const second = await ask(author!, 'Second question about billing cycles');
    await flagPost(t.db, flagger!, { ...first, reason: 'rude' }, { now: T0 });
    await flagPost(t.db, flagger!, { ...second, reason: 'off-topic' }, { now: T0 });
    await hidePost(t.db, staff, first, { now: T0 + HOUR });
    expect(await visibilityOf(first)).toEqual({ visibility: 'hidden', hidden_reason: 'staff' });
    expect(await flagStatuses(first)).toEqual(['resolved']);
    await deletePost(t.db, staff, second, { spam: false }, { now: T0 + HOUR });
    expect((await visibilityOf(second)).visibility).toBe('deleted');
    expect(await flagStatuses(second)).toEqual(['resolved']);
    expect(await reputationOf(author!)).toBe(1);
    await restorePost(t.db, staff, first);
    expect((await visibilityOf(first)).visibility).toBe('visible');
  });

  it('deleting as spam costs the author exactly 100 reputation, once', async () => {
    const [author, asker] = [await makeUser(t.db), await makeUser(t.db)];
    const staff = await makeUser(t.db, { role: 'staff' });
    await grantReputation(t.db, { userId: author!.id, ruleDelta: 150, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed' }, T0);
    expect(await reputationOf(author!)).toBe(151);
    const question = await ask(asker!);
    const spam = await answer(author!, question.postId);
    await deletePost(t.db, staff, spam, { spam: true }, { now: T0 + HOUR });
    expect(await reputationOf(author!)).toBe(51);
    expect(await visibilityOf(spam)).toEqual({ visibility: 'deleted', hidden_reason: 'spam' });
    await deletePost(t.db, staff, spam, { spam: true }, { now: T0 + 2 * HOUR });
    expect(await reputationOf(author!)).toBe(51);
    const events = await t.db
      .selectFrom('reputation_events')
      .select(['delta', 'rule_delta', 'reason', 'source'])
      .where('reason', '=', 'spam_deleted')
      .execute();
    expect(events).toEqual([{ delta: -100, rule_delta: -100, reason: 'spam_deleted', source: `spam:answer:${spam.postId}` }]);
  });

  it('never takes reputation below 1', async () => {
    const [author] = await users(1);
    const staff = await makeUser(t.db, { role: 'staff' });
    await grantReputation(t.db, { userId: author!.id, ruleDelta: 30, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed' }, T0);
    const question = await ask(author!);
    await deletePost(t.db, staff, question, { spam: true }, { now: T0 + HOUR });
    expect(await reputationOf(author!)).toBe(1);
  });
});

describe('suspensions', () => {
  it('blocks posting and flagging until the time passes', async () => {
    const [member, other] = await users(2);
    const staff = await makeUser(t.db, { role: 'staff' });
    const question = await ask(other!);
    const { until } = await suspendUser(t.db, staff, member!.id, { days: 3, reason: '  Repeated spam links  ' }, { now: T0 });
    expect(until).toBe(T0 + 3 * DAY);
    const row = await t.db.selectFrom('users').select(['suspended_until', 'suspension_reason']).where('id', '=', member!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ suspended_until: T0 + 3 * DAY, suspension_reason: 'Repeated spam links' });

    const input = { title: 'Where did the weekly summary email go?', body: 'It stopped arriving two weeks ago without any notice.', tags: ['email'] };
    await expect(askQuestion(t.db, member!, input, { now: T0 + DAY })).rejects.toThrow(SuspendedError);
    await expect(askQuestion(t.db, member!, input, { now: T0 + DAY })).rejects.toThrow(/suspended until .*Repeated spam links/);
    await expect(flagPost(t.db, member!, { ...question, reason: 'spam' }, { now: T0 + DAY })).rejects.toThrow(SuspendedError);
    expect((await askQuestion(t.db, member!, input, { now: T0 + 3 * DAY + 1 })).id).toBeGreaterThan(0);
  });

  it('can be lifted early', async () => {
    const [member] = await users(1);
    const staff = await makeUser(t.db, { role: 'staff' });
    await suspendUser(t.db, staff, member!.id, { days: 30, reason: 'Rude to other members' }, { now: T0 });
    await unsuspendUser(t.db, staff, member!.id, { now: T0 + HOUR });
    expect((await ask(member!)).postId).toBeGreaterThan(0);
  });

  it('checks the length and the reason', async () => {
    const [member] = await users(1);
    const staff = await makeUser(t.db, { role: 'staff' });
    await expect(suspendUser(t.db, staff, member!.id, { days: 0, reason: 'Spamming links' })).rejects.toThrow(ValidationError);
    await expect(suspendUser(t.db, staff, member!.id, { days: 366, reason: 'Spamming links' })).rejects.toThrow(ValidationError);
    await expect(suspendUser(t.db, staff, member!.id, { days: 7, reason: 'spam' })).rejects.toThrow(ValidationError);
    await expect(suspendUser(t.db, staff, 9999, { days: 7, reason: 'Spamming links' })).rejects.toThrow(NotFoundError);
  });

  it('staff cannot suspend staff; admins can', async () => {
    const [staff, colleague] = await users(2, 'staff');
    const admin = await makeUser(t.db, { role: 'admin' });
    await expect(suspendUser(t.db, staff!, colleague!.id, { days: 1, reason: 'Testing the rules' }, { now: T0 })).rejects.toThrow(ForbiddenError);
    await expect(suspendUser(t.db, admin, admin.id, { days: 1, reason: 'Testing the rules' }, { now: T0 })).rejects.toThrow(ForbiddenError);
    await suspendUser(t.db, admin, colleague!.id, { days: 1, reason: 'Testing the rules' }, { now: T0 });
    await expect(unsuspendUser(t.db, staff!, colleague!.id, { now: T0 })).rejects.toThrow(ForbiddenError);
    await unsuspendUser(t.db, admin, colleague!.id, { now: T0 });
  });
});
