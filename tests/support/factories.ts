// Factories that build realistic rows in one line, each through the domain
// function that owns the table (so counters, ledgers and outboxes are right).
import type { DB } from '@db/connection';
import type { Role } from '@db/schema';
import { createSession, generateSessionToken, type SessionUser } from '@/server/accounts/sessions';
import { createUser } from '@/server/accounts/users';
import { postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import type { CommunityContext } from '@/server/community/posting';
import { askQuestion, type QuestionInput } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { castVote, type PostRef } from '@/server/community/votes';
import type { SiteContext } from '@/server/email/templates';
import { createTicket, type NewTicket } from '@/server/tickets/tickets';
import { SESSION_COOKIE } from '@/web/session-cookie';

export const site: SiteContext = { siteUrl: 'http://hearth.test', siteName: 'Fieldnote Support' };
export const GOOD_PASSWORD = 'correct horse battery';

let counter = 0;

export async function makeUser(db: DB, overrides: { email?: string; displayName?: string; role?: Role; password?: string; joinedAt?: number } = {}) {
  counter++;
  return createUser(
    db,
    {
      email: overrides.email ?? `person${counter}@example.com`,
      displayName: overrides.displayName ?? `Person ${counter}`,
      password: overrides.password ?? GOOD_PASSWORD,
      role: overrides.role ?? 'member',
    },
    overrides.joinedAt,
  );
}

/**
 * A member who may flag: `reputation` (20, past the flag privilege) from an
 * accepted answer, and an account `ageDays` (30) old at `at`, so not new.
 */
export async function makeFlagger(
  db: DB,
  options: Omit<NonNullable<Parameters<typeof makeUser>[1]>, 'joinedAt'> & { reputation?: number; ageDays?: number; at?: number } = {},
) {
  const { reputation = 20, ageDays = 30, at = Date.now(), ...user } = options;
  const member = await makeUser(db, { ...user, joinedAt: at - ageDays * 24 * 60 * 60_000 });
  if (reputation > 1)
    await grantReputation(
      db,
      { userId: member.id, ruleDelta: reputation - 1, reason: 'answer_accepted', postType: null, postId: null, source: `test:flagger:${member.id}` },
      at,
    );
  return member;
}

/** A question by `author` (a new member when omitted). */
export async function makeQuestion(db: DB, author?: SessionUser, overrides: Partial<QuestionInput> = {}, ctx: CommunityContext = {}) {
  counter++;
  const asker = author ?? (await makeUser(db));
  const input: QuestionInput = {
    title: `Calendar events arrive late after reconnecting (case ${counter})`,
    body: 'After I reconnected my calendar, new events show up in Fieldnote about an hour late. Is there a way to speed up the sync?',
    tags: ['calendar-sync'],
    ...overrides,
  };
  const { id, slug } = await askQuestion(db, asker, input, ctx);
  return { id, slug, author: asker, url: `/community/questions/${id}/${slug}` };
}

/** An answer to `questionId` by `author` (a new member when omitted). */
export async function makeAnswer(db: DB, questionId: number, author?: SessionUser, body?: string, ctx: CommunityContext = {}) {
  const answerer = author ?? (await makeUser(db));
  const text = body ?? 'Open Settings → Calendars, press Sync now, and the late events come in within a minute.';
  const { id } = await postAnswer(db, site, answerer, questionId, text, ctx);
  return { id, author: answerer };
}

/** A comment on a post by `author` (by default the question's own author may comment without the privilege, so pass one). */
export async function makeComment(db: DB, post: PostRef, author: SessionUser, body = 'Which version of the app is this on?', ctx: CommunityContext = {}) {
  const { id, questionId } = await addComment(db, site, author, post, body, ctx);
  return { id, questionId, author };
}

/**
 * A member with at least `reputation`, earned the way it is in production:
 * staff up-vote questions the member asked (+10 each).
 */
export async function makeMemberWithReputation(db: DB, reputation: number, overrides: Parameters<typeof makeUser>[1] = {}) {
  const member = await makeUser(db, overrides);
  const staff = await makeUser(db, { role: 'staff' });
  for (let earned = 1; earned < reputation; earned += 10) {
    const question = await makeQuestion(db, member);
    await castVote(db, staff, { postType: 'question', postId: question.id }, 'up');
  }
  return member;
}

/** A support ticket from the contact form (by a visitor unless `user` is given). */
export async function makeTicket(db: DB, overrides: Partial<NewTicket> = {}, user: SessionUser | null = null, now = Date.now()) {
  counter++;
  const input: NewTicket = {
    name: user?.displayName ?? `Customer ${counter}`,
    email: user?.email ?? `customer${counter}@example.com`,
    subject: 'Calendar sync fails with CAL-403',
    description: 'Since this morning every calendar sync fails with CAL-403. Reconnecting did not help.',
    category: 'calendar-sync',
    urgency: 'normal',
    emotion: null,
    context: { searches: [], articles: [] },
    ...overrides,
  };
  const { ref, accessKey } = await createTicket(
    db,
    site,
    input,
    {
      user,
      ip: `10.9.${Math.floor(counter / 250) % 250}.${counter % 250}`,
      visitorKey: null,
      supportHours: 'Monday to Friday, 9:00–17:00',
    },
    now,
  );
  return { ref, accessKey, input };
}

/** A `Cookie` header value signing `user` in, made directly in the database (no form, no rate limit). */
export async function sessionCookie(db: DB, user: { id: number }): Promise<string> {
  const token = generateSessionToken();
  await createSession(db, token, user.id);
  return `${SESSION_COOKIE}=${token}`;
}
