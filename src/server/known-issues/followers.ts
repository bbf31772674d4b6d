// Followers of known issues (`known_issue_followers`): members follow with one
// click, visitors by email with a double opt-in; every timeline update emails
// each confirmed follower once through the outbox, with a one-click unsubscribe
// for this issue (the link's scope) from src/server/email/preferences.ts.
import { withTransaction, type DB } from '@db/connection';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { assertSignedIn } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { isDeletedEmail, normalizeEmail } from '@/server/accounts/users';
import { enqueueEmail } from '@/server/email/outbox';
import { isSubscribed, setSubscribed, unsubscribedAmong, unsubscribeLinks, type Recipient, type UnsubscribeLink } from '@/server/email/preferences';
import { knownIssueFollowConfirmEmail, knownIssueUpdateEmail, type SiteContext } from '@/server/email/templates';
import { NotFoundError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import { dateTimeUtc } from '@/web/dates';
import { knownIssueUrl, statusLabels, type KnownIssueStatus } from './model';

/** The email kind of follower updates (email preferences). */
export const FOLLOWER_EMAIL_KIND = 'known_issue_updates' as const;
export const FOLLOW_CONFIRM_VALID_DAYS = 7;
const FOLLOW_CONFIRM_VALID_MS = FOLLOW_CONFIRM_VALID_DAYS * 24 * 60 * 60_000;

/** Confirmation emails per address: keyed by the address's SHA-256, so the log keeps no addresses. */
export const followConfirmationsPerAddress: RateLimitRule = {
  bucket: 'known-issue-follow:address',
  max: 3,
  windowMs: 60 * 60_000,
  message: 'We already sent several confirmation links to this address in the last hour. Use the newest one.',
};

/** Follow-by-email requests per network, so one client cannot send confirmations to a long list of addresses. */
export const followRequestsPerIp: RateLimitRule = {
  bucket: 'known-issue-follow:ip',
  max: 10,
  windowMs: 60 * 60_000,
  message: 'Too many follow requests from your network in the last hour.',
};

export const FOLLOW_CONFIRM_PATH = '/known-issues/follow/confirm';

/** The scope of an unsubscribe link that stops one follower row (one issue, one person). */
export function followerScope(followerId: number): string {
  return `follower:${followerId}`;
}

export function followerIdOfScope(scope: string | undefined): number | undefined {
  const match = /^follower:(\d{1,12})$/.exec(scope ?? '');
  return match ? Number(match[1]) : undefined;
}

export interface FollowableIssue {
  id: number;
  slug: string;
  title: string;
  status: KnownIssueStatus;
}

/** The issue a follow form is for, by slug; NotFoundError when there is none. */
export async function issueToFollow(db: DB, slug: string): Promise<FollowableIssue> {
  const issue = await db.selectFrom('known_issues').select(['id', 'slug', 'title', 'status']).where('slug', '=', slug).executeTakeFirst();
  if (!issue) throw new NotFoundError('No such known issue.');
  return issue;
}

async function assertIssue(db: DB, issueId: number): Promise<FollowableIssue> {
  const issue = await db.selectFrom('known_issues').select(['id', 'slug', 'title', 'status']).where('id', '=', issueId).executeTakeFirst();
  if (!issue) throw new NotFoundError('No such known issue.');
  return issue;
}

/** follower_count is the number of confirmed followers who have not unsubscribed, recounted on every change. */
async function recountFollowers(db: DB, issueId: number): Promise<void> {
  await db
    .updateTable('known_issues')
    .set((eb) => ({
      follower_count: eb
        .selectFrom('known_issue_followers')
        .select((f) => f.fn.countAll<number>().as('n'))
        .where('known_issue_id', '=', issueId)
        .where('confirmed_at', 'is not', null)
        .where('unsubscribed_at', 'is', null),
    }))
    .where('id', '=', issueId)
    .execute();
}

export type FollowState = { signedIn: false } | { signedIn: true; following: boolean; emailsOff: boolean };

/** What the follow widget shows: a member's follow and whether their known-issue emails are switched off. */
export async function followState(db: DB, user: SessionUser | null, issueId: number): Promise<FollowState> {
  if (!user) return { signedIn: false };
  const [row, subscribed] = await Promise.all([
    db
      .selectFrom('known_issue_followers')
      .select('id')
      .where('known_issue_id', '=', issueId)
      .where('user_id', '=', user.id)
      .where('unsubscribed_at', 'is', null)
      .executeTakeFirst(),
    isSubscribed(db, { userId: user.id }, FOLLOWER_EMAIL_KIND),
  ]);
  return { signedIn: true, following: row !== undefined, emailsOff: !subscribed };
}

/** A member follows with one click (idempotent; following again after unsubscribing resumes). */
export async function followAsMember(db: DB, user: SessionUser | null, issueId: number, now = Date.now()): Promise<void> {
  assertSignedIn(user);
  await withTransaction(db, async (trx) => {
    await assertIssue(trx, issueId);
    await trx
      .insertInto('known_issue_followers')
      .values({ known_issue_id: issueId, user_id: user.id, email: null, confirm_token_hash: null, confirmed_at: now, created_at: now, unsubscribed_at: null })
      .onConflict((oc) => oc.columns(['known_issue_id', 'user_id']).doUpdateSet({ unsubscribed_at: null }))
      .execute();
    await recountFollowers(trx, issueId);
  });
}

/** A member stops following (idempotent). */
export async function unfollowAsMember(db: DB, user: SessionUser | null, issueId: number, now = Date.now()): Promise<void> {
  void now;
  assertSignedIn(user);
  await withTransaction(db, async (trx) => {
    await assertIssue(trx, issueId);
    await trx.deleteFrom('known_issue_followers').where('known_issue_id', '=', issueId).where('user_id', '=', user.id).execute();
    await recountFollowers(trx, issueId);
  });
}

/**
 * A visitor follows by email: a confirmation email (double opt-in); following
 * starts when its link is confirmed. Asking again for an address not confirmed
 * yet sends a new link (the old one stops working), at most 3 an hour; a
 * confirmed address gets no email, only 'already_following'. With `ip`, at
 * most 10 requests an hour from one network.
 */
export async function followByEmail(
  db: DB,
  site: SiteContext,
  issueId: number,
  email: string,
  now = Date.now(),
  options: { ip?: string | undefined } = {},
): Promise<'confirmation_sent' | 'already_following'> {
  const address = normalizeEmail(email);
  return withTransaction(db, async (trx) => {
    const issue = await assertIssue(trx, issueId);
    if (options.ip) {
      await assertWithinLimit(trx, followRequestsPerIp, options.ip, now);
      await recordAttempt(trx, followRequestsPerIp, options.ip, now);
    }
    const existing = await trx
      .selectFrom('known_issue_followers')
      .select(['id', 'confirmed_at', 'unsubscribed_at'])
      .where('known_issue_id', '=', issueId)
      .where('email', '=', address)
      .executeTakeFirst();
    if (existing && existing.confirmed_at !== null && existing.unsubscribed_at === null) return 'already_following';
    const limitKey = sha256Hex(address);
    await assertWithinLimit(trx, followConfirmationsPerAddress, limitKey, now);
    const token = randomToken(20);
    if (existing) {
      // created_at of a row not confirmed yet is when the newest link was sent (its expiry counts from there).
      await trx
        .updateTable('known_issue_followers')
        .set({ confirm_token_hash: sha256Hex(token), created_at: now })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('known_issue_followers')
        .values({
          known_issue_id: issueId,
          user_id: null,
          email: address,
          confirm_token_hash: sha256Hex(token),
          confirmed_at: null,
          created_at: now,
          unsubscribed_at: null,
        })
        .execute();
    }
    await recordAttempt(trx, followConfirmationsPerAddress, limitKey, now);
    const confirmUrl = `${site.siteUrl}${FOLLOW_CONFIRM_PATH}?token=${token}`;
    await enqueueEmail(
      trx,
      knownIssueFollowConfirmEmail(site, { to: address, issueTitle: issue.title, confirmUrl, validDays: FOLLOW_CONFIRM_VALID_DAYS }),
      now,
    );
    return 'confirmation_sent';
  });
}

export interface FollowConfirmationView {
  issue: { slug: string; title: string };
  /** The link is older than FOLLOW_CONFIRM_VALID_DAYS: ask again on the issue page. */
  expired: boolean;
}

async function pendingFollower(db: DB, token: string) {
  if (!/^[a-z2-7]{32}$/.test(token)) throw new NotFoundError('This confirmation link is not valid.');
  const row = await db
    .selectFrom('known_issue_followers')
    .innerJoin('known_issues', 'known_issues.id', 'known_issue_followers.known_issue_id')
    .select([
      'known_issue_followers.id',
      'known_issue_followers.known_issue_id',
      'known_issue_followers.email',
      'known_issue_followers.created_at',
      'known_issues.slug',
      'known_issues.title',
    ])
    .where('known_issue_followers.confirm_token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('This confirmation link is not valid.');
  return row;
}

/** What a confirmation link is for (the page shows it with a Confirm button; opening it changes nothing). */
export async function followConfirmation(db: DB, token: string, now = Date.now()): Promise<FollowConfirmationView> {
  const row = await pendingFollower(db, token);
  return { issue: { slug: row.slug, title: row.title }, expired: now - row.created_at > FOLLOW_CONFIRM_VALID_MS };
}

/**
 * Confirms a visitor's follow: from now on the address gets the issue's
 * updates. Following is an explicit opt-in proven by the address's owner, so
 * known-issue emails are switched back on for that address if they were off.
 */
export async function confirmFollow(db: DB, token: string, now = Date.now()): Promise<FollowConfirmationView> {
  return withTransaction(db, async (trx) => {
    const row = await pendingFollower(trx, token);
    const view = { issue: { slug: row.slug, title: row.title }, expired: now - row.created_at > FOLLOW_CONFIRM_VALID_MS };
    if (view.expired) return view;
    await trx
      .updateTable('known_issue_followers')
      .set({ confirmed_at: now, confirm_token_hash: null, unsubscribed_at: null })
      .where('id', '=', row.id)
      .execute();
    await setSubscribed(trx, { address: row.email! }, FOLLOWER_EMAIL_KIND, true, now);
    await recountFollowers(trx, row.known_issue_id);
    return view;
  });
}

/** The issue an unsubscribe link's scope stops, for the unsubscribe page; undefined when the scope is not a follower's. */
export async function followedIssueOfLink(db: DB, link: UnsubscribeLink): Promise<{ slug: string; title: string; following: boolean } | undefined> {
  const followerId = followerIdOfScope(link.scope);
  if (followerId === undefined) return undefined;
  const row = await db
    .selectFrom('known_issue_followers')
    .innerJoin('known_issues', 'known_issues.id', 'known_issue_followers.known_issue_id')
    .select([
      'known_issues.slug',
      'known_issues.title',
      'known_issue_followers.unsubscribed_at',
      'known_issue_followers.user_id',
      'known_issue_followers.email',
    ])
    .where('known_issue_followers.id', '=', followerId)
    .executeTakeFirst();
  if (!row || !sameRecipient(row, link.recipient)) return undefined;
  return { slug: row.slug, title: row.title, following: row.unsubscribed_at === null };
}

function sameRecipient(row: { user_id: number | null; email: string | null }, recipient: Recipient): boolean {
  return 'userId' in recipient ? row.user_id === recipient.userId : row.email === recipient.address.toLowerCase();
}

/** Stops one issue's emails for the follower the link names (its scope); idempotent. Returns the issue, or undefined when the follow is gone. */
export async function stopFollowingByLink(db: DB, link: UnsubscribeLink, now = Date.now()): Promise<{ slug: string; title: string } | undefined> {
  const followerId = followerIdOfScope(link.scope);
  if (followerId === undefined) return undefined;
  return withTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('known_issue_followers')
      .innerJoin('known_issues', 'known_issues.id', 'known_issue_followers.known_issue_id')
      .select([
        'known_issue_followers.known_issue_id',
        'known_issue_followers.user_id',
        'known_issue_followers.email',
        'known_issues.slug',
        'known_issues.title',
      ])
      .where('known_issue_followers.id', '=', followerId)
      .executeTakeFirst();
    if (!row || !sameRecipient(row, link.recipient)) return undefined;
    await trx.updateTable('known_issue_followers').set({ unsubscribed_at: now }).where('id', '=', followerId).where('unsubscribed_at', 'is', null).execute();
    await recountFollowers(trx, row.known_issue_id);
    return { slug: row.slug, title: row.title };
  });
}

