// The weekly voice-of-the-customer digest (src/server/report/digest.ts): the
// last completed week's pick is random among the tickets solved that week
// (and still solved), redacted when picked, public messages only; staff pick
// another and approve; the worker step sends only an approved week, once, to
// the staff who did not opt out and the company-wide list; a week without a
// solved conversation goes without one. Staff alone see the digest and its
// email choice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, UnauthenticatedError } from '@/server/errors';
import { emailKinds, memberPreferences, saveMemberPreferences, setSubscribed, isSubscribed } from '@/server/email/preferences';
import { weeklyDigestEmail } from '@/server/email/templates';
import {
  approveDigest,
  digestWeekForStaff,
  lastCompletedWeek,
  pickAnotherConversation,
  redactConversation,
  runWeeklyDigest,
  weekLabel,
  type Chooser,
} from '@/server/report/digest';
import { updateSiteSettings } from '@/server/settings/settings';
import { replyAsRequester, replyAsStaff } from '@/server/tickets/conversation';
import { ticketIdToRef, ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const cfg = {
  SUPPORT_HOURS: { days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 17 * 60, label: 'Mon-Fri 09:00-17:00' },
  SUPPORT_TIMEZONE: 'Europe/Amsterdam',
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 30 November 2026, 09:00 UTC: the last completed week is 23–29 November.
const NOW = Date.UTC(2026, 10, 30, 9);
const WEEK = '2026-11-23';
const first: Chooser = () => 0;

async function digestEmails() {
  return t.db.selectFrom('email_outbox').selectAll().where('kind', '=', 'weekly-digest').orderBy('id').execute();
}

async function weekRow(week = WEEK) {
  return t.db.selectFrom('digest_weeks').selectAll().where('week', '=', week).executeTakeFirst();
}

/** A ticket from `name` created at `createdAt`, answered and solved by `agent` at `solvedAt`. */
async function solvedTicket(
  agent: Awaited<ReturnType<typeof makeUser>>,
  createdAt: number,
  solvedAt: number,
  overrides: Parameters<typeof makeTicket>[1] = {},
) {
  const ticket = await makeTicket(t.db, overrides, null, createdAt);
  await replyAsStaff(
    t.db,
    site,
    ticket.ref,
    agent,
    { body: 'Reconnect the calendar from Settings → Calendars; it syncs again within a minute.', status: 'solved' },
    solvedAt,
  );
  return { ...ticket, id: ticketRefToId(ticket.ref)! };
}

describe('the digest week', () => {
  it('is the last completed week, Monday 00:00 UTC to the next Monday', () => {
    expect(lastCompletedWeek(NOW)).toBe('2026-11-23');
    expect(lastCompletedWeek(Date.UTC(2026, 10, 30, 0))).toBe('2026-11-23');
    // Sunday night is still the week before.
    expect(lastCompletedWeek(Date.UTC(2026, 10, 29, 23, 59))).toBe('2026-11-16');
    expect(weekLabel('2026-11-23')).toBe('23 – 29 November 2026');
    expect(weekLabel('2026-11-30')).toBe('30 November – 6 December 2026');
    expect(weekLabel('2026-12-28')).toBe('28 December 2026 – 3 January 2027');
  });
});

describe('the pick', () => {
  it('is random among the tickets solved in the week and still solved, never another week’s, a reopened or an unanswered one', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const staff = await makeUser(t.db, { role: 'staff' });
    const inWeek = await solvedTicket(agent, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 25, 10));
    const lastMinute = await solvedTicket(agent, Date.UTC(2026, 10, 29, 20), Date.UTC(2026, 10, 29, 23, 59));
    await solvedTicket(agent, Date.UTC(2026, 10, 19, 8), Date.UTC(2026, 10, 22, 23, 59)); // the week before
    await solvedTicket(agent, Date.UTC(2026, 10, 29, 8), Date.UTC(2026, 10, 30, 0)); // this week
    const reopened = await solvedTicket(agent, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 26, 10));
    await replyAsRequester(t.db, site, reopened.ref, { user: null, accessKey: reopened.accessKey }, 'It broke again this morning.', Date.UTC(2026, 10, 27, 9));
    await makeTicket(t.db, {}, null, Date.UTC(2026, 10, 25, 9)); // never answered

    const sizes: number[] = [];
    const digest = await digestWeekForStaff(t.db, staff, cfg, NOW, (n) => (sizes.push(n), 1));
    expect(sizes).toEqual([2]);
    expect(digest).toMatchObject({ week: WEEK, label: '23 – 29 November 2026', status: 'pending', ticketId: lastMinute.id, candidates: 2 });

    // Opening it again keeps the pick; "Pick another" takes the other one, and back.
    expect((await digestWeekForStaff(t.db, staff, cfg, NOW + HOUR, first)).ticketId).toBe(lastMinute.id);
    await pickAnotherConversation(t.db, staff, WEEK, NOW + HOUR);
    expect((await weekRow())?.ticket_id).toBe(inWeek.id);
    await pickAnotherConversation(t.db, staff, WEEK, NOW + 2 * HOUR);
    expect((await weekRow())?.ticket_id).toBe(lastMinute.id);
    // With the real random choice, every pick is one of the two.
    const seen = new Set<number | null>();
    for (let i = 0; i < 12; i++) {
      await pickAnotherConversation(t.db, staff, WEEK, NOW + 3 * HOUR);
      seen.add((await weekRow())!.ticket_id);
    }
    expect([...seen].sort()).toEqual([inWeek.id, lastMinute.id].sort());
  });

  it('stores the conversation redacted: public messages only, no names, emails, phone numbers or signatures', async () => {
    const agent = await makeUser(t.db, { role: 'staff', displayName: 'Priya Raman', email: 'priya.raman@fieldnote.example' });
    const staff = await makeUser(t.db, { role: 'staff' });
    const ticket = await makeTicket(
      t.db,
      {
        name: 'Sarah Jones',
        email: 'sarah.jones@acme.example',
        subject: 'Sarah Jones: calendar sync fails (call 020 7946 0958)',
        description:
          'Hi, my calendar stopped syncing. Reach me at sarah.jones@acme.example or +44 20 7946 0958.\n\nThanks,\nSarah Jones\nHead of Operations, Acme',
      },
      null,
      Date.UTC(2026, 10, 24, 8),
    );
    await replyAsStaff(
      t.db,
      site,
      ticket.ref,
      agent,
      { body: 'Internal: Sarah is on the Acme enterprise plan, secret note.', internal: true },
      Date.UTC(2026, 10, 24, 9),
    );
    await replyAsStaff(t.db, site, ticket.ref, agent, { body: 'Hi Sarah, please reconnect your calendar.\n\nBest,\nPriya' }, Date.UTC(2026, 10, 24, 10));
    await replyAsRequester(
      t.db,
      site,
      ticket.ref,
      { user: null, accessKey: ticket.accessKey },
      'That worked, thank you Priya!\n-- \nSarah · sjones@acme.example',
      Date.UTC(2026, 10, 24, 11),
    );
    await replyAsStaff(t.db, site, ticket.ref, agent, { body: 'Glad to hear it, Ms Jones.', status: 'solved' }, Date.UTC(2026, 10, 24, 12));

    const digest = await digestWeekForStaff(t.db, staff, cfg, NOW, first);
    expect(digest.conversation).toEqual({
      subject: '[customer]: calendar sync fails (call [phone])',
      category: 'calendar-sync',
      createdAt: Date.UTC(2026, 10, 24, 8),
      solvedAt: Date.UTC(2026, 10, 24, 12),
      rating: null,
      messages: [
        {
          role: 'customer',
          text: 'Hi, my calendar stopped syncing. Reach me at [email] or [phone].\n\nThanks,\n[signature removed]',
          at: Date.UTC(2026, 10, 24, 8),
        },
        { role: 'support', text: 'Hi [customer], please reconnect your calendar.\n\nBest,\n[signature removed]', at: Date.UTC(2026, 10, 24, 10) },
        { role: 'customer', text: 'That worked, thank you [agent]!\n[signature removed]', at: Date.UTC(2026, 10, 24, 11) },
        { role: 'support', text: 'Glad to hear it, Ms [customer].', at: Date.UTC(2026, 10, 24, 12) },
      ],
    });
    const stored = (await weekRow())!.conversation!;
    for (const secret of ['Sarah', 'Jones', 'Priya', 'acme.example', '7946', 'secret note', 'Head of Operations']) expect(stored).not.toContain(secret);
  });
});

