// Owns `comments`: short remarks on questions and answers (moderation hides them like posts). Anyone may comment
// on their own posts and on answers to their own questions; elsewhere the
// "comment everywhere" privilege is needed.
import { withTransaction, type DB } from '@db/connection';
import type { PostType, Visibility } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';
import type { SiteContext } from '@/server/email/templates';
import { getAnswerRow } from './answers';
import { notify } from './notifications';
import { COMMENT_MAX, COMMENT_MIN, loadActor, renderPost, throttleComment, validateBody, type CommunityContext } from './posting';
import { assertAllowed, commentRefusal, postFacts, questionFacts } from './permissions';
import { getQuestionRow, touchQuestion } from './questions';
import { defaultRules } from './rules';

export async function addComment(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  post: { postType: PostType; postId: number },
  body: string,
  ctx: CommunityContext = {},
): Promise<{ id: number; questionId: number }> {
  const now = ctx.now ?? Date.now();
  validateBody(body, 'comment', COMMENT_MIN, COMMENT_MAX, 'comment');
  return withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const answer = post.postType === 'answer' ? await getAnswerRow(trx, post.postId) : undefined;
    const question = await getQuestionRow(trx, answer ? answer.question_id : post.postId);
    const postAuthor = answer ? answer.author_id : question.author_id;
    assertAllowed(commentRefusal(member, questionFacts(question), postFacts(answer ?? question), { rules: ctx.rules, now }));
    await throttleComment(trx, member, ctx.rules ?? defaultRules, now);
    const text = body.trim();
    const { id } = await trx
      .insertInto('comments')
      .values({ post_type: post.postType, post_id: post.postId, author_id: member.id, body_md: text, body_html: renderPost(text).html, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await touchQuestion(trx, question.id, now);
    await notify(
      trx,
      site,
      { userId: postAuthor, kind: 'comment', actorId: member.id, questionId: question.id, answerId: answer?.id ?? null, commentId: id },
      now,
    );
    return { id, questionId: question.id };
  });
}

export async function getCommentRow(db: DB, id: number) {
  const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No comment has this number.');
  return row;
}

/** Moderation moves this; `reason` is kept while the comment is not visible. */
export async function setCommentVisibility(db: DB, id: number, visibility: Visibility, reason: string | null = null): Promise<void> {
  const result = await db
    .updateTable('comments')
    .set({ visibility, hidden_reason: visibility === 'visible' ? null : reason })
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('No comment has this number.');
}
