// HTTP tests for the community's profile, tag, privileges and revision pages,
// against the built server. The data is made here through the domain
// functions, so the tests do not depend on the demo seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { acceptAnswer, postAnswer } from '@/server/community/answers';
import { profileUrl } from '@/server/community/profiles';
import { askQuestion, editQuestion, questionUrl, setQuestionVisibility } from '@/server/community/questions';
import { castVote } from '@/server/community/votes';
import { makeUser, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const TAG = 'profile-page-checks';
const TITLE = 'Weekly report export skips the last day';

let server: TestServer;
let staff: SessionUser;
let member: SessionUser;
let question: { id: number; slug: string };
let unanswered: { id: number; slug: string };
let answerId: number;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db;
  staff = await makeUser(db, { email: 'pages-staff@hearth.test', displayName: 'Quinn Staffer', role: 'staff' });
  member = await makeUser(db, { email: 'pages-member@hearth.test', displayName: 'Robin Ö. Tester' });
  question = await askQuestion(db, staff, { title: TITLE, body: 'The export for last week stops on Saturday; Sunday is missing.', tags: [TAG, 'export'] });
  unanswered = await askQuestion(db, staff, {
    title: 'Can the report start on Monday instead?',
    body: 'Our weeks start on Monday; the report starts on Sunday.',
    tags: [TAG],
  });
  ({ id: answerId } = await postAnswer(db, site, member, question.id, 'Set the week start under Settings → Region; the export follows it.'));
  await castVote(db, staff, { postType: 'answer', postId: answerId }, 'up');
  await acceptAnswer(db, site, staff, answerId);
});
afterAll(async () => server?.stop());