describe('the requester’s account', () => {
  it('is redacted by its display name too, when it differs from the name on the ticket', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db, { displayName: 'Marguerite Okafor' });
    const ticket = await solvedTicket(agent, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 24, 12), {
      name: 'Peggy',
      subject: 'Okafor family calendar',
      description: 'Hi, Marguerite here: my calendar stopped syncing.',
    });
    await t.db.updateTable('tickets').set({ user_id: member.id }).where('id', '=', ticket.id).execute();
    const digest = await digestWeekForStaff(t.db, agent, cfg, NOW, first);
    expect(digest.conversation).toMatchObject({
      subject: '[customer] family calendar',
      messages: [{ role: 'customer', text: 'Hi, [customer] here: my calendar stopped syncing.' }, { role: 'support' }],
    });
  });
});

describe('redactConversation', () => {
  const source = (email: string) => ({
    ticketId: 1,
    ref: 'FN-1001',
    subject: 'Support for sjones please',
    category: 'billing',
    createdAt: 0,
    solvedAt: 1,
    rating: 'great' as const,
    requester: { name: 'Sarah Jones', email, accountName: null },
    staff: [{ name: 'Priya Raman', email: 'support@fieldnote.example' }],
    messages: [{ role: 'staff' as const, text: 'Support here: Priya will help, sjones.', at: 1 }],
  });
  it('redacts the requester’s address name, but never a role address’s word', () => {
    expect(redactConversation(source('sjones@acme.example'))).toMatchObject({
      subject: 'Support for [customer] please',
      rating: 'great',
      messages: [{ role: 'support', text: 'Support here: [agent] will help, [customer].', at: 1 }],
    });
    expect(redactConversation(source('support@acme.example')).messages[0]!.text).toBe('Support here: [agent] will help, sjones.');
  });
});

