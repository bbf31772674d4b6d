// Owns `questions` and `question_tags`: asking, editing, closing, locking,
// the lists (newest, active, top voted, unanswered, by tag) and the counters
// other modules move (score, answers, accepted answer, activity). Every change
// that affects search records a pending index change in its transaction.
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import type { Visibility } from '@db/schema';
import { recordIndexChange, searchDocId } from '@search/indexer';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, ValidationError } from '@/server/errors';
import { assertAllowed, closeRefusal, editRefusal, lockRefusal, questionFacts, reopenRefusal } from './permissions';
import { hasPrivilege } from './privileges';
import { loadActor, normalizeTags, renderPost, slugForTitle, throttlePost, validateQuestion, type CommunityContext } from './posting';
import { recordRevision } from './revisions';
import { defaultRules } from './rules';

export interface QuestionInput {
  title: string;
  body: string;
  tags: string[] | string;
}

function questionIndexChange(db: DB, id: number, now: number) {
  return recordIndexChange(db, searchDocId('question', id), 'upsert', now);
}

export async function getQuestionRow(db: DB, id: number) {
  const row = await db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No question has this number.');
  return row;
}

async function setTags(db: DB, questionId: number, tags: string[], now: number): Promise<void> {
  await db.deleteFrom('question_tags').where('question_id', '=', questionId).execute();
  if (tags.length) await db.insertInto('question_tags').values(tags.map((tag) => ({ question_id: questionId, tag, created_at: now }))).execute();
}

export async function askQuestion(db: DB, user: SessionUser | null, input: QuestionInput, ctx: CommunityContext = {}): Promise<{ id: number; slug: string }> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  const tags = normalizeTags(input.tags);
  validateQuestion({ title: input.title, body: input.body, tags });
  return withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    await throttlePost(trx, member, rules, now);
    const title = input.title.trim();
    const body = input.body.trim();
    const slug = slugForTitle(title);
    const { id } = await trx
      .insertInto('questions')
      .values({
        author_id: member.id,
        title,
        slug,
        body_md: body,
        body_html: renderPost(body).html,
        tags: JSON.stringify(tags),
        close_reason: null,
        duplicate_of_id: null,
        closed_by: null,
        closed_at: null,
        hidden_reason: null,
        accepted_answer_id: null,
        last_activity_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setTags(trx, id, tags, now);
    await recordRevision(trx, { postType: 'question', postId: id, editorId: member.id, title, body, tags, summary: 'Asked', now });
    await questionIndexChange(trx, id, now);
    return { id, slug };
  });
}

export async function editQuestion(db: DB, user: SessionUser | null, id: number, input: QuestionInput & { summary?: string }, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  const tags = normalizeTags(input.tags);
  validateQuestion({ title: input.title, body: input.body, tags });
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, id);
    assertAllowed(editRefusal(member, questionFacts(question), undefined, { rules, now }));
    const title = input.title.trim();
    const body = input.body.trim();
    await trx
      .updateTable('questions')
      .set({ title, slug: slugForTitle(title), body_md: body, body_html: renderPost(body).html, tags: JSON.stringify(tags), updated_at: now, last_activity_at: now })
      .where('id', '=', id)
      .execute();
    await setTags(trx, id, tags, now);
    await recordRevision(trx, { postType: 'question', postId: id, editorId: member.id, title, body, tags, summary: input.summary?.trim() || 'Edited', now });
    await questionIndexChange(trx, id, now);
  });
}

/** Close as a duplicate (of another question) or off-topic; needs the close privilege. */
export async function closeQuestion(
  db: DB,
  user: SessionUser | null,
  id: number,
  input: { reason: 'duplicate' | 'off-topic'; duplicateOfId?: number | null },
  ctx: CommunityContext = {},
): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, id);
    assertAllowed(closeRefusal(member, questionFacts(question), { rules: ctx.rules, now }));
    let duplicateOf: number | null = null;
    if (input.reason === 'duplicate') {
      if (!input.duplicateOfId || input.duplicateOfId === id) throw new ValidationError('Give the number of the question this one duplicates.', { duplicateOf: 'Give the number of the original question.' });
      const original = await trx.selectFrom('questions').select(['id', 'visibility']).where('id', '=', input.duplicateOfId).executeTakeFirst();
      if (!original || original.visibility !== 'visible') throw new ValidationError('There is no visible question with that number.', { duplicateOf: 'There is no visible question with that number.' });
      duplicateOf = original.id;
    }
    await trx
      .updateTable('questions')
      .set({ status: 'closed', close_reason: input.reason, duplicate_of_id: duplicateOf, closed_by: member.id, closed_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await questionIndexChange(trx, id, now);
  });
}

export async function reopenQuestion(db: DB, user: SessionUser | null, id: number, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, id);
    assertAllowed(reopenRefusal(member, questionFacts(question), { rules: ctx.rules, now }));
    await trx.updateTable('questions').set({ status: 'open', close_reason: null, duplicate_of_id: null, closed_by: null, closed_at: null, updated_at: now }).where('id', '=', id).execute();
    await questionIndexChange(trx, id, now);
  });
}

