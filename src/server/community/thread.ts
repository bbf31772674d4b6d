// Reads a whole question page in a handful of queries: the question, one page
// of its answers (accepted first, then by score, then oldest, ties by id), their
// comments, the authors and the viewer's votes. Hidden posts are shown only to staff and their authors
// (deleted comments to staff only, so they can restore them in place). Also
// the one read for an edit page, checked like the edit itself.
import type { DB } from '@db/connection';
import type { PostType, Visibility } from '@db/schema';
import { isStaff } from '@/server/accounts/authorization';
import { getMember } from '@/server/accounts/users';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';
import { getAnswerRow } from './answers';
import { avatarUrls } from './images';
import { assertAllowed, canSeeHidden, editRefusal, postFacts, questionFacts, threadPermissions, type ThreadPermissions } from './permissions';
import { loadActor, type CommunityContext } from './posting';
import { getQuestionRow, questionUrl } from './questions';
import { votesOf } from './votes';

export interface ThreadAuthor {
  id: number;
  name: string;
  reputation: number;
  isStaff: boolean;
  /** Their avatar's address, or null for the initials. */
  avatarUrl: string | null;
}

export interface ThreadComment {
  id: number;
  html: string;
  author: ThreadAuthor;
  createdAt: number;
  visibility: Visibility;
  hiddenReason: string | null;
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
  /** The answers on this page, in `answerOrder`. */
  answers: ThreadAnswer[];
  answerPage: AnswerPage;
  /** What the viewer may do here, from the same rules the writes assert. */
  permissions: ThreadPermissions;
}

export const ANSWERS_PER_PAGE = 30;

export interface AnswerPage {
  /** 1-based; a page past the end reads as the last one. */
  page: number;
  pageCount: number;
  /** Answers this viewer can see (their own hidden ones included). */
  total: number;
  pageSize: number;
  /** The number of the page's first answer, counting from 1 ("Answers 31–60 of 65"). */
  firstNumber: number;
}

interface AnswerKey {
  id: number;
  author_id: number;
  visibility: Visibility;
  score: number;
  created_at: number;
}

/**
 * Every answer of a question this viewer may see, in page order: the accepted
 * one, then by score, then the oldest, then by id (so the order is total and
 * pages never overlap). Only these small columns are read for all answers.
 */
async function orderedAnswerKeys(db: DB, question: { id: number; accepted_answer_id: number | null }, viewer: SessionUser | null): Promise<AnswerKey[]> {
  const keys = (
    await db
      .selectFrom('answers')
      .select(['id', 'author_id', 'visibility', 'score', 'created_at'])
      .where('question_id', '=', question.id)
      .where('visibility', '!=', 'deleted')
      .execute()
  ).filter((a) => a.visibility === 'visible' || canSeeHidden(viewer, a.author_id));
  const accepted = (a: AnswerKey) => Number(a.id === question.accepted_answer_id);
  return keys.sort((x, y) => accepted(y) - accepted(x) || y.score - x.score || x.created_at - y.created_at || x.id - y.id);
}

function pageOf(total: number, requested: number): Omit<AnswerPage, 'total'> {
  const pageCount = Math.max(1, Math.ceil(total / ANSWERS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(requested)), pageCount);
  return { page, pageCount, pageSize: ANSWERS_PER_PAGE, firstNumber: (page - 1) * ANSWERS_PER_PAGE + 1 };
}

/** A page of a question's answers: `/community/questions/<id>/<slug>`, with `?answers=<page>` past the first. */
export function answerPageUrl(questionPath: string, page: number): string {
  return page > 1 ? `${questionPath}?answers=${page}` : questionPath;
}

/** The answer's page address (without its `#answer-<id>` anchor, which links carry), as this viewer sees the thread. */
export async function answerPageOf(db: DB, answerId: number, viewer: SessionUser | null): Promise<{ url: string; page: number }> {
  const answer = await db.selectFrom('answers').select(['question_id']).where('id', '=', answerId).executeTakeFirst();
  if (!answer) throw new NotFoundError('No answer has this number.');
  const q = await db
    .selectFrom('questions')
    .select(['id', 'slug', 'visibility', 'author_id', 'accepted_answer_id'])
    .where('id', '=', answer.question_id)
    .executeTakeFirstOrThrow();
  if (q.visibility !== 'visible' && !canSeeHidden(viewer, q.author_id)) throw new NotFoundError('No answer has this number.');
  const index = (await orderedAnswerKeys(db, q, viewer)).findIndex((a) => a.id === answerId);
  if (index < 0) throw new NotFoundError('No answer has this number.');
  const page = Math.floor(index / ANSWERS_PER_PAGE) + 1;
  return { url: answerPageUrl(questionUrl(q.id, q.slug), page), page };
}

