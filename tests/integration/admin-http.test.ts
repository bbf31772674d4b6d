// The administration pages over HTTP: admins only (staff and members get the
// 403 page, visitors the sign-in page), forms that keep what was typed with a
// message per field, and an invitation link that creates a signed-in staff
// account once and is then not found. And the agent's notifications page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@/config';
import { siteSettings } from '@/server/settings/settings';
import { staffNotificationSettingsOf, staffNotificationsOf } from '@/server/tickets/agent-notifications';
import { updateTicket } from '@/server/tickets/desk';
import { GOOD_PASSWORD, makeTicket, makeUser, sessionCookie, site } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let adminCookie: string;
let staffCookie: string;
beforeAll(async () => {
  server = await startTestServer();
  adminCookie = await sessionCookie(server.db, await makeUser(server.db, { role: 'admin', displayName: 'Http Admin' }));
  staffCookie = await sessionCookie(server.db, await makeUser(server.db, { role: 'staff', displayName: 'Http Staff' }));
});
afterAll(async () => server?.stop());

function get(path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/** The fields the settings form sends for the current settings (as a browser would: unticked boxes absent). */
async function currentSettingsFields(): Promise<Record<string, string>> {
  const html = await (await get('/admin/settings', adminCookie)).text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (/type="checkbox"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    fields[m[1]!] = value.replace(/&amp;/g, '&');
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1]!] = m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return fields;
}

