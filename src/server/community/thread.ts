// Reads a whole question page in a handful of queries: the question, its
// answers (accepted first, then by score), every comment, the authors and the
// viewer's votes. Hidden posts are shown only to staff and their authors.
import type { DB } from '@db/connection';
import type { PostType, Visibility } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';
import { canSeeHidden, questionUrl } from './questions';
import { votesOf } from './votes';

export interface ThreadAuthor {
  id: number;
  name: string;
  reputation: number;
  isStaff: boolean;
}

export interface ThreadComment {
  id: number;
  html: string;
  author: ThreadAuthor;
  createdAt: number;
}

export interface ThreadPost {
  type: PostType;
  id: number;
  html: string;
  markdown: string;
  score: number;
  author: ThreadAuthor;
  createdAt: number;
  updatedAt: number;
  visibility: Visibility;
  hiddenReason: string | null;
  comments: ThreadComment[];
  viewerVote: 1 | -1 | 0;
}

export interface ThreadAnswer extends ThreadPost {
  accepted: boolean;
  verifiedBy: string | null;
}

export interface QuestionThread {
  question: ThreadPost & {
    title: string;
    slug: string;
    url: string;
    tags: string[];
    status: 'open' | 'closed';
    closeReason: 'duplicate' | 'off-topic' | null;
    duplicateOf: { id: number; title: string; url: string } | null;
    locked: boolean;
    acceptedAnswerId: number | null;
    answerCount: number;
  };
  answers: ThreadAnswer[];
}

export async function getQuestionThread(db: DB, id: number, viewer: SessionUser | null): Promise<QuestionThread> {
  const q = await db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q || (q.visibility !== 'visible' && !canSeeHidden(viewer, q.author_id))) throw new NotFoundError('No question has this number.');
  const answers = (await db.selectFrom('answers').selectAll().where('question_id', '=', id).where('visibility', '!=', 'deleted').execute()).filter(
    (a) => a.visibility === 'visible' || canSeeHidden(viewer, a.author_id),
  );
  const answerIds = answers.map((a) => a.id);
  const comments = await db
    .selectFrom('comments')
    .selectAll()
    .where('visibility', '=', 'visible')
    .where((eb) =>
      eb.or([eb.and([eb('post_type', '=', 'question'), eb('post_id', '=', id)]), ...(answerIds.length ? [eb.and([eb('post_type', '=', 'answer'), eb('post_id', 'in', answerIds)])] : [])]),
    )
    .orderBy('created_at')
    .execute();
  const userIds = [...new Set([q.author_id, ...answers.map((a) => a.author_id), ...answers.map((a) => a.verified_by ?? q.author_id), ...comments.map((c) => c.author_id)])];
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'display_name', 'reputation', 'role']).where('id', 'in', userIds).execute()).map((u) => [
      u.id,
      { id: u.id, name: u.display_name, reputation: u.reputation, isStaff: u.role !== 'member' },
    ]),
  );
  const votes = viewer ? await votesOf(db, viewer.id, [{ postType: 'question', postId: id }, ...answerIds.map((a) => ({ postType: 'answer' as const, postId: a }))]) : new Map();
  const duplicate = q.duplicate_of_id ? await db.selectFrom('questions').select(['id', 'title', 'slug']).where('id', '=', q.duplicate_of_id).executeTakeFirst() : undefined;

  const commentsOf = (type: PostType, postId: number): ThreadComment[] =>
    comments.filter((c) => c.post_type === type && c.post_id === postId).map((c) => ({ id: c.id, html: c.body_html, author: users.get(c.author_id)!, createdAt: c.created_at }));

  const threadAnswers: ThreadAnswer[] = answers.map((a) => ({
    type: 'answer',
    id: a.id,
    html: a.body_html,
    markdown: a.body_md,
    score: a.score,
    author: users.get(a.author_id)!,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    visibility: a.visibility,
    hiddenReason: a.hidden_reason,
    comments: commentsOf('answer', a.id),
    viewerVote: votes.get(`answer:${a.id}`) ?? 0,
    accepted: q.accepted_answer_id === a.id,
    verifiedBy: a.verified_by ? (users.get(a.verified_by)?.name ?? 'staff') : null,
  }));
  threadAnswers.sort((x, y) => Number(y.accepted) - Number(x.accepted) || y.score - x.score || x.createdAt - y.createdAt);

  return {
    question: {
      type: 'question',
      id: q.id,
      title: q.title,
      slug: q.slug,
      url: questionUrl(q.id, q.slug),
      html: q.body_html,
      markdown: q.body_md,
      tags: JSON.parse(q.tags) as string[],
      score: q.score,
      author: users.get(q.author_id)!,
      createdAt: q.created_at,
      updatedAt: q.updated_at,
      visibility: q.visibility,
      hiddenReason: q.hidden_reason,
      comments: commentsOf('question', q.id),
      viewerVote: votes.get(`question:${q.id}`) ?? 0,
      status: q.status,
      closeReason: q.close_reason,
      duplicateOf: duplicate ? { id: duplicate.id, title: duplicate.title, url: questionUrl(duplicate.id, duplicate.slug) } : null,
      locked: q.locked === 1,
      acceptedAnswerId: q.accepted_answer_id,
      answerCount: q.answer_count,
    },
    answers: threadAnswers,
  };
}
