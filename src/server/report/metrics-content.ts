// The happiness report's self-service, community and known-issues figures for
// a span of time (a UTC month, or the month so far): one function per figure,
// each beside its written definition (contentDefinitions, shown on the report
// page and frozen with a published month). Each area hands over only totals
// and times through its report-facts module; nothing here names a person.
//
// Common rules:
// - A count is always shown: its value is the count and n is the count too.
// - A share is a fraction 0–1 rounded to 4 decimals, and a median a number of
//   minutes rounded to 1 decimal; either is "not enough data" (value null)
//   when it rests on fewer than MIN_ITEMS items (n).
// - A median of an even number of items is the mean of the middle two.
// - Whatever happened after the range but before the computation (an answer,
//   a click) counts as the data stood at computation; a published month
//   freezes its figures, so later changes never alter it.
import { median } from '@/server/tickets/expected-reply';
import type { DB } from '@db/connection';
import { staffMembers } from '@/server/accounts/staff';
import { answersPostedBetween, questionsAskedBetween, type AnswerAuthorship, type AskedQuestion } from '@/server/community/report-facts';
import { voterKey } from '@/server/help/feedback';
import { helpfulVotesBetween, helpViewsBetween, type HelpfulVotes } from '@/server/help/report-facts';
import { incidentsFixedBetween, incidentsOpenedBetween, type FixedIncident } from '@/server/known-issues/report-facts';
import { searchTotalsBetween, type SearchTotals } from '@/server/search/report-facts';
import { deflectedVisitsBetween } from '@/server/tickets/deflection';
import { MIN_ITEMS, type Definition, type Figure } from './types';

export interface ContentFigures {
  selfService: { helpViews: Figure; helpfulShare: Figure; searches: Figure; clickShare: Figure; zeroResultShare: Figure; deflectedVisits: Figure };
  community: { questions: Figure; answeredShare: Figure; acceptedShare: Figure; medianFirstAnswer: Figure; communityAnswerShare: Figure };
  knownIssues: { opened: Figure; fixed: Figure; medianTimeToFix: Figure };
}

export type Range = { from: number; to: number };

// ---------------------------------------------------------------------------
// Figure helpers (shared shapes; the metrics of the desk may use them too)

/** A count: always shown. */
export function countFigure(count: number): Figure {
  return { value: count, n: count, unit: 'count' };
}

/** `part` of `whole` as a share (4 decimals); null below MIN_ITEMS. */
export function shareFigure(part: number, whole: number): Figure {
  return { value: whole < MIN_ITEMS ? null : Math.round((part / whole) * 10_000) / 10_000, n: whole, unit: 'share' };
}

/** The median of durations in milliseconds, in minutes (1 decimal); null below MIN_ITEMS. */
export function medianMinutesFigure(durationsMs: readonly number[]): Figure {
  const middle = median(durationsMs);
  const value = durationsMs.length < MIN_ITEMS || middle === undefined ? null : Math.round(middle / 6_000) / 10;
  return { value, n: durationsMs.length, unit: 'minutes' };
}

// ---------------------------------------------------------------------------
// Self-service

/** Help article reads of the UTC days in the range (see the definition). */
export async function helpViews(db: DB, range: Range): Promise<Figure> {
  return countFigure(await helpViewsBetween(db, range));
}

export function helpfulShareOf(votes: HelpfulVotes): Figure {
  return shareFigure(votes.yes, votes.yes + votes.no);
}

export async function helpfulShare(db: DB, range: Range): Promise<Figure> {
  return helpfulShareOf(await helpfulVotesBetween(db, range));
}

/** The keys staff search under when signed in (help/feedback's voterKey): their searches are not customers'. */
async function staffVisitorKeys(db: DB): Promise<string[]> {
  return (await staffMembers(db)).map((member) => voterKey(member.id, null)!);
}

async function searchTotals(db: DB, range: Range): Promise<SearchTotals> {
  return searchTotalsBetween(db, range, { excludeVisitorKeys: await staffVisitorKeys(db) });
}

export const searchesOf = (totals: SearchTotals): Figure => countFigure(totals.searches);
export const clickShareOf = (totals: SearchTotals): Figure => shareFigure(totals.clicked, totals.searches);
export const zeroResultShareOf = (totals: SearchTotals): Figure => shareFigure(totals.zeroResults, totals.searches);

