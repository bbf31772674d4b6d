// Owns `flags`: members flag posts and comments (spam, rude, off-topic, needs
// staff), enough spam flags (weighed by `spamFlagsHide` in rules.ts) hide a post until staff review it, and staff work the queue:
// restore, hide, delete (as spam: −100 through the ledger), dismiss, suspend.
import { isIPv6 } from 'node:net';
import { withTransaction, type DB } from '@db/connection';
import type { FlagReason, FlagTargetType, Visibility } from '@db/schema';
import { getMember } from '@/server/accounts/users';
import { assertSuspensionInput, liftSuspension, suspendAccount, type SuspensionInput } from '@/server/accounts/suspensions';
import type { SessionUser } from '@/server/accounts/sessions';
import { isStaff } from '@/server/accounts/authorization';
import { sha256Hex } from '@/lib/crypto';
import { ConflictError, ValidationError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import { answerPermalink } from './answer-links';
import { getAnswerRow, setAnswerVisibility } from './answers';
import { getCommentRow, setCommentVisibility } from './comments';
import { assertAllowed, flagRefusal, moderateRefusal, postFacts, type PostFacts } from './permissions';
import { loadActor, type CommunityContext } from './posting';
import type { Member } from './privileges';
import { getQuestionRow, questionUrl, setQuestionVisibility } from './questions';
import { grantReputation, hasLiveReputationEvent, reverseReputation } from './reputation';
import { defaultRules, flagWeight, spamFlagsHide, type CommunityRules } from './rules';

/** A flaggable thing: a question, an answer or a comment. */
export interface PostRef {
  postType: FlagTargetType;
  postId: number;
}

export const flagReasons = ['spam', 'rude', 'off-topic', 'needs-staff'] as const satisfies readonly FlagReason[];

export const flagReasonLabels: Record<FlagReason, string> = {
  spam: 'Spam',
  rude: 'Rude or abusive',
  'off-topic': 'Off-topic',
  'needs-staff': 'Needs staff attention',
};

/** Why a post is not visible, stored in `hidden_reason`. */
export const hiddenReasons = { spamFlags: 'spam-flags', staff: 'staff', spam: 'spam' } as const;

export const FLAG_NOTE_MAX = 500;
export { SUSPENSION_DAYS_MAX, SUSPENSION_REASON_MAX, SUSPENSION_REASON_MIN } from '@/server/accounts/suspensions';
export const EXCERPT_LENGTH = 300;
const DAY = 24 * 60 * 60_000;

export interface FlagInput extends PostRef {
  reason: FlagReason;
  note?: string | null | undefined;
  /** The flagger's client address (null from scripts): only a hash of its network is kept. */
  address?: string | null | undefined;
}

/**
 * The network an address belongs to, as the flag rule compares them: an IPv4
 * address, or the first 64 bits of an IPv6 one (what one subscriber is usually
 * given, so rotating inside it does not make a second voice).
 */
export function networkOf(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!isIPv6(a)) return a;
  const groupsOf = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = a.split('::');
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** The open spam flags on a post, each with its weight from the flagger's record, and whether they hide it. */
async function spamFlagsHidePost(db: DB, post: PostRef, authorId: number, rules: CommunityRules, now: number): Promise<boolean> {
  const open = await db
    .selectFrom('flags')
    .innerJoin('users', 'users.id', 'flags.flagger_id')
    .select(['flags.flagger_id', 'flags.network_hash', 'users.role', 'users.created_at'])
    .where('flags.post_type', '=', post.postType)
    .where('flags.post_id', '=', post.postId)
    .where('flags.reason', '=', 'spam')
    .where('flags.status', '=', 'open')
    .execute();
  const records = await db
    .selectFrom('flags')
    .select(['flagger_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'flagger_id',
      'in',
      open.map((f) => f.flagger_id),
    )
    .where('status', 'in', ['resolved', 'dismissed'])
    .groupBy(['flagger_id', 'status'])
    .execute();
  const closed = (flaggerId: number, status: 'resolved' | 'dismissed') =>
    Number(records.find((r) => r.flagger_id === flaggerId && r.status === status)?.n ?? 0);
  const author = await getMember(db, authorId);
  const flags = open.map((f) => ({
    weight: flagWeight({ isStaff: isStaff(f), agreed: closed(f.flagger_id, 'resolved'), dismissed: closed(f.flagger_id, 'dismissed') }),
    isStaff: isStaff(f),
    isNewAccount: now - f.created_at < rules.limits.newAccountDays * DAY,
    network: f.network_hash,
  }));
  return spamFlagsHide(flags, { isStaff: isStaff(author), reputation: author.reputation }, rules);
}

/**
 * Who wrote a post and how visible it is, with everything it hangs on
 * (`chain`: a comment's answer and question, an answer's question): a post is
 * only as visible as its thread.
 */
async function loadPost(db: DB, post: PostRef): Promise<PostFacts & { hiddenReason: string | null; chain: PostFacts[] }> {
  if (post.postType === 'question') {
    const q = await getQuestionRow(db, post.postId);
    return { ...postFacts(q), hiddenReason: q.hidden_reason, chain: [] };
  }
  if (post.postType === 'answer') {
    const a = await getAnswerRow(db, post.postId);
    const q = await getQuestionRow(db, a.question_id);
    return { ...postFacts(a), hiddenReason: a.hidden_reason, chain: [postFacts(q)] };
  }
  const c = await getCommentRow(db, post.postId);
  const parent =
    c.post_type === 'answer' ? await loadPost(db, { postType: 'answer', postId: c.post_id }) : await loadPost(db, { postType: 'question', postId: c.post_id });
  return { ...postFacts(c), hiddenReason: c.hidden_reason, chain: [parent, ...parent.chain] };
}

function setPostVisibility(db: DB, post: PostRef, visibility: Visibility, reason: string | null, now: number): Promise<void> {
  if (post.postType === 'question') return setQuestionVisibility(db, post.postId, visibility, reason, now);
  if (post.postType === 'answer') return setAnswerVisibility(db, post.postId, visibility, reason, now);
  return setCommentVisibility(db, post.postId, visibility, reason);
}

function flagsPerDay(rules: CommunityRules): RateLimitRule {
  return {
    bucket: 'community-flag:user',
    max: rules.limits.flagsPerDay,
    windowMs: DAY,
    message: `You have used your ${rules.limits.flagsPerDay} flags for today. Thank you for keeping the community tidy; come back tomorrow.`,
  };
}

function openFlagsOf(db: DB, post: PostRef) {
  return db.updateTable('flags').where('post_type', '=', post.postType).where('post_id', '=', post.postId).where('status', '=', 'open');
}

/** Closes a post's open flags; returns how many there were. */
async function closeOpenFlags(db: DB, post: PostRef, status: 'resolved' | 'dismissed', staffId: number, now: number): Promise<number> {
  const result = await openFlagsOf(db, post).set({ status, resolved_by: staffId, resolved_at: now }).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function loadStaff(db: DB, user: SessionUser | null, now: number): Promise<Member> {
  const member = await loadActor(db, user, now);
  assertAllowed(moderateRefusal(member, { now }));
  return member;
}

/**
 * A member with the flag privilege flags a post (or comment) for staff. One flag per member per post, not on your
 * own posts, `flagsPerDay` a day (staff are not limited). The spam flag that
 * makes `spamFlagsHide` true hides the post until staff review it; otherwise it waits in the queue.
 */
export async function flagPost(db: DB, user: SessionUser | null, input: FlagInput, ctx: CommunityContext = {}): Promise<{ hidden: boolean }> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  if (!(flagReasons as readonly string[]).includes(input.reason))
    throw new ValidationError('Choose why you are flagging this post.', { reason: 'Choose a reason.' });
  const note = input.note?.trim() || null;
  if (note && note.length > FLAG_NOTE_MAX) throw new ValidationError('Please shorten your note.', { note: `Keep the note under ${FLAG_NOTE_MAX} characters.` });
  const post: PostRef = { postType: input.postType, postId: input.postId };
  return withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const target = await loadPost(trx, post);
    assertAllowed(flagRefusal(member, target, target.chain, { now }));
    const existing = await trx
      .selectFrom('flags')
      .select('id')
      .where('flagger_id', '=', member.id)
      .where('post_type', '=', post.postType)
      .where('post_id', '=', post.postId)
      .executeTakeFirst();
    if (existing) throw new ConflictError('You already flagged this post');
    if (!isStaff(member)) {
      await assertWithinLimit(trx, flagsPerDay(rules), String(member.id), now);
      await recordAttempt(trx, flagsPerDay(rules), String(member.id), now);
    }
    // Two requests that raced past the check: the unique key keeps one flag, without matching any driver's error text.
    const inserted = await trx
      .insertInto('flags')
      .values({
        post_type: post.postType,
        post_id: post.postId,
        flagger_id: member.id,
        reason: input.reason,
        note,
        resolved_by: null,
        resolved_at: null,
        created_at: now,
        network_hash: input.address ? sha256Hex(networkOf(input.address)) : null,
      })
      .onConflict((oc) => oc.columns(['flagger_id', 'post_type', 'post_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new ConflictError('You already flagged this post');
    if (input.reason !== 'spam') return { hidden: false };
    if (!(await spamFlagsHidePost(trx, post, target.authorId, rules, now))) return { hidden: false };
    await setPostVisibility(trx, post, 'hidden', hiddenReasons.spamFlags, now);
    return { hidden: true };
  });
}

// The staff queue.

export interface QueueNote {
  reason: FlagReason;
  note: string;
  flaggerName: string;
  createdAt: number;
}

export interface QueueItem extends PostRef {
  questionId: number;
  questionTitle: string;
  /** `/community/questions/<id>/<slug>` (with `#comment-<id>` for its comments), or an answer's permalink `/community/answers/<id>#answer-<id>` (or `#comment-<id>`). */
  url: string;
  authorId: number;
  authorName: string;
  authorIsStaff: boolean;
  authorSuspendedUntil: number | null;
  /** The post's (or comment's) Markdown source, cut at 300 characters. */
  excerpt: string;
  visibility: Visibility;
  hiddenReason: string | null;
  counts: Record<FlagReason, number>;
  totalFlags: number;
  notes: QueueNote[];
  oldestFlagAt: number;
}

export function excerptOf(markdown: string, length = EXCERPT_LENGTH): string {
  const chars = Array.from(markdown.trim());
  return chars.length > length ? `${chars.slice(0, length).join('').trimEnd()}…` : chars.join('');
}

/** Posts with open flags, one entry per post: hidden posts first, then the most flagged, then the longest waiting. */
export async function moderationQueue(db: DB, user: SessionUser | null, ctx: CommunityContext = {}): Promise<QueueItem[]> {
  const now = ctx.now ?? Date.now();
  await loadStaff(db, user, now);
  const flags = await db
    .selectFrom('flags')
    .innerJoin('users', 'users.id', 'flags.flagger_id')
    .select(['flags.post_type', 'flags.post_id', 'flags.reason', 'flags.note', 'flags.created_at', 'users.display_name'])
    .where('flags.status', '=', 'open')
    .orderBy('flags.created_at')
    .orderBy('flags.id')
    .execute();
  if (flags.length === 0) return [];

  const idsOf = (type: FlagTargetType) => [...new Set(flags.filter((f) => f.post_type === type).map((f) => f.post_id))];
  const commentIds = idsOf('comment');
  const comments = commentIds.length
    ? await db
        .selectFrom('comments')
        .select(['id', 'post_type', 'post_id', 'author_id', 'body_md', 'visibility', 'hidden_reason'])
        .where('id', 'in', commentIds)
        .execute()
    : [];
  const answerIds = [...new Set([...idsOf('answer'), ...comments.filter((c) => c.post_type === 'answer').map((c) => c.post_id)])];
  const answers = answerIds.length
    ? await db.selectFrom('answers').select(['id', 'question_id', 'author_id', 'body_md', 'visibility', 'hidden_reason']).where('id', 'in', answerIds).execute()
    : [];
  const questionIds = [
    ...new Set([...idsOf('question'), ...comments.filter((c) => c.post_type === 'question').map((c) => c.post_id), ...answers.map((a) => a.question_id)]),
  ];
  const questions = await db
    .selectFrom('questions')
    .select(['id', 'title', 'slug', 'author_id', 'body_md', 'visibility', 'hidden_reason'])
    .where('id', 'in', questionIds)
    .execute();
  const authorIds = [...new Set([...questions.map((q) => q.author_id), ...answers.map((a) => a.author_id), ...comments.map((c) => c.author_id)])];
  const authors = new Map(
    (await db.selectFrom('users').select(['id', 'display_name', 'role', 'suspended_until']).where('id', 'in', authorIds).execute()).map((u) => [u.id, u]),
  );
  const questionById = new Map(questions.map((q) => [q.id, q]));
  const answerById = new Map(answers.map((a) => [a.id, a]));
  const commentById = new Map(comments.map((c) => [c.id, c]));

  const items = new Map<string, QueueItem>();
  for (const flag of flags) {
    const key = `${flag.post_type}:${flag.post_id}`;
    let item = items.get(key);
    if (!item) {
      const comment = flag.post_type === 'comment' ? commentById.get(flag.post_id) : undefined;
      const answerId = flag.post_type === 'answer' ? flag.post_id : comment?.post_type === 'answer' ? comment.post_id : undefined;
      const answer = answerId !== undefined ? answerById.get(answerId) : undefined;
      const question = questionById.get(answer ? answer.question_id : comment ? comment.post_id : flag.post_id);
      const post = comment ?? (flag.post_type === 'answer' ? answer : question);
      if (!question || !post) continue;
      const author = authors.get(post.author_id);
      item = {
        postType: flag.post_type,
        postId: flag.post_id,
        questionId: question.id,
        questionTitle: question.title,
        url: answer
          ? answerPermalink(answer.id, comment ? `comment-${comment.id}` : undefined)
          : questionUrl(question.id, question.slug) + (comment ? `#comment-${comment.id}` : ''),
        authorId: post.author_id,
        authorName: author?.display_name ?? 'Unknown member',
        authorIsStaff: isStaff(author),
        authorSuspendedUntil: author?.suspended_until && author.suspended_until > now ? author.suspended_until : null,
        excerpt: excerptOf(post.body_md),
        visibility: post.visibility,
        hiddenReason: post.hidden_reason,
        counts: { spam: 0, rude: 0, 'off-topic': 0, 'needs-staff': 0 },
        totalFlags: 0,
        notes: [],
        oldestFlagAt: flag.created_at,
      };
      items.set(key, item);
    }
    item.counts[flag.reason]++;
    item.totalFlags++;
    if (flag.note) item.notes.push({ reason: flag.reason, note: flag.note, flaggerName: flag.display_name, createdAt: flag.created_at });
  }
  return [...items.values()].sort(
    (x, y) => Number(y.visibility === 'hidden') - Number(x.visibility === 'hidden') || y.totalFlags - x.totalFlags || x.oldestFlagAt - y.oldestFlagAt,
  );
}

// Staff decisions. Each closes the post's open flags in the same transaction.

/** Hides a post from everyone but staff and its author; its open flags are resolved. */
export async function hidePost(db: DB, user: SessionUser | null, post: PostRef, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    const target = await loadPost(trx, post);
    if (target.visibility === 'deleted') throw new ConflictError('This post is deleted; restore it first.');
    if (target.visibility === 'visible') await setPostVisibility(trx, post, 'hidden', hiddenReasons.staff, now);
    await closeOpenFlags(trx, post, 'resolved', staff.id, now);
  });
}

/**
 * Makes a hidden or deleted post visible again. Flags that hid it (spam flags)
 * were wrong, so they are dismissed; any other open flags are resolved. A
 * spam penalty from deleting it is given back.
 */
export async function restorePost(db: DB, user: SessionUser | null, post: PostRef, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    const target = await loadPost(trx, post);
    const hiddenBySpamFlags = target.visibility === 'hidden' && target.hiddenReason === hiddenReasons.spamFlags;
    if (target.visibility !== 'visible') await setPostVisibility(trx, post, 'visible', null, now);
    await reverseReputation(trx, spamSource(post), now);
    await closeOpenFlags(trx, post, hiddenBySpamFlags ? 'dismissed' : 'resolved', staff.id, now);
  });
}