describe('sending', () => {
  it('needs a staff approval, then goes once to the staff who did not opt out and to the company-wide list', async () => {
    const admin = await makeUser(t.db, { role: 'admin', email: 'ada@fieldnote.example' });
    const agent = await makeUser(t.db, { role: 'staff', email: 'ben@fieldnote.example' });
    const optedOut = await makeUser(t.db, { role: 'staff', email: 'cy@fieldnote.example' });
    await makeUser(t.db, { role: 'member', email: 'member@example.com' });
    await setSubscribed(t.db, { userId: optedOut.id }, 'weekly_digest', false, NOW - DAY);
    // The list: a new address, one a staff member has (one email), and one that unsubscribed.
    await updateSiteSettings(t.db, admin, { digestList: ['everyone@fieldnote.example', 'BEN@fieldnote.example', 'gone@fieldnote.example'] });
    await setSubscribed(t.db, { address: 'gone@fieldnote.example' }, 'weekly_digest', false, NOW - DAY);
    await solvedTicket(agent, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 24, 12), { name: 'Sarah Jones', description: 'Sync fails. Sarah' });

    // The worker prepares the pick but sends nothing before an approval.
    expect(await runWeeklyDigest(t.db, site, cfg, NOW, first)).toEqual({ week: WEEK, status: 'pending', sent: 0 });
    expect(await digestEmails()).toEqual([]);
    const review = await digestWeekForStaff(t.db, agent, cfg, NOW + HOUR, first);
    expect(review.recipients).toEqual({ staff: 2, list: 1 });

    await approveDigest(t.db, agent, WEEK, review.pickedAt, NOW + HOUR);
    expect(await weekRow()).toMatchObject({ status: 'approved', approved_by: agent.id, approved_at: NOW + HOUR, sent_at: null });
    expect((await digestWeekForStaff(t.db, admin, cfg, NOW + HOUR, first)).approvedByName).toBe(agent.displayName);

    expect(await runWeeklyDigest(t.db, site, cfg, NOW + 2 * HOUR, first)).toEqual({ week: WEEK, status: 'sent', sent: 3 });
    const emails = await digestEmails();
    expect(emails.map((e) => e.to_address).sort()).toEqual(['ada@fieldnote.example', 'ben@fieldnote.example', 'everyone@fieldnote.example']);
    expect(await weekRow()).toMatchObject({ status: 'sent', sent_at: NOW + 2 * HOUR });

    const staffEmail = emails.find((e) => e.to_address === 'ben@fieldnote.example')!;
    expect(staffEmail.subject).toBe('Voice of the customer: the week of 23 – 29 November 2026');
    expect(staffEmail.text_body).toContain('Customer, Tue 24 Nov, 08:00 UTC:\nSync fails. [customer]');
    expect(staffEmail.text_body).toContain('Support, Tue 24 Nov, 12:00 UTC:\nReconnect the calendar');
    expect(staffEmail.text_body).toContain('the customer did not rate it.');
    expect(staffEmail.text_body).toContain(`The digest in the staff area: ${site.siteUrl}/staff/insights/digest`);
    expect(staffEmail.text_body).toContain(`All your email settings: ${site.siteUrl}/account/email`);
    expect(staffEmail.text_body).not.toMatch(/Sarah|Jones/);
    expect(JSON.parse(staffEmail.headers!)).toMatchObject({
      listUnsubscribePost: 'List-Unsubscribe=One-Click',
      listUnsubscribe: expect.stringMatching(/^<http:\/\/hearth\.test\/email\/unsubscribe\?token=/),
    });
    const listEmail = emails.find((e) => e.to_address === 'everyone@fieldnote.example')!;
    expect(listEmail.text_body).toContain('your address is on the company-wide digest list');
    expect(listEmail.text_body).not.toContain('/staff/insights/digest');
    expect(listEmail.html_body).toContain('Sync fails. [customer]');

    // Once: another run, another approval or another pick change nothing.
    expect(await runWeeklyDigest(t.db, site, cfg, NOW + 3 * HOUR, first)).toEqual({ week: WEEK, status: 'sent', sent: 0 });
    expect(await digestEmails()).toHaveLength(3);
    await expect(approveDigest(t.db, agent, WEEK, review.pickedAt, NOW + 3 * HOUR)).rejects.toThrow(ConflictError);
    await expect(pickAnotherConversation(t.db, agent, WEEK, NOW + 3 * HOUR)).rejects.toThrow(ConflictError);
  });

  it('a new pick needs a new approval', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    await solvedTicket(agent, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 24, 12));
    await solvedTicket(agent, Date.UTC(2026, 10, 25, 8), Date.UTC(2026, 10, 25, 12));
    await digestWeekForStaff(t.db, agent, cfg, NOW, first);
    await approveDigest(t.db, agent, WEEK, NOW, NOW);
    await pickAnotherConversation(t.db, agent, WEEK, NOW + HOUR);
    expect(await weekRow()).toMatchObject({ status: 'pending', approved_by: null, approved_at: null, picked_at: NOW + HOUR });
    expect(await runWeeklyDigest(t.db, site, cfg, NOW + 2 * HOUR)).toMatchObject({ status: 'pending', sent: 0 });
    expect(await digestEmails()).toEqual([]);
  });

  it('approves only the pick the approver read: a pick made meanwhile refuses the old approval', async () => {
    const reader = await makeUser(t.db, { role: 'staff' });
    const other = await makeUser(t.db, { role: 'staff' });
    await solvedTicket(reader, Date.UTC(2026, 10, 24, 8), Date.UTC(2026, 10, 24, 12));
    await solvedTicket(reader, Date.UTC(2026, 10, 25, 8), Date.UTC(2026, 10, 25, 12));
    const read = await digestWeekForStaff(t.db, reader, cfg, NOW, first);
    await pickAnotherConversation(t.db, other, WEEK, NOW + HOUR);
    await expect(approveDigest(t.db, reader, WEEK, read.pickedAt, NOW + 2 * HOUR)).rejects.toThrow(
      new ConflictError('The pick changed while you were reading; read the new one and approve again.'),
    );
    expect(await weekRow()).toMatchObject({ status: 'pending', approved_by: null, picked_at: NOW + HOUR });
    expect(await runWeeklyDigest(t.db, site, cfg, NOW + 2 * HOUR)).toMatchObject({ status: 'pending', sent: 0 });
    // Reading the new pick and approving it works, and approving it twice is harmless.
    const reread = await digestWeekForStaff(t.db, reader, cfg, NOW + 2 * HOUR, first);
    await approveDigest(t.db, reader, WEEK, reread.pickedAt, NOW + 2 * HOUR);
    await approveDigest(t.db, reader, WEEK, reread.pickedAt, NOW + 2 * HOUR);
    expect(await weekRow()).toMatchObject({ status: 'approved', approved_by: reader.id, picked_at: NOW + HOUR });
    // An approved week is not approved again for another pick either.
    await expect(approveDigest(t.db, other, WEEK, read.pickedAt, NOW + 3 * HOUR)).rejects.toThrow(ConflictError);
  });

  it('never names a feature request’s requester, by ticket name or account name, in a title or a link', async () => {
    const admin = await makeUser(t.db, { role: 'admin', email: 'ada@fieldnote.example' });
    await updateSiteSettings(t.db, admin, { digestList: ['everyone@fieldnote.example'] });
    const account = await makeUser(t.db, { displayName: 'Tomasz Wren' });
    const request = async (subject: string, name: string, at: number, userId: number | null = null) => {
      const ticket = await makeTicket(t.db, { name, subject }, null, at);
      const id = ticketRefToId(ticket.ref)!;
      await t.db.updateTable('tickets').set({ team: 'files', user_id: userId }).where('id', '=', id).execute();
      await t.db.insertInto('ticket_tags').values({ ticket_id: id, tag: 'feature request', created_at: at }).execute();
      return id;
    };
    await request('Priya Shah needs DOCX export', 'Priya Shah', Date.UTC(2026, 10, 24, 8));
    await request('Priya Shah needs DOCX export', 'Priya Shah', Date.UTC(2026, 10, 24, 9));
    const single = await request('Markdown export for Tomasz please', 'T. W.', Date.UTC(2026, 10, 25, 8), account.id);

    const review = await digestWeekForStaff(t.db, admin, cfg, NOW, first);
    // The page shows the feature requests as the email sends them.
    expect(review.featureRequests).toEqual([
      {
        team: 'files',
        count: 3,
        url: '/staff/tickets?tag=feature+request&team=files',
        items: [
          { title: '[customer] needs DOCX export', count: 2, url: '/staff/tickets?tag=feature+request&team=files' },
          { title: 'Markdown export for [customer] please', count: 1, url: `/staff/tickets/${ticketIdToRef(single)}` },
        ],
      },
    ]);
    await approveDigest(t.db, admin, WEEK, review.pickedAt, NOW);
    expect(await runWeeklyDigest(t.db, site, cfg, NOW + HOUR, first)).toMatchObject({ status: 'sent', sent: 2 });
    const emails = await digestEmails();
    expect(emails).toHaveLength(2);
    for (const email of emails) {
      const html = email.html_body ?? '';
      expect(email.text_body).toContain('[customer] needs DOCX export (×2)');
      for (const body of [email.text_body, html]) {
        expect(body).toContain('[customer] needs DOCX export');
        expect(body).toContain('Markdown export for [customer] please');
        expect(body).not.toMatch(/Priya|Shah|Tomasz|Wren/);
      }
      const urls = [...email.text_body.matchAll(/https?:\/\/\S+/g), ...html.matchAll(/href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? m[0]));
      for (const url of urls) expect(url).not.toMatch(/DOCX|needs|Markdown|please|Priya|Tomasz|\?q=/i);
    }
    const staffEmail = emails.find((e) => e.to_address === 'ada@fieldnote.example')!;
    expect(staffEmail.text_body).toContain(`- [customer] needs DOCX export (×2) ${site.siteUrl}/staff/tickets?tag=feature+request&team=files`);
  });

  it('goes without a conversation when none was solved that week, and says so', async () => {
    const agent = await makeUser(t.db, { role: 'staff', email: 'solo@fieldnote.example' });
    const digest = await digestWeekForStaff(t.db, agent, cfg, NOW, first);
    expect(digest).toMatchObject({ ticketId: null, conversation: null, candidates: 0, status: 'pending' });
    // Picking again finds nothing either.
    await pickAnotherConversation(t.db, agent, WEEK, NOW);
    expect(await weekRow()).toMatchObject({ ticket_id: null, conversation: null });
    await approveDigest(t.db, agent, WEEK, NOW, NOW);
    expect(await runWeeklyDigest(t.db, site, cfg, NOW + HOUR)).toEqual({ week: WEEK, status: 'sent', sent: 1 });
    const [email] = await digestEmails();
    expect(email!.text_body).toContain('No conversation was solved this week, so this digest goes without one.');
    expect(email!.text_body).toContain('No ticket was tagged this week.');
  });
});

