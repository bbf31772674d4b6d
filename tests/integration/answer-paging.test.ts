// Issue 9 item 13: a question with thousands of answers rendered one huge
// page. Answers come 30 to a page (accepted first, then by score, then oldest,
// then by id), pages are plain links, an answer's permalink lands on its page,
// and the read stays a handful of queries whatever the page.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { acceptAnswer, postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { defaultRules, type CommunityRules } from '@/server/community/rules';
import { ANSWERS_PER_PAGE, answerPageOf, getQuestionThread } from '@/server/community/thread';
import { castVote } from '@/server/community/votes';
import { NotFoundError } from '@/server/errors';
import { GOOD_PASSWORD, makeQuestion, makeUser, site } from '../support/factories';
import { explainQueries } from '../support/query-plans';
import { startTestServer, type TestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';
import { createTestDb, type TestDb } from '../support/test-db';

const T0 = Date.UTC(2025, 2, 3, 9, 0);
const busy: CommunityRules = { ...defaultRules, limits: { ...defaultRules.limits, newUserPostsPerHour: 1e9, postsPerHour: 1e9, commentsPerHour: 1e9 } };

/**
 * A question with `n` answers all posted at the same instant (so only the id
 * breaks ties); the 40th has score 2, the 50th score 1, the 60th is accepted.
 * Returns the answer ids in posting order and the expected page order.
 */
async function busyQuestion(db: DB, n: number) {
  const asker = await makeUser(db);
  const answerer = await makeUser(db);
  const question = await makeQuestion(db, asker, {}, { now: T0, rules: busy });
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      (
        await postAnswer(db, site, answerer, question.id, `Answer number ${i + 1}: restart the sync from Settings, then wait a minute.`, {
          now: T0,
          rules: busy,
        })
      ).id,
    );
  const [voterA, voterB] = [await makeUser(db, { role: 'staff' }), await makeUser(db, { role: 'staff' })];
  await castVote(db, voterA, { postType: 'answer', postId: ids[39]! }, 'up', { now: T0 });
  await castVote(db, voterB, { postType: 'answer', postId: ids[39]! }, 'up', { now: T0 });
  await castVote(db, voterA, { postType: 'answer', postId: ids[49]! }, 'up', { now: T0 });
  await acceptAnswer(db, site, asker, ids[59]!, { now: T0 });
  const special = [ids[59]!, ids[39]!, ids[49]!];
  const order = [...special, ...ids.filter((id) => !special.includes(id))];
  return { question, asker, answerer, ids, order };
}

describe('reading a page of answers', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => t.close());

  it('shows 30 answers a page: accepted first, then top-voted, then oldest, ties by id', async () => {
    const { question, order } = await busyQuestion(t.db, 65);
    expect(ANSWERS_PER_PAGE).toBe(30);
    const first = await getQuestionThread(t.db, question.id, null);
    expect(first.answers.map((a) => a.id)).toEqual(order.slice(0, 30));
    expect(first.answers[0]!.accepted).toBe(true);
    expect(first.answerPage).toEqual({ page: 1, pageCount: 3, total: 65, pageSize: 30, firstNumber: 1 });
    const second = await getQuestionThread(t.db, question.id, null, { page: 2 });
    expect(second.answers.map((a) => a.id)).toEqual(order.slice(30, 60));
    expect(second.answerPage).toMatchObject({ page: 2, firstNumber: 31 });
    const last = await getQuestionThread(t.db, question.id, null, { page: 3 });
    expect(last.answers.map((a) => a.id)).toEqual(order.slice(60));
    // Past the end: the last page, which says so.
    expect((await getQuestionThread(t.db, question.id, null, { page: 9 })).answerPage.page).toBe(3);
  });

  it('reads comments, votes and permissions only for the answers on the page, in the same few queries on every page', async () => {
    const { question, answerer, order } = await busyQuestion(t.db, 65);
    const viewer = await makeUser(t.db);
    await addComment(t.db, site, answerer, { postType: 'answer', postId: order[64]! }, 'Also check the battery saver settings.', { now: T0, rules: busy });
    const first = await getQuestionThread(t.db, question.id, viewer);
    expect(first.answers.flatMap((a) => a.comments)).toEqual([]);
    expect(Object.keys(first.permissions.answers).map(Number).sort()).toEqual(order.slice(0, 30).sort());
    const last = await getQuestionThread(t.db, question.id, viewer, { page: 3 });
    expect(last.answers.find((a) => a.id === order[64])!.comments.map((c) => c.html)).toEqual([expect.stringContaining('battery saver')]);
    const queries = async (page: number) => (await explainQueries(t.sqlite, (db) => getQuestionThread(db, question.id, viewer, { page }))).map((q) => q.sql);
    const [onFirst, onLast] = [await queries(1), await queries(3)];
    expect(onFirst.length).toBeLessThanOrEqual(8);
    expect(onLast.length).toBe(onFirst.length);
  });

  it('finds the page an answer is on, as the viewer sees the thread', async () => {
    const { question, order } = await busyQuestion(t.db, 65);
    expect(await answerPageOf(t.db, order[0]!, null)).toEqual({ url: question.url, page: 1 });
    expect(await answerPageOf(t.db, order[29]!, null)).toEqual({ url: question.url, page: 1 });
    expect(await answerPageOf(t.db, order[30]!, null)).toEqual({ url: `${question.url}?answers=2`, page: 2 });
    expect(await answerPageOf(t.db, order[64]!, null)).toEqual({ url: `${question.url}?answers=3`, page: 3 });
    await expect(answerPageOf(t.db, 999_999, null)).rejects.toThrow(NotFoundError);
  });
});

