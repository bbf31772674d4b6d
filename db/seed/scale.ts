// Scale data: grows a migrated database (empty, or holding the demo seed) to
// tens of thousands of questions and answers, with users, votes, accepts and
// the reputation ledger, for benchmarks at realistic size (issue 10). Unlike
// the demo seed it does not replay through the domain functions (that would
// take an hour): it computes every row in memory, with the domain's rules,
// and bulk-inserts them in transactions of a few thousand rows. What the
// domain keeps consistent stays consistent, and verifyScaleData checks it:
//   - bodies rendered by the one Markdown renderer (renderPost), each distinct
//     body once, HTML and plain text stored as the domain stores them;
//   - questions.score / answers.score = the sum of their votes, answer_count =
//     visible answers, last_activity_at = the latest answer or accept,
//     accepted_answer_id = an answer of the question;
//   - one ledger row per vote and accept, with the delta appliedDelta gives
//     (daily vote cap, floor of 1) in time order, and users.reputation = 1 +
//     the user's ledger sum (what `npm run reputation:recompute` computes);
//   - question_tags' copies of the list columns and question_counts' totals;
//   - an "Asked" / "Answered" revision per post, badges as awardBadges gives.
// Left out on purpose: notifications and emails (history, not state), rate
// limit rows, comments, flags, closed or hidden posts, and privileges (every
// generated member votes as if allowed, as the demo seed's rules do).
// All generated users share one precomputed argon2 hash of the demo password
// ("fieldnote-demo"), because hashing 5,000 passwords would take minutes.
import { CompiledQuery } from 'kysely';
import type { DB } from '@db/connection';
import type { PostType } from '@db/schema';
import { documentHash, searchDocId } from '@search/indexer';
import { questionSource } from '@search/sources/questions';
import type { SearchEngine } from '@search/types';
import { renderPost, slugForTitle } from '@/server/community/posting';
import { appliedDelta, type ReputationReason } from '@/server/community/reputation';
import { defaultRules, type CommunityRules } from '@/server/community/rules';
import { createRandom, type Random } from './random';
import { scaleAnswerBody, scaleDisplayName, scaleQuestionBody, scaleTags, scaleTitle, scaleTopics, type ScaleLang, type ScaleTopic } from './scale-text';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The scale data's clock: fixed, so every run gives the same rows. Posts span the two years before it. */
export const SCALE_BASE_TIME = Date.UTC(2026, 9, 1, 12, 0, 0);
export const SCALE_SEED = 20261201;
/** Generated users' addresses end in this domain; how a second run recognises scale data. */
export const SCALE_EMAIL_DOMAIN = 'scale.fieldnote.example';
/** argon2id of the demo password "fieldnote-demo" (db/seed/people.ts), shared by every generated user. */
export const SCALE_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$1tAwKwaqed0xjDKeiVmQlg$oJP7wdDaem4vCVUkU+54YDwp8ey0GWCWlinXRuWWY7o';

export interface ScaleOptions {
  /** Total questions in the database afterwards (default 50,000). */
  questions?: number;
  /** Total answers afterwards (default 150,000). */
  answers?: number;
  /** Generated members (default 5,000). */
  users?: number;
  seed?: number;
  now?: number;
  rules?: CommunityRules;
  /** Distinct question and answer bodies per topic and language, at most (default 400 each); each is rendered once. */
  bodyVariants?: number;
  log?: (line: string) => void;
}

export interface ScaleSummary {
  users: number;
  questions: number;
  answers: number;
  votes: number;
  accepted: number;
  reputationEvents: number;
  /** Distinct bodies rendered. */
  rendered: number;
  seconds: number;
  /** Ids of the generated questions, first to last (inclusive); null when none were added. */
  questionIds: { first: number; last: number } | null;
}

// Bulk inserts: multi-row INSERT statements through Kysely (prepared and run by
// better-sqlite3), up to 500 rows each, in transactions of 5,000 rows.
const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 5_000;