describe('who may', () => {
  it('lets staff and admins review, pick and approve; members and visitors are refused', async () => {
    const member = await makeUser(t.db);
    await expect(digestWeekForStaff(t.db, member, cfg, NOW)).rejects.toThrow(ForbiddenError);
    await expect(digestWeekForStaff(t.db, null, cfg, NOW)).rejects.toThrow(UnauthenticatedError);
    await digestWeekForStaff(t.db, await makeUser(t.db, { role: 'admin' }), cfg, NOW, first);
    await expect(approveDigest(t.db, member, WEEK, NOW, NOW)).rejects.toThrow(ForbiddenError);
    await expect(pickAnotherConversation(t.db, member, WEEK, NOW)).rejects.toThrow(ForbiddenError);
    expect((await weekRow())?.status).toBe('pending');
  });
});

describe('the email choice', () => {
  it('is listed for staff only, and a member’s save leaves it alone', async () => {
    const member = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    expect((await memberPreferences(t.db, member.id)).map((p) => p.kind)).toEqual(['known_issue_updates', 'community_notifications']);
    expect((await memberPreferences(t.db, staff.id, { staff: true })).map((p) => [p.kind, p.subscribed])).toEqual([
      ['known_issue_updates', true],
      ['community_notifications', true],
      ['weekly_digest', true],
    ]);
    await saveMemberPreferences(t.db, member.id, new Set(['known_issue_updates']), NOW);
    expect(await t.db.selectFrom('email_preferences').select('kind').where('user_id', '=', member.id).where('kind', '=', 'weekly_digest').execute()).toEqual(
      [],
    );
    await saveMemberPreferences(t.db, staff.id, new Set(['known_issue_updates']), NOW, { staff: true });
    expect(await isSubscribed(t.db, { userId: staff.id }, 'weekly_digest')).toBe(false);
    expect(emailKinds.find((k) => k.kind === 'weekly_digest')).toMatchObject({ staffOnly: true });
  });
});

