// Issue 9 item 3: no endpoint that redirects to a user-supplied target may send
// the browser to another site. Each hostile value is resolved the way a browser
// resolves a Location header (WHATWG URL: tabs and newlines stripped, `\` read
// as `/`), and the result must stay on this site. The contact form's context
// cannot carry a URL onto the staff's view of the ticket either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { askQuestion, questionUrl } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { insertKnownIssue } from '../support/known-issues';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let member: SessionUser;
let cookie: string;
let staffCookie: string;
let questionId: number;
let url: string;

/** Hostile targets, already encoded for a query string or a form body (raw ones through encodeURIComponent). */
const raw = [
  '/\t/example.com/phish',
  '/\n/example.com',
  '/\r/example.com',
  '//example.com',
  '/\\example.com',
  '\\\\example.com',
  '/\\/example.com',
  'https://example.com/x',
  'HTTPS://EXAMPLE.COM/x',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' //example.com',
  '\t//example.com',
  '/.//example.com',
  '/a/..//example.com',
  '/x/../\t/example.com',
];
const encoded = [
  '/%09/example.com/phish',
  '/%0a/example.com',
  '/%0D/example.com',
  '/%5c/example.com',
  '/%5C%5Cexample.com',
  '%2F%2Fexample.com',
  '%2f%09%2fexample.com',
  '%5C%5Cexample.com',
  '/%2e//example.com',
];
const hostile = [...raw.map((v) => ({ shown: JSON.stringify(v), value: encodeURIComponent(v) })), ...encoded.map((v) => ({ shown: v, value: v }))];

/** The response stays on this site: no redirect, or a Location a browser resolves to this origin. */
function expectStaysHere(response: Response, label: string) {
  expect(response.status, label).toBeLessThan(500);
  const location = response.headers.get('location');
  if (location === null) return;
  expect(new URL(location, server.url).origin, `${label} → ${location}`).toBe(server.url);
  expect(location, label).toMatch(/^\/(?![/\\])/);
}

const post = (path: string, body: string, withCookie: string | null) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(withCookie ? { Cookie: withCookie } : {}) },
    body,
  });

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  member = await makeUser(server.db, { email: 'redirect-member@hearth.test' });
  await makeUser(server.db, { email: 'redirect-staff@hearth.test', role: 'staff' });
  await grantReputation(server.db, { userId: member.id, ruleDelta: 200, reason: 'answer_accepted', postType: null, postId: null, source: 'test:redirects' });
  const asker = await makeUser(server.db);
  const q = await askQuestion(server.db, asker, {
    title: 'Why does the widget show yesterday’s agenda?',
    body: 'The home screen widget shows yesterday until I open the app.',
    tags: 'widget android',
  });
  questionId = q.id;
  url = questionUrl(q.id, q.slug);
  cookie = (await signInCookie(server, 'redirect-member@hearth.test', GOOD_PASSWORD)).cookie;
  staffCookie = (await signInCookie(server, 'redirect-staff@hearth.test', GOOD_PASSWORD)).cookie;
});
afterAll(async () => server?.stop());

