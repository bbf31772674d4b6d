// Following known issues and the email-preferences module: a member follows
// with one click, a visitor by email with a double opt-in; every update reaches
// each confirmed follower once with a one-click unsubscribe; preferences and
// unsubscribe links stop them; "Fixed since your last visit" finds what a
// returning member followed or was affected by.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import type { KnownIssueStatus } from '@db/schema';
import { LAST_SEEN_REFRESH_MS, VISIT_GAP_MS, nextVisitTimes, recordVisit, validateSessionToken } from '@/server/accounts/sessions';
import { createEmailTransport, deliverDueEmails, listHeaders } from '@/server/email/delivery';
import { emailHeadersOf } from '@/server/email/outbox';
import {
  emailKinds,
  isSubscribed,
  memberPreferences,
  openUnsubscribeLink,
  readUnsubscribeToken,
  saveMemberPreferences,
  setSubscribed,
  unsubscribeFromKind,
  unsubscribeLinks,
  unsubscribeToken,
} from '@/server/email/preferences';
import { NotFoundError, RateLimitedError, UnauthenticatedError } from '@/server/errors';
import {
  FOLLOW_CONFIRM_VALID_DAYS,
  confirmFollow,
  followAsMember,
  followByEmail,
  followConfirmation,
  followState,
  followedIssueOfLink,
  followerScope,
  notifyFollowers,
  stopFollowingByLink,
  unfollowAsMember,
} from '@/server/known-issues/followers';
import { fixedSinceLastVisit, sinceLastVisitPanel } from '@/server/known-issues/since-last-visit';
import { makeAnswer, makeQuestion, makeUser, sessionCookie, site } from '../support/factories';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 20, 9, 0);
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
let slugs = 0;

async function makeIssue(db: DB, overrides: { title?: string; status?: KnownIssueStatus; fixedAt?: number | null } = {}) {
  const status = overrides.status ?? 'investigating';
  const row = await db
    .insertInto('known_issues')
    .values({
      slug: `calendar-sync-delays-${++slugs}`,
      title: overrides.title ?? 'Calendar sync is delayed for Outlook accounts',
      summary: 'Events created in Outlook take up to an hour to appear in Fieldnote.',
      severity: 'major',
      status,
      owner_id: null,
      eta_at: null,
      starts_at: null,
      ends_at: null,
      github_repo: null,
      github_issue_number: null,
      created_by: null,
      created_at: T0,
      updated_at: T0,
      last_update_at: T0,
      fixed_at: overrides.fixedAt ?? (status === 'fixed' ? T0 : null),
      update_due_notified_at: null,
    })
    .returning(['id', 'slug', 'title'])
    .executeTakeFirstOrThrow();
  return row;
}

