// `npm run bench:queries`: SQL statements per request for the community pages,
// signed out and signed in, counted by the server itself (HEARTH_QUERY_LOG:
// the X-Query-Count header and the request log line). Re-run it after a change
// to see whether a page still needs "a handful of queries, not one per row".
import { resolve } from 'node:path';
import { buildIfNeeded } from '@/cli/build-if-needed';
import { createSession, generateSessionToken } from '@/server/accounts/sessions';
import { SESSION_COOKIE } from '@/web/session-cookie';
import { makeUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { fillCommunity } from './community';

/** Requests `path` and returns the server's count of statements for it. */
export async function queriesFor(server: TestServer, path: string, cookie?: string): Promise<{ status: number; queries: number }> {
  const response = await fetch(server.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  await response.arrayBuffer();
  const header = response.headers.get('x-query-count');
  if (header === null) throw new Error('The server did not count queries: start it with HEARTH_QUERY_LOG=true.');
  return { status: response.status, queries: Number(header) };
}

export async function signedInCookie(server: TestServer): Promise<string> {
  const user = await makeUser(server.db, { email: `bench-reader-${Date.now()}@hearth.test`, displayName: 'Bench Reader' });
  const token = generateSessionToken();
  await createSession(server.db, token, user.id);
  return `${SESSION_COOKIE}=${token}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildIfNeeded(resolve(import.meta.dirname, '../..'));
  const server = await startTestServer({ HEARTH_QUERY_LOG: 'true', LOG_REQUESTS: 'false' });
  try {
    const { bigQuestionUrl } = await fillCommunity(server.db, 200);
    const cookie = await signedInCookie(server);
    const pages: Array<[string, string]> = [
      ['question, 20 answers', bigQuestionUrl],
      ['community list', '/community'],
      ['community list, votes', '/community?tab=votes'],
      ['tag page', '/community/tags/bench'],
    ];
    const extra = (process.env.BENCH_PATHS ?? '').split(',').filter(Boolean);
    for (const path of extra) pages.push([path, path]);
    console.log('page                       signed out   signed in');
    for (const [label, path] of pages) {
      // The first request warms caches (popular tags); the second is what a visitor costs.
      await queriesFor(server, path);
      const out = await queriesFor(server, path);
      await queriesFor(server, path, cookie);
      const signedIn = await queriesFor(server, path, cookie);
      console.log(
        `${label.padEnd(26)} ${String(out.queries).padStart(10)}   ${String(signedIn.queries).padStart(9)}   (${path}, HTTP ${out.status}/${signedIn.status})`,
      );
    }
  } finally {
    await server.stop();
  }
}
