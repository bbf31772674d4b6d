// The shape of a month of the happiness report: what metrics.ts computes, what
// a published snapshot freezes, what the pages, the JSON and the CSV show.
// Aggregates only: no names, addresses, subjects, agents or single tickets.
import type { TicketUrgency } from '@db/schema';
import type { MonthKey } from './months';

/** Any figure computed from fewer items than this is "not enough data" (value null). */
export const MIN_ITEMS = 5;

/**
 * count: a number of things; share: a fraction 0–1 (4 decimals);
 * minutes: a duration in minutes (1 decimal); number: any other ratio (2 decimals).
 */
export type Unit = 'count' | 'share' | 'minutes' | 'number';

/** One figure. `value` is null when it rests on fewer than MIN_ITEMS items (`n`): "not enough data". */
export interface Figure {
  value: number | null;
  /** How many items it was computed from (tickets, ratings, searches…); for a count, the count itself. */
  n: number;
  unit: Unit;
}

/** A headline figure, with last month's value and the month-over-month change. */
export interface Headline extends Figure {
  /** Last month's value, by the same definition (null: not enough data then). */
  previous: number | null;
  /**
   * Shares: the difference in percentage points (0.62 → 0.70 is +8).
   * Everything else: the change in per cent of last month's value (40 → 50 is +25).
   * null when either month has no value, or last month's was 0 (no per cent of nothing).
   */
  change: number | null;
}

export type HistogramBucketKey = 'under_1h' | '1h_6h' | '6h_24h' | '1d_3d' | 'over_3d';

export interface HistogramBucket {
  key: HistogramBucketKey;
  /** "<1 h", "1–6 h", "6–24 h", "1–3 d", ">3 d". */
  label: string;
  count: number;
  /** Of the tickets in the histogram (null below MIN_ITEMS). */
  share: number | null;
}

/** A ticket category (the ticket's first category tag); fewer than MIN_ITEMS tickets are grouped as "other". */
export interface CategoryShare {
  name: string;
  count: number;
  share: number;
}

export interface FrustrationByCategory {
  name: string;
  /** Tickets of the category received in the month. */
  tickets: number;
  /** Of them, the share that arrived frustrated or angry. */
  share: Figure;
}

export interface MonthFigures {
  tickets: {
    received: Headline;
    solved: Headline;
    /** Of the tickets solved in the month, the share a customer reopened at least once. */
    reopenRate: Headline;
  };
  firstResponse: {
    /** Wall-clock minutes. */
    median: Headline;
    /** The same, counting support hours only. */
    medianSupportHours: Headline;
    within1h: Headline;
    within6h: Headline;
    within24h: Headline;
    histogram: HistogramBucket[];
    /** Tickets received in the month still without a first response. */
    unanswered: number;
  };
  resolution: { median: Headline };
  sla: { met: Headline; byUrgency: { urgency: TicketUrgency; met: Figure }[] };
  happiness: { great: Headline; okay: Headline; notGood: Headline; rated: Headline; responseRate: Headline };
  effort: { medianStaffReplies: Headline };
  selfService: {
    helpViews: Headline;
    helpfulShare: Headline;
    searches: Headline;
    clickShare: Headline;
    zeroResultShare: Headline;
    deflectedVisits: Headline;
    /** Help views per ticket received. */
    score: Headline;
  };
  community: {
    questions: Headline;
    answeredShare: Headline;
    acceptedShare: Headline;
    medianFirstAnswer: Headline;
    communityAnswerShare: Headline;
  };
  knownIssues: { opened: Headline; fixed: Headline; medianTimeToFix: Headline };
  categories: CategoryShare[];
  frustration: {
    share: Headline;
    byCategory: FrustrationByCategory[];
    /** How the frustrated or angry tickets' ratings came out (those solved and rated). */
    ratings: { great: Figure; okay: Figure; notGood: Figure; rated: number };
  };
}

/** One written definition, shown on the page and frozen with a published month. */
export interface Definition {
  /** The figure's path in MonthFigures, e.g. "firstResponse.median" (or a section, e.g. "selfService"). */
  key: string;
  label: string;
  text: string;
}

export interface MonthReport {
  month: MonthKey;
  /** The figures were computed at this moment (a closed month: at or after its end). */
  computedAt: number;
  /** True for the month so far (/report/live): the figures can still change. */
  provisional: boolean;
  definitionsVersion: string;
  figures: MonthFigures;
  definitions: Definition[];
}