async function addUpdate(db: DB, issueId: number, status: KnownIssueStatus, message: string, at = T0 + HOUR) {
  const row = await db
    .insertInto('known_issue_updates')
    .values({ known_issue_id: issueId, status, message_source: message, message_html: `<p>${message}</p>`, author_id: null, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function followerCount(db: DB, issueId: number) {
  return (await db.selectFrom('known_issues').select('follower_count').where('id', '=', issueId).executeTakeFirstOrThrow()).follower_count;
}

async function outbox(db: DB, kind?: string) {
  let query = db.selectFrom('email_outbox').selectAll().orderBy('id');
  if (kind) query = query.where('kind', '=', kind);
  return query.execute();
}

function confirmTokenOf(text: string): string {
  const match = /\/known-issues\/follow\/confirm\?token=([a-z2-7]+)/.exec(text);
  if (!match) throw new Error(`no confirmation link in:\n${text}`);
  return match[1]!;
}

/** A visitor who asked and confirmed. */
async function confirmedVisitor(db: DB, issueId: number, email: string, now = T0) {
  await followByEmail(db, site, issueId, email, now);
  const mails = await outbox(db, 'known-issue-follow-confirm');
  await confirmFollow(db, confirmTokenOf(mails.at(-1)!.text_body), now + 1000);
}

describe('email preferences', () => {
  it('defaults to subscribed, per member and per address, and lists every kind for the settings page', async () => {
    const member = await makeUser(t.db);
    expect(await isSubscribed(t.db, { userId: member.id }, 'known_issue_updates')).toBe(true);
    await setSubscribed(t.db, { userId: member.id }, 'known_issue_updates', false, T0);
    expect(await isSubscribed(t.db, { userId: member.id }, 'known_issue_updates')).toBe(false);
    expect(await isSubscribed(t.db, { userId: member.id }, 'community_notifications')).toBe(true);
    await setSubscribed(t.db, { address: 'Reader@Example.com ' }, 'known_issue_updates', false, T0);
    expect(await isSubscribed(t.db, { address: 'reader@example.com' }, 'known_issue_updates')).toBe(false);
    await setSubscribed(t.db, { address: 'reader@example.com' }, 'known_issue_updates', true, T0);
    expect(await isSubscribed(t.db, { address: 'reader@example.com' }, 'known_issue_updates')).toBe(true);

    expect((await memberPreferences(t.db, member.id)).map((p) => [p.kind, p.subscribed])).toEqual([
      ['known_issue_updates', false],
      ['community_notifications', true],
    ]);
    await saveMemberPreferences(t.db, member.id, new Set(['known_issue_updates']), T0);
    expect((await memberPreferences(t.db, member.id)).map((p) => p.subscribed)).toEqual([true, false]);
    expect(emailKinds.every((k) => k.label.length > 0 && k.description.length > 0)).toBe(true);
  });

  it('signs unsubscribe tokens: a changed payload, a cut signature or garbage finds nothing', async () => {
    const token = await unsubscribeToken(t.db, { recipient: { address: 'reader@example.com' }, kind: 'known_issue_updates', scope: 'follower:7' });
    expect(await readUnsubscribeToken(t.db, token)).toEqual({ recipient: { address: 'reader@example.com' }, kind: 'known_issue_updates', scope: 'follower:7' });
    const [payload, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ r: 'u1', k: 'known_issue_updates' })).toString('base64url');
    expect(await readUnsubscribeToken(t.db, `${forged}.${mac}`)).toBeUndefined();
    expect(await readUnsubscribeToken(t.db, `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`)).toBeUndefined();
    expect(await readUnsubscribeToken(t.db, `${payload}.${mac.slice(0, -2)}`)).toBeUndefined();
    expect(await readUnsubscribeToken(t.db, 'not-a-token')).toBeUndefined();
    await expect(openUnsubscribeLink(t.db, 'nope')).rejects.toThrow(NotFoundError);
  });

  it('builds the page link and the RFC 8058 headers', async () => {
    const member = await makeUser(t.db);
    const links = await unsubscribeLinks(t.db, site, { userId: member.id }, 'known_issue_updates');
    expect(links.url).toMatch(/^http:\/\/hearth\.test\/email\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(links.oneClickUrl).toBe(links.url);
    expect(links.headers).toEqual({ listUnsubscribe: `<${links.url}>`, listUnsubscribePost: 'List-Unsubscribe=One-Click' });
    const link = await openUnsubscribeLink(t.db, new URL(links.url).searchParams.get('token')!);
    expect(link).toMatchObject({ recipient: { userId: member.id }, kind: 'known_issue_updates', subscribed: true });
    await unsubscribeFromKind(t.db, link, T0);
    expect(await isSubscribed(t.db, { userId: member.id }, 'known_issue_updates')).toBe(false);
  });
});

describe('following as a member', () => {
  it('follows with one click, idempotently, and unfollows; follower_count keeps in step', async () => {
    const member = await makeUser(t.db);
    const issue = await makeIssue(t.db);
    expect(await followState(t.db, member, issue.id)).toEqual({ signedIn: true, following: false, emailsOff: false });
    await followAsMember(t.db, member, issue.id, T0);
    await followAsMember(t.db, member, issue.id, T0 + 1000);
    expect(await t.db.selectFrom('known_issue_followers').selectAll().where('known_issue_id', '=', issue.id).execute()).toHaveLength(1);
    expect(await followerCount(t.db, issue.id)).toBe(1);
    expect(await followState(t.db, member, issue.id)).toMatchObject({ following: true });
    await unfollowAsMember(t.db, member, issue.id, T0 + 2000);
    await unfollowAsMember(t.db, member, issue.id, T0 + 3000);
    expect(await followerCount(t.db, issue.id)).toBe(0);
    expect(await followState(t.db, member, issue.id)).toMatchObject({ following: false });
    expect(await followState(t.db, null, issue.id)).toEqual({ signedIn: false });
  });

  it('refuses a visitor and an unknown issue', async () => {
    const member = await makeUser(t.db);
    await expect(followAsMember(t.db, null, 1, T0)).rejects.toThrow(UnauthenticatedError);
    await expect(followAsMember(t.db, member, 999, T0)).rejects.toThrow(NotFoundError);
  });
});

describe('following by email (double opt-in)', () => {
  it('sends a confirmation link; following starts only when it is confirmed (POST), then the address is "already following"', async () => {
    const issue = await makeIssue(t.db);
    expect(await followByEmail(t.db, site, issue.id, ' Visitor@Example.com', T0)).toBe('confirmation_sent');
    const [mail] = await outbox(t.db, 'known-issue-follow-confirm');
    expect(mail).toMatchObject({ to_address: 'visitor@example.com' });
    expect(mail!.subject).toContain(issue.title);
    const token = confirmTokenOf(mail!.text_body);
    const row = await t.db.selectFrom('known_issue_followers').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'visitor@example.com', confirmed_at: null, user_id: null });
    expect(row.confirm_token_hash).not.toContain(token);
    expect(await followerCount(t.db, issue.id)).toBe(0);

    // Opening the link (the page) changes nothing.
    expect(await followConfirmation(t.db, token, T0 + HOUR)).toEqual({ issue: { slug: issue.slug, title: issue.title }, expired: false });
    expect((await t.db.selectFrom('known_issue_followers').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at).toBeNull();

    expect(await confirmFollow(t.db, token, T0 + HOUR)).toMatchObject({ expired: false });
    expect(await t.db.selectFrom('known_issue_followers').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      confirmed_at: T0 + HOUR,
      confirm_token_hash: null,
    });
    expect(await followerCount(t.db, issue.id)).toBe(1);
    // The link works once.
    await expect(confirmFollow(t.db, token, T0 + HOUR)).rejects.toThrow(NotFoundError);

    expect(await followByEmail(t.db, site, issue.id, 'visitor@example.com', T0 + 2 * HOUR)).toBe('already_following');
    expect(await outbox(t.db, 'known-issue-follow-confirm')).toHaveLength(1);
  });

  it('re-sends for an address not confirmed yet (the old link stops working), at most 3 an hour', async () => {
    const issue = await makeIssue(t.db);
    await followByEmail(t.db, site, issue.id, 'slow@example.com', T0);
    const first = confirmTokenOf((await outbox(t.db))[0]!.text_body);
    await followByEmail(t.db, site, issue.id, 'slow@example.com', T0 + 60_000);
    await followByEmail(t.db, site, issue.id, 'slow@example.com', T0 + 120_000);
    const mails = await outbox(t.db, 'known-issue-follow-confirm');
    expect(mails).toHaveLength(3);
    await expect(followByEmail(t.db, site, issue.id, 'slow@example.com', T0 + 180_000)).rejects.toThrow(RateLimitedError);
    expect(await outbox(t.db, 'known-issue-follow-confirm')).toHaveLength(3);
    expect(await t.db.selectFrom('known_issue_followers').selectAll().execute()).toHaveLength(1);
    await expect(followConfirmation(t.db, first, T0 + 200_000)).rejects.toThrow(NotFoundError);
    const newest = confirmTokenOf(mails[2]!.text_body);
    expect((await confirmFollow(t.db, newest, T0 + 200_000)).expired).toBe(false);
    // An hour later the window has room again (and a confirmed address gets no email anyway).
    expect(await followByEmail(t.db, site, issue.id, 'slow@example.com', T0 + 2 * HOUR)).toBe('already_following');
  });

  it('limits requests from one network to 10 an hour, whatever the addresses', async () => {
    const issue = await makeIssue(t.db);
    for (let i = 0; i < 10; i++) await followByEmail(t.db, site, issue.id, `list${i}@example.com`, T0 + i, { ip: '203.0.113.9' });
    await expect(followByEmail(t.db, site, issue.id, 'list10@example.com', T0 + 20, { ip: '203.0.113.9' })).rejects.toThrow(RateLimitedError);
    expect(await followByEmail(t.db, site, issue.id, 'list10@example.com', T0 + 20, { ip: '198.51.100.4' })).toBe('confirmation_sent');
    expect(await outbox(t.db, 'known-issue-follow-confirm')).toHaveLength(11);
  });

  it('expires a link after its validity, and refuses a wrong one', async () => {
    const issue = await makeIssue(t.db);
    await followByEmail(t.db, site, issue.id, 'late@example.com', T0);
    const token = confirmTokenOf((await outbox(t.db))[0]!.text_body);
    const late = T0 + FOLLOW_CONFIRM_VALID_DAYS * DAY + 1;
    expect((await followConfirmation(t.db, token, late)).expired).toBe(true);
    expect((await confirmFollow(t.db, token, late)).expired).toBe(true);
    expect((await t.db.selectFrom('known_issue_followers').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at).toBeNull();
    await expect(followConfirmation(t.db, 'a'.repeat(32), T0)).rejects.toThrow(NotFoundError);
    await expect(confirmFollow(t.db, 'short', T0)).rejects.toThrow(NotFoundError);
  });
});

describe('notifyFollowers', () => {
  it('reaches each confirmed follower once, never an unconfirmed one, an unsubscribed one, an unverified account or a kind switched off', async () => {
    const issue = await makeIssue(t.db);
    const member = await makeUser(t.db, { email: 'jordan@example.com' });
    const unverified = await makeUser(t.db, { email: 'unproven@example.com' });
    await t.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', unverified.id).execute();
    const quiet = await makeUser(t.db, { email: 'quiet@example.com' });
    for (const m of [member, unverified, quiet]) await followAsMember(t.db, m, issue.id, T0);
    await setSubscribed(t.db, { userId: quiet.id }, 'known_issue_updates', false, T0);
    await confirmedVisitor(t.db, issue.id, 'visitor@example.com');
    await confirmedVisitor(t.db, issue.id, 'JORDAN@example.com'); // the member's own address as a visitor too: one email
    await confirmedVisitor(t.db, issue.id, 'gone@example.com');
    await confirmedVisitor(t.db, issue.id, 'nothanks@example.com');
    await setSubscribed(t.db, { address: 'nothanks@example.com' }, 'known_issue_updates', false, T0);
    await followByEmail(t.db, site, issue.id, 'unconfirmed@example.com', T0);
    const gone = await t.db.selectFrom('known_issue_followers').select('id').where('email', '=', 'gone@example.com').executeTakeFirstOrThrow();
    await stopFollowingByLink(t.db, { recipient: { address: 'gone@example.com' }, kind: 'known_issue_updates', scope: followerScope(gone.id) }, T0);

    const updateId = await addUpdate(t.db, issue.id, 'identified', 'We found the cause: a stuck queue in the Outlook connector.');
    expect(await notifyFollowers(t.db, site, issue.id, updateId, T0 + HOUR)).toBe(2);
    const mails = await outbox(t.db, 'known-issue-update');
    expect(mails.map((m) => m.to_address).sort()).toEqual(['jordan@example.com', 'visitor@example.com']);
    for (const mail of mails) {
      expect(mail.subject).toBe(`Identified: ${issue.title}`);
      expect(mail.text_body).toContain('a stuck queue in the Outlook connector');
      expect(mail.text_body).toContain(`http://hearth.test/known-issues/${issue.slug}`);
      expect(mail.html_body).toContain('<p>We found the cause: a stuck queue in the Outlook connector.</p>');
      const headers = emailHeadersOf(mail);
      expect(headers.listUnsubscribe).toMatch(/^<http:\/\/hearth\.test\/email\/unsubscribe\?token=[^>]+>$/);
      expect(headers.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
      expect(mail.text_body).toContain(headers.listUnsubscribe!.slice(1, -1));
    }
    expect(mails.find((m) => m.to_address === 'jordan@example.com')!.text_body).toContain('http://hearth.test/account/email');
    expect(mails.find((m) => m.to_address === 'visitor@example.com')!.text_body).not.toContain('/account/email');
  });

  it('says clearly that the issue is fixed, in the subject and the first line', async () => {
    const issue = await makeIssue(t.db);
    await confirmedVisitor(t.db, issue.id, 'visitor@example.com');
    const updateId = await addUpdate(t.db, issue.id, 'fixed', 'Sync runs on time again; delayed events have all arrived.');
    expect(await notifyFollowers(t.db, site, issue.id, updateId, T0 + HOUR)).toBe(1);
    const [mail] = await outbox(t.db, 'known-issue-fixed');
    expect(mail!.subject).toBe(`Fixed: ${issue.title}`);
    expect(mail!.text_body.split('\n')[0]).toBe(`Fixed: “${issue.title}” is resolved. Everything should work as it should again.`);
  });

  it('stops for one issue by its link (scope), for every issue by the kind, and resumes when a member follows again', async () => {
    const one = await makeIssue(t.db, { title: 'Exports time out' });
    const two = await makeIssue(t.db, { title: 'Mobile app logs out' });
    const member = await makeUser(t.db);
    await followAsMember(t.db, member, one.id, T0);
    await followAsMember(t.db, member, two.id, T0);
    await notifyFollowers(t.db, site, one.id, await addUpdate(t.db, one.id, 'fixing', 'A fix is rolling out.'), T0 + HOUR);
    const [mail] = await outbox(t.db, 'known-issue-update');
    const token = new URL(emailHeadersOf(mail!).listUnsubscribe!.slice(1, -1)).searchParams.get('token')!;
    const link = await openUnsubscribeLink(t.db, token);
    expect(await followedIssueOfLink(t.db, link)).toEqual({ slug: one.slug, title: 'Exports time out', following: true });
    expect(await stopFollowingByLink(t.db, link, T0 + 2 * HOUR)).toEqual({ slug: one.slug, title: 'Exports time out' });
    expect(await followerCount(t.db, one.id)).toBe(0);
    expect(await followState(t.db, member, one.id)).toMatchObject({ following: false });
    expect(await notifyFollowers(t.db, site, one.id, await addUpdate(t.db, one.id, 'monitoring', 'Watching.'), T0 + 3 * HOUR)).toBe(0);
    expect(await notifyFollowers(t.db, site, two.id, await addUpdate(t.db, two.id, 'fixing', 'Working on it.'), T0 + 3 * HOUR)).toBe(1);

    // "Stop all known-issue emails": the kind, for every issue.
    await unsubscribeFromKind(t.db, link, T0 + 4 * HOUR);
    expect(await notifyFollowers(t.db, site, two.id, await addUpdate(t.db, two.id, 'monitoring', 'Watching.'), T0 + 5 * HOUR)).toBe(0);
    expect(await followState(t.db, member, two.id)).toEqual({ signedIn: true, following: true, emailsOff: true });

    // A link naming another person's follower row stops nothing.
    const stranger = await makeUser(t.db);
    const forged = { recipient: { userId: stranger.id }, kind: 'known_issue_updates' as const, scope: link.scope };
    expect(await stopFollowingByLink(t.db, forged, T0)).toBeUndefined();

    await followAsMember(t.db, member, one.id, T0 + 6 * HOUR);
    expect(await followerCount(t.db, one.id)).toBe(1);
  });

  it('sends List-Unsubscribe and List-Unsubscribe-Post as real headers through SMTP', async () => {
    const issue = await makeIssue(t.db);
    await confirmedVisitor(t.db, issue.id, 'visitor@example.com');
    await notifyFollowers(t.db, site, issue.id, await addUpdate(t.db, issue.id, 'fixing', 'A fix is rolling out.'), T0 + HOUR);
    let smtp: TestSmtp | undefined;
    try {
      smtp = await startTestSmtp();
      const transport = createEmailTransport({ smtpUrl: smtp.url, from: 'support@hearth.test' });
      expect((await deliverDueEmails(t.db, transport)).failed).toBe(0);
      transport.close();
      const received = await smtp.waitFor((m) => m.subject === `Fix in progress: ${issue.title}`);
      // Unfolded (a long header may be folded before the "<").
      const lines = new Map(received.headerLines.map((h) => [h.key, h.line.replace(/\r\n[ \t]+/g, ' ')]));
      expect(lines.get('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/hearth\.test\/email\/unsubscribe\?token=[A-Za-z0-9_.-]+>$/);
      expect(lines.get('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      // The follow confirmation is transactional: no unsubscribe headers.
      const confirmation = await smtp.waitFor((m) => m.subject?.startsWith('Confirm that you want updates') ?? false);
      expect(confirmation.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
    } finally {
      await smtp?.close();
    }
    expect(listHeaders({ headers: null })).toEqual({});
  });
});

describe('since your last visit', () => {
  it('refreshes last_seen_at at most every 10 minutes and starts a visit after more than 30 minutes away', () => {
    const first = nextVisitTimes({ lastSeenAt: null, visitStartedAt: null, previousSeenAt: null }, T0);
    expect(first).toEqual({ times: { lastSeenAt: T0, visitStartedAt: T0, previousSeenAt: null }, write: true, started: true });
    const seen = first.times;
    expect(nextVisitTimes(seen, T0 + LAST_SEEN_REFRESH_MS - 1)).toEqual({ times: seen, write: false, started: false });
    expect(nextVisitTimes(seen, T0 + LAST_SEEN_REFRESH_MS)).toEqual({ times: { ...seen, lastSeenAt: T0 + LAST_SEEN_REFRESH_MS }, write: true, started: false });
    expect(nextVisitTimes(seen, T0 + VISIT_GAP_MS).started).toBe(false);
    expect(nextVisitTimes(seen, T0 + VISIT_GAP_MS + 1)).toEqual({
      times: { lastSeenAt: T0 + VISIT_GAP_MS + 1, visitStartedAt: T0 + VISIT_GAP_MS + 1, previousSeenAt: T0 },
      write: true,
      started: true,
    });
  });

  it('reads the visit times with the session and writes them with one UPDATE only when they change', async () => {
    const member = await makeUser(t.db);
    const token = (await sessionCookie(t.db, member)).split('=')[1]!;
    const at = async (now: number) => {
      const { visit } = await validateSessionToken(t.db, token, now);
      return recordVisit(t.db, member.id, visit!, now);
    };
    expect((await at(T0)).started).toBe(true);
    expect((await at(T0 + 5 * 60_000)).started).toBe(false);
    let row = await t.db
      .selectFrom('users')
      .select(['last_seen_at', 'visit_started_at', 'previous_seen_at'])
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ last_seen_at: T0, visit_started_at: T0, previous_seen_at: null });
    await at(T0 + 12 * 60_000);
    const back = await at(T0 + 12 * 60_000 + VISIT_GAP_MS + 60_000);
    expect(back.started).toBe(true);
    row = await t.db.selectFrom('users').select(['last_seen_at', 'visit_started_at', 'previous_seen_at']).where('id', '=', member.id).executeTakeFirstOrThrow();
    const start = T0 + 12 * 60_000 + VISIT_GAP_MS + 60_000;
    expect(row).toEqual({ last_seen_at: start, visit_started_at: start, previous_seen_at: T0 + 12 * 60_000 });
  });

  it('lists issues fixed since the previous visit that the member followed or was affected by, newest first', async () => {
    const member = await makeUser(t.db);
    const other = await makeUser(t.db);
    const lastSeen = T0 + DAY;
    const followed = await makeIssue(t.db, { title: 'Exports time out', status: 'fixed', fixedAt: lastSeen + HOUR });
    const affected = await makeIssue(t.db, { title: 'Mobile app logs out', status: 'fixed', fixedAt: lastSeen + 2 * HOUR });
    const fixedBefore = await makeIssue(t.db, { title: 'Old billing glitch', status: 'fixed', fixedAt: lastSeen - HOUR });
    const stillOpen = await makeIssue(t.db, { title: 'Search is slow', status: 'monitoring' });
    const notMine = await makeIssue(t.db, { title: 'Someone else’s issue', status: 'fixed', fixedAt: lastSeen + HOUR });
    const unfollowed = await makeIssue(t.db, { title: 'Unfollowed issue', status: 'fixed', fixedAt: lastSeen + HOUR });
    for (const issue of [followed, fixedBefore, stillOpen, unfollowed]) await followAsMember(t.db, member, issue.id, T0);
    await unfollowAsMember(t.db, member, unfollowed.id, T0);
    await followAsMember(t.db, other, notMine.id, T0);
    await t.db
      .insertInto('known_issue_affected')
      .values({ known_issue_id: affected.id, visitor_key: `u:${member.id}`, user_id: member.id, created_at: T0 })
      .execute();

    const now = lastSeen + DAY;
    expect((await fixedSinceLastVisit(t.db, { id: member.id, previousSeenAt: lastSeen }, now)).map((i) => i.title)).toEqual([
      'Mobile app logs out',
      'Exports time out',
    ]);
    const panel = await sinceLastVisitPanel(t.db, { id: member.id, previousSeenAt: lastSeen }, now);
    expect(panel?.fixed[1]).toEqual({ title: 'Exports time out', url: `/known-issues/${followed.slug}`, fixedAt: lastSeen + HOUR });
    expect(await sinceLastVisitPanel(t.db, { id: member.id, previousSeenAt: null }, now)).toBeUndefined();
    expect(await sinceLastVisitPanel(t.db, { id: member.id, previousSeenAt: now }, now)).toBeUndefined();
  });
});

describe('unsubscribe links of a member', () => {
  it('an unscoped link stops the whole kind, and only that kind', async () => {
    const member = await makeUser(t.db);
    const links = await unsubscribeLinks(t.db, site, { userId: member.id }, 'community_notifications');
    const link = await openUnsubscribeLink(t.db, new URL(links.url).searchParams.get('token')!);
    expect(await followedIssueOfLink(t.db, link)).toBeUndefined();
    expect(await stopFollowingByLink(t.db, link, T0)).toBeUndefined();
    await unsubscribeFromKind(t.db, link, T0);
    expect(await isSubscribed(t.db, { userId: member.id }, 'community_notifications')).toBe(false);
    expect(await isSubscribed(t.db, { userId: member.id }, 'known_issue_updates')).toBe(true);
  });
});

describe('community notifications and the preference', () => {
  it('email with an unsubscribe link and headers, and stop (the in-site notification stays) once switched off', async () => {
    const asker = await makeUser(t.db);
    const question = await makeQuestion(t.db, asker);
    await makeAnswer(t.db, question.id);
    const [first] = await outbox(t.db, 'notification-answer');
    expect(first!.to_address).toBe(asker.email);
    const headers = emailHeadersOf(first!);
    expect(headers.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
    const token = new URL(headers.listUnsubscribe!.slice(1, -1)).searchParams.get('token')!;
    expect(first!.text_body).toContain(`Stop community emails: http://hearth.test/email/unsubscribe?token=${token}`);
    expect(await readUnsubscribeToken(t.db, token)).toEqual({ recipient: { userId: asker.id }, kind: 'community_notifications' });

    await setSubscribed(t.db, { userId: asker.id }, 'community_notifications', false);
    await makeAnswer(t.db, question.id);
    expect(await outbox(t.db, 'notification-answer')).toHaveLength(1);
    expect(await t.db.selectFrom('notifications').selectAll().where('user_id', '=', asker.id).execute()).toHaveLength(2);
  });
});
