// Following known issues over HTTP: a member's one-click follow and unfollow,
// a visitor's email with the form kept on a mistake and the double opt-in
// (opening the link changes nothing, Confirm does), the unsubscribe page and a
// mail client's RFC 8058 one-click POST from another site (the origin check
// spares it and nothing else), the email settings page, and "Fixed since your
// last visit" shown once at the start of a visit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import type { KnownIssueStatus } from '@db/schema';
import { isSubscribed, unsubscribeLinks } from '@/server/email/preferences';
import { followAsMember } from '@/server/known-issues/followers';
import { makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const HOUR = 60 * 60_000;
let slugs = 0;

async function makeIssue(db: DB, overrides: { title?: string; status?: KnownIssueStatus; fixedAt?: number | null } = {}) {
  const now = Date.now();
  const status = overrides.status ?? 'investigating';
  return db
    .insertInto('known_issues')
    .values({
      slug: `follow-http-${++slugs}-${now}`,
      title: overrides.title ?? 'Exports to PDF time out',
      summary: 'Large workspaces cannot export notebooks to PDF.',
      severity: 'major',
      status,
      owner_id: null,
      eta_at: null,
      starts_at: null,
      ends_at: null,
      github_repo: null,
      github_issue_number: null,
      created_by: null,
      created_at: now - 3 * HOUR,
      updated_at: now,
      last_update_at: now,
      fixed_at: overrides.fixedAt ?? null,
      update_due_notified_at: null,
    })
    .returning(['id', 'slug', 'title'])
    .executeTakeFirstOrThrow();
}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

async function follower(issueId: number, where: { userId?: number; email?: string }) {
  let query = server.db.selectFrom('known_issue_followers').selectAll().where('known_issue_id', '=', issueId);
  if (where.userId !== undefined) query = query.where('user_id', '=', where.userId);
  if (where.email !== undefined) query = query.where('email', '=', where.email);
  return query.executeTakeFirst();
}

describe('the follow endpoint', () => {
  it('follows and unfollows a member with one click, back to the issue', async () => {
    const issue = await makeIssue(server.db);
    const member = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, member);
    const followed = await post(`/known-issues/${issue.slug}/follow`, { action: 'follow' }, { Cookie: cookie });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe(`/known-issues/${issue.slug}#follow`);
    expect(await follower(issue.id, { userId: member.id })).toMatchObject({ unsubscribed_at: null });

    const page = await (await fetch(`${server.url}/known-issues/${issue.slug}/follow`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('You follow this issue');
    expect(page).toMatch(/<input type="hidden" name="action" value="unfollow"/);

    const unfollowed = await post(`/known-issues/${issue.slug}/follow`, { action: 'unfollow', next: '/help' }, { Cookie: cookie });
    expect(unfollowed.status).toBe(303);
    expect(unfollowed.headers.get('location')).toBe('/help');
    expect(await follower(issue.id, { userId: member.id })).toBeUndefined();
  });

  it('keeps what a visitor typed when the address is wrong, then sends the confirmation', async () => {
    const issue = await makeIssue(server.db);
    const bad = await post(`/known-issues/${issue.slug}/follow`, { email: 'not an address' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('value="not an address"');
    expect(html).toContain('aria-invalid="true"');

    const good = await post(`/known-issues/${issue.slug}/follow`, { email: 'Reader.Follow@example.com' });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('Check your inbox');
    expect(await follower(issue.id, { email: 'reader.follow@example.com' })).toMatchObject({ confirmed_at: null });

    expect((await post('/known-issues/no-such-issue/follow', { email: 'a@example.com' })).status).toBe(404);
  });
});

describe('the confirmation link', () => {
  it('shows a Confirm button and changes nothing when opened; Confirm starts the follow; a wrong link is a 404', async () => {
    const issue = await makeIssue(server.db);
    await post(`/known-issues/${issue.slug}/follow`, { email: 'confirm.me@example.com' });
    const mail = await server.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('kind', '=', 'known-issue-follow-confirm')
      .where('to_address', '=', 'confirm.me@example.com')
      .executeTakeFirstOrThrow();
    const url = /(http:\/\/\S+\/known-issues\/follow\/confirm\?token=[a-z2-7]+)/.exec(mail.text_body)![1]!;
    const path = url.slice(server.url.length);

    const opened = await fetch(`${server.url}${path}`);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain(issue.title);
    expect(page).toContain('>Confirm</button>');
    expect((await follower(issue.id, { email: 'confirm.me@example.com' }))!.confirmed_at).toBeNull();

    const confirmed = await post(path, { token: new URL(url).searchParams.get('token')! });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Confirmed');
    expect((await follower(issue.id, { email: 'confirm.me@example.com' }))!.confirmed_at).not.toBeNull();

    expect((await fetch(`${server.url}/known-issues/follow/confirm?token=${'a'.repeat(32)}`)).status).toBe(404);
  });
});

describe('unsubscribing', () => {
  async function visitorFollower(email: string) {
    const issue = await makeIssue(server.db);
    await server.db
      .insertInto('known_issue_followers')
      .values({
        known_issue_id: issue.id,
        user_id: null,
        email,
        confirm_token_hash: null,
        confirmed_at: Date.now(),
        created_at: Date.now(),
        unsubscribed_at: null,
      })
      .execute();
    const row = (await follower(issue.id, { email }))!;
    const links = await unsubscribeLinks(
      server.db,
      { siteUrl: server.url, siteName: 'Fieldnote Support' },
      { address: email },
      'known_issue_updates',
      `follower:${row.id}`,
    );
    return { issue, links, path: links.oneClickUrl.slice(server.url.length) };
  }

  it('the page says what stops and changes nothing until a button is pressed', async () => {
    const { issue, links, path } = await visitorFollower('page.reader@example.com');
    const page = await fetch(links.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`emails about the known issue “${issue.title}”`);
    expect(html).toContain('Stop emails about this issue');
    expect(html).toContain('Stop all known-issue emails');
    expect((await follower(issue.id, { email: 'page.reader@example.com' }))!.unsubscribed_at).toBeNull();

    const stopped = await post(path, { choice: 'scope' });
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toContain(`no more emails about “${issue.title}”`);
    expect((await follower(issue.id, { email: 'page.reader@example.com' }))!.unsubscribed_at).not.toBeNull();
    expect(await isSubscribed(server.db, { address: 'page.reader@example.com' }, 'known_issue_updates')).toBe(true);

    const all = await post(path, { choice: 'kind' });
    expect(all.status).toBe(200);
    expect(await isSubscribed(server.db, { address: 'page.reader@example.com' }, 'known_issue_updates')).toBe(false);
  });

  it('takes a mail client’s one-click POST without this site’s Origin (none, or the provider’s)', async () => {
    for (const [email, origin] of [
      ['oneclick.none@example.com', undefined],
      ['oneclick.provider@example.com', 'https://mail.provider.example'],
    ] as const) {
      const { issue, path } = await visitorFollower(email);
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}) },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect((await follower(issue.id, { email }))!.unsubscribed_at).not.toBeNull();
    }
    // Multipart, as RFC 8058 allows too.
    const { issue, path } = await visitorFollower('oneclick.multipart@example.com');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    expect((await fetch(`${server.url}${path}`, { method: 'POST', body })).status).toBe(200);
    expect((await follower(issue.id, { email: 'oneclick.multipart@example.com' }))!.unsubscribed_at).not.toBeNull();
  });

  it('refuses a bad token with the 404 page, and keeps refusing cross-site forms everywhere else', async () => {
    const bad = await fetch(`${server.url}/email/unsubscribe?token=abc.def`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(bad.status).toBe(404);
    expect((await fetch(`${server.url}/email/unsubscribe?token=abc.def`)).status).toBe(404);
    // The one-click exemption needs a token in the URL.
    expect(
      (
        await fetch(`${server.url}/email/unsubscribe`, {
          method: 'POST',
          headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'x=1',
        })
      ).status,
    ).toBe(403);
    // A form posted without any Origin (Astro's rule, now applied by the middleware) and a cross-site one.
    const member = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, member);
    const noOrigin = await fetch(`${server.url}/account/email`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(noOrigin.status).toBe(403);
    const crossSite = await post('/account/email', {}, { Cookie: cookie, Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await isSubscribed(server.db, { userId: member.id }, 'known_issue_updates')).toBe(true);
  });
});

describe('email settings', () => {
  it('a member switches kinds off and on; a visitor is sent to sign in', async () => {
    const member = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, member);
    const page = await (await fetch(`${server.url}/account/email`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Known-issue updates');
    expect(page).toMatch(/name="kind\.known_issue_updates" value="on" checked/);
    const saved = await post('/account/email', { 'kind.community_notifications': 'on' }, { Cookie: cookie });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/account/email?saved=1');
    expect(await isSubscribed(server.db, { userId: member.id }, 'known_issue_updates')).toBe(false);
    expect(await isSubscribed(server.db, { userId: member.id }, 'community_notifications')).toBe(true);
    const after = await (await fetch(`${server.url}/account/email?saved=1`, { headers: { Cookie: cookie } })).text();
    expect(after).toContain('Your email settings are saved.');
    expect(after).not.toMatch(/name="kind\.known_issue_updates" value="on" checked/);

    const visitor = await fetch(`${server.url}/account/email`, { redirect: 'manual' });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toContain('/signin?next=%2Faccount%2Femail');
  });
});

describe('"Fixed since your last visit"', () => {
  const page = (cookie: string, path = '/help') => fetch(`${server.url}${path}`, { headers: { Cookie: cookie, Accept: 'text/html' }, redirect: 'manual' });

  async function returningMember(awayMs: number) {
    const member = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, member);
    const lastSeen = Date.now() - awayMs;
    await server.db
      .updateTable('users')
      .set({ last_seen_at: lastSeen, visit_started_at: lastSeen - HOUR, previous_seen_at: null })
      .where('id', '=', member.id)
      .execute();
    const fixed = await makeIssue(server.db, { title: `Sync fixed for member ${member.id}`, status: 'fixed', fixedAt: lastSeen + 60_000 });
    await followAsMember(server.db, member, fixed.id);
    return { member, cookie, fixed, lastSeen };
  }

  it('shows once, on the first page of a visit, what the member followed and is fixed; then never again that visit', async () => {
    const { member, cookie, fixed, lastSeen } = await returningMember(2 * HOUR);
    const first = await page(cookie);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('Fixed since your last visit');
    expect(html).toContain(`href="/known-issues/${fixed.slug}"`);
    expect(html).toContain('>Dismiss');
    const row = await server.db
      .selectFrom('users')
      .select(['last_seen_at', 'previous_seen_at', 'visit_started_at'])
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row.previous_seen_at).toBe(lastSeen);
    expect(row.visit_started_at).toBe(row.last_seen_at);

    const second = await (await page(cookie)).text();
    expect(second).not.toContain('Fixed since your last visit');
  });

  it('does not start a visit within 30 minutes, and shows nothing when nothing was fixed', async () => {
    const { cookie } = await returningMember(20 * 60_000);
    expect(await (await page(cookie)).text()).not.toContain('Fixed since your last visit');
    const quiet = await makeUser(server.db);
    const quietCookie = await sessionCookie(server.db, quiet);
    await server.db
      .updateTable('users')
      .set({ last_seen_at: Date.now() - 5 * HOUR })
      .where('id', '=', quiet.id)
      .execute();
    const response = await page(quietCookie);
    expect(await response.text()).not.toContain('Fixed since your last visit');
    expect(response.headers.get('set-cookie') ?? '').not.toContain('hearth_visit_panel');
  });

  it('keeps the panel for the first page when the visit starts with a request that is not one', async () => {
    const { cookie } = await returningMember(3 * HOUR);
    const api = await fetch(`${server.url}/api/search?q=export`, { headers: { Cookie: cookie } });
    const waiting = /hearth_visit_panel=(\d+)/.exec(api.headers.get('set-cookie') ?? '')?.[1];
    expect(waiting).toBeDefined();
    const both = `${cookie}; hearth_visit_panel=${waiting}`;
    const first = await page(both);
    expect(await first.text()).toContain('Fixed since your last visit');
    expect(first.headers.get('set-cookie')).toMatch(/hearth_visit_panel=; Max-Age=0/);
    // A stale cookie (an earlier visit's) shows nothing.
    expect(await (await page(`${cookie}; hearth_visit_panel=123`)).text()).not.toContain('Fixed since your last visit');
  });
});
