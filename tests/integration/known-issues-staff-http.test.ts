// The staff known-issue pages over HTTP, without JavaScript: the list with
// "update due" first, posting an issue (a refusal keeps everything typed),
// posting updates, editing against the version shown (a conflict keeps what was
// typed), and nothing for members or visitors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnownIssue, editKnownIssue, knownIssueForStaff, postUpdate, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { defaultUpdateCadence } from '@/server/settings/settings';
import { makeUser, sessionCookie, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { newIncident } from '../support/known-issues';

let server: TestServer;
let staff: Awaited<ReturnType<typeof makeUser>>;
let staffCookie: string;
beforeAll(async () => {
  server = await startTestServer();
  staff = await makeUser(server.db, { role: 'staff', displayName: 'Ines Owner' });
  staffCookie = await sessionCookie(server.db, staff);
});
afterAll(async () => server?.stop());

const HOUR = 3_600_000;

function post(path: string, fields: Record<string, string>, cookie = staffCookie) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}
const get = (path: string, cookie = staffCookie) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
/** Whether the input with this name (and value, for radios) is checked. */
function isChecked(html: string, name: string, value?: string): boolean {
  const input = [...html.matchAll(/<input[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`name="${name}"`) && (value === undefined || tag.includes(`value="${value}"`)));
  return input !== undefined && /\schecked\b/.test(input);
}
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident({
    title: 'Exports to PDF time out',
    summary: 'Large notebooks fail to export to PDF and the download never starts.',
    severity: 'minor',
    areas: ['exports'],
    workaround: '',
    githubRepo: null,
    githubIssueNumber: null,
    articleSlugs: [],
    message: 'We are looking into reports that PDF exports of large notebooks time out.',
    ...overrides,
  });
}

const newIssueFields = {
  kind: 'incident',
  title: 'Google Calendar events stop syncing',
  summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
  severity: 'major',
  'area:calendar sync': 'on',
  'area:mobile': 'on',
  ownerId: '',
  status: 'identified',
  message: 'We found that **token refreshes** fail for some Google accounts.',
  workaround: 'Disconnect and reconnect Google Calendar under Settings → Calendars.',
  etaAt: '2026-12-02T18:30',
  startsAt: '',
  endsAt: '',
  github: 'fieldnote/fieldnote#812',
  'article:calendar-sync/fix-calendar-sync-errors': 'on',
};

