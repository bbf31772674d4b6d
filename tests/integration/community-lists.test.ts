// HTTP tests for paging the community lists with cursors: the newer/older
// links walk every list (all tabs, a tag page) with no duplicate and no gap,
// even where many questions tie on time and score; bad cursors and old
// ?page=N links; and the queries a list page costs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer } from '@/server/community/answers';
import { profileUrl } from '@/server/community/profiles';
import { askQuestion, closeQuestion, setQuestionVisibility, type QuestionTab } from '@/server/community/questions';
import { castVote } from '@/server/community/votes';
import { bulkRules } from '../bench/community';
import { signedInCookie } from '../bench/queries';
import { makeUser, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const TAG = 'paging-ties';
const PAGE_SIZE = 20;
let server: TestServer;
let asker: SessionUser;

beforeAll(async () => {
  server = await startTestServer({ HEARTH_QUERY_LOG: 'true', LOG_REQUESTS: 'true' });
  const db = server.db;
  asker = await makeUser(db, { email: 'lists-asker@hearth.test', displayName: 'Lists Asker' });
  const voter = await makeUser(db, { email: 'lists-voter@hearth.test', displayName: 'Lists Voter' });
  // Three bursts of 25 questions asked in the same millisecond: ties in asked and active times.
  const ids: number[] = [];
  for (let burst = 0; burst < 3; burst++) {
    const now = Date.UTC(2026, 5, 1 + burst, 12);
    for (let i = 0; i < 25; i++) {
      const q = await askQuestion(
        db,
        asker,
        { title: `Paging question ${burst}-${i} about ties`, body: 'Which page am I on when twenty others share my time?', tags: [TAG, 'paging'] },
        { rules: bulkRules, now },
      );
      ids.push(q.id);
    }
  }
  // Ties in score: every third question gets +1; some answered, one closed, one hidden.
  for (const [n, id] of ids.entries()) {
    if (n % 3 === 0) await castVote(db, voter, { postType: 'question', postId: id }, 'up', { rules: bulkRules });
    if (n % 4 === 0)
      await postAnswer(db, site, voter, id, 'Each page starts where the previous one stopped.', { rules: bulkRules, now: Date.UTC(2026, 5, 10) });
  }
  await closeQuestion(db, voter, ids[5]!, { reason: 'off-topic' }, { rules: bulkRules });
  await setQuestionVisibility(db, ids[7]!, 'hidden', 'spam');
}, 240_000);
afterAll(async () => server?.stop());

async function get(path: string, cookie?: string) {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: response.status, html: await response.text(), location: response.headers.get('location'), queries: response.headers.get('x-query-count') };
}