describe('the administration pages', () => {
  it('are for admins: visitors sign in first, staff and members get the 403 page', async () => {
    const member = await sessionCookie(server.db, await makeUser(server.db));
    const someone = await makeUser(server.db, { displayName: 'Someone Else' });
    for (const path of ['/admin', '/admin/settings', `/admin/users/${someone.id}`]) {
      const visitor = await get(path);
      expect(visitor.status).toBe(302);
      expect(visitor.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
      for (const cookie of [staffCookie, member]) {
        const refused = await get(path, cookie);
        expect(refused.status).toBe(403);
        expect(await refused.text()).not.toContain('Someone Else');
      }
      expect((await get(path, adminCookie)).status).toBe(200);
    }
    // Posting is refused the same way, and nothing changes.
    expect((await post(`/admin/users/${someone.id}`, { action: 'role', role: 'admin' }, staffCookie)).status).toBe(403);
    const row = await server.db.selectFrom('users').select('role').where('id', '=', someone.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('member');
    // The staff area links administration for admins only.
    expect(await (await get('/staff', adminCookie)).text()).toContain('href="/admin"');
    expect(await (await get('/staff', staffCookie)).text()).not.toContain('href="/admin"');
    expect((await get('/admin/users/999999', adminCookie)).status).toBe(404);
  });

  it('find users by name or email', async () => {
    await makeUser(server.db, { displayName: 'Quentin Findme', email: 'quentin@findme.example' });
    const byName = await (await get('/admin?q=findme', adminCookie)).text();
    expect(byName).toContain('Quentin Findme');
    expect(byName).toContain('quentin@findme.example');
    expect(byName).not.toContain('Http Staff');
    const byRole = await (await get('/admin?role=staff', adminCookie)).text();
    expect(byRole).toContain('Http Staff');
    expect(byRole).not.toContain('Quentin Findme');
  });

  it('keep a bad suspension or deletion as typed, and change role, suspend and delete on a good one', async () => {
    const target = await makeUser(server.db, { displayName: 'Pat Target' });
    const targetCookie = await sessionCookie(server.db, target);
    const path = `/admin/users/${target.id}`;
    const bad = await post(path, { action: 'suspend', days: '400', reason: 'Spam' }, adminCookie);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Suspend for 1 to 365 days.');
    expect(badHtml).toContain('value="400"');
    expect(badHtml).toContain('value="Spam"');

    const unconfirmed = await post(path, { action: 'delete' }, adminCookie);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Tick the box to confirm');

    const role = await post(path, { action: 'role', role: 'staff' }, adminCookie);
    expect(role.status).toBe(303);
    expect(role.headers.get('location')).toBe(`${path}?done=role`);
    const suspended = await post(path, { action: 'suspend', days: '3', reason: 'Shared a customer export' }, adminCookie);
    expect(suspended.status).toBe(303);
    expect(await (await get(`${path}?done=suspended`, adminCookie)).text()).toContain('Shared a customer export');

    const deleted = await post(path, { action: 'delete', confirm: 'yes' }, adminCookie);
    expect(deleted.status).toBe(303);
    const after = await (await get(`${path}?done=deleted`, adminCookie)).text();
    expect(after).toContain('Deleted user');
    // Signed out: their session opens nothing.
    const theirs = await get('/account', targetCookie);
    expect(theirs.status).toBe(302);
    expect(theirs.headers.get('location')).toMatch(/^\/signin/);
  });

  it('an admin cannot demote themselves as the last admin: 403 with the reason', async () => {
    const onlyAdmins = await server.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    // Leave exactly one admin (ours) for this check.
    const [ours] = await server.db.selectFrom('users').select('id').where('display_name', '=', 'Http Admin').execute();
    await server.db.updateTable('users').set({ role: 'staff' }).where('role', '=', 'admin').where('id', '!=', ours!.id).execute();
    const refused = await post(`/admin/users/${ours!.id}`, { action: 'role', role: 'member' }, adminCookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('is the only administrator');
    await server.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where(
        'id',
        'in',
        onlyAdmins.map((a) => a.id),
      )
      .execute();
  });
});

describe('the settings form', () => {
  it('keeps what was typed with a message per field, saving nothing; a good form saves all', async () => {
    const fields = await currentSettingsFields();
    expect(fields).toMatchObject({ openTime: '09:00', closeTime: '17:00', timeZone: expect.any(String), sla_urgent_clock: 'on' });
    const bad = await post(
      '/admin/settings',
      {
        ...fields,
        openTime: '18:00',
        timeZone: 'Mars/Olympus_Mons',
        holidays: '2026-12-25\n2026-13-45',
        stakeholders: 'ceo@fieldnote.example\nnot an address',
        sla_high_minutes: '0',
      },
      adminCookie,
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Support must close after it opens.');
    expect(html).toContain('“2026-13-45” is not a date like 2026-12-25.');
    expect(html).toContain('“not an address” is not an email address.');
    expect(html).toContain('Allow at least 1 minute.');
    expect(html).toContain('value="18:00"');
    expect(html).toContain('value="Mars/Olympus_Mons"');
    expect(html).toMatch(/<textarea[^>]*name="holidays"[^>]*>2026-12-25\n2026-13-45<\/textarea>/);
    expect(await server.db.selectFrom('site_settings').select('key').execute()).toEqual([]);

    // A time zone that passes the form but not the settings module: its message, beside the field.
    const zone = await post('/admin/settings', { ...fields, timeZone: 'Mars/Olympus_Mons' }, adminCookie);
    expect(zone.status).toBe(400);
    expect(await zone.text()).toContain('Must be an IANA time zone such as Europe/Amsterdam.');

    const good = await post(
      '/admin/settings',
      {
        ...fields,
        day_6: 'on',
        openTime: '08:30',
        closeTime: '18:00',
        timeZone: 'America/New_York',
        holidays: '2026-12-25\n2026-12-24',
        sla_high_minutes: '120',
        sla_low_clock: 'on',
        teams: 'web app\nbilling',
        stakeholders: 'ceo@fieldnote.example',
      },
      adminCookie,
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe('/admin/settings?saved=1');
    const saved = await siteSettings(server.db, config());
    expect(saved.supportHours).toEqual({ days: [1, 2, 3, 4, 5, 6], openMinute: 510, closeMinute: 1080 });
    expect(saved).toMatchObject({
      timeZone: 'America/New_York',
      holidays: ['2026-12-24', '2026-12-25'],
      teams: ['web app', 'billing'],
      stakeholders: ['ceo@fieldnote.example'],
    });
    expect(saved.slaTargets.high).toEqual({ minutes: 120, aroundTheClock: false });
    expect(saved.slaTargets.low.aroundTheClock).toBe(true);
    expect(await (await get('/admin/settings?saved=1', adminCookie)).text()).toContain('value="America/New_York"');
  });
});

describe('inviting staff', () => {
  it('emails a link that creates a signed-in staff account once; a used or wrong link is 404', async () => {
    const bad = await post('/admin', { action: 'invite', email: 'not-an-address', role: 'admin' }, adminCookie);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="not-an-address"');
    expect(badHtml).toMatch(/<option value="admin" selected/);

    const sent = await post('/admin', { action: 'invite', email: 'Robin@Fieldnote.example', role: 'staff' }, adminCookie);
    expect(sent.status).toBe(303);
    expect(await (await get(sent.headers.get('location')!, adminCookie)).text()).toContain('robin@fieldnote.example');
    const email = await server.db.selectFrom('email_outbox').select('text_body').where('to_address', '=', 'robin@fieldnote.example').executeTakeFirstOrThrow();
    const link = /http:\/\/127\.0\.0\.1:\d+(\/invitations\/[a-z2-7]+)/.exec(email.text_body)![1]!;

    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Http Admin invited');

    const mismatch = await post(link, { displayName: 'Robin Agent', password: GOOD_PASSWORD, confirmPassword: 'something else' });
    expect(mismatch.status).toBe(400);
    const mismatchHtml = await mismatch.text();
    expect(mismatchHtml).toContain('The two passwords do not match.');
    expect(mismatchHtml).toContain('value="Robin Agent"');
    expect(mismatchHtml).not.toContain(GOOD_PASSWORD);

    const accepted = await post(link, { displayName: 'Robin Agent', password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/staff');
    const cookie = /hearth_session=[a-z2-7]+/.exec(accepted.headers.get('set-cookie') ?? '')![0];
    expect((await get('/staff', cookie)).status).toBe(200);

    expect((await get(link)).status).toBe(404);
    expect((await post(link, { displayName: 'Robin Again', password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD })).status).toBe(404);
    expect((await get(`/invitations/${'a'.repeat(32)}`)).status).toBe(404);
    const robins = await server.db.selectFrom('users').select(['role', 'email_verified_at']).where('email', '=', 'robin@fieldnote.example').execute();
    expect(robins).toHaveLength(1);
    expect(robins[0]!.role).toBe('staff');
    expect(robins[0]!.email_verified_at).not.toBeNull();
  });
});

describe('the agent notifications page', () => {
  it('lists the agent’s own notifications with links to the staff ticket page, marks them read, and saves the settings', async () => {
    const agent = await makeUser(server.db, { role: 'staff', displayName: 'Noor Agent' });
    const other = await makeUser(server.db, { role: 'staff', displayName: 'Other Agent' });
    const lead = await makeUser(server.db, { role: 'admin', displayName: 'Lead Admin' });
    const cookie = await sessionCookie(server.db, agent);
    const assigned = await makeTicket(server.db, { subject: 'Exports stop at 1,000 rows' });
    await updateTicket(server.db, site, lead, assigned.ref, { assigneeId: agent.id });
    const urgent = await makeTicket(server.db, { subject: 'Nobody can sign in', urgency: 'urgent', name: 'Casey Customer' });
    const notOurs = await makeTicket(server.db, { subject: 'Someone else’s request' });
    await updateTicket(server.db, site, lead, notOurs.ref, { assigneeId: other.id });

    expect((await get('/staff/notifications')).status).toBe(302);
    expect((await get('/staff/notifications', await sessionCookie(server.db, await makeUser(server.db)))).status).toBe(403);
    const html = await (await get('/staff/notifications', cookie)).text();
    expect(html).toContain(`href="/staff/tickets/${assigned.ref}"`);
    expect(html).toContain('Assigned to you by Lead Admin');
    expect(html).toContain(`href="/staff/tickets/${urgent.ref}"`);
    expect(html).toContain('New urgent request from Casey Customer');
    expect(html).not.toContain('Someone else’s request');
    expect(html).toContain('2 unread.');
    // Linked from the staff area and from administration.
    expect(await (await get('/staff', cookie)).text()).toContain('href="/staff/notifications"');
    expect(await (await get('/admin', adminCookie)).text()).toContain('href="/staff/notifications"');

    const [first] = await staffNotificationsOf(server.db, agent);
    const read = await post('/staff/notifications', { action: 'read', id: String(first!.id) }, cookie);
    expect(read.status).toBe(303);
    expect((await staffNotificationsOf(server.db, agent)).map((n) => n.read)).toEqual([true, false]);
    // Another agent's notification cannot be marked through this page.
    const [theirs] = await staffNotificationsOf(server.db, other);
    await post('/staff/notifications', { action: 'read', id: String(theirs!.id) }, cookie);
    expect((await staffNotificationsOf(server.db, other)).find((n) => n.id === theirs!.id)!.read).toBe(false);
    expect((await post('/staff/notifications', { action: 'read-all' }, cookie)).status).toBe(303);
    expect(await (await get('/staff/notifications', cookie)).text()).toContain('All read.');

    // Every box but "assigned by email" stays ticked.
    const saved = await post(
      '/staff/notifications',
      { action: 'settings', urgent_ticket_site: 'on', urgent_ticket_email: 'on', assigned_site: 'on', customer_reply_site: 'on', customer_reply_email: 'on' },
      cookie,
    );
    expect(saved.status).toBe(303);
    expect(await staffNotificationSettingsOf(server.db, agent)).toEqual({
      urgent_ticket: { inSite: true, byEmail: true },
      assigned: { inSite: true, byEmail: false },
      customer_reply: { inSite: true, byEmail: true },
    });
    expect(await (await get('/staff/notifications', cookie)).text()).toMatch(/name="assigned_email" value="on"(?! checked)/);
    expect((await post('/staff/notifications', { action: 'read', id: 'nope' }, cookie)).status).toBe(400);
  });
});
