// Search over HTTP against the built server: the page, the JSON API, click and
// zero-result analytics, the staff insights page and /healthz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileQueries, randomHostileQueries } from '../support/search-fuzz';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;

/**
 * Waits for the server's worker to apply every pending index change, as
 * /healthz reports it (start records the help articles before it listens).
 * Bounded: the embedded engine indexes the whole help centre in well under a second.
 */
async function indexingDone(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } };
    if (health.search.pending_changes === 0) return;
    if (Date.now() > deadline) throw new Error(`The worker left ${health.search.pending_changes} index change(s) pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  await indexingDone();
});
afterAll(async () => server?.stop());

const signIn = async (email: string) => (await signInCookie(server, email, 'fieldnote-demo')).cookie;

describe('search', () => {
  it('reports the engine and pending changes on /healthz', async () => {
    const body = await (await fetch(`${server.url}/healthz`)).json();
    expect(body).toEqual({ status: 'ok', db: 'ok', search: { engine: 'embedded', status: 'ok', pending_changes: 0, failed_changes: 0 } });
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

  it('renders results with type filters and logs the search', async () => {
    const html = await (await fetch(`${server.url}/search?q=Export+notes`)).text();
    expect(html).toContain('Help articles <span class="count">');
    expect(html).toMatch(/<mark>Export<\/mark>/i);
    const logged = await server.db.selectFrom('search_queries').selectAll().where('query', '=', 'export notes').executeTakeFirstOrThrow();
    expect(logged.result_count).toBeGreaterThan(0);
  });

  // Issue 9 item 12: a GET must not record anything (an image or a prefetch could fire it);
  // the result link goes straight to the result and a same-origin POST beacon records the click.
  describe('click tracking', () => {
    /** Searches as a fresh visitor: the visitor cookie, the search id on the results list, the first result's link. */
    async function searchAsVisitor(q: string) {
      const response = await fetch(`${server.url}/search?${new URLSearchParams({ q })}`);
      const cookie = /hearth_vid=[a-z2-7]+/.exec(response.headers.get('set-cookie') ?? '')![0];
      const html = await response.text();
      const sid = Number(/<ol class="results" data-search-id="(\d+)"/.exec(html)![1]);
      const href = /<li class="result">[\s\S]*?<h2><a href="([^"]+)"/.exec(html)![1]!;
      return { cookie, sid, href };
    }
    const clickedUrl = async (sid: number) =>
      (await server.db.selectFrom('search_queries').select('clicked_url').where('id', '=', sid).executeTakeFirstOrThrow()).clicked_url;
    const beacon = (body: Record<string, string>, headers: Record<string, string>) =>
      fetch(`${server.url}/search/click`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
        body: new URLSearchParams(body).toString(),
      });

    it('links each result straight to its page', async () => {
      const { href } = await searchAsVisitor('share a note');
      expect(href).toMatch(/^\/help\//);
    });

    it('records nothing on GET /search/click, which only redirects', async () => {
      const response = await fetch(`${server.url}/search?q=share+a+note`);
      const cookie = /hearth_vid=[a-z2-7]+/.exec(response.headers.get('set-cookie') ?? '')![0];
      const { sid } = await server.db
        .selectFrom('search_queries')
        .select((eb) => eb.fn.max('id').as('sid'))
        .executeTakeFirstOrThrow();
      const click = await fetch(`${server.url}/search/click?${new URLSearchParams({ sid: String(sid), to: '/help' })}`, {
        redirect: 'manual',
        headers: { Cookie: cookie },
      });
      expect(click.status).toBe(302);
      expect(click.headers.get('location')).toBe('/help');
      expect(await clickedUrl(Number(sid))).toBeNull();
    });

    it("records the searcher's same-origin POST beacon, first click only", async () => {
      const { cookie, sid, href } = await searchAsVisitor('share a note');
      const response = await beacon({ sid: String(sid), to: href }, { Cookie: cookie });
      expect(response.status).toBe(204);
      expect(await clickedUrl(sid)).toBe(href);
      expect((await beacon({ sid: String(sid), to: '/help' }, { Cookie: cookie })).status).toBe(204);
      expect(await clickedUrl(sid)).toBe(href);
    });

    it("ignores a beacon for somebody else's search", async () => {
      const { sid, href } = await searchAsVisitor('share a note');
      const other = await searchAsVisitor('share a note');
      expect((await beacon({ sid: String(sid), to: href }, { Cookie: other.cookie })).status).toBe(204);
      expect((await beacon({ sid: String(sid), to: href }, {})).status).toBe(204);
      expect(await clickedUrl(sid)).toBeNull();
    });

    it('refuses a cross-site beacon', async () => {
      const { cookie, sid, href } = await searchAsVisitor('share a note');
      const response = await beacon({ sid: String(sid), to: href }, { Cookie: cookie, Origin: 'https://evil.example' });
      expect(response.status).toBe(403);
      expect(await clickedUrl(sid)).toBeNull();
    });

    // 'own' stands for the id of the visitor's own search, so only the malformed field is wrong.
    it.each<[Record<string, string>, string]>([
      [{ to: '/help' }, 'search'],
      [{ sid: 'abc', to: '/help' }, 'search'],
      [{ sid: 'own', to: 'https://evil.example/x' }, 'result'],
      [{ sid: 'own', to: '//evil.example/x' }, 'result'],
      [{ sid: 'own', to: '/\\evil.example/x' }, 'result'],
      [{ sid: 'own', to: '/\t/evil.example/x' }, 'result'],
      [{ sid: 'own' }, 'result'],
    ])('answers 400 with a message to a malformed beacon %o', async (body, word) => {
      const { cookie, sid } = await searchAsVisitor('share a note');
      const response = await beacon({ ...body, ...(body.sid === 'own' ? { sid: String(sid) } : {}) }, { Cookie: cookie });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(word);
      expect(await clickedUrl(sid)).toBeNull();
    });
  });

  it('does not log a search fetched as an image or other subresource', async () => {
    const count = async (q: string) =>
      Number(
        (
          await server.db
            .selectFrom('search_queries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('query', '=', q)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect((await fetch(`${server.url}/search?q=planted+pixel`, { headers: { 'Sec-Fetch-Dest': 'image' } })).status).toBe(200);
    expect((await fetch(`${server.url}/search?q=planted+pixel`, { headers: { 'Sec-Fetch-Dest': 'iframe' } })).status).toBe(200);
    expect(await count('planted pixel')).toBe(0);
    await fetch(`${server.url}/search?q=planted+pixel`, { headers: { 'Sec-Fetch-Dest': 'document' } });
    expect(await count('planted pixel')).toBe(1);
  });

  it('refuses to redirect a click to another site, with a clear 400', async () => {
    const response = await fetch(`${server.url}/search/click?sid=1&to=//evil.example/x`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('damaged or leads away from this site');
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

  it('shows staff the index changes that failed, with their error, and retries one on POST', async () => {
    const now = Date.now();
    const error = 'Meilisearch documentAdditionOrUpdate task 12 failed: Document `question-987654` is invalid (invalid_document_fields)';
    const { id } = await server.db
      .insertInto('search_index_changes')
      .values({
        doc_id: 'question-987654',
        action: 'upsert',
        attempts: 6,
        status: 'failed',
        next_attempt_at: now,
        last_error: error,
        created_at: now,
        locked_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; search: { failed_changes: number } };
    expect(health).toMatchObject({ status: 'degraded', search: { failed_changes: 1 } });

    const staff = await signIn('sam@fieldnote.example');
    const html = await (await fetch(`${server.url}/staff/search`, { headers: { Cookie: staff } })).text();
    expect(html).toContain('Index changes that failed');
    expect(html).toContain('question-987654');
    expect(html).toContain('Document `question-987654` is invalid (invalid_document_fields)');
    expect(html).toMatch(/<form method="post" action="\/staff\/search\/retry"/);

    const response = await fetch(`${server.url}/staff/search/retry`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: staff, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ change: String(id) }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/search?retried=1#index-failures');
    expect(await server.db.selectFrom('search_index_changes').select('id').where('status', '=', 'failed').execute()).toEqual([]);
    // The question does not exist: the worker applies the change as a removal.
    await indexingDone();
    expect(await server.db.selectFrom('search_index_changes').select('id').where('id', '=', id).execute()).toEqual([]);
    const after = await (await fetch(`${server.url}/staff/search?retried=1`, { headers: { Cookie: staff } })).text();
    expect(after).toContain('1 change queued again.');
    expect(after).toContain('No failed index changes');
  });

  it('refuses index retries to members and visitors, and explains a bad or stale retry', async () => {
    const post = (body: Record<string, string>, cookie?: string) =>
      fetch(`${server.url}/staff/search/retry`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(body),
      });
    expect((await post({ change: 'all' }, await signIn('jordan.reyes@example.com'))).status).toBe(403);
    const anonymous = await post({ change: 'all' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/signin?next=%2Fstaff%2Fsearch');

    const staff = await signIn('sam@fieldnote.example');
    const bad = await post({ change: 'abc' }, staff);
    expect(bad.status).toBe(303);
    const badPage = await (await fetch(`${server.url}${bad.headers.get('location')}`, { headers: { Cookie: staff } })).text();
    expect(badPage).toContain('Choose a failed change to retry.');
    const stale = await post({ change: '99999999' }, staff);
    const stalePage = await (await fetch(`${server.url}${stale.headers.get('location')}`, { headers: { Cookie: staff } })).text();
    expect(stalePage).toContain('No failed index change has this number');
    expect((await post({ change: 'all' }, staff)).headers.get('location')).toBe('/staff/search?retried=0#index-failures');
    expect((await fetch(`${server.url}/staff/search/retry`, { redirect: 'manual' })).headers.get('location')).toBe('/staff/search');
  });

  it('answers hostile search-box input on /api/search and /search with a clear result, never a 500', async () => {
    // A browser sends a lone surrogate typed in the box as U+FFFD (%EF%BF%BD), as toWellFormed() does here.
    const encoded = [...hostileQueries, ...randomHostileQueries(60)].map((q) => encodeURIComponent(q.toWellFormed()));
    encoded.push('%EF%BF%BD', '%00', '%E2%80%8B', '%2500');
    // Malformed percent-encoding and invalid UTF-8 (a raw surrogate, overlong or cut sequences) never reach the
    // app: the Node adapter answers 400 "Bad request." (it cannot decode the URL), which is right, and not a 500.
    for (const q of ['%ED%A0%80', '%ED%BF%BFexport', '%FF', '%C0%AF', '%E6%97%A5%E6', '%', '%%32', 'export%']) {
      for (const path of ['/api/search', '/search']) expect((await fetch(`${server.url}${path}?q=${q}`)).status, `${path} ${q}`).toBe(400);
    }
    for (const q of encoded) {
      const label = q.slice(0, 60);
      const api = await fetch(`${server.url}/api/search?q=${q}&limit=5`);
      const body = (await api.json()) as { hits?: unknown[]; total?: number; error?: string };
      const typed = new URLSearchParams(`q=${q}`).get('q')!.trim();
      if (typed.length > 200) {
        expect([api.status, body.error], label).toEqual([400, expect.stringContaining('q:')]);
      } else {
        expect(api.status, label).toBe(200);
        expect(Array.isArray(body.hits) && typeof body.total === 'number', label).toBe(true);
      }

      const page = await fetch(`${server.url}/search?q=${q}`);
      expect(page.status, label).toBe(200);
      const html = await page.text();
      if (typed === '') expect(html, label).toContain('Type a few words about what you are trying to do');
      else expect(html, label).toMatch(/<p class="muted small" role="status">\s*(No results for|\d+ results? for) “/);
      if (typed.length > 200) expect(html, label).toContain('Only the first 200 characters of your search were used.');
    }
  });
});