export async function getQuestionThread(db: DB, id: number, viewer: SessionUser | null, options: { page?: number } = {}): Promise<QuestionThread> {
  const q = await db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!q || (q.visibility !== 'visible' && !canSeeHidden(viewer, q.author_id))) throw new NotFoundError('No question has this number.');
  const keys = await orderedAnswerKeys(db, q, viewer);
  const answerPage: AnswerPage = { ...pageOf(keys.length, options.page ?? 1), total: keys.length };
  const answerIds = keys.slice(answerPage.firstNumber - 1, answerPage.firstNumber - 1 + ANSWERS_PER_PAGE).map((a) => a.id);
  const position = new Map(answerIds.map((answerId, i) => [answerId, i]));
  const answers = answerIds.length
    ? (await db.selectFrom('answers').selectAll().where('id', 'in', answerIds).execute()).sort((x, y) => position.get(x.id)! - position.get(y.id)!)
    : [];
  const comments = await db
    .selectFrom('comments')
    .selectAll()
    .where('visibility', 'in', viewer && isStaff(viewer) ? ['visible', 'hidden', 'deleted'] : ['visible', 'hidden'])
    .where((eb) =>
      eb.or([
        eb.and([eb('post_type', '=', 'question'), eb('post_id', '=', id)]),
        ...(answerIds.length ? [eb.and([eb('post_type', '=', 'answer'), eb('post_id', 'in', answerIds)])] : []),
      ]),
    )
    .orderBy('created_at')
    .execute()
    .then((rows) => rows.filter((c) => c.visibility === 'visible' || canSeeHidden(viewer, c.author_id)));
  const userIds = [
    ...new Set([q.author_id, ...answers.map((a) => a.author_id), ...answers.map((a) => a.verified_by ?? q.author_id), ...comments.map((c) => c.author_id)]),
  ];
  const [userRows, avatars] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name', 'reputation', 'role']).where('id', 'in', userIds).execute(),
    avatarUrls(db, userIds),
  ]);
  const users = new Map(
    userRows.map((u) => [u.id, { id: u.id, name: u.display_name, reputation: u.reputation, isStaff: isStaff(u), avatarUrl: avatars.get(u.id) ?? null }]),
  );
  const votes = viewer
    ? await votesOf(db, viewer.id, [{ postType: 'question', postId: id }, ...answerIds.map((a) => ({ postType: 'answer' as const, postId: a }))])
    : new Map();
  const duplicate = q.duplicate_of_id
    ? await db.selectFrom('questions').select(['id', 'title', 'slug']).where('id', '=', q.duplicate_of_id).executeTakeFirst()
    : undefined;

  const commentsOf = (type: PostType, postId: number): ThreadComment[] =>
    comments
      .filter((c) => c.post_type === type && c.post_id === postId)
      .map((c) => ({
        id: c.id,
        html: c.body_html,
        author: users.get(c.author_id)!,
        createdAt: c.created_at,
        visibility: c.visibility,
        hiddenReason: c.hidden_reason,
      }));

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

  const question: QuestionThread['question'] = {
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
  };
  const member = viewer ? await getMember(db, viewer.id) : null;
  return { question, answers: threadAnswers, answerPage, permissions: threadPermissions(member, { question, answers: threadAnswers }) };
}

export interface AnswerForEdit {
  postType: 'answer';
  id: number;
  questionId: number;
  questionTitle: string;
  /** The post on its question page. */
  url: string;
  body: string;
}

export interface QuestionForEdit extends Omit<AnswerForEdit, 'postType'> {
  postType: 'question';
  title: string;
  tags: string[];
}

/**
 * What an edit page needs to fill its form, checked exactly like
 * `editQuestion`/`editAnswer`: a visitor must sign in, a hidden or deleted
 * post does not exist for those who may not see it, and editing someone
 * else's post needs the privilege.
 */
export async function getPostForEdit(
  db: DB,
  viewer: SessionUser | null,
  post: { postType: 'question'; postId: number },
  ctx?: CommunityContext,
): Promise<QuestionForEdit>;
export async function getPostForEdit(
  db: DB,
  viewer: SessionUser | null,
  post: { postType: 'answer'; postId: number },
  ctx?: CommunityContext,
): Promise<AnswerForEdit>;
export async function getPostForEdit(
  db: DB,
  viewer: SessionUser | null,
  post: { postType: PostType; postId: number },
  ctx: CommunityContext = {},
): Promise<QuestionForEdit | AnswerForEdit> {
  const now = ctx.now ?? Date.now();
  const member = await loadActor(db, viewer, now);
  const answer = post.postType === 'answer' ? await getAnswerRow(db, post.postId) : undefined;
  const question = await getQuestionRow(db, answer ? answer.question_id : post.postId);
  assertAllowed(editRefusal(member, questionFacts(question), answer && postFacts(answer), { rules: ctx.rules, now }));
  const url = questionUrl(question.id, question.slug);
  if (answer)
    return {
      postType: 'answer',
      id: answer.id,
      questionId: question.id,
      questionTitle: question.title,
      url: `${url}#answer-${answer.id}`,
      body: answer.body_md,
    };
  return {
    postType: 'question',
    id: question.id,
    questionId: question.id,
    questionTitle: question.title,
    url,
    title: question.title,
    body: question.body_md,
    tags: JSON.parse(question.tags) as string[],
  };
}

/** A visible question's number, title and address, for linking it elsewhere (the contact form); undefined when there is none to show. */
export async function publicQuestionLink(db: DB, id: number): Promise<{ id: number; title: string; url: string } | undefined> {
  const q = await db.selectFrom('questions').select(['id', 'title', 'slug']).where('id', '=', id).where('visibility', '=', 'visible').executeTakeFirst();
  return q ? { id: q.id, title: q.title, url: questionUrl(q.id, q.slug) } : undefined;
}
