// PLACEHOLDER (issue 14, metrics helper): helper A2 writes the real module
// (self-service, community and known-issues figures); this stand-in has the
// agreed interface and says "not enough data" everywhere, so the ticket
// figures compile and test on their own. The lead takes A2's version on merge.
import type { DB } from '@db/connection';
import type { Definition, Figure, Unit } from './types';

export interface ContentFigures {
  selfService: { helpViews: Figure; helpfulShare: Figure; searches: Figure; clickShare: Figure; zeroResultShare: Figure; deflectedVisits: Figure };
  community: { questions: Figure; answeredShare: Figure; acceptedShare: Figure; medianFirstAnswer: Figure; communityAnswerShare: Figure };
  knownIssues: { opened: Figure; fixed: Figure; medianTimeToFix: Figure };
}

const none = (unit: Unit): Figure => ({ value: null, n: 0, unit });

/** `now`: the moment of computation (a month still running counts only what happened before it). */
export async function contentFigures(_db: DB, _range: { from: number; to: number }, _now = Date.now()): Promise<ContentFigures> {
  return {
    selfService: {
      helpViews: none('count'),
      helpfulShare: none('share'),
      searches: none('count'),
      clickShare: none('share'),
      zeroResultShare: none('share'),
      deflectedVisits: none('count'),
    },
    community: {
      questions: none('count'),
      answeredShare: none('share'),
      acceptedShare: none('share'),
      medianFirstAnswer: none('minutes'),
      communityAnswerShare: none('share'),
    },
    knownIssues: { opened: none('count'), fixed: none('count'), medianTimeToFix: none('minutes') },
  };
}

export const contentDefinitions: Definition[] = [];
