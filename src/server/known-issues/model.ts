// The vocabulary of the known-issues board, shared by every module of the area
// and by pages: kinds, severities, statuses with their order and labels, the
// rule for which status changes are allowed, and the one place that says an
// issue is "open", "active" (banner) or "update due".
import type { KnownIssueKind, KnownIssueSeverity, KnownIssueStatus } from '@db/schema';

export type { KnownIssueKind, KnownIssueSeverity, KnownIssueStatus };

export const knownIssueStatuses = ['investigating', 'identified', 'fixing', 'monitoring', 'fixed'] as const satisfies readonly KnownIssueStatus[];
export const knownIssueSeverities = ['critical', 'major', 'minor'] as const satisfies readonly KnownIssueSeverity[];
export const knownIssueKinds = ['incident', 'maintenance'] as const satisfies readonly KnownIssueKind[];

export const statusLabels: Record<KnownIssueStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  fixing: 'Fix in progress',
  monitoring: 'Monitoring',
  fixed: 'Fixed',
};

/** One sentence per status, for the public page and the staff form. */
export const statusExplanations: Record<KnownIssueStatus, string> = {
  investigating: 'We know something is wrong and are finding out why.',
  identified: 'We found the cause.',
  fixing: 'A fix is being built or rolled out.',
  monitoring: 'A fix is out and we are watching that it holds.',
  fixed: 'Resolved: everything works as it should again.',
};

export const severityLabels: Record<KnownIssueSeverity, string> = { critical: 'Critical', major: 'Major', minor: 'Minor' };
export const severityExplanations: Record<KnownIssueSeverity, string> = {
  critical: 'Fieldnote or a core part of it is unavailable for many customers.',
  major: 'An important feature is broken or badly degraded for some customers.',
  minor: 'Something is wrong, but there is a workaround or few customers are affected.',
};

/** Sort rank: critical first. */
export const severityRank: Record<KnownIssueSeverity, number> = { critical: 0, major: 1, minor: 2 };

/** Open means not fixed yet. */
export function isOpenStatus(status: KnownIssueStatus): boolean {
  return status !== 'fixed';
}

/** The banner shows every major or critical incident that is not fixed, and maintenance in progress. */
export function showsBanner(
  issue: { kind: KnownIssueKind; severity: KnownIssueSeverity; status: KnownIssueStatus; starts_at: number | null; ends_at: number | null },
  now: number,
): boolean {
  if (issue.status === 'fixed' || issue.severity === 'minor') return false;
  if (issue.kind === 'maintenance') return issue.starts_at !== null && issue.starts_at <= now && (issue.ends_at === null || issue.ends_at > now);
  return true;
}

/** Planned maintenance that has not started yet is shown as "planned". */
export function isPlanned(issue: { kind: KnownIssueKind; status: KnownIssueStatus; starts_at: number | null }, now: number): boolean {
  return issue.kind === 'maintenance' && issue.status !== 'fixed' && issue.starts_at !== null && issue.starts_at > now;
}

/** Minutes between public updates allowed per severity (site settings' updateCadence). */
export type UpdateCadence = Record<KnownIssueSeverity, number>;

/** When the next public update is due for an open issue (null when fixed or planned). */
export function updateDueAt(
  issue: { kind: KnownIssueKind; severity: KnownIssueSeverity; status: KnownIssueStatus; last_update_at: number; starts_at: number | null },
  cadence: UpdateCadence,
  now: number,
): number | null {
  if (!isOpenStatus(issue.status) || isPlanned(issue, now)) return null;
  return issue.last_update_at + cadence[issue.severity] * 60_000;
}

export function isUpdateDue(issue: Parameters<typeof updateDueAt>[0], cadence: UpdateCadence, now: number): boolean {
  const due = updateDueAt(issue, cadence, now);
  return due !== null && due <= now;
}

export function knownIssueUrl(slug: string): string {
  return `/known-issues/${slug}`;
}

export function staffKnownIssueUrl(id: number): string {
  return `/staff/known-issues/${id}`;
}

/**
 * Caches of board data (the site banner, the area status line) live in each
 * web process. Writes call `knownIssuesChanged()` so this process drops them at
 * once; other processes (WEB_PROCESSES > 1) drop them within their short TTL.
 */
const listeners = new Set<() => void>();
export function onKnownIssuesChanged(listener: () => void): void {
  listeners.add(listener);
}
export function knownIssuesChanged(): void {
  for (const listener of listeners) listener();
}
