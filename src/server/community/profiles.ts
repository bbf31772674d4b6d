// Reads for member profiles and revision pages: who a member is, what they
// asked and answered, and which post a ledger row or revision belongs to.
// Owns no table: it only reads `users`, `questions` and `answers` (avatars from ./images).
import type { DB } from '@db/connection';
import type { PostType, Role, Visibility } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';
import { slugifyHeading } from '@/server/markdown';
import { isStaff } from '@/server/accounts/authorization';
import { answerPermalink } from './answer-links';
import { avatarUrls } from './images';
import { canSeeHidden, questionUrl } from './questions';
import type { ReputationReason } from './reputation';

export interface Profile {
  id: number;
  displayName: string;
  /** From the name; the canonical last segment of the profile URL. */
  slug: string;
  role: Role;
  isStaff: boolean;
  reputation: number;
  memberSince: number;
  /** Visible posts only. */
  questionCount: number;
  answerCount: number;
  acceptedAnswerCount: number;
  /** Their avatar's address, or null for the initials. */
  avatarUrl: string | null;
}

export function profileSlug(displayName: string): string {
  const slug = slugifyHeading(displayName);
  // slugifyHeading falls back to "section" when nothing is left (a name of emoji, say).
  return slug === 'section' && !/section/i.test(displayName) ? 'member' : slug;
}

export function profileUrl(id: number, displayName: string): string {
  return `/users/${id}/${encodeURIComponent(profileSlug(displayName))}`;
}

