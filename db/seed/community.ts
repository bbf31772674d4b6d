// Demo community: the 124 hand-written threads in ./data, replayed as a year of
// forum history. Authors, timestamps and voters are assigned here (with the
// seed's deterministic random); every question, answer, comment, vote, accept
// and close goes through the community domain functions, so scores, badges,
// notifications and above all reputation come out of the ledger exactly as
// they would in production. Nothing is written to those tables by hand.
import { readFileSync } from 'node:fs';
import type { SessionUser } from '@/server/accounts/sessions';
import { toSessionUser } from '@/server/accounts/users';
import { acceptAnswer, postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { markNotificationsRead } from '@/server/community/notifications';
import { askQuestion, closeQuestion } from '@/server/community/questions';
import { defaultRules, type CommunityRules, type Privilege } from '@/server/community/rules';
import { castVote } from '@/server/community/votes';
import type { SiteContext } from '@/server/email/templates';
import { markEmailDelivered } from '@/server/email/outbox';
import { DomainError } from '@/server/errors';
import type { SeedContext } from './index';
import { demoMembers } from './people';
import type { Random } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const seedSite: SiteContext = { siteUrl: 'http://localhost:4321', siteName: 'Fieldnote Support' };
const site = seedSite;

const STAFF_EMAILS = ['sam@fieldnote.example', 'priya@fieldnote.example'];
/** Members who ask and answer the Chinese threads when they can. */
const ZH_NAMES = new Set(['Wei Zhang', 'Mei-Ling Chen', 'Chen Yu-Ting', 'Liu Yang', 'Aiko Tanaka']);

/**
 * The seed's rules. The threads replay a forum whose members earned their
 * privileges long before (and through activity we do not replay), so every
 * privilege threshold is 0: a member with 1 reputation may still up-vote,
 * down-vote, comment anywhere. The rate limits are lifted too, because a year
 * of history is replayed from a handful of demo accounts, far denser per
 * person than real traffic. The reputation rules (amounts and the daily cap)
 * stay at the defaults, so everyone's reputation is what the real rules give.
 */
export const seedRules: CommunityRules = {
  ...defaultRules,
  privileges: Object.fromEntries(Object.keys(defaultRules.privileges).map((p) => [p, 0])) as Record<Privilege, number>,
  limits: { ...defaultRules.limits, newUserPostsPerHour: 1000, postsPerHour: 1000, commentsPerHour: 1000, votesPerDay: 1000, flagsPerDay: 1000 },
};

// The thread files (format: /tmp/community-rules.md).

interface SeedAnswer {
  body: string;
  byStaff: boolean;
  hoursAfter: number;
  score: number;
  accepted: boolean;
}

interface SeedComment {
  on: 'question' | number;
  body: string;
  hoursAfter: number;
}

interface SeedThread {
  key: string;
  title: string;
  body: string;
  tags: string[];
  lang: 'en' | 'zh';
  daysAgo: number;
  score: number;
  askerIsNew: boolean;
  status: 'open' | 'closed-duplicate' | 'closed-off-topic';
  answers: SeedAnswer[];
  comments: SeedComment[];
}

function loadThreads(): SeedThread[] {
  return ['community-threads-a.json', 'community-threads-b.json'].flatMap(
    (file) => JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as SeedThread[],
  );
}

// People.

interface Person {
  user: SessionUser;
  joinedAt: number;
  zh: boolean;
  /** How much this member answers: a few regulars do most of it, as in every forum. */
  activity: number;
}

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Timeline.

type Kind = 'question' | 'answer' | 'comment' | 'accept' | 'close' | 'vote';
/** Order of events that fall on the same millisecond: a post exists before anything happens to it. */
const kindOrder: Record<Kind, number> = { question: 0, answer: 1, comment: 2, accept: 3, close: 4, vote: 5 };

interface Event {
  at: number;
  kind: Kind;
  seq: number;
  /** The thread's title, for the error when the domain refuses the event. */
  thread: string;
  run: () => Promise<unknown>;
}

interface ThreadPlan {
  thread: SeedThread;
  index: number;
  askedAt: number;
  answerAt: number[];
  commentAt: number[];
  acceptAt: number | null;
  closeAt: number | null;
  asker?: Person;
  answerers: Array<Person | undefined>;
  commenters: Array<Person | undefined>;
  closer?: Person;
  questionId?: number;
  answerIds: Array<number | undefined>;
}

const CLOSING_COMMENT = /^closing as|closing this as/i;
const ASKER_HERE = /^asker here/i;
/** "+1", "same here", "following": someone else with the same problem. */
const ME_TOO =
  /^(\+ ?1|same|following|me too|us too|also |would (also )?(love|like|be)|interested|yes please)|[+＋]1|也有一[樣样]|也遇到|我[们們]也|同樣|同样/i;
const DISAGREES = /^(that's not|please don't|please do not|that is not|not quite|careful|this didn't|this did not|doesn't work|does not work)/i;
const asks = (body: string) => /[?？]/.test(body);

export async function seedCommunity({ db, random, now }: SeedContext): Promise<string> {
  const existing = await db.selectFrom('questions').select('id').limit(1).executeTakeFirst();
  if (existing) return 'already seeded';

  const threads = loadThreads();

  // People: the two support staff, and the demo members (the seed's 'people' step made them).
  const memberEmails = new Set(demoMembers.map((m) => m.email));
  const rows = await db.selectFrom('users').select(['id', 'email', 'display_name', 'role', 'created_at', 'email_verified_at']).orderBy('id').execute();
  const toPerson = (r: (typeof rows)[number]): Person => ({
    user: toSessionUser(r),
    joinedAt: r.created_at,
    zh: ZH_NAMES.has(r.display_name),
    activity: 0.3 + 9 * random.next() ** 3,
  });
  const members = rows.filter((r) => r.role === 'member' && memberEmails.has(r.email)).map(toPerson);
  const staff = rows.filter((r) => STAFF_EMAILS.includes(r.email)).map(toPerson);
  if (members.length < 10 || staff.length === 0) return 'skipped: the demo people are missing';

  const hasPosted = new Set<number>();
  /**
   * One member for a role, by preference. A Chinese thread wants the
   * Chinese-speaking members first; `fresh` (a brand-new member's first
   * question) wants members who have not posted yet; and members who had
   * already joined at `at` come before those who joined later. Everyone else
   * prefers the members already active, which keeps newcomers for the first
   * questions.
   */
  const chooseMember = (opts: { at: number; zh: boolean; exclude: Set<number>; fresh?: boolean; weight?: (p: Person) => number }): Person => {
    const joined = (p: Person) => p.joinedAt <= opts.at;
    const lang = (p: Person) => !opts.zh || p.zh;
    const isFresh = (p: Person) => !hasPosted.has(p.user.id);
    const pools: Array<(p: Person) => boolean> = opts.fresh
      ? opts.zh
        ? [(p) => lang(p) && isFresh(p) && joined(p), (p) => lang(p) && isFresh(p)]
        : [(p) => isFresh(p) && joined(p), isFresh]
      : [];
    pools.push(
      (p) => lang(p) && joined(p),
      lang,
      joined,
      () => true,
    );
    const weight = (p: Person) => (opts.weight?.(p) ?? 1) * (opts.fresh || hasPosted.has(p.user.id) ? 1 : 0.1);
    for (const fits of pools) {
      const candidates = members.filter((p) => !opts.exclude.has(p.user.id) && fits(p));
      if (candidates.length) return pickWeighted(random, candidates, weight);
    }
    return members.find((p) => !opts.exclude.has(p.user.id)) ?? members[0]!;
  };

  // 1. When everything happens. The hand-written hours are stretched a little
  // per thread (so not everything lands on the hour) and squeezed when a
  // recent thread would otherwise run into the future.
  const plans: ThreadPlan[] = threads.map((thread, index) => {
    const askedAt = now - thread.daysAgo * DAY + random.int(0, 20) * HOUR + random.int(0, 59) * MIN + random.int(0, 59) * 1000;
    const accepted = thread.answers.findIndex((a) => a.accepted);
    const acceptHours = accepted >= 0 ? thread.answers[accepted]!.hoursAfter + 1 + random.next() * 5 : null;
    let closeHours: number | null = null;
    if (thread.status !== 'open') {
      // Staff close after the answers, right after writing the closing comment when there is one.
      const closing = thread.comments.find((c) => CLOSING_COMMENT.test(c.body));
      const lastAnswer = Math.max(0, ...thread.answers.map((a) => a.hoursAfter));
      closeHours = Math.max(lastAnswer, closing?.hoursAfter ?? 0.5 + random.next() * 2) + 0.05 + random.next() * 0.15;
    }
    const all = [...thread.answers.map((a) => a.hoursAfter), ...thread.comments.map((c) => c.hoursAfter), acceptHours ?? 0, closeHours ?? 0];
    const stretch = 0.85 + random.next() * 0.3;
    const span = Math.max(...all) * stretch * HOUR;
    const room = now - 10 * MIN - askedAt;
    const factor = stretch * (span > room ? room / span : 1);
    const at = (hours: number) => askedAt + Math.round(hours * factor * HOUR);
    return {
      thread,
      index,
      askedAt,
      answerAt: thread.answers.map((a) => at(a.hoursAfter)),
      commentAt: thread.comments.map((c) => at(c.hoursAfter)),
      acceptAt: acceptHours === null ? null : at(acceptHours),
      closeAt: closeHours === null ? null : at(closeHours),
      answerers: [],
      commenters: [],
      answerIds: [],
    };
  });

  // 2. Who writes what, walking the posts in time order (so "has not posted
  // before" means what it says).
  type Post = { at: number; kind: 'question' | 'answer' | 'comment'; seq: number; plan: ThreadPlan; index: number };
  const posts: Post[] = [];
  let seq = 0;
  for (const plan of plans) {
    posts.push({ at: plan.askedAt, kind: 'question', seq: seq++, plan, index: 0 });
    plan.answerAt.forEach((at, index) => posts.push({ at, kind: 'answer', seq: seq++, plan, index }));
    plan.commentAt.forEach((at, index) => posts.push({ at, kind: 'comment', seq: seq++, plan, index }));
    if (plan.thread.status !== 'open') plan.closer = random.pick(staff);
  }
  const byTime = <T extends { at: number; kind: Kind; seq: number }>(a: T, b: T) => a.at - b.at || kindOrder[a.kind] - kindOrder[b.kind] || a.seq - b.seq;
  posts.sort(byTime);
  const clarifier = new Map<number, Person>();
  for (const post of posts) {
    const { plan } = post;
    const { thread } = plan;
    const zh = thread.lang === 'zh';
    if (post.kind === 'question') {
      plan.asker = chooseMember({ at: post.at, zh, exclude: new Set(), fresh: thread.askerIsNew });
      hasPosted.add(plan.asker.user.id);
      continue;
    }
    const asker = plan.asker!;
    if (post.kind === 'answer') {
      const taken = new Set(plan.answerers.filter((p): p is Person => !!p).map((p) => p.user.id));
      let author: Person;
      if (thread.answers[post.index]!.byStaff) {
        const free = staff.filter((s) => !taken.has(s.user.id));
        author = random.pick(free.length ? free : staff);
      } else {
        author = chooseMember({ at: post.at, zh, exclude: new Set([asker.user.id, ...taken]), weight: (p) => p.activity });
      }
      plan.answerers[post.index] = author;
      hasPosted.add(author.user.id);
      continue;
    }
    // Comments: the thread's data says what was said, not by whom; the words tell.
    const comment = thread.comments[post.index]!;
    // The latest earlier comment on the same post, to tell a reply from a new remark.
    let previous: { body: string; by: Person } | undefined;
    for (const [j, c] of thread.comments.entries()) {
      const by = plan.commenters[j];
      if (j !== post.index && by && c.on === comment.on && plan.commentAt[j]! <= post.at) previous = { body: c.body, by };
    }
    let author: Person;
    if (CLOSING_COMMENT.test(comment.body) && plan.closer) author = plan.closer;
    else if (ASKER_HERE.test(comment.body)) author = asker;
    else if (comment.on === 'question') {
      if (ME_TOO.test(comment.body)) author = chooseMember({ at: post.at, zh, exclude: new Set([asker.user.id]) });
      else if (asks(comment.body)) {
        // Someone asking the asker for details; the same person follows up.
        author = clarifier.get(plan.index) ?? chooseMember({ at: post.at, zh, exclude: new Set([asker.user.id]), weight: (p) => p.activity });
        clarifier.set(plan.index, author);
      } else if (previous && previous.by.user.id !== asker.user.id)
        author = asker; // the asker replies
      else author = chooseMember({ at: post.at, zh, exclude: new Set([asker.user.id]) });
    } else {
      const answerer = plan.answerers[comment.on];
      const exclude = new Set([asker.user.id, ...(answerer ? [answerer.user.id] : [])]);
      if (ME_TOO.test(comment.body) || DISAGREES.test(comment.body)) author = chooseMember({ at: post.at, zh, exclude });
      else if (previous && answerer && previous.by.user.id !== answerer.user.id && asks(previous.body))
        author = answerer; // the answerer replies
      else author = asker; // mostly "that worked, thanks"
    }
    plan.commenters[post.index] = author;
    hasPosted.add(author.user.id);
  }

  // Duplicates point at the question their closing comment names, or else the
  // most similar earlier one by shared tags.
  const duplicateTarget = (plan: ThreadPlan): ThreadPlan | undefined => {
    const named = plan.thread.comments.map((c) => /duplicate of ["“](.+?)["”]/.exec(c.body)?.[1]).find(Boolean);
    const earlier = plans.filter((p) => p !== plan && p.askedAt < plan.closeAt! && p.thread.status !== 'closed-duplicate');
    const byTitle = named ? earlier.find((p) => p.thread.title === named) : undefined;
    if (byTitle) return byTitle;
    const shared = (p: ThreadPlan) => p.thread.tags.filter((t) => plan.thread.tags.includes(t)).length;
    return [...earlier].sort((a, b) => shared(b) - shared(a) || b.thread.answers.length - a.thread.answers.length || a.askedAt - b.askedAt)[0];
  };

  // 3. The events, votes included, in one timeline across all threads.
  const counts = { questions: 0, answers: 0, comments: 0, votes: 0, accepted: 0, closed: 0 };
  const events: Event[] = [];
  const ctxAt = (at: number) => ({ now: at, rules: seedRules });

  /** Up- and down-votes from distinct members that net to `score`, spread between the post and now. */
  const planVotes = (post: { postType: 'question' | 'answer'; plan: ThreadPlan; answer?: number }, at: number, author: Person, score: number) => {
    let ups = Math.max(0, score);
    let downs = Math.max(0, -score);
    if (score < 0) ups += random.int(0, 1);
    if (score < 0) downs = ups - score;
    else if (score >= 8 && random.chance(0.3)) {
      const extra = random.int(1, 2);
      ups += extra;
      downs += extra;
    }
    const zh = post.plan.thread.lang === 'zh';
    const others = members.filter((m) => m.user.id !== author.user.id);
    // Readers of a Chinese thread are mostly the Chinese-speaking members; the asker likes the answer they accept.
    let voters = [
      ...shuffled(
        random,
        others.filter((m) => zh && m.zh),
      ),
      ...shuffled(
        random,
        others.filter((m) => !(zh && m.zh)),
      ),
    ];
    const asker = post.plan.asker!;
    if (post.postType === 'answer' && post.plan.thread.answers[post.answer!]!.accepted && asker.user.id !== author.user.id) {
      voters = [asker, ...voters.filter((v) => v.user.id !== asker.user.id)];
    }
    while (ups + downs > voters.length) {
      if (downs > 0 && ups > 0) {
        ups--;
        downs--;
      } else if (ups > 0) ups--;
      else downs--;
    }
    voters.slice(0, ups + downs).forEach((voter, i) => {
      const direction = i < ups ? 'up' : 'down';
      // Most votes come while a post is new; a trickle keeps coming for months.
      const from = Math.max(at + 5 * MIN, voter.joinedAt);
      const voteAt = Math.min(now - MIN, from + Math.floor((now - MIN - from) * random.next() ** 3));
      events.push({
        at: voteAt,
        kind: 'vote',
        seq: seq++,
        thread: post.plan.thread.title,
        run: async () => {
          const postId = post.postType === 'question' ? post.plan.questionId : post.plan.answerIds[post.answer!];
          if (postId === undefined) throw new DomainError('The post was not created.');
          await castVote(db, voter.user, { postType: post.postType, postId }, direction, ctxAt(voteAt));
          counts.votes++;
        },
      });
    });
  };

  for (const plan of plans) {
    const { thread } = plan;
    const asker = plan.asker!;
    events.push({
      at: plan.askedAt,
      kind: 'question',
      seq: seq++,
      thread: thread.title,
      run: async () => {
        const { id } = await askQuestion(db, asker.user, { title: thread.title, body: thread.body, tags: thread.tags }, ctxAt(plan.askedAt));
        plan.questionId = id;
        counts.questions++;
      },
    });
    planVotes({ postType: 'question', plan }, plan.askedAt, asker, thread.score);

    thread.answers.forEach((answer, i) => {
      const at = plan.answerAt[i]!;
      const author = plan.answerers[i]!;
      events.push({
        at,
        kind: 'answer',
        seq: seq++,
        thread: thread.title,
        run: async () => {
          if (plan.questionId === undefined) throw new DomainError('The question was not created.');
          plan.answerIds[i] = (await postAnswer(db, site, author.user, plan.questionId, answer.body, ctxAt(at))).id;
          counts.answers++;
        },
      });
      planVotes({ postType: 'answer', plan, answer: i }, at, author, answer.score);
    });

    thread.comments.forEach((comment, i) => {
      const at = plan.commentAt[i]!;
      const author = plan.commenters[i]!;
      events.push({
        at,
        kind: 'comment',
        seq: seq++,
        thread: thread.title,
        run: async () => {
          const postId = comment.on === 'question' ? plan.questionId : plan.answerIds[comment.on];
          if (postId === undefined) throw new DomainError('The post was not created.');
          await addComment(db, site, author.user, { postType: comment.on === 'question' ? 'question' : 'answer', postId }, comment.body, ctxAt(at));
          counts.comments++;
        },
      });
    });

    const accepted = thread.answers.findIndex((a) => a.accepted);
    if (accepted >= 0 && plan.acceptAt !== null) {
      const at = plan.acceptAt;
      events.push({
        at,
        kind: 'accept',
        seq: seq++,
        thread: thread.title,
        run: async () => {
          const answerId = plan.answerIds[accepted];
          if (answerId === undefined) throw new DomainError('The answer was not created.');
          await acceptAnswer(db, site, asker.user, answerId, ctxAt(at));
          counts.accepted++;
        },
      });
    }

    if (plan.closeAt !== null && plan.closer) {
      const at = plan.closeAt;
      const closer = plan.closer;
      const duplicate = thread.status === 'closed-duplicate';
      const target = duplicate ? duplicateTarget(plan) : undefined;
      events.push({
        at,
        kind: 'close',
        seq: seq++,
        thread: thread.title,
        run: async () => {
          if (plan.questionId === undefined) throw new DomainError('The question was not created.');
          await closeQuestion(
            db,
            closer.user,
            plan.questionId,
            duplicate ? { reason: 'duplicate', duplicateOfId: target?.questionId ?? null } : { reason: 'off-topic' },
            ctxAt(at),
          );
          counts.closed++;
        },
      });
    }
  }

  // 4. Replay. The plan only contains actions the rules allow, so a refusal
  // means the data or the rules changed: stop and say which action, rather
  // than leave a demo that quietly differs from its data.
  const outboxBefore = await db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const notificationsBefore = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  events.sort(byTime);
  for (const event of events) {
    try {
      await event.run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const article = /^[aeiou]/.test(event.kind) ? 'an' : 'a';
      const day = new Date(event.at).toISOString().slice(0, 10);
      throw new Error(
        `The demo seed could not replay ${article} ${event.kind} of “${event.thread}” (${day}): ${error.message}\n` +
          'The demo community is incomplete: fix the cause, then seed an empty database (delete the DATABASE_PATH file).',
        { cause: error },
      );
    }
  }

  // The notification emails of a year ago went out at the time: mark them
  // delivered so the first start does not send (or print) hundreds of them,
  // and members have read what they were told about more than a week ago.
  const emails = await db
    .selectFrom('email_outbox')
    .select(['id', 'created_at'])
    .where('id', '>', Number(outboxBefore?.id ?? 0))
    .where('status', '=', 'pending')
    .execute();
  for (const email of emails) await markEmailDelivered(db, email.id, 'logged', Math.min(now, email.created_at + MIN));
  const oldNotifications = await db
    .selectFrom('notifications')
    .select(['id', 'user_id', 'created_at'])
    .where('id', '>', Number(notificationsBefore?.id ?? 0))
    .where('created_at', '<', now - 7 * DAY)
    .execute();
  for (const n of oldNotifications) await markNotificationsRead(db, n.user_id, [n.id], n.created_at + random.int(10, 36 * 60) * MIN);

  return `${counts.questions} questions, ${counts.answers} answers, ${counts.comments} comments, ${counts.votes} votes, ${counts.accepted} accepted, ${counts.closed} closed`;
}
