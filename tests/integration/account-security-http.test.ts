// Issue 9 items 5, 6 and 10 over HTTP, against the built server: sign-up says
// "check your email" for new and known addresses alike and signs nobody in; the
// emailed links confirm with a POST; unverified members cannot post; wrong
// current passwords on /account are limited.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
});
afterAll(async () => server?.stop());
beforeEach(async () => {
  // Every request comes from 127.0.0.1: start each test with a clean rate-limit log.
  await server.db.deleteFrom('rate_limit_events').execute();
});

function post(path: string, values: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(values).toString(),
  });
}

async function tokenFor(kind: string, to: string, path: string): Promise<string> {
  const email = await server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('kind', '=', kind)
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return new RegExp(`${path}/([a-z2-7]+)`).exec(email.text_body)![1]!;
}

const sessionCookieOf = (response: Response) => /hearth_session=([a-z2-7]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];

describe('sign-up over HTTP (item 10)', () => {
  it('answers a new and a known address with the same page and status, and signs neither in', async () => {
    await makeUser(server.db, { email: 'known.http@example.com' });
    const fresh = await post('/signup', { displayName: 'Fresh Person', email: 'fresh.http@example.com', password: GOOD_PASSWORD });
    const known = await post('/signup', { displayName: 'Fresh Person', email: 'known.http@example.com', password: GOOD_PASSWORD });
    expect([fresh.status, known.status]).toEqual([200, 200]);
    expect(sessionCookieOf(fresh)).toBeUndefined();
    expect(sessionCookieOf(known)).toBeUndefined();
    const strip = (html: string) => html.replace(/fresh\.http|known\.http/g, 'ADDRESS');
    const [freshHtml, knownHtml] = [await fresh.text(), await known.text()];
    expect(freshHtml).toContain('Check your email');
    expect(strip(freshHtml)).toBe(strip(knownHtml));
  });

  it('confirms the address through the emailed link with a POST, once, and signs the owner in', async () => {
    await post('/signup', { displayName: 'Verify Me', email: 'verify.http@example.com', password: GOOD_PASSWORD });
    const token = await tokenFor('verify-email', 'verify.http@example.com', '/verify');
    const shown = await fetch(`${server.url}/verify/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(await shown.text()).toContain('Confirm my email address');
    // Opening the link (a mail scanner) spent nothing.
    const used = await post(`/verify/${token}`, {});
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/account?welcome=1');
    expect(sessionCookieOf(used)).toBeTruthy();
    const again = await post(`/verify/${token}`, {});
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('expired or was already used');
    expect(
      (await server.db.selectFrom('users').select('email_verified_at').where('email', '=', 'verify.http@example.com').executeTakeFirstOrThrow())
        .email_verified_at,
    ).not.toBeNull();
  });

  it('refuses an unverified member asking a question with a clear message, and offers a new link on /account', async () => {
    await post('/signup', { displayName: 'Not Yet', email: 'notyet.http@example.com', password: GOOD_PASSWORD });
    const { cookie } = await signInCookie(server, 'notyet.http@example.com', GOOD_PASSWORD);
    const asked = await post(
      '/community/ask',
      { title: 'Calendar events arrive an hour late', body: 'After reconnecting my calendar, new events show up about an hour late.', tags: 'calendar-sync' },
      cookie,
    );
    expect(asked.status).toBe(403);
    expect(await asked.text()).toContain('Confirm your email address first');
    expect(await server.db.selectFrom('questions').select('id').execute()).toHaveLength(0);

    const account = await (await fetch(`${server.url}/account`, { headers: { Cookie: cookie } })).text();
    expect(account).toContain('(not confirmed yet)');
    const resent = await post('/account/verify-email', {}, cookie);
    expect(resent.headers.get('location')).toBe('/account?notice=verification-sent');
    const emails = await server.db.selectFrom('email_outbox').select('kind').where('to_address', '=', 'notyet.http@example.com').execute();
    expect(emails).toEqual([{ kind: 'verify-email' }, { kind: 'verify-email' }]);
  });
});

describe('one-time sign-in links over HTTP (item 5)', () => {
  it('emails a link that signs in once after a button press', async () => {
    await makeUser(server.db, { email: 'link.http@example.com' });
    const asked = await post('/signin/link', { email: 'link.http@example.com' });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('If an account uses');
    const token = await tokenFor('sign-in-link', 'link.http@example.com', '/signin/link');
    const shown = await fetch(`${server.url}/signin/link/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const used = await post(`/signin/link/${token}`, {});
    expect(used.status).toBe(303);
    expect(sessionCookieOf(used)).toBeTruthy();
    expect((await post(`/signin/link/${token}`, {})).status).toBe(410);
  });
});

describe('bad input to the new pages', () => {
  it('explains unknown or garbled links with 410 and writes nothing', async () => {
    for (const path of ['/verify/notatoken', '/signin/link/notatoken', `/verify/${'a'.repeat(300)}`]) {
      const shown = await fetch(`${server.url}${path}`);
      expect(shown.status).toBe(410);
      expect(await shown.text()).toContain('has expired or was already used');
      const used = await post(path, {});
      expect(used.status).toBe(410);
      expect(sessionCookieOf(used)).toBeUndefined();
    }
  });

  it('asks for a valid email on the sign-in link form, and sends a visitor asking for a new confirmation link to sign in', async () => {
    const before = await server.db.selectFrom('email_outbox').select('id').execute();
    const bad = await post('/signin/link', { email: 'not an email' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Please correct the highlighted fields.');
    const visitor = await post('/account/verify-email', {});
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/signin?next=%2Faccount');
    // A planted GET sends nothing.
    expect((await fetch(`${server.url}/account/verify-email`, { redirect: 'manual' })).status).toBe(303);
    expect(await server.db.selectFrom('email_outbox').select('id').execute()).toEqual(before);
  });
});

describe('current password on /account over HTTP (item 6)', () => {
  it('answers 429 with a clear message after 5 wrong current passwords', async () => {
    await makeUser(server.db, { email: 'guessed.http@example.com' });
    const { cookie } = await signInCookie(server, 'guessed.http@example.com', GOOD_PASSWORD);
    for (let i = 0; i < 5; i++) {
      const wrong = await post(
        '/account',
        { currentPassword: `wrong guess ${i}`, newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' },
        cookie,
      );
      expect(wrong.status).toBe(400);
    }
    const limited = await post(
      '/account',
      { currentPassword: GOOD_PASSWORD, newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' },
      cookie,
    );
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Too many wrong current passwords. You can reset your password instead. Try again in 15 minutes.');
  });
});
