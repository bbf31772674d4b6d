// The rules of who may do what on a question thread, as plain functions of
// the member and the posts. Each returns the refusal (a typed domain error) or
// null; the domain writes throw it, and `threadPermissions` asks the very same
// functions, so what a page offers and what the domain accepts never disagree.
import type { Role, Visibility } from '@db/schema';
import { isStaff } from '@/server/accounts/authorization';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, type DomainError } from '@/server/errors';
import { privilegeRefusal, suspensionRefusal, type Member } from './privileges';
import { defaultRules, type CommunityRules } from './rules';
import type { QuestionThread, ThreadComment, ThreadPost } from './thread';

export type Refusal = DomainError | null;

export interface RuleContext {
  rules?: CommunityRules | undefined;
  now?: number | undefined;
}

/** What the rules need to know about a question. */
export interface QuestionFacts {
  authorId: number;
  visibility: Visibility;
  locked: boolean;
  status: 'open' | 'closed';
  acceptedAnswerId: number | null;
}

/** What the rules need to know about a question, answer or comment. */
export interface PostFacts {
  authorId: number;
  visibility: Visibility;
}

export function questionFacts(row: {
  author_id: number;
  visibility: Visibility;
  locked: number;
  status: 'open' | 'closed';
  accepted_answer_id: number | null;
}): QuestionFacts {
  return { authorId: row.author_id, visibility: row.visibility, locked: row.locked === 1, status: row.status, acceptedAnswerId: row.accepted_answer_id };
}

export function postFacts(row: { author_id: number; visibility: Visibility }): PostFacts {
  return { authorId: row.author_id, visibility: row.visibility };
}

export function assertAllowed(refusal: Refusal): void {
  if (refusal) throw refusal;
}

/** Whether a viewer may see a post that is hidden or deleted: staff and its author. */
export function canSeeHidden(viewer: { id: number; role: Role } | null | undefined, authorId: number): boolean {
  return !!viewer && (isStaff(viewer) || viewer.id === authorId);
}

function actorRefusal(member: Member | null, ctx: RuleContext): Refusal {
  if (!member) return new UnauthenticatedError('Sign in to take part in the community.');
  return suspensionRefusal(member, ctx.now ?? Date.now());
}

function privilege(member: Member, name: Parameters<typeof privilegeRefusal>[1], ctx: RuleContext): Refusal {
  return privilegeRefusal(member, name, ctx.rules ?? defaultRules, ctx.now ?? Date.now());
}

/** `posts` are the post itself and what it hangs on (its answer, its question): all must be visible. */
const allVisible = (...posts: PostFacts[]) => posts.every((p) => p.visibility === 'visible');

/** `post` is the question itself or one of its answers. Undoing a vote (`none`) needs no privilege. */
export function voteRefusal(
  member: Member | null,
  question: QuestionFacts,
  post: PostFacts,
  direction: 'up' | 'down' | 'none',
  ctx: RuleContext = {},
): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (!allVisible(question, post)) return new NotFoundError('This post is not available.');
  if (post.authorId === member.id) return new ForbiddenError('You cannot vote on your own post.');
  if (question.locked) return new ForbiddenError('This question is locked: votes are closed.');
  if (direction === 'up') return privilege(member, 'vote.up', ctx);
  if (direction === 'down') return privilege(member, 'vote.down', ctx);
  return null;
}

/** Anyone may comment on their own posts and on answers to their own questions; elsewhere "comment everywhere" is needed. */
export function commentRefusal(member: Member | null, question: QuestionFacts, post: PostFacts, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (!allVisible(question, post)) return new NotFoundError('This post is not available.');
  if (question.locked && !isStaff(member)) return new ForbiddenError('This question is locked: it takes no new comments.');
  if (post.authorId === member.id || question.authorId === member.id) return null;
  return privilege(member, 'comment', ctx);
}

