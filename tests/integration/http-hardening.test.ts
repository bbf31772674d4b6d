// Issue 9, the HTTP layer: the client address (TRUST_PROXY), malformed input,
// Retry-After on 429, secrets kept out of the request log, and headers.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeQuestion, makeTicket, makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const RESET_LIMIT = 5;

/** One password reset request, as a browser on this site would send it, claiming `forwardedFor` when given. */
async function requestReset(server: TestServer, email: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${server.url}/reset-password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
    body: new URLSearchParams({ email }).toString(),
  });
}

/** A request with any method (fetch refuses TRACE), answered with its status, headers and body. */
function rawRequest(
  server: TestServer,
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A server log with no stack trace in it (a frame line such as "    at render (file.mjs:1:2)"). */
function expectNoStackTrace(log: string): void {
  expect(log).not.toMatch(/^\s+at .+[:(]/m);
}

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOG_REQUESTS: 'true' });
  });
  afterAll(async () => server?.stop());

  it('takes the client address from the socket: forged X-Forwarded-For addresses share one per-IP limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= RESET_LIMIT; i++) statuses.push((await requestReset(server, `spray${i}@example.com`, `198.51.100.${i + 1}`)).status);
    expect(statuses.slice(0, RESET_LIMIT).every((s) => s !== 429)).toBe(true);
    expect(statuses[RESET_LIMIT]).toBe(429);
  });

  it('sends Retry-After on a 429 and says the wait in the message', async () => {
    const response = await requestReset(server, 'one-more@example.com');
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(await response.text()).toMatch(/Try again in (60|59|58|57|56) minutes\./);
  });

  it('sends Retry-After on a 429 a question action renders', async () => {
    const question = await makeQuestion(server.db);
    const newcomer = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, newcomer);
    const answer = (n: number) =>
      fetch(`${server.url}/community/actions/answer`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          questionId: String(question.id),
          back: question.url,
          body: `Answer number ${n}: reconnect the calendar from Settings, then sync again.`,
        }).toString(),
      });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let n = 1; n <= 6 && !refused; n++) {
      const response = await answer(n);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, -1).every((s) => s === 303)).toBe(true);
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(55 * 60);
    expect(await refused!.text()).toMatch(/Try again in \d+ minutes\./);
  });

  it.each([
    ['a JSON body', 'application/json', '{"email":"a@example.com","password":"x"}'],
    ['a text/plain body', 'text/plain', 'email=a@example.com&password=x'],
    ['multipart without a boundary', 'multipart/form-data', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--x--\r\n'],
    ['multipart with a truncated body', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@exa'],
  ])('answers a form post with %s with a 4xx and a clear message', async (_label, contentType, body) => {
    for (const path of ['/signin', '/contact']) {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'Content-Type': contentType },
        body,
      });
      expect(response.status, `${path} ${contentType}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${path} ${contentType}`).toBeLessThan(500);
      expect(await response.text()).toMatch(/The form could not be read|Send the form as/);
    }
    expectNoStackTrace(server.output());
  });

  it('redirects a question address whose slug is a bare percent sign to the real one, not a 500', async () => {
    const response = await fetch(`${server.url}/community/questions/1/%25`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toMatch(/^\/community\/questions\/1\/[a-z0-9-]+$/);
    const odd = await fetch(`${server.url}/community/questions/%25/x`, { redirect: 'manual' });
    expect(odd.status).toBe(404);
    expectNoStackTrace(server.output());
  });

  it.each([
    ['TRACE', '/'],
    ['TRACE', '/signin'],
    ['PROPFIND', '/help'],
    ['DELETE', '/community/flag'],
  ])('answers %s %s with 405 and the methods it takes', async (method, path) => {
    const response = await rawRequest(server, method, path);
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD, POST');
    expect(response.body).toContain(`The ${method} method is not allowed here.`);
    expectNoStackTrace(server.output());
  });

  it('answers a search click to a path with a control character without a 500', async () => {
    const response = await fetch(`${server.url}/search/click?sid=1&to=/%0a/x`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location') ?? '').not.toMatch(/[\n\r\t]/);
    expectNoStackTrace(server.output());
  });

  it('keeps ticket keys and reset tokens out of the request log', async () => {
    const { ref, accessKey } = await makeTicket(server.db);
    await fetch(`${server.url}/tickets/${ref}?key=${accessKey}&new=1`);
    await fetch(`${server.url}/reset-password/resettokensecret7q2x`);
    await fetch(`${server.url}/search?q=calendar&token=othersecret55`);
    await new Promise((r) => setTimeout(r, 200));
    // The request log lines (without SMTP_URL the demo's emails are printed whole: that is their delivery, not a log).
    const log = server
      .output()
      .split('\n')
      .filter((line) => /^(GET|HEAD|POST) \//.test(line))
      .join('\n');
    expect(log).toContain(`GET /tickets/${ref}?key=[redacted]&new=1 200`);
    expect(log).toContain('GET /reset-password/[redacted] 410');
    expect(log).not.toContain(accessKey);
    expect(log).not.toContain('resettokensecret7q2x');
    expect(log).not.toContain('othersecret55');
  });

  it('sends nosniff and a CSP with static files, and a charset with HTML', async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
    expect(icon.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const path of ['/', '/signin', '/no-such-page']) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    }
  });

  it('never lets a ticket page opened with its key or the reset page be stored', async () => {
    const { ref, accessKey } = await makeTicket(server.db);
    const ticket = await fetch(`${server.url}/tickets/${ref}?key=${accessKey}`);
    expect(ticket.status).toBe(200);
    expect(ticket.headers.get('cache-control')).toBe('no-store');
    const reset = await fetch(`${server.url}/reset-password/sometoken`);
    expect(reset.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 404 alike for an existing ticket without access and a missing one', async () => {
    const { ref } = await makeTicket(server.db);
    const existing = await fetch(`${server.url}/tickets/${ref}?key=wrongkey`);
    const missing = await fetch(`${server.url}/tickets/FN-99999?key=wrongkey`);
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    const text = (html: string) => html.replace(/FN-\d+/g, 'FN-N');
    expect(text(await existing.text())).toBe(text(await missing.text()));
  });
});

describe('with TRUST_PROXY naming the proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => server?.stop());

  it('takes the client address the trusted proxy reports, and only that hop', async () => {
    for (let i = 0; i < RESET_LIMIT; i++) expect((await requestReset(server, `a${i}@example.com`, '203.0.113.7')).status).not.toBe(429);
    expect((await requestReset(server, 'a-last@example.com', '203.0.113.7')).status).toBe(429);
    // Another client behind the same proxy has its own limit.
    expect((await requestReset(server, 'b@example.com', '203.0.113.8')).status).not.toBe(429);
    // A client forging the header in front of the proxy is still known by the address the proxy saw.
    expect((await requestReset(server, 'c@example.com', '198.51.100.1, 203.0.113.7')).status).toBe(429);
  });
});
