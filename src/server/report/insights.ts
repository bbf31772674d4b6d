// PLACEHOLDER (issue 14, lead): the insights helper replaces this file with
// the staff insights (/staff/insights) and the quarterly page. The weekly
// digest reads weeklyHighlights; its signature and types stay.
import type { DB } from '@db/connection';

export interface TagTrend {
  tag: string;
  thisWeek: number;
  lastWeek: number;
  /** Tickets a week over the 8 weeks before this one. */
  eightWeekAverage: number;
  /** More than twice its 8-week average (and at least MIN_ITEMS tickets this week). */
  spike: boolean;
  /** The staff inbox filtered to the tag. */
  url: string;
}

export interface FeatureRequestGroup {
  team: string;
  count: number;
  items: { title: string; url: string; kind: 'ticket' | 'question'; count: number }[];
}

export interface KnownIssueReach {
  title: string;
  status: string;
  url: string;
  staffUrl: string;
  affected: number;
  linkedTickets: number;
}

/** What the weekly digest (and the top of /staff/insights) says about one week (Monday 00:00 UTC, 7 days). */
export interface WeeklyHighlights {
  week: string;
  tags: TagTrend[];
  spikes: TagTrend[];
  featureRequests: FeatureRequestGroup[];
  knownIssues: KnownIssueReach[];
}

/** Staff only in the pages; the digest worker calls it without a user. */
export async function weeklyHighlights(_db: DB, week: string, _now: number): Promise<WeeklyHighlights> {
  return { week, tags: [], spikes: [], featureRequests: [], knownIssues: [] };
}
