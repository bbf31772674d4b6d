// "Since your last visit": what a returning member sees once at the start of
// a visit. Known issues fixed after the member was last seen (previous_seen_at,
// kept by src/server/accounts/sessions.ts) that they followed or marked "I'm
// affected too". The panel is general: the feedback-loop issue adds what's new.
import type { DB } from '@db/connection';
import { knownIssueUrl } from './model';

export interface FixedIssue {
  title: string;
  url: string;
  fixedAt: number;
}

/** What the "Since your last visit" panel shows (src/components/known-issues/SinceLastVisit.astro). */
export interface SinceLastVisitPanel {
  fixed: FixedIssue[];
}

export const SINCE_LAST_VISIT_LIMIT = 5;

/** Known issues fixed since the member's previous visit (newest first) that they followed or were affected by. */
export async function fixedSinceLastVisit(db: DB, member: { id: number; previousSeenAt: number | null }, now = Date.now()): Promise<FixedIssue[]> {
  if (member.previousSeenAt === null) return [];
  const since = member.previousSeenAt;
  const rows = await db
    .selectFrom('known_issues')
    .select(['known_issues.slug', 'known_issues.title', 'known_issues.fixed_at'])
    .where('known_issues.status', '=', 'fixed')
    .where('known_issues.fixed_at', '>', since)
    .where('known_issues.fixed_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('known_issue_followers')
            .select('known_issue_followers.id')
            .whereRef('known_issue_followers.known_issue_id', '=', 'known_issues.id')
            .where('known_issue_followers.user_id', '=', member.id)
            .where('known_issue_followers.unsubscribed_at', 'is', null),
        ),
        eb.exists(
          eb
            .selectFrom('known_issue_affected')
            .select('known_issue_affected.known_issue_id')
            .whereRef('known_issue_affected.known_issue_id', '=', 'known_issues.id')
            .where('known_issue_affected.user_id', '=', member.id),
        ),
      ]),
    )
    .orderBy('known_issues.fixed_at', 'desc')
    .limit(SINCE_LAST_VISIT_LIMIT)
    .execute();
  return rows.map((r) => ({ title: r.title, url: knownIssueUrl(r.slug), fixedAt: r.fixed_at! }));
}

/** The panel for the start of a visit, or undefined when there is nothing to show. */
export async function sinceLastVisitPanel(
  db: DB,
  member: { id: number; previousSeenAt: number | null },
  now = Date.now(),
): Promise<SinceLastVisitPanel | undefined> {
  const fixed = await fixedSinceLastVisit(db, member, now);
  return fixed.length > 0 ? { fixed } : undefined;
}
