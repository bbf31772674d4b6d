// The GitHub webhook over HTTP on the built server: off (404) without
// GITHUB_WEBHOOK_SECRET; bad or missing signature 401; ping and unknown events
// 204; an `issues` close moves the known issue to monitoring with a GitHub
// timeline update, a reopen back to fixing; the same X-GitHub-Delivery again
// is taken once; no delivery id 400, too large 413. Spared the cross-site
// check (its own signature guards it). And the playbook's buttons
// (POST /staff/known-issues/<id>/playbook): 303 back with the outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSiteSettings } from '@/server/settings/settings';
import { githubSignatureOf } from '@/server/known-issues/github';
import { createKnownIssue, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { newIncident } from '../support/known-issues';

const SECRET = 'github-webhook-secret-for-tests';
let server: TestServer;
let off: TestServer;
beforeAll(async () => {
  [server, off] = await Promise.all([startTestServer({ GITHUB_WEBHOOK_SECRET: SECRET }), startTestServer()]);
});
afterAll(async () => Promise.all([server?.stop(), off?.stop()]));

let counter = 0;
function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  counter++;
  return newIncident({
    title: `Calendar sync drops events (${counter})`,
    workaround: 'Press *Sync now* in Settings → Calendars.',
    githubIssueNumber: 5000 + counter,
    articleSlugs: [],
    status: 'fixing',
    message: 'We are rolling out a fix for calendar sync.',
    ...overrides,
  });
}

const issuesEvent = (action: string, number: number, repo = 'fieldnote/fieldnote') =>
  JSON.stringify({ action, issue: { number, state_reason: action === 'closed' ? 'completed' : null }, repository: { full_name: repo } });

let deliveries = 0;
function deliver(
  base: TestServer,
  body: string,
  { event = 'issues', delivery = `delivery-${++deliveries}`, signature = githubSignatureOf(SECRET, body), headers = {} as Record<string, string> } = {},
) {
  const all: Record<string, string> = { 'Content-Type': 'application/json', 'X-GitHub-Event': event, 'User-Agent': 'GitHub-Hookshot/test', ...headers };
  if (delivery !== '') all['X-GitHub-Delivery'] = delivery;
  if (signature !== '') all['X-Hub-Signature-256'] = signature;
  return fetch(`${base.url}/api/webhooks/github`, { method: 'POST', headers: all, body });
}

async function issueState(id: number) {
  const issue = await server.db.selectFrom('known_issues').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
  const updates = await server.db
    .selectFrom('known_issue_updates')
    .select(['status', 'source', 'author_id', 'message_source'])
    .where('known_issue_id', '=', id)
    .orderBy('id', 'desc')
    .execute();
  return { status: issue.status, updates };
}