export async function bulkInsert(db: DB, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30_000 / columns.length)));
  const placeholders = (n: number) => Array.from({ length: n }, () => `(${columns.map(() => '?').join(', ')})`).join(', ');
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  const full = head + placeholders(perStatement);
  for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
    const chunk = rows.slice(start, start + ROWS_PER_TRANSACTION);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < chunk.length; i += perStatement) {
        const part = chunk.slice(i, i + perStatement);
        await trx.executeQuery(CompiledQuery.raw(part.length === perStatement ? full : head + placeholders(part.length), part.flat()));
      }
    });
  }
}

export async function scalar(db: DB, query: string): Promise<number> {
  const { rows } = await db.executeQuery<{ n: number | null }>(CompiledQuery.raw(query));
  return Number(rows[0]?.n ?? 0);
}

/** Picks by weight in O(log n): cumulative weights and a binary search. */
export function weightedPicker<T>(items: readonly T[], weight: (item: T, index: number) => number): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((item, i) => cumulative.push((total += weight(item, i))));
  return (random) => {
    const r = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

interface GenUser {
  id: number;
  joinedAt: number;
  reputation: number;
}

interface GenQuestion {
  id: number;
  authorId: number;
  at: number;
  topic: ScaleTopic;
  lang: ScaleLang;
  title: string;
  body: string;
  tags: string[];
  answers: GenAnswer[];
  score: number;
  acceptedId: number | null;
  acceptedAt: number | null;
  lastActivityAt: number;
}

interface GenAnswer {
  id: number;
  questionId: number;
  authorId: number;
  at: number;
  body: string;
  score: number;
  verifiedBy: number | null;
  verifiedAt: number | null;
  /** When the score first reached 1 and 10 (the teacher and helpful badges). */
  reachedOneAt: number | null;
  reachedTenAt: number | null;
}

interface Grant {
  at: number;
  seq: number;
  userId: number;
  ruleDelta: number;
  reason: ReputationReason;
  postType: PostType;
  postId: number;
  source: string;
}

/**
 * Grows the database to `questions` questions and `answers` answers (totals,
 * the demo's included) with `users` new members and their votes. Refuses a
 * database that already holds part of a scale run; a database already at the
 * sizes is left alone.
 */
export async function generateScaleData(db: DB, options: ScaleOptions = {}): Promise<ScaleSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const targetQuestions = options.questions ?? 50_000;
  const targetAnswers = options.answers ?? 150_000;
  const userCount = options.users ?? 5_000;
  const now = options.now ?? SCALE_BASE_TIME;
  const rules = options.rules ?? defaultRules;
  const variants = options.bodyVariants ?? 400;
  const random = createRandom(options.seed ?? SCALE_SEED);

  const existingQuestions = await scalar(db, 'select count(*) as n from questions');
  const existingAnswers = await scalar(db, 'select count(*) as n from answers');
  const existingScaleUsers = await scalar(db, `select count(*) as n from users where email like '%@${SCALE_EMAIL_DOMAIN}'`);
  const empty: ScaleSummary = { users: 0, questions: 0, answers: 0, votes: 0, accepted: 0, reputationEvents: 0, rendered: 0, seconds: 0, questionIds: null };
  if (existingQuestions >= targetQuestions && existingAnswers >= targetAnswers) return empty;
  if (existingScaleUsers > 0) throw new Error('This database already holds scale data of another size: generate into a fresh (or freshly seeded) database.');
  const newQuestions = Math.max(0, targetQuestions - existingQuestions);
  const newAnswers = Math.max(0, targetAnswers - existingAnswers);
  if (newAnswers > 0 && newQuestions === 0) throw new Error('Answers are added to generated questions only: ask for more questions too.');
  if (userCount < 3) throw new Error('Generate at least 3 users (askers answer other people’s questions).');

  const next = async (table: string) => (await scalar(db, `select max(id) as n from ${table}`)) + 1;
  let userId = await next('users');
  let questionId = await next('questions');
  let answerId = await next('answers');
  let voteId = await next('votes');
  const staffIds = (await db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).orderBy('id').execute()).map((r) => r.id);

  // 1. People: they joined in the year before the first generated post.
  const postsFrom = now - 730 * DAY;
  const users: GenUser[] = Array.from({ length: userCount }, () => ({ id: userId++, joinedAt: postsFrom - DAY - random.int(0, 365 * DAY), reputation: 1 }));
  const userRows = users.map((u, i) => [
    `member${i + 1}@${SCALE_EMAIL_DOMAIN}`,
    scaleDisplayName(random),
    SCALE_PASSWORD_HASH,
    'member',
    u.joinedAt,
    u.joinedAt,
    u.joinedAt + random.int(1, 30) * MIN,
  ]);
  // A few regulars answer most questions, as in every forum; asking is spread more evenly.
  const answerWeights = users.map(() => 0.2 + 20 * random.next() ** 4);
  const pickAnswerer = weightedPicker(users, (_, i) => answerWeights[i]!);
  const pickAsker = weightedPicker(users, () => 0.5 + random.next() ** 2);
  const pickTopic = weightedPicker(scaleTopics, (t) => t.weight);

  // 2. Text: a pool of distinct bodies per topic and language, each rendered once.
  const rendered = new Map<string, { html: string; text: string }>();
  const render = (md: string) => {
    let out = rendered.get(md);
    if (!out) rendered.set(md, (out = renderPost(md)));
    return out;
  };
  const pools = new Map<string, { questions: string[]; answers: string[] }>();
  const poolOf = (topic: ScaleTopic, lang: ScaleLang) => {
    const key = `${topic.key}:${lang}`;
    let pool = pools.get(key);
    if (!pool) {
      const size = Math.max(4, Math.round(variants * (lang === 'en' ? 1 : 0.15)));
      pool = {
        questions: Array.from({ length: size }, () => scaleQuestionBody(random, topic, lang)),
        answers: Array.from({ length: size }, () => scaleAnswerBody(random, topic, lang)),
      };
      pools.set(key, pool);
    }
    return pool;
  };

  // 3. Questions, evenly over two years in id order; about 5 % in Chinese, 8 % never answered.
  const questions: GenQuestion[] = [];
  const answerWeight: number[] = [];
  for (let i = 0; i < newQuestions; i++) {
    const topic = pickTopic(random);
    const lang: ScaleLang = topic.hant && random.chance(0.057) ? (random.chance(0.5) ? 'zh-Hant' : 'zh-Hans') : 'en';
    const at = postsFrom + Math.floor((i / Math.max(1, newQuestions)) * 728 * DAY) + random.int(0, 50 * MIN);
    questions.push({
      id: questionId++,
      authorId: pickAsker(random).id,
      at,
      topic,
      lang,
      title: scaleTitle(random, topic, lang),
      body: random.pick(poolOf(topic, lang).questions),
      tags: scaleTags(random, topic),
      answers: [],
      score: 0,
      acceptedId: null,
      acceptedAt: null,
      lastActivityAt: at,
    });
    answerWeight.push(random.chance(0.08) ? 0 : 0.3 + 3 * random.next() ** 2);
  }

  // 4. Answers: spread over the answered questions by weight, by other members, after the question.
  const pickQuestion = weightedPicker(questions, (_, i) => answerWeight[i]!);
  for (let i = 0; i < newAnswers; i++) pickQuestion(random).answers.push(undefined as unknown as GenAnswer);
  const answers: GenAnswer[] = [];
  for (const q of questions) {
    const count = q.answers.length;
    q.answers = [];
    let at = q.at;
    const taken = new Set([q.authorId]);
    for (let k = 0; k < count; k++) {
      at = Math.min(now - MIN, at + random.int(10 * MIN, (k === 0 ? 3 : 10) * DAY));
      let author = pickAnswerer(random);
      for (let tries = 0; taken.has(author.id) && tries < 20; tries++) author = pickAnswerer(random);
      if (taken.has(author.id)) author = users.find((u) => !taken.has(u.id)) ?? users.find((u) => u.id !== q.authorId)!;
      if (taken.size < users.length) taken.add(author.id);
      const verified = staffIds.length > 0 && random.chance(0.03);
      const answer: GenAnswer = {
        id: answerId++,
        questionId: q.id,
        authorId: author.id,
        at,
        body: random.pick(poolOf(q.topic, q.lang).answers),
        score: 0,
        verifiedBy: verified ? random.pick(staffIds) : null,
        verifiedAt: verified ? Math.min(now, at + random.int(1, 48) * HOUR) : null,
        reachedOneAt: null,
        reachedTenAt: null,
      };
      q.answers.push(answer);
      answers.push(answer);
      q.lastActivityAt = Math.max(q.lastActivityAt, at);
    }
  }

  // 5. Votes and accepts, and the ledger rows they cause (in time order below).
  const grants: Grant[] = [];
  let seq = 0;
  const voteRows: unknown[][] = [];
  const r = rules.reputation;
  const castVotes = (postType: PostType, post: { id: number; at: number }, authorId: number, ups: number, downs: number) => {
    const voters = new Set<number>([authorId]);
    const votes: Array<{ at: number; value: 1 | -1 }> = [];
    for (let k = 0; k < ups + downs && voters.size < users.length; k++) {
      let voter = random.pick(users);
      while (voters.has(voter.id)) voter = random.pick(users);
      voters.add(voter.id);
      const value = k < ups ? 1 : -1;
      // Most votes come while a post is new; a trickle keeps coming for months.
      const from = post.at + 5 * MIN;
      const at = Math.min(now - MIN, from + Math.floor((now - MIN - from) * random.next() ** 3));
      const id = voteId++;
      voteRows.push([id, voter.id, postType, post.id, value, at]);
      votes.push({ at, value });
      const source = `vote:${id}`;
      if (value === 1) {
        const question = postType === 'question';
        grants.push({
          at,
          seq: seq++,
          userId: authorId,
          ruleDelta: question ? r.questionUpvoted : r.answerUpvoted,
          reason: question ? 'question_upvoted' : 'answer_upvoted',
          postType,
          postId: post.id,
          source,
        });
      } else {
        grants.push({
          at,
          seq: seq++,
          userId: authorId,
          ruleDelta: r.downvoteReceived,
          reason: postType === 'question' ? 'question_downvoted' : 'answer_downvoted',
          postType,
          postId: post.id,
          source,
        });
        if (postType === 'answer')
          grants.push({ at, seq: seq++, userId: voter.id, ruleDelta: r.downvoteCastOnAnswer, reason: 'downvote_cast', postType, postId: post.id, source });
      }
    }
    return votes.sort((a, b) => a.at - b.at);
  };
  let accepted = 0;
  for (const q of questions) {
    const qVotes = castVotes('question', q, q.authorId, Math.floor(random.next() ** 3 * 12), random.chance(0.08) ? random.int(1, 2) : 0);
    q.score = qVotes.reduce((s, v) => s + v.value, 0);
    // About 45 % of answered questions accept one answer, the early ones more often.
    const acceptIndex = q.answers.length && random.chance(0.45) ? Math.min(q.answers.length - 1, Math.floor(random.next() ** 2 * q.answers.length)) : -1;
    for (const [k, a] of q.answers.entries()) {
      const isAccepted = k === acceptIndex;
      const aVotes = castVotes(
        'answer',
        a,
        a.authorId,
        Math.floor(random.next() ** 2.5 * 10) + (isAccepted ? random.int(1, 4) : 0),
        random.chance(0.1) ? 1 : 0,
      );
      let running = 0;
      for (const v of aVotes) {
        running += v.value;
        if (running >= 1) a.reachedOneAt ??= v.at;
        if (running >= 10) a.reachedTenAt ??= v.at;
      }
      a.score = running;
      if (isAccepted) {
        const at = Math.min(now - MIN, a.at + random.int(1, 72) * HOUR);
        q.acceptedId = a.id;
        q.acceptedAt = at;
        q.lastActivityAt = Math.max(q.lastActivityAt, at);
        accepted++;
        const source = `accept:${q.id}`;
        // The answer's author is never the asker here, so both earn (acceptAnswer's rule).
        grants.push({ at, seq: seq++, userId: a.authorId, ruleDelta: r.answerAccepted, reason: 'answer_accepted', postType: 'answer', postId: a.id, source });
        grants.push({
          at,
          seq: seq++,
          userId: q.authorId,
          ruleDelta: r.acceptedAnAnswer,
          reason: 'accepted_an_answer',
          postType: 'answer',
          postId: a.id,
          source,
        });
      }
    }
  }

  // 6. The ledger in time order: the applied delta is what grantReputation
  // would have written at that moment (the daily cap on vote gains, the floor of 1).
  grants.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const byId = new Map(users.map((u) => [u.id, u]));
  const today = new Map<number, { day: number; earned: number }>();
  const ledgerRows: unknown[][] = [];
  for (const g of grants) {
    const user = byId.get(g.userId)!;
    const capped = g.reason === 'question_upvoted' || g.reason === 'answer_upvoted';
    const day = Math.floor(g.at / DAY);
    let earned = today.get(g.userId);
    if (!earned || earned.day !== day) today.set(g.userId, (earned = { day, earned: 0 }));
    const delta = appliedDelta({ ruleDelta: g.ruleDelta, current: user.reputation, earnedToday: capped ? earned.earned : 0, capped, cap: r.dailyVoteCap });
    if (capped) earned.earned += delta;
    user.reputation += delta;
    ledgerRows.push([g.userId, delta, g.ruleDelta, g.reason, g.postType, g.postId, g.source, 0, g.at]);
  }
  log(`scale: planned ${questions.length} questions, ${answers.length} answers, ${voteRows.length} votes, ${ledgerRows.length} ledger rows`);

  // 7. Write.
  const write = async (table: string, columns: readonly string[], rows: unknown[][]) => {
    const t0 = performance.now();
    await bulkInsert(db, table, columns, rows);
    log(`scale: wrote ${rows.length} ${table} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  await write(
    'users',
    ['email', 'display_name', 'password_hash', 'role', 'created_at', 'password_changed_at', 'email_verified_at', 'id', 'reputation'],
    userRows.map((row, i) => [...row, users[i]!.id, users[i]!.reputation]),
  );
  const questionRows: unknown[][] = [];
  const tagRows: unknown[][] = [];
  const revisionRows: unknown[][] = [];
  const counts = new Map<string, { questions: number; unanswered: number }>();
  const addCount = (scope: string, unanswered: boolean) => {
    const c = counts.get(scope) ?? { questions: 0, unanswered: 0 };
    c.questions++;
    if (unanswered) c.unanswered++;
    counts.set(scope, c);
  };
  for (const q of questions) {
    const { html, text } = render(q.body);
    const answerCount = q.answers.length;
    questionRows.push([
      q.id,
      q.authorId,
      q.title,
      slugForTitle(q.title),
      q.body,
      html,
      text,
      JSON.stringify(q.tags),
      q.score,
      answerCount,
      q.acceptedId,
      q.lastActivityAt,
      q.at,
      q.at,
    ]);
    for (const tag of q.tags) tagRows.push([q.id, tag, q.at, 'visible', 'open', q.score, answerCount, q.lastActivityAt, q.at]);
    revisionRows.push(['question', q.id, q.authorId, q.title, q.body, JSON.stringify(q.tags), 'Asked', q.at]);
    for (const scope of ['*', ...q.tags]) addCount(scope, answerCount === 0);
  }
  await write(
    'questions',
    [
      'id',
      'author_id',
      'title',
      'slug',
      'body_md',
      'body_html',
      'body_text',
      'tags',
      'score',
      'answer_count',
      'accepted_answer_id',
      'last_activity_at',
      'created_at',
      'updated_at',
    ],
    questionRows,
  );
  await write('question_tags', ['question_id', 'tag', 'created_at', 'visibility', 'status', 'score', 'answer_count', 'last_activity_at', 'asked_at'], tagRows);
  await write(
    'answers',
    ['id', 'question_id', 'author_id', 'body_md', 'body_html', 'body_text', 'score', 'verified_by', 'verified_at', 'created_at', 'updated_at'],
    answers.map((a) => {
      const { html, text } = render(a.body);
      revisionRows.push(['answer', a.id, a.authorId, null, a.body, null, 'Answered', a.at]);
      return [a.id, a.questionId, a.authorId, a.body, html, text, a.score, a.verifiedBy, a.verifiedAt, a.at, a.at];
    }),
  );
  await write('votes', ['id', 'user_id', 'post_type', 'post_id', 'value', 'created_at'], voteRows);
  await write('reputation_events', ['user_id', 'delta', 'rule_delta', 'reason', 'post_type', 'post_id', 'source', 'reversed', 'created_at'], ledgerRows);
  await write('post_revisions', ['post_type', 'post_id', 'editor_id', 'title', 'body_md', 'tags', 'summary', 'created_at'], revisionRows);
  await write('user_badges', ['user_id', 'badge', 'post_type', 'post_id', 'awarded_at'], badgeRows(questions, answers));
  // The totals per scope, added to what the demo already counts (addToCounts in questions.ts, in bulk).
  await db.transaction().execute(async (trx) => {
    for (const [scope, c] of counts)
      await trx
        .insertInto('question_counts')
        .values({ scope, questions: c.questions, unanswered: c.unanswered })
        .onConflict((oc) =>
          oc.column('scope').doUpdateSet((eb) => ({
            questions: eb('question_counts.questions', '+', eb.ref('excluded.questions')),
            unanswered: eb('question_counts.unanswered', '+', eb.ref('excluded.unanswered')),
          })),
        )
        .execute();
  });

  return {
    users: users.length,
    questions: questions.length,
    answers: answers.length,
    votes: voteRows.length,
    accepted,
    reputationEvents: ledgerRows.length,
    rendered: rendered.size,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    questionIds: questions.length ? { first: questions[0]!.id, last: questions.at(-1)!.id } : null,
  };
}

/** The badges awardBadges would have given, each at the moment it was earned. */
function badgeRows(questions: GenQuestion[], answers: GenAnswer[]): unknown[][] {
  const earned = new Map<string, { userId: number; badge: string; postId: number; at: number }>();
  const consider = (userId: number, badge: string, postId: number, at: number | null) => {
    if (at === null) return;
    const key = `${userId}:${badge}`;
    const current = earned.get(key);
    if (!current || at < current.at) earned.set(key, { userId, badge, postId, at });
  };
  for (const a of answers) {
    consider(a.authorId, 'first-answer', a.id, a.at);
    consider(a.authorId, 'teacher', a.id, a.reachedOneAt);
    consider(a.authorId, 'helpful', a.id, a.reachedTenAt);
  }
  for (const q of questions) {
    const a = q.answers.find((x) => x.id === q.acceptedId);
    if (a) consider(a.authorId, 'first-accepted', a.id, q.acceptedAt);
  }
  return [...earned.values()].sort((a, b) => a.at - b.at).map((b) => [b.userId, b.badge, 'answer', b.postId, b.at]);
}

export interface ScaleVerification {
  figures: Record<string, number>;
  /** Empty when everything is consistent. */
  problems: string[];
}

/** Checks the whole database (demo and generated rows alike) for what the domain keeps consistent. */
export async function verifyScaleData(db: DB): Promise<ScaleVerification> {
  const figures: Record<string, number> = {};
  for (const table of ['users', 'questions', 'answers', 'votes', 'reputation_events', 'post_revisions', 'user_badges'])
    figures[table] = await scalar(db, `select count(*) as n from ${table}`);
  figures.accepted = await scalar(db, 'select count(*) as n from questions where accepted_answer_id is not null');
  figures.chineseQuestions = await scalar(db, `select count(*) as n from questions where title glob '*[一-龥]*'`);
  figures.calendarQuestions = await scalar(
    db,
    `select count(*) as n from questions where title like '%calendar%' or body_text like '%calendar%' or tags like '%calendar%'`,
  );

  const checks: Array<[string, string]> = [
    [
      'users whose reputation is not 1 + their ledger sum',
      'select count(*) as n from users u where u.reputation != 1 + coalesce((select sum(delta) from reputation_events r where r.user_id = u.id), 0)',
    ],
    [
      'questions whose answer_count is not their visible answers',
      `select count(*) as n from questions q where q.answer_count != (select count(*) from answers a where a.question_id = q.id and a.visibility = 'visible')`,
    ],
    [
      'questions whose score is not the sum of their votes',
      `select count(*) as n from questions q where q.score != coalesce((select sum(value) from votes v where v.post_type = 'question' and v.post_id = q.id), 0)`,
    ],
    [
      'answers whose score is not the sum of their votes',
      `select count(*) as n from answers a where a.score != coalesce((select sum(value) from votes v where v.post_type = 'answer' and v.post_id = a.id), 0)`,
    ],
    [
      'questions whose accepted answer is not one of their answers',
      'select count(*) as n from questions q where q.accepted_answer_id is not null and not exists (select 1 from answers a where a.id = q.accepted_answer_id and a.question_id = q.id)',
    ],
    [
      'questions whose last activity is before their latest answer',
      'select count(*) as n from questions q where q.last_activity_at < coalesce((select max(created_at) from answers a where a.question_id = q.id), 0)',
    ],
    ['questions without HTML or plain text', `select count(*) as n from questions where body_html = '' or body_text is null or body_text = ''`],
    ['answers without HTML or plain text', `select count(*) as n from answers where body_html = '' or body_text is null or body_text = ''`],
    [
      'question_tags rows whose copied list columns differ from their question',
      `select count(*) as n from question_tags t join questions q on q.id = t.question_id
       where t.visibility != q.visibility or t.status != q.status or t.score != q.score or t.answer_count != q.answer_count
          or t.last_activity_at != q.last_activity_at or t.asked_at != q.created_at`,
    ],
    [
      'question_counts rows that differ from the questions',
      `with actual(scope, questions, unanswered) as (
         select '*', coalesce(sum(visibility = 'visible'), 0), coalesce(sum(visibility = 'visible' and answer_count = 0 and status = 'open'), 0) from questions
         union all
         select tag, sum(visibility = 'visible'), sum(visibility = 'visible' and answer_count = 0 and status = 'open') from question_tags group by tag)
       select count(*) as n from actual a left join question_counts c on c.scope = a.scope
       where c.scope is null or c.questions != a.questions or c.unanswered != a.unanswered`,
    ],
    [
      'votes by the post’s own author',
      `select count(*) as n from votes v join questions q on v.post_type = 'question' and q.id = v.post_id where v.user_id = q.author_id`,
    ],
  ];
  const problems: string[] = [];
  for (const [what, query] of checks) {
    const n = await scalar(db, query);
    if (n > 0) problems.push(`${n} ${what}`);
  }
  return { figures, problems };
}

/**
 * Makes the questions searchable without the indexer worker: loads their
 * documents through questionSource in batches of 1,000, upserts them, and
 * records each in search_index_entries with its content hash, as the indexer's
 * markApplied does, so the worker never redoes them. Questions the index
 * already holds, or that have a change waiting for the worker, are skipped.
 */
export async function indexScaleData(
  db: DB,
  engine: SearchEngine,
  options: { batchSize?: number; now?: number; log?: (line: string) => void } = {},
): Promise<{ documents: number; seconds: number }> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1_000;
  const now = options.now ?? Date.now();
  const known = new Set(
    (
      await db
        .selectFrom('search_index_entries')
        .select('doc_id')
        .where('doc_id', 'like', 'question-%')
        .union(db.selectFrom('search_index_changes').select('doc_id').where('doc_id', 'like', 'question-%'))
        .execute()
    ).map((r) => r.doc_id),
  );
  const keys = (await questionSource.allKeys(db)).filter((key) => !known.has(searchDocId('question', key)));
  let documents = 0;
  for (let i = 0; i < keys.length; i += batchSize) {
    const docs = [...(await questionSource.load(db, keys.slice(i, i + batchSize))).values()];
    await engine.upsert(docs);
    await bulkInsertEntries(
      db,
      docs.map((d) => [d.id, documentHash(d), now]),
    );
    documents += docs.length;
    if ((i / batchSize) % 10 === 9) options.log?.(`scale: indexed ${documents} of ${keys.length} questions`);
  }
  return { documents, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

async function bulkInsertEntries(db: DB, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const part = rows.slice(i, i + ROWS_PER_STATEMENT);
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into search_index_entries (doc_id, content_hash, indexed_at) values ${part.map(() => '(?, ?, ?)').join(', ')}
           on conflict (doc_id) do update set content_hash = excluded.content_hash, indexed_at = excluded.indexed_at`,
          part.flat(),
        ),
      );
    }
  });
}
