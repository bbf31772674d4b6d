// PLACEHOLDER (issue 14, lead): the metrics helper replaces this file with one
// function per figure, each with its written definition. The signature of
// computeMonth and the exported names below stay as they are.
import type { DB } from '@db/connection';
import type { MonthKey } from './months';
import type { Definition, Figure, Headline, MonthFigures, MonthReport, Unit } from './types';

/** Bump when a definition changes meaning; a published month keeps the version it was computed with. */
export const DEFINITIONS_VERSION = '2026-12.1';

export const definitions: Definition[] = [];

export interface ComputeOptions {
  /** The moment of computation: a month still running is provisional and counts only what happened before `now`. */
  now: number;
  /** The site settings' category tags (a ticket's category is its first tag among them). */
  categoryTags: readonly string[];
  /** Last month's figures to compare with (a published month's frozen figures); computed when absent. */
  previous?: MonthFigures | undefined;
}

const figure = (unit: Unit): Figure => ({ value: null, n: 0, unit });
const headline = (unit: Unit): Headline => ({ ...figure(unit), previous: null, change: null });

/** Every figure of one UTC month. */
export async function computeMonth(_db: DB, month: MonthKey, options: ComputeOptions): Promise<MonthReport> {
  const figures: MonthFigures = {
    tickets: { received: headline('count'), solved: headline('count'), reopenRate: headline('share') },
    firstResponse: {
      median: headline('minutes'),
      medianSupportHours: headline('minutes'),
      within1h: headline('share'),
      within6h: headline('share'),
      within24h: headline('share'),
      histogram: [],
      unanswered: 0,
    },
    resolution: { median: headline('minutes') },
    sla: { met: headline('share'), byUrgency: [] },
    happiness: { great: headline('share'), okay: headline('share'), notGood: headline('share'), rated: headline('count'), responseRate: headline('share') },
    effort: { medianStaffReplies: headline('number') },
    selfService: {
      helpViews: headline('count'),
      helpfulShare: headline('share'),
      searches: headline('count'),
      clickShare: headline('share'),
      zeroResultShare: headline('share'),
      deflectedVisits: headline('count'),
      score: headline('number'),
    },
    community: {
      questions: headline('count'),
      answeredShare: headline('share'),
      acceptedShare: headline('share'),
      medianFirstAnswer: headline('minutes'),
      communityAnswerShare: headline('share'),
    },
    knownIssues: { opened: headline('count'), fixed: headline('count'), medianTimeToFix: headline('minutes') },
    categories: [],
    frustration: { share: headline('share'), byCategory: [], ratings: { great: figure('share'), okay: figure('share'), notGood: figure('share'), rated: 0 } },
  };
  return { month, computedAt: options.now, provisional: false, definitionsVersion: DEFINITIONS_VERSION, figures, definitions };
}