/**
 * Emails one timeline update to every confirmed follower who has not
 * unsubscribed (from this issue or from known-issue emails), once per address,
 * through the outbox in the caller's transaction. Members get it at their
 * account address once it is confirmed. Returns how many were queued.
 */
export async function notifyFollowers(db: DB, site: SiteContext, issueId: number, updateId: number, now = Date.now()): Promise<number> {
  return withTransaction(db, async (trx) => {
    const [issue, update] = await Promise.all([
      trx.selectFrom('known_issues').select(['id', 'slug', 'title']).where('id', '=', issueId).executeTakeFirst(),
      trx
        .selectFrom('known_issue_updates')
        .select(['status', 'message_source', 'message_html', 'created_at'])
        .where('id', '=', updateId)
        .where('known_issue_id', '=', issueId)
        .executeTakeFirst(),
    ]);
    if (!issue || !update) throw new NotFoundError('No such known issue update.');
    const followers = await trx
      .selectFrom('known_issue_followers')
      .leftJoin('users', 'users.id', 'known_issue_followers.user_id')
      .select([
        'known_issue_followers.id',
        'known_issue_followers.user_id',
        'known_issue_followers.email',
        'users.email as account_email',
        'users.email_verified_at',
      ])
      .where('known_issue_followers.known_issue_id', '=', issueId)
      .where('known_issue_followers.confirmed_at', 'is not', null)
      .where('known_issue_followers.unsubscribed_at', 'is', null)
      .orderBy('known_issue_followers.id')
      .execute();
    const candidates = followers.flatMap((f) => {
      if (f.user_id !== null) {
        // A member's address counts once it is confirmed (nobody signs up with someone else's address to mail them).
        if (!f.account_email || f.email_verified_at === null || isDeletedEmail(f.account_email)) return [];
        return [{ followerId: f.id, to: f.account_email.toLowerCase(), recipient: { userId: f.user_id } as Recipient, member: true }];
      }
      return f.email ? [{ followerId: f.id, to: f.email, recipient: { address: f.email } as Recipient, member: false }] : [];
    });
    const off = await unsubscribedAmong(
      trx,
      candidates.map((c) => c.recipient),
      FOLLOWER_EMAIL_KIND,
    );
    const sentTo = new Set<string>();
    const fixed = update.status === 'fixed';
    for (const c of candidates) {
      const isOff = 'userId' in c.recipient ? off.userIds.has(c.recipient.userId) : off.addresses.has(c.recipient.address);
      if (isOff || sentTo.has(c.to)) continue;
      sentTo.add(c.to);
      const links = await unsubscribeLinks(trx, site, c.recipient, FOLLOWER_EMAIL_KIND, followerScope(c.followerId));
      const email = knownIssueUpdateEmail(site, {
        to: c.to,
        issueTitle: issue.title,
        statusLabel: statusLabels[update.status],
        fixed,
        message: update.message_source,
        messageHtml: update.message_html,
        postedAt: dateTimeUtc(update.created_at),
        issueUrl: `${site.siteUrl}${knownIssueUrl(issue.slug)}`,
        unsubscribeUrl: links.url,
        unsubscribeHeaders: links.headers,
        preferencesUrl: c.member ? `${site.siteUrl}/account/email` : undefined,
      });
      await enqueueEmail(trx, email, now);
    }
    return sentTo.size;
  });
}
