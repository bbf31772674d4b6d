// Issue 9 item 2: spam flags cannot be used by a handful of fresh accounts to
// hide anyone's post. Flagging needs the `flag` privilege, each flag weighs by
// its flagger's record, established members' and staff posts only go to the
// queue, and auto-hide needs a flagger who is not new and two networks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer } from '@/server/community/answers';
import { dismissFlags, flagPost, moderationQueue, type PostRef } from '@/server/community/moderation';
import { askQuestion } from '@/server/community/questions';
import { ForbiddenError } from '@/server/errors';
import { makeFlagger, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2025, 2, 3, 9, 0);
const DAY = 24 * 60 * 60_000;
const ADDRESSES = ['198.51.100.7', '203.0.113.9', '192.0.2.44', '198.51.100.200'];

async function spamAnswer(author?: SessionUser): Promise<PostRef> {
  const asker = await makeUser(t.db);
  const q = await askQuestion(
    t.db,
    asker,
    { title: 'Calendar sync stops after the update', body: 'Since yesterday no Outlook events arrive. I tried Sync now.', tags: ['calendar-sync'] },
    { now: T0 },
  );
  const { id } = await postAnswer(t.db, site, author ?? (await makeUser(t.db)), q.id, 'Buy cheap watches at example.com, best prices, click now!', { now: T0 });
  return { postType: 'answer', postId: id };
}

const flaggers = (n: number, options: Parameters<typeof makeFlagger>[1] = {}) =>
  Promise.all(Array.from({ length: n }, () => makeFlagger(t.db, { at: T0, ...options })));

/** Each member flags `post` as spam, from the address at the same index (the last one when there are fewer). */
async function flagAll(members: SessionUser[], post: PostRef, addresses: string[] = ADDRESSES): Promise<boolean[]> {
  const hidden: boolean[] = [];
  for (const [i, member] of members.entries())
    hidden.push((await flagPost(t.db, member, { ...post, reason: 'spam', address: addresses[Math.min(i, addresses.length - 1)]! }, { now: T0 + i })).hidden);
  return hidden;
}

const visibilityOf = async (post: PostRef) =>
  await t.db.selectFrom('answers').select(['visibility', 'hidden_reason']).where('id', '=', post.postId).executeTakeFirstOrThrow();

describe('who may flag', () => {
  it('three reputation-1 accounts flagging spam hide nothing: flagging needs 15 reputation', async () => {
    const spam = await spamAnswer();
    const fresh = await Promise.all([1, 2, 3].map(() => makeUser(t.db, { joinedAt: T0 - 30 * DAY })));
    for (const [i, member] of fresh.entries()) {
      await expect(flagPost(t.db, member, { ...spam, reason: 'spam', address: ADDRESSES[i]! }, { now: T0 })).rejects.toThrow(
        new ForbiddenError('Flag posts needs 15 reputation; you have 1. See /community/privileges.'),
      );
    }
    expect((await visibilityOf(spam)).visibility).toBe('visible');
    expect(await t.db.selectFrom('flags').select('id').execute()).toEqual([]);
  });
});

describe('when spam flags hide a post', () => {
  it('hides at three full-weight flags from established members on different networks', async () => {
    const spam = await spamAnswer();
    expect(await flagAll(await flaggers(3), spam)).toEqual([false, false, true]);
    expect(await visibilityOf(spam)).toEqual({ visibility: 'hidden', hidden_reason: 'spam-flags' });
  });

  it('only queues a post when every flag comes from one address', async () => {
    const spam = await spamAnswer();
    expect(await flagAll(await flaggers(4), spam, ['203.0.113.9'])).toEqual([false, false, false, false]);
    expect((await visibilityOf(spam)).visibility).toBe('visible');
    const staff = await makeUser(t.db, { role: 'staff' });
    expect((await moderationQueue(t.db, staff, { now: T0 })).map((i) => [i.postId, i.counts.spam])).toEqual([[spam.postId, 4]]);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const spam = await spamAnswer();
    expect(await flagAll(await flaggers(3), spam, ['2001:db8:5:7::1', '2001:db8:5:7:ffff::2', '2001:0db8:0005:0007::3'])).toEqual([false, false, false]);
    expect((await visibilityOf(spam)).visibility).toBe('visible');
  });

  it('stores no address, only a hash of the network it came from', async () => {
    const spam = await spamAnswer();
    await flagAll(await flaggers(1), spam);
    const [row] = await t.db.selectFrom('flags').selectAll().execute();
    expect(JSON.stringify(row)).not.toContain(ADDRESSES[0]);
    expect(row!.network_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('only queues a post when every flagger’s account is new (under 7 days)', async () => {
    const spam = await spamAnswer();
    expect(await flagAll(await flaggers(4, { ageDays: 6 }), spam)).toEqual([false, false, false, false]);
    expect((await visibilityOf(spam)).visibility).toBe('visible');
  });

  it('hides when at least one flagger is established, even if the others are new', async () => {
    const spam = await spamAnswer();
    const members = [...(await flaggers(2, { ageDays: 1 })), await makeFlagger(t.db, { at: T0, ageDays: 8 })];
    expect(await flagAll(members, spam)).toEqual([false, false, true]);
  });

  it('never hides a post by a member with 1,000 reputation or by staff: it waits in the queue', async () => {
    const established = await spamAnswer(await makeFlagger(t.db, { at: T0, reputation: 1000 }));
    const byStaff = await spamAnswer(await makeUser(t.db, { role: 'staff' }));
    const members = await flaggers(4);
    expect(await flagAll(members, established)).toEqual([false, false, false, false]);
    expect(await flagAll(members, byStaff)).toEqual([false, false, false, false]);
    expect((await visibilityOf(established)).visibility).toBe('visible');
    expect((await visibilityOf(byStaff)).visibility).toBe('visible');
    const staff = await makeUser(t.db, { role: 'staff' });
    expect((await moderationQueue(t.db, staff, { now: T0 })).map((i) => i.postId).sort()).toEqual([established.postId, byStaff.postId].sort());
  });

  it('a member whose flags staff dismissed counts less: half after one dismissal without an agreed flag', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const [careless, ...others] = await flaggers(4);
    const innocent = await spamAnswer();
    await flagPost(t.db, careless!, { ...innocent, reason: 'spam', address: '192.0.2.1' }, { now: T0 });
    await dismissFlags(t.db, staff, innocent, { now: T0 });
    const spam = await spamAnswer();
    // 0.5 + 1 + 1 = 2.5 < 3: still visible; the fourth flag makes 3.5.
    expect(await flagAll([careless!, others[0]!, others[1]!, others[2]!], spam)).toEqual([false, false, false, true]);
  });

  it('staff flags count fully whatever their record, and vouch for the flags beside them', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const colleague = await makeUser(t.db, { role: 'staff' });
    const innocent = await spamAnswer();
    await flagPost(t.db, staff, { ...innocent, reason: 'spam', address: '192.0.2.1' }, { now: T0 });
    await dismissFlags(t.db, colleague, innocent, { now: T0 });
    const spam = await spamAnswer();
    // Two new accounts on one address would only queue it; a staff flag beside them hides it.
    expect(await flagAll([...(await flaggers(2, { ageDays: 1 })), staff], spam, ['203.0.113.9'])).toEqual([false, false, true]);
  });
});