export async function getProfile(db: DB, userId: number): Promise<Profile> {
  const user = await db.selectFrom('users').select(['id', 'display_name', 'role', 'reputation', 'created_at']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('No member has this number.');
  const [questions, answers, accepted, avatars] = await Promise.all([
    db
      .selectFrom('questions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', userId)
      .where('visibility', '=', 'visible')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('answers')
      .innerJoin('questions', 'questions.id', 'answers.question_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('answers.author_id', '=', userId)
      .where('answers.visibility', '=', 'visible')
      .where('questions.visibility', '=', 'visible')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('questions')
      .innerJoin('answers', 'answers.id', 'questions.accepted_answer_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('answers.author_id', '=', userId)
      .where('answers.visibility', '=', 'visible')
      .where('questions.visibility', '=', 'visible')
      .executeTakeFirstOrThrow(),
    avatarUrls(db, [userId]),
  ]);
  return {
    id: user.id,
    displayName: user.display_name,
    slug: profileSlug(user.display_name),
    role: user.role,
    isStaff: isStaff(user),
    reputation: user.reputation,
    memberSince: user.created_at,
    questionCount: Number(questions.n),
    answerCount: Number(answers.n),
    acceptedAnswerCount: Number(accepted.n),
    avatarUrl: avatars.get(userId) ?? null,
  };
}

export interface AnswerSummary {
  id: number;
  /** The answer's place in its question's page. */
  url: string;
  questionId: number;
  questionTitle: string;
  questionUrl: string;
  score: number;
  accepted: boolean;
  createdAt: number;
}

/** A member's latest answers on visible questions, newest first. */
export async function listAnswersBy(db: DB, userId: number, options: { limit?: number } = {}): Promise<AnswerSummary[]> {
  const rows = await db
    .selectFrom('answers')
    .innerJoin('questions', 'questions.id', 'answers.question_id')
    .select([
      'answers.id',
      'answers.score',
      'answers.created_at',
      'questions.id as question_id',
      'questions.title',
      'questions.slug',
      'questions.accepted_answer_id',
    ])
    .where('answers.author_id', '=', userId)
    .where('answers.visibility', '=', 'visible')
    .where('questions.visibility', '=', 'visible')
    .orderBy('answers.created_at', 'desc')
    .orderBy('answers.id', 'desc')
    .limit(options.limit ?? 20)
    .execute();
  return rows.map((r) => {
    const url = questionUrl(r.question_id, r.slug);
    return {
      id: r.id,
      url: answerPermalink(r.id),
      questionId: r.question_id,
      questionTitle: r.title,
      questionUrl: url,
      score: r.score,
      accepted: r.accepted_answer_id === r.id,
      createdAt: r.created_at,
    };
  });
}

/** Ledger reasons as a person would say them. */
export const reputationReasonLabels: Record<ReputationReason, string> = {
  question_upvoted: 'Question up-voted',
  answer_upvoted: 'Answer up-voted',
  question_downvoted: 'Question down-voted',
  answer_downvoted: 'Answer down-voted',
  downvote_cast: 'Down-voted an answer',
  answer_accepted: 'Answer accepted',
  accepted_an_answer: 'Accepted an answer',
  spam_deleted: 'Post removed as spam',
  reversal: 'Vote or acceptance undone',
};

export interface PostLink {
  title: string;
  url: string;
}

export function postKey(postType: PostType, postId: number): string {
  return `${postType}:${postId}`;
}

/**
 * Titles and links for the posts behind ledger rows, in two queries whatever
 * the number of rows. An answer links to its place in its question. Posts that
 * are not visible are left out, so their titles never leak.
 */
export async function postLinks(db: DB, posts: Array<{ postType: PostType | null; postId: number | null }>): Promise<Map<string, PostLink>> {
  const ids = (type: PostType) => [...new Set(posts.filter((p) => p.postType === type && p.postId !== null).map((p) => p.postId!))];
  const questionIds = ids('question');
  const answerIds = ids('answer');
  const [questions, answers] = await Promise.all([
    questionIds.length
      ? db.selectFrom('questions').select(['id', 'title', 'slug']).where('id', 'in', questionIds).where('visibility', '=', 'visible').execute()
      : Promise.resolve([]),
    answerIds.length
      ? db
          .selectFrom('answers')
          .innerJoin('questions', 'questions.id', 'answers.question_id')
          .select(['answers.id', 'questions.id as question_id', 'questions.title', 'questions.slug'])
          .where('answers.id', 'in', answerIds)
          .where('answers.visibility', '=', 'visible')
          .where('questions.visibility', '=', 'visible')
          .execute()
      : Promise.resolve([]),
  ]);
  const links = new Map<string, PostLink>();
  for (const q of questions) links.set(postKey('question', q.id), { title: q.title, url: questionUrl(q.id, q.slug) });
  for (const a of answers) links.set(postKey('answer', a.id), { title: a.title, url: answerPermalink(a.id) });
  return links;
}

export interface RevisedPost {
  postType: PostType;
  postId: number;
  /** The post's own link: the question, or the answer's place in it. */
  url: string;
  question: { id: number; title: string; url: string };
  visibility: Visibility;
}

/**
 * The question or answer whose revisions a viewer asks for. Hidden posts are
 * shown only to staff and their authors, as on the question page; deleted
 * posts to nobody but staff.
 */
export async function getRevisedPost(db: DB, postType: PostType, postId: number, viewer: SessionUser | null): Promise<RevisedPost> {
  const notFound = () => new NotFoundError(postType === 'question' ? 'No question has this number.' : 'No answer has this number.');
  const row =
    postType === 'question'
      ? await db
          .selectFrom('questions')
          .select(['id as question_id', 'title', 'slug', 'author_id', 'visibility', 'visibility as question_visibility', 'author_id as question_author_id'])
          .where('id', '=', postId)
          .executeTakeFirst()
      : await db
          .selectFrom('answers')
          .innerJoin('questions', 'questions.id', 'answers.question_id')
          .select([
            'questions.id as question_id',
            'questions.title',
            'questions.slug',
            'answers.author_id',
            'answers.visibility',
            'questions.visibility as question_visibility',
            'questions.author_id as question_author_id',
          ])
          .where('answers.id', '=', postId)
          .executeTakeFirst();
  if (!row) throw notFound();
  const maySee = (visibility: Visibility, authorId: number) =>
    visibility === 'visible' || (visibility === 'deleted' ? !!viewer && isStaff(viewer) : canSeeHidden(viewer, authorId));
  if (!maySee(row.visibility, row.author_id) || !maySee(row.question_visibility, row.question_author_id)) throw notFound();
  const url = questionUrl(row.question_id, row.slug);
  return {
    postType,
    postId,
    url: postType === 'question' ? url : answerPermalink(postId),
    question: { id: row.question_id, title: row.title, url },
    visibility: row.visibility,
  };
}
