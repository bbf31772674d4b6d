// WEB_PROCESSES=2: the main process migrates, seeds and runs the workers, two
// forked processes serve; pages, search and writes work from either, and
// stopping the main process stops them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ WEB_PROCESSES: '2' });
}, 120_000);
afterAll(async () => server?.stop());

describe('several web processes', () => {
  it('announces them and serves pages and search from them', async () => {
    for (let i = 0; i < 40 && !server.output().includes('with 2 web processes'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain('Hearth is running with 2 web processes');
    const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.url}/api/search?q=calendar+sync&limit=3`)));
    for (const response of responses) expect(response.status).toBe(200);
    const body = (await responses[0]!.json()) as { hits: Array<{ title: string }> };
    expect(body.hits.map((h) => h.title)).toContain('Fix calendar sync errors');
    expect((await fetch(`${server.url}/help`)).status).toBe(200);
  });

  it('indexes through the main process worker', async () => {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; search: { pending_changes: number } };
    expect(health.status).toBe('ok');
    // The help articles queued at start were indexed by the one worker.
    for (let i = 0; i < 100; i++) {
      const now = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } };
      if (now.search.pending_changes === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(((await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } }).search.pending_changes).toBe(0);
  });
});