describe('GitHub webhook', () => {
  it('does not exist without a configured secret', async () => {
    const response = await deliver(off, issuesEvent('closed', 1));
    expect(response.status).toBe(404);
  });

  it('refuses a missing or wrong signature with 401, and changes nothing', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const { id } = await createKnownIssue(server.db, staff, incident());
    const { githubIssueNumber } = await server.db
      .selectFrom('known_issues')
      .select('github_issue_number as githubIssueNumber')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const body = issuesEvent('closed', githubIssueNumber!);
    expect((await deliver(server, body, { signature: '', delivery: 'unsigned-1' })).status).toBe(401);
    expect((await deliver(server, body, { signature: githubSignatureOf('not-the-right-secret-at-all', body), delivery: 'unsigned-2' })).status).toBe(401);
    expect((await deliver(server, body, { signature: githubSignatureOf(SECRET, `${body} `), delivery: 'unsigned-3' })).status).toBe(401);
    expect((await deliver(server, body, { signature: 'sha256=', delivery: 'unsigned-4' })).status).toBe(401);
    expect((await issueState(id)).status).toBe('fixing');
    expect(await server.db.selectFrom('github_deliveries').select('delivery_id').where('delivery_id', 'like', 'unsigned-%').execute()).toEqual([]);
  });

  it('answers ping and unknown events with 204', async () => {
    const ping = await deliver(server, JSON.stringify({ zen: 'Design for failure.', hook_id: 1 }), { event: 'ping' });
    expect(ping.status).toBe(204);
    const push = await deliver(server, JSON.stringify({ ref: 'refs/heads/main' }), { event: 'push' });
    expect(push.status).toBe(204);
    const labeled = await deliver(server, issuesEvent('labeled', 1));
    expect(labeled.status).toBe(204);
  });

  it('closed → monitoring with a GitHub update, once per delivery (a redelivery changes nothing); reopened → fixing', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const input = incident();
    const { id } = await createKnownIssue(server.db, staff, input);
    const body = issuesEvent('closed', input.githubIssueNumber!);
    // A foreign Origin does not matter: the signature guards this endpoint.
    const first = await deliver(server, body, { delivery: 'close-once', headers: { Origin: 'https://github.com' } });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'handled', action: 'closed', knownIssueIds: [id] });
    let state = await issueState(id);
    expect(state.status).toBe('monitoring');
    expect(state.updates[0]).toEqual({
      status: 'monitoring',
      source: 'github',
      author_id: null,
      message_source: `The engineering fix (GitHub issue #${input.githubIssueNumber}) was closed; we are checking with affected customers.`,
    });
    const again = await deliver(server, body, { delivery: 'close-once' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    state = await issueState(id);
    expect(state.updates).toHaveLength(2);
    const reopened = await deliver(server, issuesEvent('reopened', input.githubIssueNumber!));
    expect(reopened.status).toBe(200);
    state = await issueState(id);
    expect(state.status).toBe('fixing');
    expect(state.updates[0]).toMatchObject({ status: 'fixing', source: 'github' });
    expect(state.updates).toHaveLength(3);
  });

  it('an unknown repository or issue number changes nothing', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const input = incident();
    const { id } = await createKnownIssue(server.db, staff, input);
    const wrongRepo = await deliver(server, issuesEvent('closed', input.githubIssueNumber!, 'someone/else'));
    expect(wrongRepo.status).toBe(200);
    expect(await wrongRepo.json()).toMatchObject({ status: 'handled', knownIssueIds: [] });
    const wrongNumber = await deliver(server, issuesEvent('closed', input.githubIssueNumber! + 100_000));
    expect(await wrongNumber.json()).toMatchObject({ knownIssueIds: [] });
    expect(await issueState(id)).toMatchObject({ status: 'fixing', updates: [expect.anything()] });
  });

  it('400 without X-GitHub-Delivery or with a malformed issues payload; 413 when too large; 415 for another type', async () => {
    expect((await deliver(server, issuesEvent('closed', 1), { delivery: '' })).status).toBe(400);
    expect((await deliver(server, JSON.stringify({ action: 'closed', issue: {} }))).status).toBe(400);
    const big = JSON.stringify({ action: 'edited', padding: 'x'.repeat(1024 * 1024 + 10) });
    expect((await deliver(server, big)).status).toBe(413);
    const xml = '<issue/>';
    expect((await deliver(server, xml, { headers: { 'Content-Type': 'application/xml' } })).status).toBe(415);
  });
});

