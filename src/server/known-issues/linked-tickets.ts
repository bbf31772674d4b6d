// Tickets linked to known issues, the known-issues side: what the tickets area
// may know of an issue to link a ticket to it, the fix told to the linked
// tickets' requesters, the linked tickets reopened when the tracked GitHub
// issue closes, and "Follow this issue instead" from the contact form (a
// follow instead of a ticket, counted as a deflection). The tickets
// themselves are changed by src/server/tickets/known-issue-links.ts.
import { withTransaction, type DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import type { SiteContext } from '@/server/email/templates';
import { NotFoundError, ValidationError } from '@/server/errors';
import { notifyRequestersOfFix, reopenTicketsOfKnownIssue } from '@/server/tickets/known-issue-links';
import { recordDeflectionAttempt } from '@/server/tickets/deflection';
import { followAsMember, followByEmail } from './followers';
import { isOpenStatus, knownIssueUrl, type KnownIssueStatus } from './model';

export interface KnownIssueLinkTarget {
  id: number;
  slug: string;
  title: string;
  status: KnownIssueStatus;
  open: boolean;
}

/** The issue a ticket may be linked to, or undefined when there is none with that id. */
export async function knownIssueLinkTarget(db: DB, issueId: number): Promise<KnownIssueLinkTarget | undefined> {
  if (!Number.isSafeInteger(issueId) || issueId <= 0) return undefined;
  const row = await db.selectFrom('known_issues').select(['id', 'slug', 'title', 'status']).where('id', '=', issueId).executeTakeFirst();
  return row && { ...row, open: isOpenStatus(row.status) };
}

/** The id when it names an open known issue (the contact form's hidden field is the client's to change), else undefined. */
export async function openKnownIssueId(db: DB, issueId: number | undefined): Promise<number | undefined> {
  if (issueId === undefined) return undefined;
  const issue = await knownIssueLinkTarget(db, issueId);
  return issue?.open ? issue.id : undefined;
}

/** When an issue is fixed: tells each linked ticket's requester (outbox, same transaction). Returns how many. */
export async function notifyLinkedRequestersOfFix(db: DB, site: SiteContext, issueId: number, updateId: number, now = Date.now()): Promise<number> {
  return withTransaction(db, async (trx) => {
    const fix = await trx
      .selectFrom('known_issue_updates')
      .innerJoin('known_issues', 'known_issues.id', 'known_issue_updates.known_issue_id')
      .select(['known_issues.title', 'known_issues.slug', 'known_issue_updates.message_source'])
      .where('known_issue_updates.id', '=', updateId)
      .where('known_issue_updates.known_issue_id', '=', issueId)
      .executeTakeFirst();
    if (!fix) throw new NotFoundError('No such known issue update.');
    return notifyRequestersOfFix(trx, site, issueId, { issueTitle: fix.title, message: fix.message_source, issueUrl: knownIssueUrl(fix.slug) }, now);
  });
}

/**
 * The GitHub issue closed: linked solved or pending tickets go back to open with an internal note,
 * closed ones get a linked follow-up ticket; not counted as customer reopenings. Returns how many.
 */
export async function reopenLinkedTickets(db: DB, site: SiteContext, issueId: number, note: string, now = Date.now()): Promise<number> {
  return withTransaction(db, async (trx) => {
    if (!(await knownIssueLinkTarget(trx, issueId))) throw new NotFoundError('No such known issue.');
    return reopenTicketsOfKnownIssue(trx, site, issueId, note, now);
  });
}

export type FollowInsteadOutcome =
  { kind: 'following'; issue: KnownIssueLinkTarget } | { kind: 'confirmation_sent' | 'already_following'; issue: KnownIssueLinkTarget; email: string };

/**
 * "Follow this issue instead" on the contact form: no ticket. A member follows
 * at once; a visitor follows with the address typed in the form (double
 * opt-in: a confirmation email), and without one is asked for it
 * (ValidationError on `email`). Only an open issue is offered (anything else:
 * NotFoundError). The follow counts as a deflection attempt of the form's visit.
 */
export async function followInsteadOfTicket(
  db: DB,
  site: SiteContext,
  input: { user: SessionUser | null; issueId: number; email: string; visitId: string | undefined; visitorKey: string | null },
  now = Date.now(),
): Promise<FollowInsteadOutcome> {
  const issue = await knownIssueLinkTarget(db, input.issueId);
  if (!issue?.open) throw new NotFoundError('This issue is no longer open: there is nothing to follow. Send your request and we will help.');
  const email = input.email.trim().toLowerCase();
  if (!input.user && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    const message = email === '' ? 'Type your email address to follow this issue.' : 'Enter a valid email address, like name@example.com.';
    throw new ValidationError(message, { email: message });
  }
  const outcome = await withTransaction(db, async (trx): Promise<FollowInsteadOutcome> => {
    if (input.user) {
      await followAsMember(trx, input.user, issue.id, now);
      return { kind: 'following', issue };
    }
    return { kind: await followByEmail(trx, site, issue.id, email, now), issue, email };
  });
  if (input.visitId)
    await recordDeflectionAttempt(db, { visitId: input.visitId, visitorKey: input.visitorKey, url: knownIssueUrl(issue.slug), docType: 'known_issue' }, now);
  return outcome;
}