export function answerRefusal(member: Member | null, question: QuestionFacts, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (question.visibility !== 'visible') return new NotFoundError('This question is not available.');
  if (question.locked && !isStaff(member)) return new ForbiddenError('This question is locked: it takes no new answers.');
  if (question.status === 'closed') return new ForbiddenError('This question is closed: it takes no new answers.');
  return null;
}

/**
 * Editing the question (`post` omitted) or one of its answers. Deleted posts
 * are edited by nobody (restore first); hidden ones only by those who can see
 * them (their author and staff; for an answer, its question too), and to
 * anyone else they do not exist.
 */
export function editRefusal(member: Member | null, question: QuestionFacts, answer?: PostFacts, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  const post = answer ?? question;
  const what = answer ? 'answer' : 'question';
  if (post.visibility === 'deleted' || question.visibility === 'deleted') return new NotFoundError(`This ${what} was deleted.`);
  const seen = (p: PostFacts) => p.visibility === 'visible' || canSeeHidden(member, p.authorId);
  if (!seen(question) || !seen(post)) return new NotFoundError(`No ${what} has this number.`);
  if (question.locked && !isStaff(member)) return new ForbiddenError('This question is locked: only staff can change it.');
  if (post.authorId === member.id) return null;
  return privilege(member, 'edit.others', ctx);
}

/** The asker accepts one visible answer of a visible, unlocked question. */
export function acceptRefusal(member: Member | null, question: QuestionFacts, answer: PostFacts, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (question.authorId !== member.id) return new ForbiddenError('Only the person who asked can accept an answer.');
  if (!allVisible(question, answer)) return new NotFoundError('This answer is not available.');
  if (question.locked) return new ForbiddenError('This question is locked.');
  return null;
}

export function unacceptRefusal(member: Member | null, question: QuestionFacts, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (question.authorId !== member.id) return new ForbiddenError('Only the person who asked can change the accepted answer.');
  if (question.visibility !== 'visible') return new NotFoundError('This question is not available.');
  if (question.locked) return new ForbiddenError('This question is locked.');
  if (question.acceptedAnswerId === null) return new ConflictError('No answer is accepted.');
  return null;
}

function staffRefusal(member: Member | null, message: string, ctx: RuleContext): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  return isStaff(member) ? null : new ForbiddenError(message);
}

export const verifyRefusal = (member: Member | null, ctx: RuleContext = {}): Refusal => staffRefusal(member, 'Only staff can verify answers.', ctx);
export const lockRefusal = (member: Member | null, ctx: RuleContext = {}): Refusal => staffRefusal(member, 'Only staff can lock questions.', ctx);
export const moderateRefusal = (member: Member | null, ctx: RuleContext = {}): Refusal => staffRefusal(member, 'Only staff can moderate the community.', ctx);

export function closeRefusal(member: Member | null, question: Pick<QuestionFacts, 'status' | 'visibility' | 'authorId'>, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (question.visibility !== 'visible' && !canSeeHidden(member, question.authorId)) return new NotFoundError('No question has this number.');
  return privilege(member, 'close', ctx) ?? (question.status === 'closed' ? new ConflictError('This question is already closed.') : null);
}

export function reopenRefusal(member: Member | null, question: Pick<QuestionFacts, 'status' | 'visibility' | 'authorId'>, ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (question.visibility !== 'visible' && !canSeeHidden(member, question.authorId)) return new NotFoundError('No question has this number.');
  return privilege(member, 'close', ctx) ?? (question.status !== 'closed' ? new ConflictError('This question is open.') : null);
}

/** `chain` is the flagged post and everything it hangs on (answer, question): a flag needs all of them visible, and the flag privilege. */
export function flagRefusal(member: Member | null, post: PostFacts, chain: PostFacts[], ctx: RuleContext = {}): Refusal {
  const actor = actorRefusal(member, ctx);
  if (actor || !member) return actor;
  if (!allVisible(post, ...chain)) return new NotFoundError('This post is not available.');
  if (post.authorId === member.id) return new ForbiddenError('You cannot flag your own post.');
  return privilege(member, 'flag', ctx);
}