describe('the email', () => {
  it('lists the week’s tags, spikes and feature requests, with links for staff only', () => {
    const digest = {
      to: 'ben@fieldnote.example',
      weekLabel: '23 – 29 November 2026',
      tags: [{ tag: 'calendar-sync', thisWeek: 12, lastWeek: 4, url: 'http://hearth.test/staff/tickets?tag=calendar-sync' }],
      spikes: [{ tag: 'calendar-sync', thisWeek: 12, eightWeekAverage: 3.25, url: 'http://hearth.test/staff/tickets?tag=calendar-sync' }],
      featureRequests: [
        { team: 'web app', count: 3, items: [{ title: 'Dark mode for the editor', count: 2, url: 'http://hearth.test/staff/tickets/HRT-10001' }] },
      ],
      conversation: null,
      digestUrl: 'http://hearth.test/staff/insights/digest',
      unsubscribeUrl: 'http://hearth.test/email/unsubscribe?token=x',
      unsubscribeHeaders: { listUnsubscribe: '<http://hearth.test/email/unsubscribe?token=x>' },
    };
    const toStaff = weeklyDigestEmail(site, { ...digest, staff: true });
    expect(toStaff.text).toContain('- calendar-sync: 12 tickets (4 the week before) http://hearth.test/staff/tickets?tag=calendar-sync');
    expect(toStaff.text).toContain('- calendar-sync: 12 tickets, against 3.3 a week on average');
    expect(toStaff.text).toContain('web app (3 requests):\n- Dark mode for the editor (×2) http://hearth.test/staff/tickets/HRT-10001');
    expect(toStaff.html).toContain('<a href="http://hearth.test/staff/tickets?tag=calendar-sync">calendar-sync</a>');
    const toList = weeklyDigestEmail(site, { ...digest, staff: false });
    expect(toList.text).toContain('- calendar-sync: 12 tickets (4 the week before)\n');
    expect(toList.text).not.toContain('/staff/');
    expect(toList.html).not.toContain('/staff/');
  });
});