describe('redirect targets from the request stay on this site', () => {
  it('/search/click?to=…', async () => {
    for (const { shown, value } of hostile) {
      expectStaysHere(await fetch(`${server.url}/search/click?sid=1&to=${value}`, { redirect: 'manual' }), `click ${shown}`);
    }
  });

  it('/signin?next=… for a signed-in member (GET) and after signing in (POST)', async () => {
    for (const { shown, value } of hostile) {
      expectStaysHere(await fetch(`${server.url}/signin?next=${value}`, { redirect: 'manual', headers: { Cookie: cookie } }), `signin GET ${shown}`);
      // The forms carry `next` on to the POST (and the sign-up link): only a local path goes along.
      for (const form of ['signin', 'signup']) {
        const page = await (await fetch(`${server.url}/${form}?next=${value}`)).text();
        expect(page, `${form} form ${shown}`).not.toMatch(/example\.com/i);
      }
    }
    // Signing in spends no rate limit, so a handful of real sign-ins is enough here.
    for (const { shown, value } of hostile.filter((_, i) => i % 3 === 0)) {
      expectStaysHere(
        await post('/signin', `email=redirect-member%40hearth.test&password=${encodeURIComponent(GOOD_PASSWORD)}&next=${value}`, null),
        `signin POST ${shown}`,
      );
    }
  });

  it('the back field of flags and question actions', async () => {
    for (const { shown, value } of hostile) {
      expectStaysHere(await post('/community/flag', `postType=question&postId=${questionId}&reason=off-topic&back=${value}`, cookie), `flag ${shown}`);
      expectStaysHere(await post('/community/actions/vote', `postType=question&postId=${questionId}&direction=up&back=${value}`, cookie), `vote ${shown}`);
      expectStaysHere(
        await post('/community/actions/vote', `postType=question&postId=${questionId}&direction=up&back=${value}`, null),
        `vote signed out ${shown}`,
      );
    }
  });

  it("the back field of the site banner's dismiss form", async () => {
    const issue = await insertKnownIssue(server.db, { severity: 'major', title: 'Exports are delayed' });
    for (const { shown, value } of hostile) expectStaysHere(await post(`/known-issues/${issue.slug}/dismiss`, `back=${value}`, null), `dismiss ${shown}`);
    const real = await post(`/known-issues/${issue.slug}/dismiss`, `back=${encodeURIComponent('/help?q=export#top')}`, null);
    expect(real.headers.get('location')).toBe('/help?q=export#top');
  });

  it('still follows a real path on this site, with its query and fragment', async () => {
    const click = await fetch(`${server.url}/search/click?sid=1&to=${encodeURIComponent(`${url}?from=search#answers`)}`, { redirect: 'manual' });
    expect(click.headers.get('location')).toBe(`${url}?from=search#answers`);
    const signin = await fetch(`${server.url}/signin?next=${encodeURIComponent('/community?tab=unanswered')}`, {
      redirect: 'manual',
      headers: { Cookie: cookie },
    });
    expect(signin.headers.get('location')).toBe('/community?tab=unanswered');
    const vote = await post('/community/actions/vote', `postType=question&postId=${questionId}&direction=up&back=${encodeURIComponent(url)}`, cookie);
    expect(vote.status).toBe(303);
    expect(vote.headers.get('location')).toBe(url);
  });
});

describe('the contact form context', () => {
  it('keeps only ids from a forged context and links the real question on the ticket page', async () => {
    const forged = JSON.stringify({
      searches: ['calendar sync'],
      articles: ['no-such-article', 'fix-calendar-sync-errors'],
      // Today's form sends the question with its title and URL; both are the client's to forge.
      question: { id: questionId, title: 'Click here for your refund', url: '/community/questions/../../search/click?sid=1&to=/%09/example.com/phish' },
      questionId,
    });
    const body = new URLSearchParams({
      name: 'Robin Hale',
      email: 'robin@example.com',
      subject: 'Widget shows yesterday',
      description: 'The widget on my home screen shows yesterday’s agenda until I open the app.',
      category: 'mobile-apps',
      urgency: 'normal',
      context: forged,
    });
    const sent = await post('/contact', body.toString(), null);
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    const ref = /\/tickets\/(FN-\d+)/.exec(location)![1]!;

    const row = await server.db.selectFrom('tickets').select('context').where('requester_email', '=', 'robin@example.com').executeTakeFirstOrThrow();
    expect(row.context).not.toContain('search/click');
    expect(JSON.parse(row.context)).toEqual({ searches: ['calendar sync'], articles: ['fix-calendar-sync-errors'], questionId });

    for (const viewer of [
      { path: location, headers: {} as Record<string, string> },
      { path: `/tickets/${ref}`, headers: { Cookie: staffCookie } },
    ]) {
      const page = await (await fetch(`${server.url}${viewer.path}`, { headers: viewer.headers })).text();
      expect(page).not.toContain('search/click');
      expect(page).not.toContain('example.com/phish');
      expect(page).not.toContain('Click here for your refund');
      expect(page).toContain(`href="${url}"`);
      expect(page).toContain('Why does the widget show yesterday’s agenda?');
    }
  });

  it('refuses a context that is not JSON by ignoring it, and a question id that is not public', async () => {
    const body = (context: string) =>
      new URLSearchParams({
        name: 'Sam Lee',
        email: 'sam@example.com',
        subject: 'Export fails',
        description: 'Exporting my notes to PDF fails with an error every time.',
        category: 'bug',
        urgency: 'low',
        context,
      }).toString();
    expect((await post('/contact', body('{not json'), null)).status).toBe(303);
    expect((await post('/contact', body(JSON.stringify({ searches: [], articles: [], questionId: 999_999 })), null)).status).toBe(303);
    const rows = await server.db.selectFrom('tickets').select('context').where('requester_email', '=', 'sam@example.com').execute();
    expect(rows.map((r) => JSON.parse(r.context))).toEqual([
      { searches: [], articles: [] },
      { searches: [], articles: [] },
    ]);
  });
});