describe('update-due worker', () => {
  it("emails the owner of an issue past its contact period, once, from the server's worker loop", async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const owner = await makeUser(server.db, { role: 'staff', displayName: 'Olive Owner' });
    // Critical, last updated 3 hours ago: past the 2-hour contact period.
    const { id } = await createKnownIssue(
      server.db,
      staff,
      incident({ severity: 'critical', ownerId: owner.id, githubRepo: null, githubIssueNumber: null }),
      Date.now() - 3 * 3_600_000,
    );
    const emails = () =>
      server.db
        .selectFrom('email_outbox')
        .select(['to_address', 'subject'])
        .where('kind', '=', 'known-issue-update-due')
        .where('to_address', '=', owner.email)
        .execute();
    const deadline = Date.now() + 15_000;
    while ((await emails()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await emails()).toEqual([{ to_address: owner.email, subject: expect.stringMatching(/^Update due: Calendar sync drops events/) }]);
    const row = await server.db.selectFrom('known_issues').select('update_due_notified_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.update_due_notified_at).not.toBeNull();
    // The loop runs every 3 s here (WORKER_INTERVAL_MS 100): two more runs, still one email.
    await new Promise((r) => setTimeout(r, 6_500));
    expect(await emails()).toHaveLength(1);
  });
});

describe('playbook buttons', () => {
  const post = (path: string, cookie: string, intent: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent }),
    });

  it('sends the early warning, drafts the saved reply and ticks steps; 303 back with the outcome', async () => {
    const admin = await makeUser(server.db, { role: 'admin' });
    const staff = await makeUser(server.db, { role: 'staff' });
    const cookie = await sessionCookie(server.db, staff);
    const { id } = await createKnownIssue(server.db, staff, incident({ githubRepo: null, githubIssueNumber: null }));
    const path = `/staff/known-issues/${id}/playbook`;
    const page = `/staff/known-issues/${id}`;

    let response = await post(path, cookie, 'early_warning');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${page}?playbook_problem=stakeholders#playbook`);

    await updateSiteSettings(server.db, admin, { incidentStakeholders: ['cto@fieldnote.example'] });
    response = await post(path, cookie, 'early_warning');
    expect(response.headers.get('location')).toBe(`${page}?playbook=early_warning%3A1#playbook`);
    response = await post(path, cookie, 'early_warning');
    expect(response.headers.get('location')).toMatch(new RegExp(`^${page}\\?playbook_error=.*already.*#playbook$`));

    response = await post(path, cookie, 'saved_reply');
    expect(response.headers.get('location')).toMatch(new RegExp(`^${page}\\?playbook=saved_reply%3A\\d+#playbook$`));
    response = await post(path, cookie, 'mark:bulk_reply');
    expect(response.headers.get('location')).toBe(`${page}?playbook=marked%3Abulk_reply#playbook`);
    response = await post(path, cookie, 'mark:nonsense');
    expect(response.headers.get('location')).toMatch(new RegExp(`^${page}\\?playbook_error=`));

    const steps = await server.db
      .selectFrom('known_issue_playbook_steps')
      .select(['step', 'done_by'])
      .where('known_issue_id', '=', id)
      .orderBy('step')
      .execute();
    expect(steps).toEqual([
      { step: 'banner', done_by: staff.id },
      { step: 'bulk_reply', done_by: staff.id },
      { step: 'early_warning', done_by: staff.id },
      { step: 'post', done_by: staff.id },
      { step: 'saved_reply', done_by: staff.id },
    ]);
    const warnings = await server.db.selectFrom('email_outbox').select('to_address').where('kind', '=', 'known-issue-early-warning').execute();
    expect(warnings).toEqual([{ to_address: 'cto@fieldnote.example' }]);
  });

  it('refuses members (403) and sends visitors to sign in', async () => {
    const staff = await makeUser(server.db, { role: 'staff' });
    const member = await makeUser(server.db);
    const { id } = await createKnownIssue(server.db, staff, incident({ githubRepo: null, githubIssueNumber: null }));
    const path = `/staff/known-issues/${id}/playbook`;
    expect((await post(path, await sessionCookie(server.db, member), 'mark:banner')).status).toBe(403);
    const visitor = await post(path, '', 'mark:banner');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toContain('/signin?next=');
    // A planted GET acts on nothing.
    const get = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: await sessionCookie(server.db, staff) } });
    expect(get.status).toBe(303);
    expect(await server.db.selectFrom('known_issue_playbook_steps').select('step').where('known_issue_id', '=', id).orderBy('step').execute()).toEqual([
      { step: 'banner' },
      { step: 'post' },
    ]);
  });
});