export async function searches(db: DB, range: Range): Promise<Figure> {
  return searchesOf(await searchTotals(db, range));
}

export async function clickShare(db: DB, range: Range): Promise<Figure> {
  return clickShareOf(await searchTotals(db, range));
}

export async function zeroResultShare(db: DB, range: Range): Promise<Figure> {
  return zeroResultShareOf(await searchTotals(db, range));
}

/** Contact visits that began in the range and sent no request within 24 hours (undecided ones left out). */
export async function deflectedVisits(db: DB, range: Range, now = Date.now()): Promise<Figure> {
  return countFigure((await deflectedVisitsBetween(db, range, now)).deflectedVisits);
}

// ---------------------------------------------------------------------------
// Community

export const questionsOf = (asked: readonly AskedQuestion[]): Figure => countFigure(asked.length);
export const answeredShareOf = (asked: readonly AskedQuestion[]): Figure => shareFigure(asked.filter((q) => q.firstAnswerAt !== null).length, asked.length);
export const acceptedShareOf = (asked: readonly AskedQuestion[]): Figure => shareFigure(asked.filter((q) => q.accepted).length, asked.length);
export const medianFirstAnswerOf = (asked: readonly AskedQuestion[]): Figure =>
  medianMinutesFigure(asked.flatMap((q) => (q.firstAnswerAt === null ? [] : [q.firstAnswerAt - q.askedAt])));
export const communityAnswerShareOf = (answers: AnswerAuthorship): Figure => shareFigure(answers.community, answers.community + answers.staff);

export async function questions(db: DB, range: Range): Promise<Figure> {
  return questionsOf(await questionsAskedBetween(db, range));
}

export async function answeredShare(db: DB, range: Range): Promise<Figure> {
  return answeredShareOf(await questionsAskedBetween(db, range));
}

export async function acceptedShare(db: DB, range: Range): Promise<Figure> {
  return acceptedShareOf(await questionsAskedBetween(db, range));
}

export async function medianFirstAnswer(db: DB, range: Range): Promise<Figure> {
  return medianFirstAnswerOf(await questionsAskedBetween(db, range));
}

export async function communityAnswerShare(db: DB, range: Range): Promise<Figure> {
  return communityAnswerShareOf(await answersPostedBetween(db, range));
}

// ---------------------------------------------------------------------------
// Known issues

export async function knownIssuesOpened(db: DB, range: Range): Promise<Figure> {
  return countFigure(await incidentsOpenedBetween(db, range));
}

export const knownIssuesFixedOf = (fixed: readonly FixedIncident[]): Figure => countFigure(fixed.length);
export const medianTimeToFixOf = (fixed: readonly FixedIncident[]): Figure => medianMinutesFigure(fixed.map((i) => i.fixedAt - i.openedAt));

export async function knownIssuesFixed(db: DB, range: Range): Promise<Figure> {
  return knownIssuesFixedOf(await incidentsFixedBetween(db, range));
}

export async function medianTimeToFix(db: DB, range: Range): Promise<Figure> {
  return medianTimeToFixOf(await incidentsFixedBetween(db, range));
}

// ---------------------------------------------------------------------------

/**
 * Every self-service, community and known-issues figure of [from, to). Each
 * area is read once (nine queries in all), and the figures sharing a read are
 * computed from it. `now` decides which contact visits are still undecided.
 */
export async function contentFigures(db: DB, range: Range, now = Date.now()): Promise<ContentFigures> {
  const [views, votes, totals, deflection, asked, answers, opened, fixed] = await Promise.all([
    helpViewsBetween(db, range),
    helpfulVotesBetween(db, range),
    searchTotals(db, range),
    deflectedVisitsBetween(db, range, now),
    questionsAskedBetween(db, range),
    answersPostedBetween(db, range),
    incidentsOpenedBetween(db, range),
    incidentsFixedBetween(db, range),
  ]);
  return {
    selfService: {
      helpViews: countFigure(views),
      helpfulShare: helpfulShareOf(votes),
      searches: searchesOf(totals),
      clickShare: clickShareOf(totals),
      zeroResultShare: zeroResultShareOf(totals),
      deflectedVisits: countFigure(deflection.deflectedVisits),
    },
    community: {
      questions: questionsOf(asked),
      answeredShare: answeredShareOf(asked),
      acceptedShare: acceptedShareOf(asked),
      medianFirstAnswer: medianFirstAnswerOf(asked),
      communityAnswerShare: communityAnswerShareOf(answers),
    },
    knownIssues: { opened: countFigure(opened), fixed: knownIssuesFixedOf(fixed), medianTimeToFix: medianTimeToFixOf(fixed) },
  };
}