/** Staff only: a locked question takes no new answers, comments, votes or edits. */
export async function setQuestionLocked(db: DB, user: SessionUser | null, id: number, locked: boolean, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    assertAllowed(lockRefusal(member, { now }));
    await getQuestionRow(trx, id);
    await trx.updateTable('questions').set({ locked: locked ? 1 : 0, updated_at: now }).where('id', '=', id).execute();
  });
}

// Counters and state moved by the other community modules.

export async function setQuestionVisibility(db: DB, id: number, visibility: Visibility, reason: string | null, now = Date.now()): Promise<void> {
  await db.updateTable('questions').set({ visibility, hidden_reason: visibility === 'visible' ? null : reason, updated_at: now }).where('id', '=', id).execute();
  await questionIndexChange(db, id, now);
}

export async function adjustQuestionScore(db: DB, id: number, delta: number): Promise<void> {
  await db.updateTable('questions').set({ score: sql`score + ${delta}` }).where('id', '=', id).execute();
}

export async function questionAnswered(db: DB, id: number, delta: 1 | -1, now = Date.now()): Promise<void> {
  await db.updateTable('questions').set({ answer_count: sql`answer_count + ${delta}`, last_activity_at: now }).where('id', '=', id).execute();
}

export async function touchQuestion(db: DB, id: number, now = Date.now()): Promise<void> {
  await db.updateTable('questions').set({ last_activity_at: now }).where('id', '=', id).execute();
}

export async function setAcceptedAnswer(db: DB, id: number, answerId: number | null, now = Date.now()): Promise<void> {
  await db.updateTable('questions').set({ accepted_answer_id: answerId, last_activity_at: now }).where('id', '=', id).execute();
  await questionIndexChange(db, id, now);
}

// Lists.

export type QuestionTab = 'newest' | 'active' | 'votes' | 'unanswered';

export interface QuestionSummary {
  id: number;
  title: string;
  slug: string;
  url: string;
  tags: string[];
  score: number;
  answerCount: number;
  hasAccepted: boolean;
  status: 'open' | 'closed';
  authorId: number;
  authorName: string;
  createdAt: number;
  lastActivityAt: number;
}

export function questionUrl(id: number, slug: string): string {
  return `/community/questions/${id}/${encodeURIComponent(slug)}`;
}

/** One page of a list. Each tab has its own index, so deep pages stay fast. */
export async function listQuestions(
  db: DB,
  options: { tab: QuestionTab; tag?: string | undefined; page: number; pageSize?: number; authorId?: number },
): Promise<{ items: QuestionSummary[]; total: number }> {
  const pageSize = options.pageSize ?? 20;
  let base = db.selectFrom('questions').where('questions.visibility', '=', 'visible');
  if (options.tag) base = base.where('questions.id', 'in', (eb) => eb.selectFrom('question_tags').select('question_id').where('tag', '=', options.tag!));
  if (options.authorId) base = base.where('questions.author_id', '=', options.authorId);
  if (options.tab === 'unanswered') base = base.where('questions.answer_count', '=', 0).where('questions.status', '=', 'open');
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let query = base
    .innerJoin('users', 'users.id', 'questions.author_id')
    .select([
      'questions.id',
      'questions.title',
      'questions.slug',
      'questions.tags',
      'questions.score',
      'questions.answer_count',
      'questions.accepted_answer_id',
      'questions.status',
      'questions.author_id',
      'users.display_name',
      'questions.created_at',
      'questions.last_activity_at',
    ]);
  if (options.tab === 'active') query = query.orderBy('questions.last_activity_at', 'desc');
  else if (options.tab === 'votes') query = query.orderBy('questions.score', 'desc');
  query = query.orderBy('questions.created_at', 'desc').orderBy('questions.id', 'desc');
  const rows = await query.limit(pageSize).offset((Math.max(1, options.page) - 1) * pageSize).execute();
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      slug: r.slug,
      url: questionUrl(r.id, r.slug),
      tags: JSON.parse(r.tags) as string[],
      score: r.score,
      answerCount: r.answer_count,
      hasAccepted: r.accepted_answer_id !== null,
      status: r.status,
      authorId: r.author_id,
      authorName: r.display_name,
      createdAt: r.created_at,
      lastActivityAt: r.last_activity_at,
    })),
  };
}

export async function listTags(db: DB, limit = 200): Promise<Array<{ tag: string; questions: number }>> {
  const rows = await db
    .selectFrom('question_tags')
    .innerJoin('questions', 'questions.id', 'question_tags.question_id')
    .select(['question_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
    .where('questions.visibility', '=', 'visible')
    .groupBy('question_tags.tag')
    .orderBy('n', 'desc')
    .orderBy('question_tags.tag')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ tag: r.tag, questions: Number(r.n) }));
}

export { canSeeHidden } from './permissions';

export { hasPrivilege };

/** Every public question's address and last activity, for the sitemap. */
export async function questionSitemapEntries(db: DB): Promise<Array<{ path: string; lastmod: string }>> {
  const rows = await db.selectFrom('questions').select(['id', 'slug', 'last_activity_at']).where('visibility', '=', 'visible').orderBy('id').execute();
  return rows.map((r) => ({ path: questionUrl(r.id, r.slug), lastmod: new Date(r.last_activity_at).toISOString().slice(0, 10) }));
}