function spamSource(post: PostRef): string {
  return `spam:${post.postType}:${post.postId}`;
}

/**
 * Deletes a post (staff and its author can still open it). As spam, its author
 * loses `rules.reputation.spamDeleted` (−100) once per post, never below 1.
 */
export async function deletePost(db: DB, user: SessionUser | null, post: PostRef, options: { spam: boolean }, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  await withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    const target = await loadPost(trx, post);
    await setPostVisibility(trx, post, 'deleted', options.spam ? hiddenReasons.spam : hiddenReasons.staff, now);
    await closeOpenFlags(trx, post, 'resolved', staff.id, now);
    if (!options.spam) return;
    const source = spamSource(post);
    if (await hasLiveReputationEvent(trx, source, 'spam_deleted')) return;
    // The ledger links to questions and answers; a comment's penalty is known by its source.
    const ledgerPost = post.postType === 'comment' ? { postType: null, postId: null } : { postType: post.postType, postId: post.postId };
    await grantReputation(trx, { userId: target.authorId, ruleDelta: rules.reputation.spamDeleted, reason: 'spam_deleted', ...ledgerPost, source }, now, rules);
  });
}

/** The flags were not warranted: closes them as dismissed and leaves the post as it is. Returns how many were open. */
export async function dismissFlags(db: DB, user: SessionUser | null, post: PostRef, ctx: CommunityContext = {}): Promise<number> {
  const now = ctx.now ?? Date.now();
  return withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    await loadPost(trx, post);
    return closeOpenFlags(trx, post, 'dismissed', staff.id, now);
  });
}

// Suspensions: a suspended member can read but not post, vote, comment or flag.
// The rule itself (who may suspend whom, for how long) lives in accounts, where admins use it too.

export async function suspendUser(
  db: DB,
  user: SessionUser | null,
  targetUserId: number,
  input: SuspensionInput,
  ctx: CommunityContext = {},
): Promise<{ until: number }> {
  const now = ctx.now ?? Date.now();
  assertSuspensionInput(input);
  return withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    return suspendAccount(trx, staff, targetUserId, input, now);
  });
}

export async function unsuspendUser(db: DB, user: SessionUser | null, targetUserId: number, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const staff = await loadStaff(trx, user, now);
    await liftSuspension(trx, staff, targetUserId);
  });
}
