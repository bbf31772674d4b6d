// The public known-issues pages over HTTP against the built server: the board
// with its status line and filters, an issue's page (404 for an unknown slug),
// "I'm affected too" once per visitor, the Atom feed and the JSON with their
// content types, and the site banner with its no-JavaScript dismiss form.
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordIndexChange, searchDocId } from '@search/indexer';
import { insertKnownIssue } from '../support/known-issues';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let calendarIssueId: number;
const now = Date.now();
const HOUR = 60 * 60_000;

beforeAll(async () => {
  // No demo data: the board holds only this file's issues.
  server = await startTestServer({ SEED_DEMO: 'never' });
  // Written before any page is rendered, so the server's banner cache starts with them.
  ({ id: calendarIssueId } = await insertKnownIssue(server.db, {
    slug: 'google-calendar-stops-syncing',
    title: 'Google Calendar events stop syncing after password change',
    summary: 'After changing their Google password, some members see no new events.',
    severity: 'major',
    status: 'identified',
    areas: ['calendar sync'],
    workaroundHtml: '<p>Reconnect Google Calendar in Settings → Calendars.</p>',
    createdAt: now - 3 * HOUR,
    updates: [
      { status: 'investigating', html: '<p>We are looking into reports of missing events.</p>', at: now - 3 * HOUR },
      { status: 'identified', html: '<p>We found the cause: an expired token is not refreshed.</p>', at: now - HOUR },
    ],
  }));
  await insertKnownIssue(server.db, {
    slug: 'slow-search',
    title: 'Search is slow for large workspaces',
    severity: 'minor',
    status: 'investigating',
    areas: ['web app'],
    createdAt: now - 2 * HOUR,
  });
  await insertKnownIssue(server.db, {
    slug: 'pdf-exports-fixed',
    title: 'PDF exports missed images',
    severity: 'major',
    status: 'fixed',
    areas: ['exports'],
    createdAt: now - 5 * 24 * HOUR,
    updates: [{ status: 'fixed', html: '<p>Images appear in PDF exports again.</p>', at: now - 4 * 24 * HOUR }],
  });
  await insertKnownIssue(server.db, {
    slug: 'old-billing-issue',
    title: 'Invoices showed the wrong VAT rate',
    status: 'fixed',
    areas: ['billing'],
    fixedAt: now - 90 * 24 * HOUR,
  });
});
afterAll(async () => server?.stop());

function post(path: string, body: Record<string, string>, cookie = '') {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(body),
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  });
}

