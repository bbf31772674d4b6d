// HTTP-level tests against the built server, started as `npm start` does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '@/server/accounts/sessions';
import { startTestServer, type TestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const PAGES = ['/', '/signin', '/signup', '/reset-password', '/healthz', '/no-such-page'];

function form(values: Record<string, string>): URLSearchParams {
  return new URLSearchParams(values);
}

describe('the built server', () => {
  it('answers /healthz with the database status', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it.each(PAGES)('sends the security headers on %s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('serves pages with no inline scripts or styles', async () => {
    for (const path of ['/', '/signin', '/no-such-page']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style[\s>]/);
      expect(html).not.toMatch(/\sstyle="/);
    }
  });

  it('serves a friendly 404 page', async () => {
    const response = await fetch(`${server.url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('We could not find that page');
  });

  it('refuses a cross-origin form POST (Astro origin check) and a cross-origin JSON POST (middleware)', async () => {
    const formPost = await fetch(`${server.url}/signin`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: 'ada@fieldnote.example', password: 'fieldnote-demo' }),
    });
    expect(formPost.status).toBe(403);
    expect(formPost.headers.get('set-cookie')).toBeNull();
    const jsonPost = await fetch(`${server.url}/signout`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(jsonPost.status).toBe(403);
  });

  it('sets a session cookie with the right attributes, whose value is not what the database stores', async () => {
    const { setCookie: cookie, token } = await signInCookie(server, 'ada@fieldnote.example', 'fieldnote-demo');
    expect(cookie).toMatch(/^hearth_session=[a-z2-7]{32};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // the test site is http
    const rows = await server.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).toContain(sessionIdFromToken(token));
    expect(rows.map((r) => r.id)).not.toContain(token);

    const account = await fetch(`${server.url}/account`, { headers: { Cookie: `hearth_session=${token}` } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('ada@fieldnote.example');
    expect(account.headers.get('cache-control')).toContain('no-store');
  });

  it('rejects a signed-out session and an expired one', async () => {
    const { token } = await signInCookie(server, 'sam@fieldnote.example', 'fieldnote-demo');
    const signOut = await fetch(`${server.url}/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: `hearth_session=${token}` },
    });
    expect(signOut.status).toBe(303);
    const after = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { Cookie: `hearth_session=${token}` } });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toContain('/signin');

    const { token: second } = await signInCookie(server, 'priya@fieldnote.example', 'fieldnote-demo');
    await server.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', sessionIdFromToken(second))
      .execute();
    const expired = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { Cookie: `hearth_session=${second}` } });
    expect(expired.status).toBe(302);
  });

  it('keeps the typed email and explains a wrong password, with status 400', async () => {
    const response = await fetch(`${server.url}/signin`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: 'liam.murphy@example.com', password: 'not the password' }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('The email or password is incorrect');
    expect(html).toContain('value="liam.murphy@example.com"');
    expect(html).not.toContain('not the password');
  });

  it('explains bad input on the change-password form without echoing passwords', async () => {
    const { cookie } = await signInCookie(server, 'olivia.brown@example.com', 'fieldnote-demo');
    const post = (body: Record<string, string>) =>
      fetch(`${server.url}/account`, {
        method: 'POST',
        headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form(body),
      });
    const mismatch = await post({ currentPassword: 'fieldnote-demo', newPassword: 'a brand new secret', confirmPassword: 'a different secret' });
    expect(mismatch.status).toBe(400);
    const html = await mismatch.text();
    expect(html).toContain('The two new passwords do not match.');
    expect(html).not.toContain('a brand new secret');
    const wrong = await post({ currentPassword: 'not my password', newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Your current password is not right.');
    const ok = await post({ currentPassword: 'fieldnote-demo', newPassword: 'a brand new secret', confirmPassword: 'a brand new secret' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Your password was changed.');
  });

  it('explains a bad email on the reset form and an expired reset link', async () => {
    const bad = await fetch(`${server.url}/reset-password`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ email: 'not an email' }),
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Enter a valid email address');
    expect(html).toContain('value="not an email"');
    const expired = await fetch(`${server.url}/reset-password/abcdefghijklmnopqrstuvwxyz234567`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This reset link has expired or was already used.');
  });
});