const decode = (href: string) => href.replaceAll('&#38;', '&').replaceAll('&amp;', '&');
const questionIds = (html: string) =>
  [...html.matchAll(/class="question-title[^"]*"[^>]*>\s*<a href="\/community\/questions\/(\d+)\//g)].map((m) => Number(m[1]));
const link = (html: string, rel: 'next' | 'prev') => {
  const m = new RegExp(`<a[^>]*rel="${rel}"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="${rel}"`).exec(html);
  return m ? decode(m[1] ?? m[2]!) : null;
};

/** Follows one kind of link from `start` to the end, collecting each page's question ids. */
async function walk(start: string, rel: 'next' | 'prev'): Promise<{ pages: number[][]; last: string }> {
  const pages: number[][] = [];
  let path: string | null = start;
  let last = start;
  while (path) {
    const { status, html } = await get(path);
    expect(status, path).toBe(200);
    pages.push(questionIds(html));
    last = path;
    path = link(html, rel);
    expect(pages.length).toBeLessThan(50);
  }
  return { pages, last };
}

const sortKey: Record<QuestionTab, string> = { newest: 'created_at', active: 'last_activity_at', votes: 'score', unanswered: 'created_at' };

async function expectedOrder(tab: QuestionTab, tag?: string): Promise<number[]> {
  const unanswered = tab === 'unanswered' ? sql`and answer_count = 0 and status = 'open'` : sql``;
  const tagged = tag ? sql`and id in (select question_id from question_tags where tag = ${tag})` : sql``;
  const rows = await sql<{
    id: number;
  }>`select id from questions where visibility = 'visible' ${unanswered} ${tagged} order by ${sql.ref(sortKey[tab])} desc, id desc`.execute(server.db);
  return rows.rows.map((r) => r.id);
}

const base = (tab: QuestionTab, tag?: string) => `${tag ? `/community/tags/${tag}` : '/community'}${tab === 'newest' ? '' : `?tab=${tab}`}`;

describe('cursor paging', () => {
  for (const tab of ['newest', 'active', 'votes', 'unanswered'] as const) {
    for (const tag of [undefined, TAG]) {
      it(`walks ${tag ? 'a tag page' : 'the list'} on the ${tab} tab older and newer, with no duplicate and no gap`, async () => {
        const expected = await expectedOrder(tab, tag);
        expect(expected.length).toBeGreaterThan(PAGE_SIZE * 2);
        const down = await walk(base(tab, tag), 'next');
        expect(down.pages.flat()).toEqual(expected);
        expect(down.pages.slice(0, -1).every((p) => p.length === PAGE_SIZE)).toBe(true);
        // Back up from the last page: every question once more, in reverse page order.
        const up = await walk(down.last, 'prev');
        expect(up.pages.reverse().flat()).toEqual(expected);
        // The way up ends on the real first page.
        expect(up.pages[0]).toEqual(expected.slice(0, PAGE_SIZE));
      });
    }
  }

  it('shows the first page without a newer link and says how many questions there are', async () => {
    const { status, html } = await get('/community');
    expect(status).toBe(200);
    expect(link(html, 'prev')).toBeNull();
    expect(link(html, 'next')).toMatch(/^\/community\?after=\d+_\d+$/);
    const total = (await expectedOrder('newest')).length;
    expect(html).toContain(`${total} questions`);
    const tagPage = await get(`/community/tags/${TAG}?tab=unanswered`);
    expect(tagPage.html).toContain(`${(await expectedOrder('unanswered', TAG)).length} unanswered questions`);
  });

  it('refuses a damaged cursor with a 400 and a way back to the first page', async () => {
    for (const path of [
      '/community?after=yesterday',
      '/community?tab=votes&before=1_x',
      '/community?after=1_2&before=3_4',
      `/community/tags/${TAG}?after=12`,
      `/community/tags/${TAG}?before=-_-`,
    ]) {
      const { status, html } = await get(path);
      expect(status, path).toBe(400);
      expect(html).toContain('This page link is damaged');
      expect(html).toMatch(/href="\/community(\/tags\/paging-ties)?"/);
    }
  });

  it('moves old ?page=N links to the same page as a cursor link (302), or to the start (301 when it can never exist)', async () => {
    const expected = await expectedOrder('votes');
    const second = await get('/community?tab=votes&page=2');
    expect(second.status).toBe(302);
    const target = await get(decode(second.location!));
    expect(questionIds(target.html)).toEqual(expected.slice(PAGE_SIZE, PAGE_SIZE * 2));
    for (const [path, to] of [
      ['/community?page=1', '/community'],
      ['/community?page=99999', '/community'],
      ['/community?tab=active&page=abc', '/community?tab=active'],
      [`/community/tags/${TAG}?page=70`, `/community/tags/${TAG}`],
    ]) {
      const { status, location } = await get(path!);
      expect(status, path).toBe(301);
      expect(location).toBe(to);
    }
    expect((await get('/community/tags/no-such-tag-anywhere?page=2')).status).toBe(404);
  });

  it("walks a member's questions on their profile the same way, and refuses a damaged cursor there too", async () => {
    const { rows } = await sql<{
      id: number;
    }>`select id from questions where author_id = ${asker.id} and visibility = 'visible' order by created_at desc, id desc`.execute(server.db);
    const expected = rows.map((r) => r.id);
    const profile = profileUrl(asker.id, asker.displayName);
    const down = await walk(profile, 'next');
    expect(down.pages.length).toBeGreaterThan(2);
    expect(down.pages.flat()).toEqual(expected);
    const up = await walk(down.last, 'prev');
    expect(up.pages.reverse().flat()).toEqual(expected);
    const damaged = await get(`${profile}?before=soon`);
    expect(damaged.status).toBe(400);
    expect(damaged.html).toContain('This page link is damaged');
  });

  it('an empty tab of an existing tag says so; an unknown tag is a 404', async () => {
    expect((await get('/community/tags/no-such-tag-anywhere')).status).toBe(404);
    const page = await get('/community/tags/paging?after=1_1');
    expect(page.status).toBe(200);
    expect(page.html).toContain('No older questions');
  });
});

describe('queries per request', () => {
  it('a list page costs a fixed handful of statements, counted in the header and the log', async () => {
    await get('/community'); // warms the popular-tags cache
    const cookie = await signedInCookie(server);
    await get('/community', cookie); // a member's first request starts a visit: one UPDATE of last_seen_at (then at most every 10 minutes)
    for (const path of ['/community', '/community?tab=votes', `/community/tags/${TAG}?tab=active`, `/community/tags/${TAG}?after=1800000000000_1`]) {
      // Signed out: the totals and the page. Signed in: also the session and the unread count.
      const out = await get(path);
      expect(out.status).toBe(200);
      expect(Number(out.queries), path).toBeLessThanOrEqual(2);
      const signedIn = await get(path, cookie);
      expect(signedIn.status).toBe(200);
      expect(Number(signedIn.queries), path).toBeLessThanOrEqual(4);
    }
    expect(server.output()).toMatch(/GET \/community 200 [\d.]+ms \d+ queries/);
  });
});
