// Owns `questions` and `question_tags`: asking, editing, closing, locking,
// the lists (newest, active, top voted, unanswered, by tag) and the counters
// other modules move (score, answers, accepted answer, activity). Every change
// that affects search records a pending index change in its transaction.
import { sql, type Selectable } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import type { QuestionsTable, Visibility } from '@db/schema';
import { recordIndexChange, searchDocId } from '@search/indexer';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, ValidationError } from '@/server/errors';
import { assertAllowed, closeRefusal, editRefusal, lockRefusal, questionFacts, reopenRefusal } from './permissions';
import { hasPrivilege } from './privileges';
import { loadActor, normalizeTags, renderedBody, slugForTitle, throttlePost, validateQuestion, type CommunityContext } from './posting';
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

// question_tags carries a copy of its question's list columns and
// question_counts the totals per scope ('*' and each tag); there are no
// triggers, so every write below keeps both in step in its own transaction.

/** What a question row looks like to the lists: the columns question_tags copies, and those the counts depend on. */
const listColumns = ['id', 'visibility', 'status', 'score', 'answer_count', 'last_activity_at', 'created_at'] as const;
type ListedRow = Pick<Selectable<QuestionsTable>, (typeof listColumns)[number]>;
type ListedState = Pick<ListedRow, 'visibility' | 'status' | 'answer_count'>;

/** How much a question in this state adds to its scopes' totals (the "unanswered" tab's filter). */
function countsOf(q: ListedState | null): { questions: number; unanswered: number } {
  const visible = q?.visibility === 'visible';
  return { questions: visible ? 1 : 0, unanswered: visible && q.answer_count === 0 && q.status === 'open' ? 1 : 0 };
}

function listCopy(q: ListedRow) {
  return {
    visibility: q.visibility,
    status: q.status,
    score: q.score,
    answer_count: q.answer_count,
    last_activity_at: q.last_activity_at,
    asked_at: q.created_at,
  };
}

/**
 * Adds (or with negative numbers takes away) per scope, in one statement. A
 * scope's row is created on first use, even with zeros: syncQuestionLists
 * relies on every tag in question_tags having its row. Each scope at most
 * once (PostgreSQL refuses an upsert that touches a row twice).
 */
async function addToCounts(db: DB, changes: Array<{ scope: string; questions: number; unanswered: number }>): Promise<void> {
  if (!changes.length) return;
  await db
    .insertInto('question_counts')
    .values(changes)
    .onConflict((oc) =>
      oc.column('scope').doUpdateSet((eb) => ({
        questions: eb('question_counts.questions', '+', eb.ref('excluded.questions')),
        unanswered: eb('question_counts.unanswered', '+', eb.ref('excluded.unanswered')),
      })),
    )
    .execute();
}

/**
 * After a write to `questions` (`after` is the row as written, `before` its
 * state before, null for a new question): copies the list columns to its
 * question_tags rows and moves the totals of '*' and of its tags by the
 * difference. One or two statements; call it inside the writing transaction.
 */
async function syncQuestionLists(db: DB, after: ListedRow, before: ListedState | null): Promise<void> {
  if (before) await db.updateTable('question_tags').set(listCopy(after)).where('question_id', '=', after.id).execute();
  const [was, is] = [countsOf(before), countsOf(after)];
  const questions = is.questions - was.questions;
  const unanswered = is.unanswered - was.unanswered;
  if (!questions && !unanswered) return;
  if (!before) return addToCounts(db, [{ scope: '*', questions, unanswered }]);
  await db
    .updateTable('question_counts')
    .set((eb) => ({ questions: eb('questions', '+', questions), unanswered: eb('unanswered', '+', unanswered) }))
    .where((eb) => eb.or([eb('scope', '=', '*'), eb('scope', 'in', eb.selectFrom('question_tags').select('tag').where('question_id', '=', after.id))]))
    .execute();
}