async function get(path: string): Promise<{ status: number; html: string; location: string | null }> {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

describe('profile pages', () => {
  it('shows the reputation, counts, badges and the reasons for each change', async () => {
    const { status, html } = await get(profileUrl(member.id, member.displayName));
    expect(status).toBe(200);
    expect(html).toContain('Robin Ö. Tester');
    // 1 to start, +10 for the up-vote, +15 for the accept.
    expect(html).toMatch(/<data value="26">26<\/data>/);
    for (const badge of ['First answer', 'Teacher', 'First accepted answer']) expect(html).toContain(badge);
    expect(html).toContain('Answer up-voted');
    expect(html).toContain('Answer accepted');
    // Answers are linked by permalink, which finds the page of answers they are on.
    expect(html).toContain(`/community/answers/${answerId}#answer-${answerId}`);
    expect(html).not.toContain('class="badge staff"');
  });

  it('marks staff and lists their questions', async () => {
    const { status, html } = await get(profileUrl(staff.id, staff.displayName));
    expect(status).toBe(200);
    expect(html).toContain('class="badge staff"');
    expect(html).toContain(TITLE);
    expect(html).toContain('Accepted an answer');
  });

  it('moves a wrong or missing slug to the canonical address with a 301', async () => {
    const canonical = profileUrl(member.id, member.displayName);
    expect(canonical).toBe(`/users/${member.id}/robin-o-tester`);
    for (const path of [`/users/${member.id}/someone-else`, `/users/${member.id}/x`]) {
      const { status, location } = await get(path);
      expect(status).toBe(301);
      expect(new URL(location ?? '', server.url).pathname).toBe(canonical);
    }
  });

  it('serves names in any script at their own canonical address, without a redirect loop', async () => {
    const chen = await makeUser(server.db, { email: 'pages-chen@hearth.test', displayName: '陳美玲' });
    const emoji = await makeUser(server.db, { email: 'pages-emoji@hearth.test', displayName: '🌟🌟' });
    expect(profileUrl(chen.id, chen.displayName)).toBe(`/users/${chen.id}/${encodeURIComponent('陳美玲')}`);
    expect(profileUrl(emoji.id, emoji.displayName)).toBe(`/users/${emoji.id}/member`);
    for (const user of [chen, emoji]) {
      const { status, html } = await get(profileUrl(user.id, user.displayName));
      expect(status).toBe(200);
      expect(html).toContain(user.displayName);
    }
  });

  it('answers 404 for unknown or malformed ids', async () => {
    expect((await get('/users/99999999/nobody')).status).toBe(404);
    expect((await get('/users/abc/nobody')).status).toBe(404);
    expect((await get('/users/012/nobody')).status).toBe(404);
  });
});

describe('tag pages', () => {
  it('lists the questions with a tag, linked to the question and the asker', async () => {
    const { status, html } = await get(`/community/tags/${TAG}`);
    expect(status).toBe(200);
    expect(html).toContain(`href="${questionUrl(question.id, question.slug)}"`);
    expect(html).toContain(`href="${profileUrl(staff.id, staff.displayName)}"`);
    expect(html).toContain('Can the report start on Monday instead?');
    expect(html).toMatch(/question-stat[^"]*accepted/);
    expect(html).toMatch(/<strong>1<\/strong>\s+answer/);
    expect(html).toMatch(/Quinn Staffer<\/a>\s+asked\s+<time/);
    expect(html).toContain('aria-current="page">Newest');
  });

  it('filters by tab and pages within range', async () => {
    const { status, html } = await get(`/community/tags/${TAG}?tab=unanswered`);
    expect(status).toBe(200);
    expect(html).toContain(`href="${questionUrl(unanswered.id, unanswered.slug)}"`);
    expect(html).not.toContain(TITLE);
    expect(html).toContain('aria-current="page">Unanswered');
    expect((await get(`/community/tags/${TAG}?tab=bogus`)).status).toBe(200);
    // Old page-numbered links beyond the end (or not numbers) move to the first page.
    for (const [old, status] of [
      ['page=2', 302],
      ['page=bogus', 301],
    ] as const) {
      const moved = await get(`/community/tags/${TAG}?${old}`);
      expect(moved.status).toBe(status);
      expect(moved.location).toBe(`/community/tags/${TAG}`);
    }
    expect((await get('/community/tags/no-such-tag-anywhere')).status).toBe(404);
    expect((await get('/community/tags/Not%20A%20Tag')).status).toBe(404);
  });

  it('lists every tag with its question count on the tags index', async () => {
    const { status, html } = await get('/community/tags');
    expect(status).toBe(200);
    expect(html).toContain(`href="/community/tags/${TAG}"`);
    expect(html).toMatch(new RegExp(`${TAG}</span>\\s*<span class="small muted">\\s*2 questions`));
  });
});

describe('the privileges page', () => {
  it('publishes the thresholds and the reputation rules from the rules object', async () => {
    const { status, html } = await get('/community/privileges');
    expect(status).toBe(200);
    for (const needed of [15, 50, 125, 2000, 3000]) expect(html).toContain(`<data value="${needed}">`);
    expect(html).toContain('2,000');
    for (const delta of ['+10', '+15', '+2', '−2', '−1', '−100', '+200']) expect(html).toContain(`>${delta}</data>`);
    expect(html).toContain('every privilege');
  });

  it('publishes the flag privilege and how spam flags are weighed', async () => {
    const { html } = await get('/community/privileges');
    expect(html).toMatch(/<th scope="row">Flag posts<\/th>[\s\S]*?<data value="15">15<\/data>/);
    expect(html).toContain('(agreed + 1) ÷ (agreed + dismissed + 1)');
    expect(html).toMatch(/add up to <data value="3">3<\/data>/);
    expect(html).toContain('<data value="1000">1,000</data> reputation');
    expect(html).toContain('<data value="7">7</data> days');
    expect(html).toContain('more than one network');
  });
});

describe('revision history', () => {
  it('lists every revision of a question, newest first, with its source', async () => {
    await editQuestion(server.db, staff, question.id, {
      title: `${TITLE} in version 4.2`,
      body: 'The export for last week stops on Saturday; Sunday is missing. Seen in version 4.2.',
      tags: [TAG, 'export', 'reports'],
      summary: 'Added the version number',
    });
    const { status, html } = await get(`/community/questions/${question.id}/revisions`);
    expect(status).toBe(200);
    const second = html.indexOf('Revision 2');
    const first = html.indexOf('Revision 1');
    expect(second).toBeGreaterThan(-1);
    expect(first).toBeGreaterThan(second);
    expect(html).toContain('Added the version number');
    expect(html).toContain('Asked');
    expect(html).toContain('Seen in version 4.2.</code></pre>');
    expect(html).toContain(`${TITLE} in version 4.2`);
    expect(html).toContain(`href="${profileUrl(staff.id, staff.displayName)}"`);
  });

  it('lists an answer’s revisions and links back to its question', async () => {
    const { status, html } = await get(`/community/answers/${answerId}/revisions`);
    expect(status).toBe(200);
    expect(html).toContain('Revision 1');
    expect(html).toContain('Answered');
    expect(html).toContain(`#answer-${answerId}`);
    expect(html).toMatch(new RegExp(`href="/community/questions/${question.id}/[^"#]+"`));
  });

  it('hides the revisions of hidden posts and unknown ids', async () => {
    await setQuestionVisibility(server.db, unanswered.id, 'hidden', 'Spam flags');
    expect((await get(`/community/questions/${unanswered.id}/revisions`)).status).toBe(404);
    expect((await get('/community/questions/99999999/revisions')).status).toBe(404);
    expect((await get('/community/answers/99999999/revisions')).status).toBe(404);
  });
});

describe('these pages', () => {
  it('ship no inline scripts or styles', async () => {
    const paths = [
      profileUrl(member.id, member.displayName),
      `/community/tags/${TAG}`,
      '/community/tags',
      '/community/privileges',
      `/community/questions/${question.id}/revisions`,
    ];
    for (const path of paths) {
      const { html } = await get(path);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style[\s>]/);
      expect(html).not.toMatch(/\sstyle="/);
    }
  });
});