describe('the paged question page over HTTP', () => {
  let server: TestServer;
  let busyThread: Awaited<ReturnType<typeof busyQuestion>>;
  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'never' });
    busyThread = await busyQuestion(server.db, 65);
  });
  afterAll(async () => server?.stop());

  const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  const answerIdsIn = (html: string) => [...html.matchAll(/<article id="answer-(\d+)"/g)].map((m) => Number(m[1]));

  it('renders one page of 30 with the total in the heading and plain links to the other pages', async () => {
    const { question, order } = busyThread;
    const response = await get(question.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(answerIdsIn(html)).toEqual(order.slice(0, 30));
    expect(html).toMatch(/<h2 id="answers-title">65 answers<\/h2>/);
    expect(html).toContain('Answers 1–30 of 65');
    expect(html).toContain(`href="${question.url}?answers=2"`);
    expect(html).toContain(`href="${question.url}?answers=3"`);
    const last = await (await get(`${question.url}?answers=3`)).text();
    expect(answerIdsIn(last)).toEqual(order.slice(60));
    expect(last).toContain('Answers 61–65 of 65');
    expect(last).toMatch(/<h2 id="answers-title">65 answers<\/h2>/);
    // Forms on page 3 come back to page 3.
    const cookie = (await signInCookie(server, busyThread.asker.email, GOOD_PASSWORD)).cookie;
    expect(await (await get(`${question.url}?answers=3`, { headers: { Cookie: cookie } })).text()).toContain(`name="back" value="${question.url}?answers=3"`);
  });

  it('sends a damaged or past-the-end page number to the page that exists', async () => {
    const { question } = busyThread;
    for (const [asked, lands] of [
      ['9', `${question.url}?answers=3`],
      ['1', question.url],
      ['two', question.url],
      ['0', question.url],
    ]) {
      const response = await get(`${question.url}?answers=${asked}`);
      expect(response.status, asked).toBe(302);
      expect(response.headers.get('location'), asked).toBe(lands);
    }
  });

  it('an answer’s permalink goes to its page, where its anchor is', async () => {
    const { order, question } = busyThread;
    const response = await get(`/community/answers/${order[64]}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${question.url}?answers=3`);
    expect(answerIdsIn(await (await get(response.headers.get('location')!)).text())).toContain(order[64]);
    expect((await get('/community/answers/99999999')).status).toBe(404);
  });

  it('accepting an answer from a later page lands on page 1, where the accepted answer now is', async () => {
    const { asker, order, question } = busyThread;
    const cookie = (await signInCookie(server, asker.email, GOOD_PASSWORD)).cookie;
    const target = order[64]!;
    const response = await fetch(`${server.url}/community/actions/accept`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ back: `${question.url}?answers=3`, answerId: String(target) }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/community/answers/${target}#answer-${target}`);
    const landing = await get(`/community/answers/${target}`);
    expect(landing.headers.get('location')).toBe(question.url);
  });
});