// What a page shows: the same rules, asked for every post of a thread.

export interface PostPermissions {
  /** The up button (which undoes the member's up-vote when there is one). */
  voteUp: boolean;
  /** The down button (which undoes the member's down-vote when there is one). */
  voteDown: boolean;
  comment: boolean;
  edit: boolean;
  flag: boolean;
}

export interface AnswerPermissions extends PostPermissions {
  accept: boolean;
  unaccept: boolean;
  verify: boolean;
}

export interface CommentPermissions {
  flag: boolean;
  moderate: boolean;
}

export interface ThreadPermissions {
  /** Staff: moderation, lock and verification controls. */
  staff: boolean;
  isAsker: boolean;
  /** Why the member cannot write at all (suspended), to show once at the top. */
  suspension: string | null;
  question: PostPermissions;
  answers: Record<number, AnswerPermissions>;
  comments: Record<number, CommentPermissions>;
  /** null when the member may answer, else why not. */
  answerRefusal: string | null;
  close: boolean;
  reopen: boolean;
  lock: boolean;
  moderate: boolean;
}

type ThreadPosts = Pick<QuestionThread, 'question' | 'answers'>;

function threadQuestionFacts(thread: ThreadPosts): QuestionFacts {
  const q = thread.question;
  return { authorId: q.author.id, visibility: q.visibility, locked: q.locked, status: q.status, acceptedAnswerId: q.acceptedAnswerId };
}

const facts = (post: ThreadPost | ThreadComment): PostFacts => ({ authorId: post.author.id, visibility: post.visibility });

/** Everything the member may do on this thread, from the same rule functions the domain writes assert. */
export function threadPermissions(member: Member | null, thread: ThreadPosts, ctx: RuleContext = {}): ThreadPermissions {
  const question = threadQuestionFacts(thread);
  const allowed = (refusal: Refusal) => refusal === null;
  const postPermissions = (post: ThreadPost, answer?: PostFacts): PostPermissions => ({
    voteUp: allowed(voteRefusal(member, question, facts(post), post.viewerVote === 1 ? 'none' : 'up', ctx)),
    voteDown: allowed(voteRefusal(member, question, facts(post), post.viewerVote === -1 ? 'none' : 'down', ctx)),
    comment: allowed(commentRefusal(member, question, facts(post), ctx)),
    edit: allowed(editRefusal(member, question, answer, ctx)),
    flag: allowed(flagRefusal(member, facts(post), answer ? [question] : [], ctx)),
  });
  const moderate = allowed(moderateRefusal(member, ctx));
  const answers: Record<number, AnswerPermissions> = {};
  const comments: Record<number, CommentPermissions> = {};
  const commentsOf = (post: ThreadPost, chain: PostFacts[]) => {
    for (const c of post.comments) comments[c.id] = { flag: allowed(flagRefusal(member, facts(c), chain, ctx)), moderate };
  };
  commentsOf(thread.question, [question]);
  for (const answer of thread.answers) {
    answers[answer.id] = {
      ...postPermissions(answer, facts(answer)),
      accept: !answer.accepted && allowed(acceptRefusal(member, question, facts(answer), ctx)),
      unaccept: answer.accepted && allowed(unacceptRefusal(member, question, ctx)),
      verify: allowed(verifyRefusal(member, ctx)),
    };
    commentsOf(answer, [facts(answer), question]);
  }
  const answering = answerRefusal(member, question, ctx);
  return {
    staff: !!member && isStaff(member),
    isAsker: member?.id === question.authorId,
    suspension: member ? (suspensionRefusal(member, ctx.now ?? Date.now())?.message ?? null) : null,
    question: postPermissions(thread.question),
    answers,
    comments,
    answerRefusal: answering ? answering.message : null,
    close: allowed(closeRefusal(member, question, ctx)),
    reopen: allowed(reopenRefusal(member, question, ctx)),
    lock: allowed(lockRefusal(member, ctx)),
    moderate,
  };
}