/** Gives a question exactly these tags (it has `current`): removed tags lose its counts, added ones get a copy of its list columns and its counts. */
async function setTags(db: DB, question: ListedRow, current: string[], tags: string[], now: number): Promise<void> {
  const removed = current.filter((tag) => !tags.includes(tag));
  const added = tags.filter((tag) => !current.includes(tag));
  if (removed.length) await db.deleteFrom('question_tags').where('question_id', '=', question.id).where('tag', 'in', removed).execute();
  if (added.length)
    await db
      .insertInto('question_tags')
      .values(added.map((tag) => ({ question_id: question.id, tag, created_at: now, ...listCopy(question) })))
      .execute();
  const counts = countsOf(question);
  await addToCounts(db, [
    ...(counts.questions ? removed.map((scope) => ({ scope, questions: -counts.questions, unanswered: -counts.unanswered })) : []),
    ...added.map((scope) => ({ scope, ...counts })),
  ]);
}

/** The question's state as the lists see it, read before a write that may change it. */
function getListState(db: DB, id: number): Promise<ListedState | undefined> {
  return db.selectFrom('questions').select(['visibility', 'status', 'answer_count']).where('id', '=', id).executeTakeFirst();
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
    const question = await trx
      .insertInto('questions')
      .values({
        author_id: member.id,
        title,
        slug,
        body_md: body,
        ...renderedBody(body),
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
      .returning(listColumns)
      .executeTakeFirstOrThrow();
    const { id } = question;
    await syncQuestionLists(trx, question, null);
    await setTags(trx, question, [], tags, now);
    await recordRevision(trx, { postType: 'question', postId: id, editorId: member.id, title, body, tags, summary: 'Asked', now });
    await questionIndexChange(trx, id, now);
    return { id, slug };
  });
}

export async function editQuestion(
  db: DB,
  user: SessionUser | null,
  id: number,
  input: QuestionInput & { summary?: string },
  ctx: CommunityContext = {},
): Promise<void> {
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
    const after = await trx
      .updateTable('questions')
      .set({ title, slug: slugForTitle(title), body_md: body, ...renderedBody(body), tags: JSON.stringify(tags), updated_at: now, last_activity_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirstOrThrow();
    await syncQuestionLists(trx, after, question);
    const current = await trx.selectFrom('question_tags').select('tag').where('question_id', '=', id).execute();
    await setTags(
      trx,
      after,
      current.map((r) => r.tag),
      tags,
      now,
    );
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
      if (!input.duplicateOfId || input.duplicateOfId === id)
        throw new ValidationError('Give the number of the question this one duplicates.', { duplicateOf: 'Give the number of the original question.' });
      const original = await trx.selectFrom('questions').select(['id', 'visibility']).where('id', '=', input.duplicateOfId).executeTakeFirst();
      if (!original || original.visibility !== 'visible')
        throw new ValidationError('There is no visible question with that number.', { duplicateOf: 'There is no visible question with that number.' });
      duplicateOf = original.id;
    }
    const after = await trx
      .updateTable('questions')
      .set({ status: 'closed', close_reason: input.reason, duplicate_of_id: duplicateOf, closed_by: member.id, closed_at: now, updated_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirstOrThrow();
    await syncQuestionLists(trx, after, question);
    await questionIndexChange(trx, id, now);
  });
}

export async function reopenQuestion(db: DB, user: SessionUser | null, id: number, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, id);
    assertAllowed(reopenRefusal(member, questionFacts(question), { rules: ctx.rules, now }));
    const after = await trx
      .updateTable('questions')
      .set({ status: 'open', close_reason: null, duplicate_of_id: null, closed_by: null, closed_at: null, updated_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirstOrThrow();
    await syncQuestionLists(trx, after, question);
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
    await trx
      .updateTable('questions')
      .set({ locked: locked ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  });
}

// Counters and state moved by the other community modules.

export async function setQuestionVisibility(db: DB, id: number, visibility: Visibility, reason: string | null, now = Date.now()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const before = await getListState(trx, id);
    const after = await trx
      .updateTable('questions')
      .set({ visibility, hidden_reason: visibility === 'visible' ? null : reason, updated_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirst();
    if (before && after) await syncQuestionLists(trx, after, before);
    await questionIndexChange(trx, id, now);
  });
}

// The question's search document carries its popularity (score + answers),
// status (answered / open / unanswered) and last activity: each counter below
// records the index change itself, so every caller gets it in its transaction.
// None of them changes visibility or status, so the state before follows from the row after.

export async function adjustQuestionScore(db: DB, id: number, delta: number, now = Date.now()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const after = await trx
      .updateTable('questions')
      .set({ score: sql`score + ${delta}` })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirst();
    if (after) await syncQuestionLists(trx, after, after);
    await questionIndexChange(trx, id, now);
  });
}

