// Owns `votes`: one vote per member per post, changeable and undoable. Every
// vote moves reputation through the ledger; undoing or changing it reverses
// the events of the old vote. No self-votes; privileges decide who may vote.
import { withTransaction, type DB } from '@db/connection';
import { isBusy, isUniqueViolation } from '@db/errors';
import type { PostType } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { ConflictError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import { adjustAnswerScore, getAnswerRow } from './answers';
import { awardBadges } from './badges';
import { loadActor, type CommunityContext } from './posting';
import { assertAllowed, postFacts, questionFacts, voteRefusal } from './permissions';
import { adjustQuestionScore, getQuestionRow } from './questions';
import { grantReputation, reverseReputation } from './reputation';
import { defaultRules } from './rules';

export type VoteDirection = 'up' | 'down' | 'none';

export interface PostRef {
  postType: PostType;
  postId: number;
}

async function loadPost(db: DB, post: PostRef) {
  if (post.postType === 'question') {
    const q = await getQuestionRow(db, post.postId);
    return { question: questionFacts(q), post: postFacts(q), authorId: q.author_id, score: q.score };
  }
  const a = await getAnswerRow(db, post.postId);
  const q = await getQuestionRow(db, a.question_id);
  return { question: questionFacts(q), post: postFacts(a), authorId: a.author_id, score: a.score };
}

export async function castVote(
  db: DB,
  user: SessionUser | null,
  post: PostRef,
  direction: VoteDirection,
  ctx: CommunityContext = {},
): Promise<{ score: number; direction: VoteDirection }> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  try {
    return await withTransaction(db, async (trx) => {
      const member = await loadActor(trx, user, now);
      const target = await loadPost(trx, post);
      assertAllowed(voteRefusal(member, target.question, target.post, direction, { rules, now }));

      const existing = await trx
        .selectFrom('votes')
        .select(['id', 'value'])
        .where('user_id', '=', member.id)
        .where('post_type', '=', post.postType)
        .where('post_id', '=', post.postId)
        .executeTakeFirst();
      const wanted = direction === 'up' ? 1 : direction === 'down' ? -1 : 0;
      if ((existing?.value ?? 0) === wanted) return { score: target.score, direction };

      let scoreChange = 0;
      if (existing) {
        await reverseReputation(trx, `vote:${existing.id}`, now);
        await trx.deleteFrom('votes').where('id', '=', existing.id).execute();
        scoreChange -= existing.value;
      }
      if (wanted !== 0) {
        const votesToday: RateLimitRule = {
          bucket: 'community-vote:user',
          max: rules.limits.votesPerDay,
          windowMs: 24 * 60 * 60_000,
          message: `You have used your ${rules.limits.votesPerDay} votes for today. Come back tomorrow.`,
        };
        await assertWithinLimit(trx, votesToday, String(member.id), now);
        await recordAttempt(trx, votesToday, String(member.id), now);
        const vote = await trx
          .insertInto('votes')
          .values({ user_id: member.id, post_type: post.postType, post_id: post.postId, value: wanted as 1 | -1, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const source = `vote:${vote.id}`;
        const r = rules.reputation;
        if (wanted === 1) {
          const reason = post.postType === 'question' ? 'question_upvoted' : 'answer_upvoted';
          const amount = post.postType === 'question' ? r.questionUpvoted : r.answerUpvoted;
          await grantReputation(trx, { userId: target.authorId, ruleDelta: amount, reason, postType: post.postType, postId: post.postId, source }, now, rules);
        } else {
          const reason = post.postType === 'question' ? 'question_downvoted' : 'answer_downvoted';
          await grantReputation(
            trx,
            { userId: target.authorId, ruleDelta: r.downvoteReceived, reason, postType: post.postType, postId: post.postId, source },
            now,
            rules,
          );
          if (post.postType === 'answer') {
            await grantReputation(
              trx,
              { userId: member.id, ruleDelta: r.downvoteCastOnAnswer, reason: 'downvote_cast', postType: post.postType, postId: post.postId, source },
              now,
              rules,
            );
          }
        }
        scoreChange += wanted;
      }
      // A question's score is part of its search document (adjustQuestionScore records the change); an answer's is not.
      if (post.postType === 'question') await adjustQuestionScore(trx, post.postId, scoreChange, now);
      else await adjustAnswerScore(trx, post.postId, scoreChange);
      if (post.postType === 'answer') await awardBadges(trx, target.authorId, now);
      return { score: target.score + scoreChange, direction };
    });
  } catch (error) {
    // Two requests raced past the check: the unique index kept one vote.
    if (isUniqueViolation(error)) throw new ConflictError('Your vote was already counted.');
    // Another connection held the write lock past busy_timeout: nothing was written; refuse cleanly, not with the driver's error.
    if (isBusy(error)) throw new ConflictError('Your vote could not be saved at this moment. Please try again.');
    throw error;
  }
}

/** The viewer's votes on a set of posts, for showing pressed buttons. */
export async function votesOf(db: DB, userId: number, posts: PostRef[]): Promise<Map<string, 1 | -1>> {
  if (posts.length === 0) return new Map();
  const questionIds = posts.filter((p) => p.postType === 'question').map((p) => p.postId);
  const answerIds = posts.filter((p) => p.postType === 'answer').map((p) => p.postId);
  const rows = await db
    .selectFrom('votes')
    .select(['post_type', 'post_id', 'value'])
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        ...(questionIds.length ? [eb.and([eb('post_type', '=', 'question'), eb('post_id', 'in', questionIds)])] : []),
        ...(answerIds.length ? [eb.and([eb('post_type', '=', 'answer'), eb('post_id', 'in', answerIds)])] : []),
      ]),
    )
    .execute();
  return new Map(rows.map((r) => [`${r.post_type}:${r.post_id}`, r.value]));
}
