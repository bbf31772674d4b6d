// The update cadence: an open known issue that goes past its contact period
// (site settings' updateCadence, per severity) without a public update emails
// its owner, once per due period, from a worker loop. The staff views show
// "update due" from the same rule (model.ts updateDueAt).
import { withTransaction, type DB } from '@db/connection';
import type { Config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMembers, type StaffMember } from '@/server/accounts/staff';
import { enqueueEmail } from '@/server/email/outbox';
import { knownIssueUpdateDueEmail, type KnownIssueUpdateDue, type SiteContext } from '@/server/email/templates';
import { describeWait } from '@/server/errors';
import { siteSettings } from '@/server/settings/settings';
import { knownIssueUrl, severityLabels, staffKnownIssueUrl, updateDueAt, type UpdateCadence } from './model';

/**
 * When the current due period of an overdue issue began: the due time, then
 * one more contact period for each that passed without an update (a reminder
 * each period while nobody posts). Null when no update is due.
 */
export function duePeriodStart(issue: Parameters<typeof updateDueAt>[0], cadence: UpdateCadence, now: number): number | null {
  const due = updateDueAt(issue, cadence, now);
  if (due === null || due > now) return null;
  const period = cadence[issue.severity] * 60_000;
  return due + Math.floor((now - due) / period) * period;
}

/** Whether the owner still has to hear about this due period (the core clears update_due_notified_at with every update). */
export function needsUpdateDueEmail(
  issue: Parameters<typeof updateDueAt>[0] & { update_due_notified_at: number | null },
  cadence: UpdateCadence,
  now: number,
): boolean {
  const start = duePeriodStart(issue, cadence, now);
  if (start === null) return false;
  const notified = issue.update_due_notified_at;
  return notified === null || notified < issue.last_update_at || notified < start;
}

/**
 * Who hears that an update is due: the owner; without one (or when the owner
 * is no longer on the staff) the staff member who posted the issue; without
 * either, every staff member, so an unowned incident is never silent.
 */
function recipientsFor(
  issue: { owner_id: number | null; created_by: number | null },
  staff: StaffMember[],
): { reason: KnownIssueUpdateDue['reason']; people: StaffMember[] } {
  const owner = staff.find((m) => m.id === issue.owner_id);
  if (owner) return { reason: 'owner', people: [owner] };
  const creator = staff.find((m) => m.id === issue.created_by);
  if (creator) return { reason: 'creator', people: [creator] };
  return { reason: 'staff', people: staff };
}

/**
 * Emails the owner of every open issue past its contact period who was not
 * told for this due period yet, and stamps update_due_notified_at, each issue
 * in its own transaction. Cheap when nothing is due: one query on open issues
 * whose last update is older than the shortest contact period. Returns how
 * many issues and emails.
 */
export async function notifyUpdatesDue(
  db: DB,
  site: SiteContext,
  cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>,
  now = Date.now(),
): Promise<{ issues: number; emails: number }> {
  const { updateCadence: cadence } = await siteSettings(db, cfg);
  const shortest = Math.min(cadence.critical, cadence.major, cadence.minor) * 60_000;
  const candidates = await db
    .selectFrom('known_issues')
    .select(['id', 'slug', 'title', 'kind', 'severity', 'status', 'last_update_at', 'starts_at', 'owner_id', 'created_by', 'update_due_notified_at'])
    .where('status', '!=', 'fixed')
    .where('last_update_at', '<=', now - shortest)
    .execute();
  const due = candidates.filter((issue) => needsUpdateDueEmail(issue, cadence, now));
  if (due.length === 0) return { issues: 0, emails: 0 };
  const staff = await staffMembers(db, now);
  let issues = 0;
  let emails = 0;
  for (const issue of due) {
    const sent = await withTransaction(db, async (trx) => {
      // Only if nobody posted an update (or another process told the owner) since it was read.
      const claimed = await trx
        .updateTable('known_issues')
        .set({ update_due_notified_at: now })
        .where('id', '=', issue.id)
        .where('last_update_at', '=', issue.last_update_at)
        .where('status', '!=', 'fixed')
        .where((eb) =>
          issue.update_due_notified_at === null ? eb('update_due_notified_at', 'is', null) : eb('update_due_notified_at', '=', issue.update_due_notified_at),
        )
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return -1;
      const { reason, people } = recipientsFor(issue, staff);
      for (const person of people)
        await enqueueEmail(
          trx,
          knownIssueUpdateDueEmail(site, {
            to: person.email,
            recipientName: person.displayName,
            reason,
            title: issue.title,
            severity: severityLabels[issue.severity],
            sinceLastUpdate: describeWait((now - issue.last_update_at) / 1000),
            cadence: describeWait(cadence[issue.severity] * 60),
            staffUrl: `${site.siteUrl}${staffKnownIssueUrl(issue.id)}`,
            publicUrl: `${site.siteUrl}${knownIssueUrl(issue.slug)}`,
          }),
          now,
        );
      return people.length;
    });
    if (sent < 0) continue;
    issues++;
    emails += sent;
  }
  return { issues, emails };
}

/** How many open issues are past their contact period now (the staff home's count). */
export async function updateDueCount(db: DB, user: SessionUser | null, cadence: UpdateCadence, now = Date.now()): Promise<number> {
  assertCan(user, 'known_issues.manage');
  const shortest = Math.min(cadence.critical, cadence.major, cadence.minor) * 60_000;
  const rows = await db
    .selectFrom('known_issues')
    .select(['kind', 'severity', 'status', 'last_update_at', 'starts_at'])
    .where('status', '!=', 'fixed')
    .where('last_update_at', '<=', now - shortest)
    .execute();
  return rows.filter((r) => duePeriodStart(r, cadence, now) !== null).length;
}
