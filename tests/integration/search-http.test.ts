// Search over HTTP against the built server: the page, the JSON API, click and
// zero-result analytics, the staff insights page and /healthz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // The worker indexes the help articles shortly after start.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } };
    const indexed = await server.db.selectFrom('search_index_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (health.search.pending_changes === 0 && Number(indexed.n) > 0) break;
    if (Date.now() > deadline) throw new Error('The help articles were not indexed in time');
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => server?.stop());

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${server.url}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'fieldnote-demo' }),
  });
  return /hearth_session=[a-z2-7]+/.exec(response.headers.get('set-cookie') ?? '')![0];
}

describe('search', () => {
  it('reports the engine and pending changes on /healthz', async () => {
    const body = await (await fetch(`${server.url}/healthz`)).json();
    expect(body).toEqual({ status: 'ok', db: 'ok', search: { engine: 'embedded', status: 'ok', pending_changes: 0 } });
  });

  it('answers the JSON API with engine, timing and hits', async () => {
    const response = await fetch(`${server.url}/api/search?q=google+calendar&limit=3`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { engine: string; took_ms: number; hits: Array<{ type: string; title: string; url: string; snippet: string }> };
    expect(body.engine).toBe('embedded');
    expect(typeof body.took_ms).toBe('number');
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.length).toBeLessThanOrEqual(3);
    expect(body.hits[0]).toMatchObject({ type: 'article', title: 'Connect Google Calendar', url: '/help/calendar-sync/connect-google-calendar' });
    expect(body.hits[0]!.snippet).toContain('<mark>');
  });

  it('finds the Chinese help articles with a two-character query', async () => {
    const body = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent('日曆')}`)).json()) as { hits: Array<{ url: string }> };
    expect(body.hits.map((h) => h.url)).toContain('/help/zh-hant/tong-bu-google-calendar');
  });

  it('rejects a bad API request with a message', async () => {
    const response = await fetch(`${server.url}/api/search?q=x&limit=500`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('limit');
  });

  it('renders results with type filters, logs the search and records the clicked result', async () => {
    const html = await (await fetch(`${server.url}/search?q=Export+notes`)).text();
    expect(html).toContain('Help articles <span class="count">');
    expect(html).toMatch(/<mark>Export<\/mark>/i);
    const link = /href="(\/search\/click\?sid=\d+&(?:amp;|#38;)?to=[^"]+)"/.exec(html)![1]!.replace(/&(amp;|#38;)/, '&');
    const click = await fetch(`${server.url}${link}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    const target = click.headers.get('location')!;
    expect(target).toMatch(/^\/help\//);
    const logged = await server.db.selectFrom('search_queries').selectAll().where('query', '=', 'export notes').executeTakeFirstOrThrow();
    expect(logged.result_count).toBeGreaterThan(0);
    expect(logged.clicked_url).toBe(target);
  });

  it('refuses to redirect a click to another site', async () => {
    const response = await fetch(`${server.url}/search/click?sid=1&to=//evil.example/x`, { redirect: 'manual' });
    expect(response.headers.get('location')).toBe('/search');
  });

  it('offers the community and the contact form, with the query, when nothing is found', async () => {
    const html = await (await fetch(`${server.url}/search?q=quantum+teleporter`)).text();
    expect(html).toContain('No results for “quantum teleporter”');
    expect(html).toContain('href="/community/ask?title=quantum+teleporter"');
    expect(html).toContain('href="/contact?q=quantum+teleporter"');
    const logged = await server.db.selectFrom('search_queries').selectAll().where('query', '=', 'quantum teleporter').executeTakeFirstOrThrow();
    expect(logged.result_count).toBe(0);
  });

  it('shows staff the top and zero-result queries, and refuses members', async () => {
    await fetch(`${server.url}/search?q=quantum+teleporter`);
    const staff = await signIn('sam@fieldnote.example');
    const html = await (await fetch(`${server.url}/staff/search`, { headers: { Cookie: staff } })).text();
    expect(html).toContain('Searches that found nothing');
    expect(html).toContain('quantum teleporter');
    const member = await signIn('jordan.reyes@example.com');
    expect((await fetch(`${server.url}/staff/search`, { headers: { Cookie: member } })).status).toBe(403);
    expect((await fetch(`${server.url}/staff/search`, { redirect: 'manual' })).status).toBe(302);
  });
});