export async function questionAnswered(db: DB, id: number, delta: 1 | -1, now = Date.now()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const after = await trx
      .updateTable('questions')
      .set({ answer_count: sql`answer_count + ${delta}`, last_activity_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirst();
    if (after) await syncQuestionLists(trx, after, { ...after, answer_count: after.answer_count - delta });
    await questionIndexChange(trx, id, now);
  });
}

export async function touchQuestion(db: DB, id: number, now = Date.now()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const after = await trx.updateTable('questions').set({ last_activity_at: now }).where('id', '=', id).returning(listColumns).executeTakeFirst();
    if (after) await syncQuestionLists(trx, after, after);
    await questionIndexChange(trx, id, now);
  });
}

/** The question's search document changed without the question itself (an answer was verified by staff). */
export async function questionSearchChanged(db: DB, id: number, now = Date.now()): Promise<void> {
  await questionIndexChange(db, id, now);
}

export async function setAcceptedAnswer(db: DB, id: number, answerId: number | null, now = Date.now()): Promise<void> {
  await withTransaction(db, async (trx) => {
    const after = await trx
      .updateTable('questions')
      .set({ accepted_answer_id: answerId, last_activity_at: now })
      .where('id', '=', id)
      .returning(listColumns)
      .executeTakeFirst();
    if (after) await syncQuestionLists(trx, after, after);
    await questionIndexChange(trx, id, now);
  });
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

/** A place in a list: the sort value of a row (time or score) and its id, the tie-breaker. */
export interface ListCursor {
  key: number;
  id: number;
}

export interface QuestionPage {
  items: QuestionSummary[];
  /** Where the page before (newer, higher up) ends; null on the first page. */
  newer: ListCursor | null;
  /** Where the page after (older, further down) starts; null on the last page. */
  older: ListCursor | null;
}

export interface ListOptions {
  tab: QuestionTab;
  tag?: string | undefined;
  authorId?: number;
  pageSize?: number;
  /** Rows after this place (older); at most one of `after` and `before`. */
  after?: ListCursor | undefined;
  /** Rows before this place (newer). */
  before?: ListCursor | undefined;
}

// Each tab sorts by one column, then the id, descending: exactly the order of
// its index (questions_<tab> on the whole list, question_tags_<tab> on a tag).
const sortColumn = {
  questions: { newest: 'created_at', active: 'last_activity_at', votes: 'score', unanswered: 'created_at' },
  question_tags: { newest: 'asked_at', active: 'last_activity_at', votes: 'score', unanswered: 'asked_at' },
} as const;

const summaryColumns = [
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
] as const;

/** Rows of a list in its order (or reversed), from a cursor on, with keyset conditions only: no OFFSET beyond `offset` for old links. */
function selectListRows(db: DB, options: ListOptions, page: { limit: number; cursor?: ListCursor | undefined; backwards?: boolean; offset?: number }) {
  const table = options.tag ? 'question_tags' : 'questions';
  const key = sql.ref(`${table}.${sortColumn[table][options.tab]}`);
  const id = sql.ref(options.tag ? 'question_tags.question_id' : 'questions.id');
  const direction = page.backwards ? 'asc' : 'desc';
  // Row values: (key, id) beyond the cursor, which SQLite (and PostgreSQL) read as an index range.
  const cursor = page.cursor;
  const range = cursor && sql<boolean>`(${key}, ${id}) ${sql.raw(page.backwards ? '>' : '<')} (${cursor.key}, ${cursor.id})`;
  const unanswered = options.tab === 'unanswered';
  const query = options.tag
    ? db
        .selectFrom('question_tags')
        .innerJoin('questions', 'questions.id', 'question_tags.question_id')
        .innerJoin('users', 'users.id', 'questions.author_id')
        .select(summaryColumns)
        .where('question_tags.tag', '=', options.tag)
        .where('question_tags.visibility', '=', 'visible')
        .$if(unanswered, (q) => q.where('question_tags.answer_count', '=', 0).where('question_tags.status', '=', 'open'))
        .$if(options.authorId !== undefined, (q) => q.where('questions.author_id', '=', options.authorId!))
        .$if(!!range, (q) => q.where(range!))
    : db
        .selectFrom('questions')
        .innerJoin('users', 'users.id', 'questions.author_id')
        .select(summaryColumns)
        .where('questions.visibility', '=', 'visible')
        .$if(unanswered, (q) => q.where('questions.answer_count', '=', 0).where('questions.status', '=', 'open'))
        .$if(options.authorId !== undefined, (q) => q.where('questions.author_id', '=', options.authorId!))
        .$if(!!range, (q) => q.where(range!));
  return query
    .orderBy(key, direction)
    .orderBy(id, direction)
    .limit(page.limit)
    .$if(page.offset !== undefined, (q) => q.offset(page.offset!))
    .execute();
}

type ListRow = Awaited<ReturnType<typeof selectListRows>>[number];

function cursorOf(tab: QuestionTab, row: ListRow): ListCursor {
  return { key: tab === 'active' ? row.last_activity_at : tab === 'votes' ? row.score : row.created_at, id: row.id };
}

function toSummary(r: ListRow): QuestionSummary {
  return {
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
  };
}

/**
 * One page of a list, by cursor (keyset paging): the first page, the rows
 * after a place (older) or before it (newer). Each page costs the same however
 * deep it is, and ties in time or score never repeat or skip a row, since the
 * id breaks them. Going newer past the top gives the first page itself.
 */
export async function listQuestions(db: DB, options: ListOptions): Promise<QuestionPage> {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 20), 100);
  if (options.after && options.before) throw new ValidationError('A list page goes either after a place or before it, not both.');
  if (options.before) {
    const rows = await selectListRows(db, options, { limit: pageSize + 1, cursor: options.before, backwards: true });
    if (rows.length <= pageSize) return listQuestions(db, { ...options, before: undefined });
    const page = rows.slice(0, pageSize).reverse();
    return { items: page.map(toSummary), newer: cursorOf(options.tab, page[0]!), older: cursorOf(options.tab, page.at(-1)!) };
  }
  const rows = await selectListRows(db, options, { limit: pageSize + 1, cursor: options.after });
  const page = rows.slice(0, pageSize);
  return {
    items: page.map(toSummary),
    newer: options.after && page.length ? cursorOf(options.tab, page[0]!) : null,
    older: rows.length > pageSize ? cursorOf(options.tab, page.at(-1)!) : null,
  };
}