/** The written definitions of the figures above, in page order (keys are paths in MonthFigures). */
export const contentDefinitions: Definition[] = [
  {
    key: 'selfService.helpViews',
    label: 'Help article views',
    text:
      'How many times a help article was opened. Views are counted per UTC day, and a day belongs to the month it falls in. ' +
      'Every reading counts, by customers, visitors and staff alike, including the same person reading the same article twice.',
  },
  {
    key: 'selfService.helpfulShare',
    label: '"Helpful" share',
    text:
      'Of the answers to "Was this helpful?" given in the month, the share that said Yes. Each visitor has one vote per article: ' +
      'it belongs to the month it was first given, with its answer as it stands (a visitor who changes their mind changes the vote, not its month). ' +
      'Not enough data below 5 votes.',
  },
  {
    key: 'selfService.searches',
    label: 'Searches',
    text:
      'How many searches were made on the site in the month: each search results page opened for a query, not counting empty queries, ' +
      'further pages of the same results, the as-you-type suggestions, or searches by staff while signed in.',
  },
  {
    key: 'selfService.clickShare',
    label: 'Searches with a click',
    text: 'Of those searches, the share after which the visitor opened one of the results (at any time before the figures were computed). Not enough data below 5 searches.',
  },
  {
    key: 'selfService.zeroResultShare',
    label: 'Searches that found nothing',
    text: 'Of those searches, the share that found no result at all. Not enough data below 5 searches.',
  },
  {
    key: 'selfService.deflectedVisits',
    label: 'Requests answered before they were sent',
    text:
      'Visits to the contact form that opened at least one suggested article, community answer or known issue, and then sent no request within 24 hours. ' +
      'A visit belongs to the month in which it opened its first suggestion; a visit less than 24 hours old when the figures were computed is not counted yet.',
  },
  {
    key: 'community.questions',
    label: 'Community questions',
    text: 'Questions asked in the community in the month, by anyone. Questions hidden by moderators or deleted are left out; a question closed as a duplicate still counts.',
  },
  {
    key: 'community.answeredShare',
    label: 'Questions answered',
    text:
      'Of the questions asked in the month, the share with at least one answer from someone other than the asker, counting every answer posted ' +
      'before the figures were computed (so a question answered early the next month counts as answered). Hidden and deleted answers are left out. ' +
      'Not enough data below 5 questions.',
  },
  {
    key: 'community.acceptedShare',
    label: 'Questions with an accepted answer',
    text: 'Of the questions asked in the month, the share whose asker has accepted an answer (one still visible) by the time the figures were computed. Not enough data below 5 questions.',
  },
  {
    key: 'community.medianFirstAnswer',
    label: 'Median time to a first answer',
    text:
      'For the questions asked in the month that have been answered, the time from the question to its first answer from someone other than the asker, in minutes of wall-clock time; ' +
      'the median is the middle one (the mean of the middle two for an even number). Unanswered questions are left out. Not enough data below 5 answered questions.',
  },
  {
    key: 'community.communityAnswerShare',
    label: 'Answers from the community',
    text:
      'Of the answers posted in the month, the share written by community members rather than by staff (whoever is staff or an administrator when the figures are computed). ' +
      'Hidden and deleted answers, and answers to hidden or deleted questions, are left out. Not enough data below 5 answers.',
  },
  {
    key: 'knownIssues.opened',
    label: 'Known issues opened',
    text: 'Incidents posted on the known-issues board in the month, whatever their status now. Planned maintenance is not counted.',
  },
  {
    key: 'knownIssues.fixed',
    label: 'Known issues fixed',
    text:
      'Incidents marked fixed in the month, whenever they were opened. An issue that was reopened and fixed again belongs to the month of its latest fix; ' +
      'one reopened and not fixed again is not counted.',
  },
  {
    key: 'knownIssues.medianTimeToFix',
    label: 'Median time to fix',
    text:
      'For the incidents fixed in the month, the time from posting the issue to marking it fixed, in minutes of wall-clock time; the median is the middle one ' +
      '(the mean of the middle two for an even number). Not enough data below 5 fixed issues.',
  },
];
