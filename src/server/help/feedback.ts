// Owns `help_feedback`: "Was this helpful? Yes / No" with an optional comment
// after No. One vote per visitor per article: a second vote changes the first.
// No personal data is kept beyond an optional signed-in user id.
import { withTransaction, type DB } from '@db/connection';
import { sha256Hex } from '@/lib/crypto';
import { ValidationError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';

export const FEEDBACK_COMMENT_MAX = 1000;

export const feedbackPerIp: RateLimitRule = {
  bucket: 'help-feedback:ip',
  max: 60,
  windowMs: 60 * 60_000,
  message: 'You have sent a lot of feedback in the last hour. Please try again later.',
};

/** A signed-in user votes as themselves; a visitor by a hash of their random cookie. */
export function voterKey(userId: number | null | undefined, visitorId: string | null | undefined): string | null {
  if (userId) return `u:${userId}`;
  if (visitorId) return `v:${sha256Hex(visitorId).slice(0, 40)}`;
  return null;
}

export interface FeedbackVote {
  helpful: boolean;
  comment: string | null;
}

export async function feedbackFrom(db: DB, slug: string, voter: string): Promise<FeedbackVote | undefined> {
  const row = await db
    .selectFrom('help_feedback')
    .select(['helpful', 'comment'])
    .where('article_slug', '=', slug)
    .where('voter_key', '=', voter)
    .executeTakeFirst();
  return row ? { helpful: row.helpful === 1, comment: row.comment } : undefined;
}

export async function recordFeedback(
  db: DB,
  /** `ip: null` for trusted callers (the demo seed): no rate limit. */
  vote: { slug: string; voter: string; userId: number | null; helpful: boolean; ip: string | null },
  now = Date.now(),
): Promise<void> {
  if (vote.ip !== null) await assertWithinLimit(db, feedbackPerIp, vote.ip, now);
  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('help_feedback')
      .values({
        article_slug: vote.slug,
        voter_key: vote.voter,
        user_id: vote.userId,
        helpful: vote.helpful ? 1 : 0,
        comment: null,
        created_at: now,
        updated_at: now,
      })
      // Changing your mind replaces the vote; a comment only belongs to a "No".
      .onConflict((oc) => oc.columns(['article_slug', 'voter_key']).doUpdateSet({ helpful: vote.helpful ? 1 : 0, comment: null, updated_at: now }))
      .execute();
    if (vote.ip !== null) await recordAttempt(trx, feedbackPerIp, vote.ip, now);
  });
}

/** Adds (or replaces) the comment on a "No" vote. */
export async function commentOnFeedback(db: DB, input: { slug: string; voter: string; comment: string }, now = Date.now()): Promise<void> {
  const comment = input.comment.trim();
  if (comment.length === 0) throw new ValidationError('Write a few words, or skip this step.', { comment: 'Write a few words, or skip this step.' });
  if (comment.length > FEEDBACK_COMMENT_MAX) {
    const message = `Keep it under ${FEEDBACK_COMMENT_MAX} characters (you wrote ${comment.length}).`;
    throw new ValidationError(message, { comment: message });
  }
  const result = await db
    .updateTable('help_feedback')
    .set({ comment, updated_at: now })
    .where('article_slug', '=', input.slug)
    .where('voter_key', '=', input.voter)
    .where('helpful', '=', 0)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const message = 'Choose "No" first, then tell us what was missing.';
    throw new ValidationError(message, { comment: message });
  }
}

export interface FeedbackSummary {
  slug: string;
  yes: number;
  no: number;
}

export async function feedbackSummaries(db: DB): Promise<FeedbackSummary[]> {
  const rows = await db
    .selectFrom('help_feedback')
    .select(['article_slug', (eb) => eb.fn.sum<number>('helpful').as('yes'), (eb) => eb.fn.countAll<number>().as('total')])
    .groupBy('article_slug')
    .execute();
  return rows.map((r) => ({ slug: r.article_slug, yes: Number(r.yes), no: Number(r.total) - Number(r.yes) }));
}
