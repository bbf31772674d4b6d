// Issue 9 item 12 over HTTP: images in posts load only from /uploads/ and the IMAGE_HOSTS
// allowlist (others, a planted /search?q=… included, become links), and the CSP's img-src
// names exactly those sources.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, getUser } from '@/server/accounts/users';
import { askQuestion, questionUrl } from '@/server/community/questions';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
const BODY = [
  'Screenshots of the sync error:',
  '![own upload](/uploads/2026/12/sync.png)',
  '![allowlisted](https://images.example.com/sync.png)',
  '![pixel](https://tracker.example/p.gif)',
  '![planted search](/search?q=planted+by+a+post)',
].join('\n\n');

const srcs = (html: string) => [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)"[^>]*rel="nofollow ugc noopener noreferrer">/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never', IMAGE_HOSTS: 'images.example.com' });
  await createUser(server.db, { email: 'asker@example.com', displayName: 'Asker Person', role: 'member', password: 'a long enough password' });
});
afterAll(async () => server?.stop());

describe('images in user content', () => {
  it('previews a post with only own and allowlisted images, the others as links', async () => {
    const { cookie } = await signInCookie(server, 'asker@example.com', 'a long enough password');
    const response = await fetch(`${server.url}/community/ask`, {
      method: 'POST',
      headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'Sync fails with an error after the update', body: BODY, tags: 'sync', intent: 'preview' }),
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(srcs(html)).toEqual(['/uploads/2026/12/sync.png', 'https://images.example.com/sync.png']);
    expect(hrefs(html)).toEqual(expect.arrayContaining(['https://tracker.example/p.gif', '/search?q=planted+by+a+post']));
  });

  it('shows a stored question with the planted images as links', async () => {
    const asker = await server.db.selectFrom('users').select('id').where('email', '=', 'asker@example.com').executeTakeFirstOrThrow();
    const q = await askQuestion(server.db, await getUser(server.db, asker.id), { title: 'Where do the sync screenshots go?', body: BODY, tags: 'sync' });
    const html = await (await fetch(`${server.url}${questionUrl(q.id, q.slug)}`)).text();
    expect(srcs(html)).not.toContain('/search?q=planted+by+a+post');
    expect(srcs(html)).not.toContain('https://tracker.example/p.gif');
    expect(hrefs(html)).toEqual(expect.arrayContaining(['https://tracker.example/p.gif', '/search?q=planted+by+a+post']));
  });

  it("limits the CSP's img-src to this site, data: and the allowlist", async () => {
    const csp = (await fetch(`${server.url}/community`)).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: https://images.example.com;");
  });
});