describe('the staff known-issue pages', () => {
  it('send a visitor to sign in, show a member the 403 page on the list and the form, and 404 for an issue', async () => {
    const { id } = await createKnownIssue(server.db, staff, incident({ title: 'Members never see this staff page' }));
    const member = await makeUser(server.db);
    const memberCookie = await sessionCookie(server.db, member);
    const visitor = await fetch(`${server.url}/staff/known-issues`, { redirect: 'manual' });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/staff/known-issues')}`);
    expect((await get('/staff/known-issues', memberCookie)).status).toBe(403);
    expect((await get('/staff/known-issues/new', memberCookie)).status).toBe(403);
    expect((await post('/staff/known-issues/new', newIssueFields, memberCookie)).status).toBe(403);
    const page = await get(`/staff/known-issues/${id}`, memberCookie);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Members never see this staff page');
    expect((await post(`/staff/known-issues/${id}`, { intent: 'update', status: 'fixed', message: 'Fixed, says the member.' }, memberCookie)).status).toBe(404);
    expect((await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence)).timeline).toHaveLength(1);
    expect((await get('/staff/known-issues/999999')).status).toBe(404);
    expect((await get('/staff/known-issues/12abc')).status).toBe(404);
    const staffHub = await (await get('/staff')).text();
    expect(staffHub).toContain('href="/staff/known-issues"');
  });

  it('lists open issues with an update due first, with their badges, owner and counts, and tabs for fixed and all', async () => {
    const now = Date.now();
    // Minor: due 72 h after its last update; major: 24 h. The minor one posted 4 days ago is due, the major one from 2 h ago is not.
    const late = await createKnownIssue(server.db, staff, incident({ title: 'Late minor issue for the list', ownerId: staff.id }), now - 96 * HOUR);
    const fresh = await createKnownIssue(
      server.db,
      staff,
      incident({ title: 'Fresh major issue for the list', severity: 'major', areas: ['web app', 'API'] }),
      now - 2 * HOUR,
    );
    const fixed = await createKnownIssue(server.db, staff, incident({ title: 'Fixed issue for the list' }), now - 5 * HOUR);
    await postUpdate(server.db, site, staff, fixed.id, { status: 'fixed', message: 'The export fix is out for everyone.' }, now - HOUR);

    const html = await (await get('/staff/known-issues')).text();
    const text = textOf(html);
    expect(html).toContain('href="/staff/known-issues/new"');
    expect(html.indexOf('Late minor issue for the list')).toBeGreaterThan(-1);
    expect(html.indexOf('Late minor issue for the list')).toBeLessThan(html.indexOf('Fresh major issue for the list'));
    expect(html).not.toContain('Fixed issue for the list');
    expect(text).toMatch(
      /Late minor issue for the list Update due Minor Investigating Areas: exports Owner: Ines Owner Last update 4 d ago \(.+UTC\) update overdue by 24 h 0 affected 0 followers/,
    );
    expect(text).toMatch(
      /Fresh major issue for the list Major Investigating Areas: API, web app No owner Last update 2 h ago \(.+UTC\) next update due in 22 h 0 affected 0 followers/,
    );
    expect(html).toContain(`href="/staff/known-issues/${late.id}"`);
    expect(html).toContain(`href="/staff/known-issues/${fresh.id}"`);

    const fixedTab = await (await get('/staff/known-issues?show=fixed')).text();
    expect(fixedTab).toContain('Fixed issue for the list');
    expect(fixedTab).not.toContain('Late minor issue for the list');
    expect(fixedTab).toMatch(/href="\/staff\/known-issues\?show=fixed" aria-current="page"/);
    const all = await (await get('/staff/known-issues?show=all')).text();
    for (const title of ['Fixed issue for the list', 'Late minor issue for the list', 'Fresh major issue for the list']) expect(all).toContain(title);
    // An unknown tab is the open list.
    expect(await (await get('/staff/known-issues?show=nonsense')).text()).not.toContain('Fixed issue for the list');
  });

  it('shows the form again with every message and everything typed when posting is refused', async () => {
    const form = await (await get('/staff/known-issues/new')).text();
    // Defaults: an incident, investigating, owned by me; every team offered as an area.
    expect(isChecked(form, 'kind', 'incident')).toBe(true);
    expect(isChecked(form, 'status', 'investigating')).toBe(true);
    expect(form).toMatch(new RegExp(`<option value="${staff.id}" selected>Ines Owner \\(me\\)</option>`));
    for (const area of ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API']) expect(form).toContain(`name="area:${area}"`);
    expect(form).toContain('name="article:calendar-sync/fix-calendar-sync-errors"');
    expect(form).toContain('Starts (UTC)');

    const before = await server.db
      .selectFrom('known_issues')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await post('/staff/known-issues/new', {
      ...newIssueFields,
      kind: 'maintenance',
      title: 'Sync',
      startsAt: '2026-12-05T06:00',
      endsAt: '2026-12-05T05:00',
      github: 'not a github issue',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Please correct the highlighted fields.');
    expect(html).toContain('Give the issue a title of at least 5 characters.');
    expect(html).toContain('The maintenance must end after it starts.');
    expect(html).toContain('Write the GitHub issue as owner/repo#123');
    // Everything typed is back.
    expect(html).toContain('value="Sync"');
    expect(html).toContain('Events created in Google Calendar since this morning do not appear in Fieldnote.');
    expect(html).toContain('We found that **token refreshes** fail for some Google accounts.');
    expect(html).toContain('value="2026-12-05T06:00"');
    expect(html).toContain('value="2026-12-02T18:30"');
    expect(html).toContain('value="not a github issue"');
    expect(isChecked(html, 'kind', 'maintenance')).toBe(true);
    expect(isChecked(html, 'severity', 'major')).toBe(true);
    expect(isChecked(html, 'status', 'identified')).toBe(true);
    expect(isChecked(html, 'area:calendar sync')).toBe(true);
    expect(isChecked(html, 'area:mobile')).toBe(true);
    expect(isChecked(html, 'area:billing')).toBe(false);
    expect(isChecked(html, 'article:calendar-sync/fix-calendar-sync-errors')).toBe(true);
    expect(html).toMatch(/<option value="" selected>Nobody yet<\/option>/);
    const after = await server.db
      .selectFrom('known_issues')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('posts an issue, 303 to its staff page, which shows it; then posts updates and refuses an empty one keeping the choice', async () => {
    const created = await post('/staff/known-issues/new', newIssueFields);
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/staff\/known-issues\/\d+\?done=created$/);
    const id = Number(/\/(\d+)\?/.exec(location)![1]);
    const issue = await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence);
    expect(issue).toMatchObject({
      status: 'identified',
      severity: 'major',
      areas: ['calendar sync', 'mobile'],
      ownerId: null,
      etaAt: Date.UTC(2026, 11, 2, 18, 30),
      githubRepo: 'fieldnote/fieldnote',
      githubIssueNumber: 812,
      articleSlugs: ['calendar-sync/fix-calendar-sync-errors'],
    });

    const page = await get(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = textOf(html);
    expect(html).toContain('The known issue is on the public board, with its first update.');
    expect(html).toContain('Google Calendar events stop syncing');
    expect(text).toContain('Major Identified Incident');
    expect(text).toContain('Areas calendar sync, mobile');
    expect(text).toContain('ETA Dec 2, 2026, 6:30 PM UTC');
    expect(html).toContain('href="https://github.com/fieldnote/fieldnote/issues/812"');
    expect(html).toContain(`href="/known-issues/${issue.slug}"`);
    expect(html).toContain('href="/help/calendar-sync/fix-calendar-sync-errors"');
    expect(html).toContain('<strong>token refreshes</strong>');
    expect(text).toMatch(/Next update Due by .+ UTC \(in 24 h\)/);
    // A major incident opens the playbook: posting it did two of the five steps.
    expect(html).toMatch(/<h2 id="playbook-title"[^>]*>Incident playbook<\/h2>/);
    // The update form starts at the current status; "fixed" says who will be told.
    expect(isChecked(html, 'status', 'identified')).toBe(true);
    expect(text).toContain('Posting it tells every follower and the requesters of linked tickets that it is fixed.');

    const empty = await post(location.split('?')[0]!, { intent: 'update', status: 'monitoring', message: ' ' });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Write an update of at least 5 characters.');
    expect(isChecked(emptyHtml, 'status', 'monitoring')).toBe(true);

    const updated = await post(location.split('?')[0]!, { intent: 'update', status: 'fixing', message: 'A fix for the token refresh is rolling out now.' });
    expect(updated.status).toBe(303);
    expect(updated.headers.get('location')).toBe(`/staff/known-issues/${id}?done=updated#timeline-title`);
    await postUpdate(server.db, site, null, id, { status: 'monitoring', message: 'The tracking GitHub issue was closed.' }, Date.now() + 1000, {
      source: 'github',
    });
    const timeline = textOf(await (await get(`/staff/known-issues/${id}`)).text());
    // Newest first, the author named, the GitHub one marked.
    const github = timeline.indexOf('Monitoring From GitHub');
    const fixing = timeline.indexOf('Fix in progress Ines Owner');
    const first = timeline.indexOf('Identified Ines Owner');
    expect(github).toBeGreaterThan(-1);
    expect(fixing).toBeGreaterThan(github);
    expect(first).toBeGreaterThan(fixing);
    expect((await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence)).status).toBe('monitoring');
  });

  it('saves edited details against the version shown, and after a conflict keeps what was typed with a clear message', async () => {
    const { id } = await createKnownIssue(server.db, staff, incident({ title: 'Edit me: exports stall' }));
    const path = `/staff/known-issues/${id}`;
    const form = await (await get(path)).text();
    const version = hidden(form, 'version')!;
    expect(isChecked(form, 'area:exports')).toBe(true);

    // Someone else changes it meanwhile.
    const current = await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence);
    await editKnownIssue(server.db, staff, id, { ...incident(), title: 'Edited by a colleague: exports stall', areas: current.areas }, current.version);

    const mine = {
      intent: 'edit',
      version,
      kind: 'incident',
      title: 'My title: exports stall for big notebooks',
      summary: 'Large notebooks fail to export to PDF and the download never starts.',
      severity: 'major',
      'area:exports': 'on',
      'area:web app': 'on',
      ownerId: String(staff.id),
      workaround: 'Export one section at a time.',
      etaAt: '',
      startsAt: '',
      endsAt: '',
      github: '',
    };
    const conflict = await post(path, mine);
    expect(conflict.status).toBe(409);
    const html = await conflict.text();
    expect(html).toContain('Someone else changed this issue while you were editing.');
    expect(html).toContain('value="My title: exports stall for big notebooks"');
    expect(html).toContain('Export one section at a time.');
    expect(isChecked(html, 'area:web app')).toBe(true);
    expect(isChecked(html, 'severity', 'major')).toBe(true);
    // The page above shows the colleague's change; nothing of mine was saved.
    expect(html).toContain('Edited by a colleague: exports stall');
    expect((await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence)).title).toBe('Edited by a colleague: exports stall');

    // Saving again, having seen it, goes through.
    const newer = /<input type="hidden" name="version" value="(\d+)"/.exec(html)![1]!;
    expect(Number(newer)).toBe(Number(version) + 1);
    const saved = await post(path, { ...mine, version: newer });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?done=edited`);
    expect(await knownIssueForStaff(server.db, staff, id, defaultUpdateCadence)).toMatchObject({
      title: 'My title: exports stall for big notebooks',
      severity: 'major',
      areas: ['exports', 'web app'],
      ownerId: staff.id,
      workaroundSource: 'Export one section at a time.',
    });

    // A wrong field is shown beside it, with the rest kept.
    const wrong = await post(path, { ...mine, version: String(Number(newer) + 1), kind: 'maintenance' });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Planned maintenance needs a start time.');
    expect(wrongHtml).toContain('value="My title: exports stall for big notebooks"');
  });
});