/** Old page-numbered links go this deep at most (OFFSET is cheap only near the top). */
export const MAX_OFFSET_LINK = 1000;

/**
 * The cursor that continues a list after its first `offset` rows, for old
 * `?page=N` links: null when the list is shorter, or the offset too deep.
 */
export async function listCursorAtOffset(db: DB, options: Omit<ListOptions, 'after' | 'before' | 'pageSize'>, offset: number): Promise<ListCursor | null> {
  if (!Number.isInteger(offset) || offset < 1 || offset > MAX_OFFSET_LINK) return null;
  const [row] = await selectListRows(db, options, { limit: 1, offset: offset - 1 });
  return row ? cursorOf(options.tab, row) : null;
}

/** How many visible questions there are (and unanswered ones), in all or in a tag: one row of question_counts. */
export async function questionCounts(db: DB, tag?: string): Promise<{ questions: number; unanswered: number }> {
  const row = await db
    .selectFrom('question_counts')
    .select(['questions', 'unanswered'])
    .where('scope', '=', tag ?? '*')
    .executeTakeFirst();
  return { questions: Number(row?.questions ?? 0), unanswered: Number(row?.unanswered ?? 0) };
}

/** Tags with visible questions, most used first. */
export async function listTags(db: DB, limit = 200): Promise<Array<{ tag: string; questions: number }>> {
  const rows = await db
    .selectFrom('question_counts')
    .select(['scope', 'questions'])
    .where('scope', '<>', '*')
    .where('questions', '>', 0)
    .orderBy('questions', 'desc')
    .orderBy('scope')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ tag: r.scope, questions: Number(r.questions) }));
}

export { canSeeHidden } from './permissions';

export { hasPrivilege };

/** Every public question's address and last activity, for the sitemap. */
export async function questionSitemapEntries(db: DB): Promise<Array<{ path: string; lastmod: string }>> {
  const rows = await db.selectFrom('questions').select(['id', 'slug', 'last_activity_at']).where('visibility', '=', 'visible').orderBy('id').execute();
  return rows.map((r) => ({ path: questionUrl(r.id, r.slug), lastmod: new Date(r.last_activity_at).toISOString().slice(0, 10) }));
}