/** The cookies a response sets, as a Cookie header. */
function cookiesOf(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair!.split('=');
    jar.set(name!, value ?? '');
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('the board', () => {
  it('starts with the status line, lists open issues by severity, recently fixed and the archive, and links the feed', async () => {
    const response = await fetch(`${server.url}/known-issues`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Current status: 2 open issues');
    expect(html).toContain('Calendar sync — Partial outage: 1 open issue');
    expect(html).toContain('Web app — Degraded performance: 1 open issue');
    expect(html).toMatch(/<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/known-issues\/feed.xml"/);
    const open = html.slice(html.indexOf('id="ki-open-title"'), html.indexOf('id="ki-fixed-title"'));
    expect(open.indexOf('Google Calendar events stop syncing')).toBeGreaterThan(-1);
    expect(open.indexOf('Google Calendar events stop syncing')).toBeLessThan(open.indexOf('Search is slow'));
    const fixed = html.slice(html.indexOf('id="ki-fixed-title"'));
    expect(fixed).toContain('PDF exports missed images');
    expect(html.slice(html.indexOf('id="ki-archive-title"'))).toContain('Invoices showed the wrong VAT rate');
  });

  it('filters by status and area from the query, ignoring values it does not offer', async () => {
    const fixed = await (await fetch(`${server.url}/known-issues?status=fixed&area=exports`)).text();
    expect(fixed).toContain('PDF exports missed images');
    expect(fixed).not.toContain('Search is slow for large workspaces');
    expect(fixed).not.toContain('Invoices showed the wrong VAT rate');
    const odd = await fetch(`${server.url}/known-issues?status=broken&area=%3Cscript%3E&page=abc`);
    expect(odd.status).toBe(200);
    expect(await odd.text()).toContain('Search is slow for large workspaces');
  });
});

describe('an issue page', () => {
  it('shows status, workaround and the timeline newest first; an unknown slug is a 404', async () => {
    const response = await fetch(`${server.url}/known-issues/google-calendar-stops-syncing`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Reconnect Google Calendar in Settings → Calendars.');
    expect(html.indexOf('We found the cause')).toBeLessThan(html.indexOf('We are looking into reports'));
    // An open issue can be followed, here by email (a visitor).
    expect(html).toContain('<h2 id="follow-title" class="small-heading">Follow this issue</h2>');
    expect(html).toContain('action="/known-issues/google-calendar-stops-syncing/follow"');
    expect((await fetch(`${server.url}/known-issues/no-such-issue`)).status).toBe(404);
  });

  it('counts "I\'m affected too" once per visitor and says so', async () => {
    const first = await post('/known-issues/google-calendar-stops-syncing/affected', {});
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/known-issues/google-calendar-stops-syncing?affected=1#affected');
    const cookie = cookiesOf(first);
    expect(cookie).toContain('hearth_vid=');
    const again = await post('/known-issues/google-calendar-stops-syncing/affected', {}, cookie);
    expect(again.status).toBe(303);
    const page = await (await fetch(`${server.url}/known-issues/google-calendar-stops-syncing?affected=1`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('1 person has reported this affects them.');
    expect(page).toContain('You reported this affects you.');
    // Another visitor still sees the button, and the count.
    const stranger = await (await fetch(`${server.url}/known-issues/google-calendar-stops-syncing`)).text();
    expect(stranger).toContain('I’m affected too');
    expect((await post('/known-issues/no-such-issue/affected', {})).status).toBe(404);
    // A planted link counts nobody.
    const planted = await fetch(`${server.url}/known-issues/google-calendar-stops-syncing/affected`, { redirect: 'manual' });
    expect(planted.status).toBe(303);
  });
});

describe('feed and JSON', () => {
  it('serves a valid Atom feed of the updates', async () => {
    const response = await fetch(`${server.url}/known-issues/feed.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const feed = await new Parser().parseString(await response.text());
    expect(feed.items.map((i) => i.title)).toEqual([
      'Google Calendar events stop syncing after password change: Identified',
      'Google Calendar events stop syncing after password change: Investigating',
      'PDF exports missed images: Fixed',
    ]);
    expect(feed.items[0]!.link).toMatch(new RegExp(`^${server.url}/known-issues/google-calendar-stops-syncing#update-\\d+$`));
  });

  it('serves the board as JSON for machines', async () => {
    const response = await fetch(`${server.url}/known-issues.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { open: Array<Record<string, unknown>>; recently_fixed: Array<Record<string, unknown>> };
    expect(body.open.map((i) => i.slug)).toEqual(['google-calendar-stops-syncing', 'slow-search']);
    expect(body.open[0]).toMatchObject({
      status: 'identified',
      severity: 'major',
      areas: ['calendar sync'],
      url: `${server.url}/known-issues/google-calendar-stops-syncing`,
    });
    expect(body.open[0]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.recently_fixed.map((i) => i.slug)).toEqual(['pdf-exports-fixed']);
  });
});

describe('the site banner', () => {
  it('shows active major issues on every page, and a visitor dismisses one for the visit without JavaScript', async () => {
    const help = await (await fetch(`${server.url}/help`)).text();
    const banner = /<aside class="site-banner"[\s\S]*?<\/aside>/.exec(help)?.[0] ?? '';
    expect(banner).toContain('href="/known-issues/google-calendar-stops-syncing"');
    expect(banner).toContain('Google Calendar events stop syncing after password change');
    // Minor and fixed issues have no banner.
    expect(banner).not.toContain('Search is slow');
    expect(banner).not.toContain('PDF exports');

    const dismissed = await post('/known-issues/google-calendar-stops-syncing/dismiss', { back: '/help?from=banner' });
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.get('location')).toBe('/help?from=banner');
    const setCookie = dismissed.headers.getSetCookie().find((c) => c.startsWith('hearth_ki_dismissed='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    // A session cookie: it ends with the visit.
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);
    const after = await (await fetch(`${server.url}/help`, { headers: { Cookie: cookiesOf(dismissed) } })).text();
    expect(after).not.toContain('<aside class="site-banner"');
    // Other visitors still see it, on staff-facing and public pages alike.
    expect(await (await fetch(`${server.url}/community`)).text()).toContain('<aside class="site-banner"');
  });

  it('sends a dismiss back only to a path on this site, and 404s for an unknown issue', async () => {
    for (const back of ['//example.com', 'https://example.com/x', '/\\example.com', 'javascript:alert(1)']) {
      const response = await post('/known-issues/google-calendar-stops-syncing/dismiss', { back });
      expect(response.status, back).toBe(303);
      expect(new URL(response.headers.get('location')!, server.url).origin, back).toBe(server.url);
    }
    expect((await post('/known-issues/no-such-issue/dismiss', { back: '/help' })).status).toBe(404);
  });
});

describe('search', () => {
  it('finds a known issue through the indexer and shows its status on the results page', async () => {
    // The core records this change with every write; the server's worker applies it.
    await recordIndexChange(server.db, searchDocId('known_issue', calendarIssueId), 'upsert');
    let html = '';
    for (let i = 0; i < 100 && !html.includes('/known-issues/google-calendar-stops-syncing'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      html = await (await fetch(`${server.url}/search?q=${encodeURIComponent('google calendar password expired token')}&type=known_issue`)).text();
    }
    const result = /<li class="result">[\s\S]*?<\/li>/.exec(html)?.[0] ?? '';
    expect(result).toContain('href="/known-issues/google-calendar-stops-syncing"');
    expect(result).toContain('<span class="badge type-known_issue">Known issue</span>');
    expect(result).toContain('<span class="badge status-identified">Identified</span>');
  });
});
