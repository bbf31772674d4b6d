// The staff insights and the quarterly voice of the customer over HTTP,
// without JavaScript: staff see the lists with links to the tickets and posts
// behind them, members get the 403 page, visitors are sent to sign in, and a
// malformed or future quarter is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextQuarter, previousQuarter } from '@/server/report/insights';
import { quarterLabel, quarterOf } from '@/server/report/months';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let staffCookie: string;
let memberCookie: string;
let requestRef: string;
const now = Date.now();
const quarter = quarterOf(now);

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
/** The page's HTML without Astro's scoped-style attributes. */
async function pageOf(path: string, cookie?: string): Promise<{ status: number; html: string }> {
  const response = await get(path, cookie);
  return { status: response.status, html: (await response.text()).replace(/ data-astro-cid-\w+/g, '') };
}
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  const staff = await makeUser(server.db, { role: 'staff' });
  const member = await makeUser(server.db);
  staffCookie = await sessionCookie(server.db, staff);
  memberCookie = await sessionCookie(server.db, member);
  // Six tickets tagged "sync" a minute ago (a spike: none in the 8 weeks before), one of them also a feature request.
  for (let i = 0; i < 6; i++) {
    const at = now - 60_000 - i * 1000;
    const { id } = await server.db
      .insertInto('tickets')
      .values({
        requester_name: `Customer ${i}`,
        requester_email: `customer${i}@example.com`,
        subject: i === 0 ? 'Please add two-way calendar sync' : `Sync is slow (${i})`,
        description: 'A description.',
        category: 'other',
        urgency: 'normal',
        emotion: i < 3 ? 'angry' : 'happy',
        context: '{}',
        access_key_hash: `key-${i}`,
        created_at: at,
        updated_at: at,
        team: 'calendar sync',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.db.insertInto('ticket_tags').values({ ticket_id: id, tag: 'sync', created_at: at }).execute();
    if (i === 0) {
      await server.db.insertInto('ticket_tags').values({ ticket_id: id, tag: 'feature request', created_at: at }).execute();
      requestRef = ticketIdToRef(id);
    }
  }
});
afterAll(async () => server?.stop());

describe('/staff/insights', () => {
  it('shows staff the trending tags with the spike, feature requests by team, and the links to the digest and the quarters', async () => {
    const { status, html } = await pageOf('/staff/insights', staffCookie);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(html).toContain('<h1>Insights</h1>');
    expect(text).toContain('One tag is spiking this week.');
    expect(text).toMatch(/sync ?: 6 tickets this week, against 0 a week before\./);
    expect(html).toMatch(/<a href="\/staff\/tickets\?tag=sync">sync<\/a> <span class="badge insights-spike[^"]*">Spike<\/span>/);
    expect(text).toMatch(/calendar sync 1 person asking/);
    expect(html).toContain(`<a href="/staff/tickets/${requestRef}">Please add two-way calendar sync</a>`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&(amp|#38);/g, '&'));
    expect(hrefs.filter((h) => h.includes('feature'))).toEqual(['/staff/tickets?tag=feature+request', '/staff/tickets?tag=feature+request&team=calendar+sync']);
    expect(text).toContain('Please add two-way calendar sync 1 ticket');
    expect(html).toContain('href="/staff/insights/digest"');
    expect(html).toContain(`href="/staff/insights/quarter/${quarter}"`);
    expect(html).toContain(`href="/staff/insights/quarter/${previousQuarter(quarter)}"`);
    // Staff-only aggregates: no requester's address on the page.
    expect(html).not.toContain('customer0@example.com');
  });

  it('sends a visitor to sign in and shows a member the 403 page', async () => {
    const visitor = await get('/staff/insights');
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/staff/insights')}`);
    expect((await get('/staff/insights', memberCookie)).status).toBe(403);
  });
});

describe('/staff/insights/quarter/<YYYY-Qn>', () => {
  it('shows staff the quarter’s top feature requests and pain points with frustration, and the previous quarter', async () => {
    const { status, html } = await pageOf(`/staff/insights/quarter/${quarter}`, staffCookie);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain(`Voice of the customer ${quarterLabel(quarter)}`);
    expect(text).toContain('This quarter is not over yet, so these lists can still change.');
    expect(html).toContain(`<a href="/staff/tickets/${requestRef}">Please add two-way calendar sync</a>`);
    expect(text).toContain('calendar sync · 1 ticket');
    // sync: 6 tickets, 3 angry; the feature request is not a pain point.
    expect(text).toMatch(/sync 6 50% \(3\)/);
    expect(html).not.toContain('<a href="/staff/tickets?tag=feature+request">feature request</a>');
    expect(html).toContain(`href="/staff/insights/quarter/${previousQuarter(quarter)}"`);
    expect(html).not.toContain(`href="/staff/insights/quarter/${nextQuarter(quarter)}"`);
  });

  it('links a past quarter to the next one', async () => {
    const past = previousQuarter(quarter);
    const { html } = await pageOf(`/staff/insights/quarter/${past}`, staffCookie);
    expect(html).toContain(`href="/staff/insights/quarter/${quarter}"`);
    expect(textOf(html)).toContain('No feature requests arrived in this quarter.');
  });

  it('is not found for a malformed or future quarter, 403 for a member, sign-in for a visitor', async () => {
    expect((await get('/staff/insights/quarter/2026-Q5', staffCookie)).status).toBe(404);
    expect((await get('/staff/insights/quarter/2026-10', staffCookie)).status).toBe(404);
    expect((await get(`/staff/insights/quarter/${nextQuarter(quarter)}`, staffCookie)).status).toBe(404);
    expect((await get(`/staff/insights/quarter/${quarter}`, memberCookie)).status).toBe(403);
    const visitor = await get(`/staff/insights/quarter/${quarter}`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/staff/insights/quarter/${quarter}`)}`);
  });
});
