// Owns `reputation_events`, the reputation ledger: every change is a row (who,
// change, reason, post, source, time). A user's reputation is 1 plus the sum of
// their rows, cached on the user and recomputable. Undoing a vote or an accept
// reverses the live rows of its source with counter-rows, so history is kept.
import type { DB } from '@db/connection';
import type { PostType } from '@db/schema';
import { setCachedReputation } from '@/server/accounts/users';
import { defaultRules, type CommunityRules } from './rules';

export type ReputationReason =
  | 'question_upvoted'
  | 'answer_upvoted'
  | 'question_downvoted'
  | 'answer_downvoted'
  | 'downvote_cast'
  | 'answer_accepted'
  | 'accepted_an_answer'
  | 'spam_deleted'
  | 'reversal';

/** Gains from up-votes count towards the daily cap; accepts are exempt. */
const CAPPED_REASONS: ReputationReason[] = ['question_upvoted', 'answer_upvoted'];
const DAY = 24 * 60 * 60_000;

async function currentReputation(db: DB, userId: number): Promise<number> {
  const row = await db.selectFrom('users').select('reputation').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.reputation;
}

async function earnedFromVotesToday(db: DB, userId: number, now: number): Promise<number> {
  const dayStart = Math.floor(now / DAY) * DAY;
  const row = await db
    .selectFrom('reputation_events')
    .select((eb) => eb.fn.sum<number>('delta').as('earned'))
    .where('user_id', '=', userId)
    .where('reason', 'in', CAPPED_REASONS)
    .where('reversed', '=', 0)
    .where('created_at', '>=', dayStart)
    .where('created_at', '<', dayStart + DAY)
    .executeTakeFirst();
  return Number(row?.earned ?? 0);
}

/** What actually applies: the daily cap on vote gains, and never below 1. Pure, for unit tests. */
export function appliedDelta(input: { ruleDelta: number; current: number; earnedToday: number; capped: boolean; cap: number }): number {
  if (input.ruleDelta >= 0) {
    if (!input.capped) return input.ruleDelta;
    return Math.max(0, Math.min(input.ruleDelta, input.cap - input.earnedToday));
  }
  return Math.max(input.ruleDelta, 1 - input.current);
}

export interface Grant {
  userId: number;
  ruleDelta: number;
  reason: ReputationReason;
  postType: PostType | null;
  postId: number | null;
  /** What caused it, e.g. "vote:12" or "accept:7"; undo reverses by source. */
  source: string;
}

/** Records one ledger row and updates the cached reputation. Call inside the causing transaction. */
export async function grantReputation(db: DB, grant: Grant, now = Date.now(), rules: CommunityRules = defaultRules): Promise<number> {
  const current = await currentReputation(db, grant.userId);
  const capped = CAPPED_REASONS.includes(grant.reason);
  const delta = appliedDelta({
    ruleDelta: grant.ruleDelta,
    current,
    earnedToday: capped ? await earnedFromVotesToday(db, grant.userId, now) : 0,
    capped,
    cap: rules.reputation.dailyVoteCap,
  });
  await db
    .insertInto('reputation_events')
    .values({
      user_id: grant.userId,
      delta,
      rule_delta: grant.ruleDelta,
      reason: grant.reason,
      post_type: grant.postType,
      post_id: grant.postId,
      source: grant.source,
      created_at: now,
    })
    .execute();
  if (delta !== 0) await setCachedReputation(db, grant.userId, current + delta);
  return delta;
}

/** Whether a source already has a live (not reversed) event for this reason, e.g. a spam penalty. */
export async function hasLiveReputationEvent(db: DB, source: string, reason: ReputationReason): Promise<boolean> {
  const row = await db
    .selectFrom('reputation_events')
    .select('id')
    .where('source', '=', source)
    .where('reason', '=', reason)
    .where('reversed', '=', 0)
    .executeTakeFirst();
  return !!row;
}

/** Reverses every live row of a source (a vote undone or changed, an accept moved). */
export async function reverseReputation(db: DB, source: string, now = Date.now()): Promise<void> {
  const live = await db
    .selectFrom('reputation_events')
    .selectAll()
    .where('source', '=', source)
    .where('reversed', '=', 0)
    .where('reason', '!=', 'reversal')
    .execute();
  for (const event of live) {
    await db.updateTable('reputation_events').set({ reversed: 1 }).where('id', '=', event.id).execute();
    const current = await currentReputation(db, event.user_id);
    // Taking back a gain respects the floor of 1; giving back a loss always applies.
    const delta = event.delta > 0 ? Math.max(-event.delta, 1 - current) : -event.delta;
    await db
      .insertInto('reputation_events')
      .values({
        user_id: event.user_id,
        delta,
        rule_delta: -event.delta,
        reason: 'reversal',
        post_type: event.post_type,
        post_id: event.post_id,
        source,
        reversed: 1,
        created_at: now,
      })
      .execute();
    if (delta !== 0) await setCachedReputation(db, event.user_id, current + delta);
  }
}

/** Recomputes cached reputation from the ledger (all users, or one). Returns the new values. */
export async function recomputeReputation(db: DB, userId?: number): Promise<Map<number, number>> {
  let users = db.selectFrom('users').select('id');
  if (userId !== undefined) users = users.where('id', '=', userId);
  const ids = (await users.execute()).map((u) => u.id);
  let sums = db
    .selectFrom('reputation_events')
    .select(['user_id', (eb) => eb.fn.sum<number>('delta').as('total')])
    .groupBy('user_id');
  if (userId !== undefined) sums = sums.where('user_id', '=', userId);
  const totals = new Map((await sums.execute()).map((r) => [r.user_id, Number(r.total)]));
  const result = new Map<number, number>();
  for (const id of ids) {
    const reputation = 1 + (totals.get(id) ?? 0);
    await setCachedReputation(db, id, reputation);
    result.set(id, reputation);
  }
  return result;
}

export interface ReputationHistoryItem {
  delta: number;
  reason: ReputationReason;
  postType: PostType | null;
  postId: number | null;
  createdAt: number;
}

export async function reputationHistory(db: DB, userId: number, limit = 50): Promise<ReputationHistoryItem[]> {
  const rows = await db
    .selectFrom('reputation_events')
    .select(['delta', 'reason', 'post_type', 'post_id', 'created_at'])
    .where('user_id', '=', userId)
    .where('delta', '!=', 0)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ delta: r.delta, reason: r.reason as ReputationReason, postType: r.post_type, postId: r.post_id, createdAt: r.created_at }));
}
