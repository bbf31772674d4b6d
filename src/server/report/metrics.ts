// The happiness report's figures for one UTC month: one function per figure,
// each with its written definition below (shown on the page and frozen with a
// published month). The ticket figures come from two kinds of ticket, read
// once each from the tickets area (src/server/tickets/report-facts.ts): the
// tickets RECEIVED in the month (created in it) and the tickets SOLVED in it
// (their latest solve in it); everything else is aggregated here, in
// TypeScript, so the SQL stays a few plain range reads on indexes. The
// self-service, community and known-issues figures come from
// ./metrics-content.ts. A month still running at `now` is provisional and
// counts only what happened before `now`.
import { median } from '@/server/tickets/expected-reply';
import type { DB } from '@db/connection';
import type { TicketRating, TicketUrgency } from '@db/schema';
import { ticketsReceivedFacts, ticketsSolvedFacts, type ReceivedTicketFact, type SolvedTicketFact } from '@/server/tickets/report-facts';
import { contentDefinitions, contentFigures, type ContentFigures } from './metrics-content';
import { monthRange, previousMonth, type MonthKey } from './months';
import {
  MIN_ITEMS,
  type CategoryShare,
  type Definition,
  type Figure,
  type FrustrationByCategory,
  type Headline,
  type HistogramBucket,
  type HistogramBucketKey,
  type MonthFigures,
  type MonthReport,
  type Unit,
} from './types';

/** Bump when a definition changes meaning; a published month keeps the version it was computed with. */
export const DEFINITIONS_VERSION = '2026-12.2';

export interface ComputeOptions {
  /** The moment of computation: a month still running is provisional and counts only what happened before `now`. */
  now: number;
  /** The site settings' category tags (a ticket's category is its first tag among them). */
  categoryTags: readonly string[];
  /** Last month's figures to compare with (a published month's frozen figures); computed when absent. */
  previous?: MonthFigures | undefined;
}

const HOUR_MINUTES = 60;
const urgencies: readonly TicketUrgency[] = ['urgent', 'high', 'normal', 'low'];
/** Tickets without any category tag are listed under this name (and grouped into "other" like any small category). */
export const UNTAGGED = 'not tagged';
export const OTHER = 'other';

// ---------------------------------------------------------------- arithmetic

const decimals: Record<Unit, number> = { count: 0, share: 4, minutes: 1, number: 2 };

/** Rounds a value as its unit says (types.ts): counts whole, shares to 4 decimals, minutes to 1, other numbers to 2. */
export function roundTo(value: number, unit: Unit): number {
  const f = 10 ** decimals[unit];
  return Math.round(value * f) / f;
}

/** A figure from `n` items: null below MIN_ITEMS, else the value rounded. */
function fromItems(value: number | null, n: number, unit: Unit): Figure {
  return { value: n < MIN_ITEMS || value === null ? null : roundTo(value, unit), n, unit };
}

/** A count is exact: it is what it counts, however small. */
function count(n: number): Figure {
  return { value: n, n, unit: 'count' };
}

function shareOf(part: number, whole: number): Figure {
  return fromItems(whole === 0 ? null : part / whole, whole, 'share');
}

function medianOf(values: readonly number[], unit: Unit): Figure {
  return fromItems(median(values) ?? null, values.length, unit);
}

/** The change from last month: percentage points for shares, per cent otherwise; null when either is missing or last month's was 0. */
export function change(unit: Unit, value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  if (unit === 'share') return roundTo((value - previous) * 100, 'minutes');
  if (previous === 0) return null;
  return roundTo(((value - previous) / previous) * 100, 'minutes');
}

const headline = (f: Figure): Headline => ({ ...f, previous: null, change: null });

// ---------------------------------------------------------------- the tickets received

const answeredBy = (now: number) => (t: ReceivedTicketFact) => t.firstResponseAt !== null && t.firstResponseAt < now;
const wallClock = (received: readonly ReceivedTicketFact[], now: number) =>
  received.filter(answeredBy(now)).flatMap((t) => (t.firstResponseMinutes === null ? [] : [t.firstResponseMinutes]));

export function ticketsReceived(received: readonly ReceivedTicketFact[]): Figure {
  return count(received.length);
}

export function firstResponseMedian(received: readonly ReceivedTicketFact[], now: number): Figure {
  return medianOf(wallClock(received, now), 'minutes');
}

export function firstResponseMedianSupportHours(received: readonly ReceivedTicketFact[], now: number): Figure {
  const minutes = received.filter(answeredBy(now)).flatMap((t) => (t.firstResponseSupportMinutes === null ? [] : [t.firstResponseSupportMinutes]));
  return medianOf(minutes, 'minutes');
}

/** Wall-clock minutes the tickets still unanswered at `now` have waited so far. */
const waiting = (received: readonly ReceivedTicketFact[], now: number) => received.filter((t) => !answeredBy(now)(t)).map((t) => (now - t.createdAt) / 60_000);

/**
 * The share answered in less than `hours` (wall clock), of the answered tickets and the
 * unanswered ones that have already waited that long (known misses); an unanswered ticket
 * still inside the window is not decided yet and not counted.
 */
export function firstResponseWithin(received: readonly ReceivedTicketFact[], now: number, hours: number): Figure {
  const limit = hours * HOUR_MINUTES;
  const minutes = wallClock(received, now);
  const missed = waiting(received, now).filter((m) => m >= limit).length;
  return shareOf(minutes.filter((m) => m < limit).length, minutes.length + missed);
}

const buckets: { key: HistogramBucketKey; label: string; below: number }[] = [
  { key: 'under_1h', label: '<1 h', below: 60 },
  { key: '1h_6h', label: '1–6 h', below: 6 * 60 },
  { key: '6h_24h', label: '6–24 h', below: 24 * 60 },
  { key: '1d_3d', label: '1–3 d', below: 3 * 24 * 60 },
  { key: 'over_3d', label: '>3 d', below: Infinity },
];

export function firstResponseHistogram(received: readonly ReceivedTicketFact[], now: number): HistogramBucket[] {
  // The answered tickets by their time; an unanswered one only once its wait is already past 3 days (it can only end there).
  const minutes = [...wallClock(received, now), ...waiting(received, now).filter((m) => m >= buckets.at(-2)!.below)];
  const counts = buckets.map(() => 0);
  for (const m of minutes) counts[buckets.findIndex((b) => m < b.below)]!++;
  return buckets.map((b, i) => ({ key: b.key, label: b.label, count: counts[i]!, share: shareOf(counts[i]!, minutes.length).value }));
}

export function unansweredTickets(received: readonly ReceivedTicketFact[], now: number): number {
  return received.filter((t) => !answeredBy(now)(t)).length;
}

/** met / breached / not known yet (unanswered and not yet due, or no target). */
function slaResult(t: ReceivedTicketFact, now: number): 'met' | 'breached' | undefined {
  if (answeredBy(now)(t)) return t.slaOutcome ?? undefined;
  return t.firstResponseDueAt !== null && t.firstResponseDueAt <= now ? 'breached' : undefined;
}

export function slaMet(received: readonly ReceivedTicketFact[], now: number): Figure {
  const results = received.map((t) => slaResult(t, now)).filter((r) => r !== undefined);
  return shareOf(results.filter((r) => r === 'met').length, results.length);
}

export function slaMetByUrgency(received: readonly ReceivedTicketFact[], now: number): { urgency: TicketUrgency; met: Figure }[] {
  return urgencies.map((urgency) => ({
    urgency,
    met: slaMet(
      received.filter((t) => t.urgency === urgency),
      now,
    ),
  }));
}

/** The category each ticket is counted under: its first category tag, with categories of fewer than MIN_ITEMS tickets grouped as "other". */
function categoryNames(received: readonly ReceivedTicketFact[]): string[] {
  const raw = received.map((t) => t.category ?? UNTAGGED);
  const sizes = new Map<string, number>();
  for (const name of raw) sizes.set(name, (sizes.get(name) ?? 0) + 1);
  return raw.map((name) => ((sizes.get(name) ?? 0) < MIN_ITEMS ? OTHER : name));
}

function byCount(counts: Map<string, number>): [string, number][] {
  // Largest first (ties by name); "other" always last.
  return [...counts].sort(([a, x], [b, y]) => Number(a === OTHER) - Number(b === OTHER) || y - x || a.localeCompare(b));
}

export function topCategories(received: readonly ReceivedTicketFact[]): CategoryShare[] {
  const counts = new Map<string, number>();
  for (const name of categoryNames(received)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return byCount(counts).map(([name, n]) => ({ name, count: n, share: roundTo(n / received.length, 'share') }));
}

const isFrustrated = (t: ReceivedTicketFact) => t.emotion === 'frustrated' || t.emotion === 'angry';

export function frustratedShare(received: readonly ReceivedTicketFact[]): Figure {
  return shareOf(received.filter(isFrustrated).length, received.length);
}

export function frustrationByCategory(received: readonly ReceivedTicketFact[]): FrustrationByCategory[] {
  const names = categoryNames(received);
  const groups = new Map<string, { tickets: number; frustrated: number }>();
  received.forEach((t, i) => {
    const g = groups.get(names[i]!) ?? { tickets: 0, frustrated: 0 };
    g.tickets++;
    if (isFrustrated(t)) g.frustrated++;
    groups.set(names[i]!, g);
  });
  const order = byCount(new Map([...groups].map(([name, g]) => [name, g.tickets])));
  return order.map(([name]) => {
    const g = groups.get(name)!;
    return { name, tickets: g.tickets, share: shareOf(g.frustrated, g.tickets) };
  });
}

const ratedBy = (now: number) => (t: { rating: TicketRating | null; ratedAt: number | null }) => t.rating !== null && (t.ratedAt === null || t.ratedAt < now);

function ratingShares(ratings: readonly TicketRating[]): { great: Figure; okay: Figure; notGood: Figure } {
  const of = (r: TicketRating) => shareOf(ratings.filter((x) => x === r).length, ratings.length);
  return { great: of('great'), okay: of('okay'), notGood: of('not_good') };
}

/** How the frustrated or angry tickets received in the month were rated (the latest rating of each rated one). */
export function frustrationRatings(received: readonly ReceivedTicketFact[], now: number): MonthFigures['frustration']['ratings'] {
  const ratings = received
    .filter(isFrustrated)
    .filter(ratedBy(now))
    .map((t) => t.rating!);
  return { ...ratingShares(ratings), rated: ratings.length };
}

// ---------------------------------------------------------------- the tickets solved

export function ticketsSolved(solved: readonly SolvedTicketFact[]): Figure {
  return count(solved.length);
}

export function reopenRate(solved: readonly SolvedTicketFact[], now: number): Figure {
  return shareOf(solved.filter((t) => t.customerReopenedAt.some((at) => at < now)).length, solved.length);
}

export function resolutionMedian(solved: readonly SolvedTicketFact[]): Figure {
  return medianOf(
    solved.flatMap((t) => (t.resolutionMinutes === null ? [] : [t.resolutionMinutes])),
    'minutes',
  );
}

export function happiness(
  solved: readonly SolvedTicketFact[],
  now: number,
): { great: Figure; okay: Figure; notGood: Figure; rated: Figure; responseRate: Figure } {
  const ratings = solved.filter(ratedBy(now)).map((t) => t.rating!);
  return { ...ratingShares(ratings), rated: count(ratings.length), responseRate: shareOf(ratings.length, solved.length) };
}

export function medianStaffReplies(solved: readonly SolvedTicketFact[]): Figure {
  return medianOf(
    solved.map((t) => t.staffReplies),
    'number',
  );
}

/** Help views per ticket received (self-service score). */
export function selfServiceScore(helpViews: Figure, received: Figure): Figure {
  const tickets = received.value ?? 0;
  return fromItems(helpViews.value === null || tickets === 0 ? null : helpViews.value / tickets, tickets, 'number');
}

// ---------------------------------------------------------------- the month

/** The month's range as counted at `now`: its start, to its end or `now`, whichever is first. */
export function countedRange(month: MonthKey, now: number): { from: number; to: number; provisional: boolean } {
  const { from, to } = monthRange(month);
  return { from, to: Math.max(from, Math.min(to, now)), provisional: now < to };
}

/** Every figure of the month at `now`, without the comparison with last month. */
export async function monthFigures(db: DB, month: MonthKey, now: number, categoryTags: readonly string[]): Promise<MonthFigures> {
  const range = countedRange(month, now);
  const [received, solved, content] = await Promise.all([
    ticketsReceivedFacts(db, range, categoryTags),
    ticketsSolvedFacts(db, range),
    contentFigures(db, { from: range.from, to: range.to }, now),
  ]);
  return assemble(received, solved, content, now);
}

function assemble(received: ReceivedTicketFact[], solved: SolvedTicketFact[], content: ContentFigures, now: number): MonthFigures {
  const receivedCount = ticketsReceived(received);
  const h = happiness(solved, now);
  const c = (f: Figure) => headline(f);
  return {
    tickets: { received: c(receivedCount), solved: c(ticketsSolved(solved)), reopenRate: c(reopenRate(solved, now)) },
    firstResponse: {
      median: c(firstResponseMedian(received, now)),
      medianSupportHours: c(firstResponseMedianSupportHours(received, now)),
      within1h: c(firstResponseWithin(received, now, 1)),
      within6h: c(firstResponseWithin(received, now, 6)),
      within24h: c(firstResponseWithin(received, now, 24)),
      histogram: firstResponseHistogram(received, now),
      unanswered: unansweredTickets(received, now),
    },
    resolution: { median: c(resolutionMedian(solved)) },
    sla: { met: c(slaMet(received, now)), byUrgency: slaMetByUrgency(received, now) },
    happiness: { great: c(h.great), okay: c(h.okay), notGood: c(h.notGood), rated: c(h.rated), responseRate: c(h.responseRate) },
    effort: { medianStaffReplies: c(medianStaffReplies(solved)) },
    selfService: {
      helpViews: c(content.selfService.helpViews),
      helpfulShare: c(content.selfService.helpfulShare),
      searches: c(content.selfService.searches),
      clickShare: c(content.selfService.clickShare),
      zeroResultShare: c(content.selfService.zeroResultShare),
      deflectedVisits: c(content.selfService.deflectedVisits),
      score: c(selfServiceScore(content.selfService.helpViews, receivedCount)),
    },
    community: {
      questions: c(content.community.questions),
      answeredShare: c(content.community.answeredShare),
      acceptedShare: c(content.community.acceptedShare),
      medianFirstAnswer: c(content.community.medianFirstAnswer),
      communityAnswerShare: c(content.community.communityAnswerShare),
    },
    knownIssues: { opened: c(content.knownIssues.opened), fixed: c(content.knownIssues.fixed), medianTimeToFix: c(content.knownIssues.medianTimeToFix) },
    categories: topCategories(received),
    frustration: { share: c(frustratedShare(received)), byCategory: frustrationByCategory(received), ratings: frustrationRatings(received, now) },
  };
}

const isHeadline = (v: unknown): v is Headline => typeof v === 'object' && v !== null && 'previous' in v && 'change' in v && 'unit' in v;

/** Fills every headline's `previous` and `change` from last month's figures (same path, same definition). */
export function withChanges(current: MonthFigures, previous: MonthFigures): MonthFigures {
  const walk = (cur: unknown, prev: unknown): unknown => {
    if (isHeadline(cur)) {
      const p = isHeadline(prev) ? prev.value : null;
      return { ...cur, previous: p, change: change(cur.unit, cur.value, p) };
    }
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return cur;
    const prevObject = typeof prev === 'object' && prev !== null ? (prev as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(cur).map(([k, v]) => [k, walk(v, prevObject[k])]));
  };
  return walk(current, previous) as MonthFigures;
}

/** Every figure of one UTC month, with last month's values and the changes. */
export async function computeMonth(db: DB, month: MonthKey, options: ComputeOptions): Promise<MonthReport> {
  const { now, categoryTags } = options;
  const [current, previous] = await Promise.all([
    monthFigures(db, month, now, categoryTags),
    options.previous ? Promise.resolve(options.previous) : monthFigures(db, previousMonth(month), now, categoryTags),
  ]);
  return {
    month,
    computedAt: now,
    provisional: countedRange(month, now).provisional,
    definitionsVersion: DEFINITIONS_VERSION,
    figures: withChanges(current, previous),
    definitions,
  };
}

// ---------------------------------------------------------------- definitions

const RECEIVED =
  'Tickets received in the month are those created in it (UTC), from the contact form or by email, follow-ups included; a duplicate merged into another ticket is not counted again.';
const SOLVED =
  'Tickets solved in the month are those whose latest solve falls in it (UTC): a ticket solved in October, reopened and solved again in November counts in November only. Merged duplicates are not counted.';
const MEDIAN = 'The median is the middle value of the sorted list (the mean of the two middle values when the list is even).';
const NOT_ENOUGH = 'With fewer than 5 tickets to go on, the figure is shown as not enough data.';
const ANSWERED =
  'Of the tickets received in the month that have had their first public reply from staff (internal notes do not count), however long after the month it came; tickets still waiting are counted under "still unanswered" instead.';
const RATINGS = 'A customer can rate every public reply and change a rating within 7 days; each ticket counts once, by its latest rating.';

const ticketDefinitions: Definition[] = [
  { key: 'tickets.received', label: 'Tickets received', text: `${RECEIVED} An exact count.` },
  { key: 'tickets.solved', label: 'Tickets solved', text: `${SOLVED} An exact count.` },
  {
    key: 'tickets.reopenRate',
    label: 'Reopened by the customer',
    text: `Of the tickets solved in the month, the share the customer reopened at least once by replying after a solve. Reopenings by staff, and by the system when a known issue's fix is announced, are not counted. ${SOLVED} ${NOT_ENOUGH}`,
  },
  {
    key: 'firstResponse.median',
    label: 'Median first response',
    text: `The median time from a ticket's creation to the first public staff reply, in wall-clock minutes (nights, weekends and holidays included). ${ANSWERED} ${MEDIAN} ${NOT_ENOUGH}`,
  },
  {
    key: 'firstResponse.medianSupportHours',
    label: 'Median first response in support hours',
    text: `The same median, counting only the minutes support was open (the support hours in the support time zone, holidays closed; an hour lost or gained when the clocks change is counted as the clock shows). ${ANSWERED} ${MEDIAN} ${NOT_ENOUGH}`,
  },
  ...([1, 6, 24] as const).map((hours) => ({
    key: `firstResponse.within${hours}h`,
    label: `First response within ${hours === 1 ? '1 hour' : `${hours} hours`}`,
    text: `The share of the tickets received in the month whose first public staff reply came in less than ${hours === 1 ? 'one wall-clock hour (a reply at exactly one hour is not within it)' : `${hours} wall-clock hours`}. Counted: the answered tickets, and the tickets still unanswered that have already waited that long (they count as not within it); a ticket still unanswered inside the window is not decided yet and not counted. ${NOT_ENOUGH}`,
  })),
  {
    key: 'firstResponse.histogram',
    label: 'First response times',
    text: `The tickets received in the month by wall-clock time to the first public staff reply: less than 1 hour, 1 to 6 hours, 6 to 24 hours, 1 to 3 days, and more than 3 days (each band includes its lower bound). A ticket still unanswered counts in "more than 3 days" once it has waited that long, and is left out before. ${ANSWERED}`,
  },
  {
    key: 'firstResponse.unanswered',
    label: 'Still unanswered',
    text: `Tickets received in the month that have had no public staff reply yet, when the figures were computed. ${RECEIVED}`,
  },
  {
    key: 'resolution.median',
    label: 'Median resolution time',
    text: `The median wall-clock time from a ticket's creation to its latest solve, of the tickets solved in the month. ${SOLVED} ${MEDIAN} ${NOT_ENOUGH}`,
  },
  {
    key: 'sla.met',
    label: 'First response targets met',
    text: `Of the tickets received in the month, the share whose first public staff reply came by its target time, overall and by urgency (the urgency the ticket has now). The target per urgency counts support hours or runs around the clock, as the support settings say. A ticket still unanswered after its target time counts as missed; one still unanswered before it is not counted yet. ${NOT_ENOUGH}`,
  },
  {
    key: 'happiness',
    label: 'Customer happiness',
    text: `Of the tickets solved in the month that the customer rated, the shares rated Great, Okay and Not good. ${RATINGS} ${SOLVED} ${NOT_ENOUGH}`,
  },
  { key: 'happiness.rated', label: 'Tickets rated', text: `How many tickets solved in the month the customer rated (an exact count). ${RATINGS}` },
  {
    key: 'happiness.responseRate',
    label: 'Rating response rate',
    text: `Of the tickets solved in the month, the share the customer rated. ${RATINGS} ${NOT_ENOUGH}`,
  },
  {
    key: 'effort.medianStaffReplies',
    label: 'Customer effort',
    text: `The median number of public staff replies per ticket solved in the month (internal notes not counted): the fewer, the less back and forth the customer needed. ${SOLVED} ${MEDIAN} ${NOT_ENOUGH}`,
  },
  {
    key: 'selfService.score',
    label: 'Self-service score',
    text: `Help article views in the month divided by the tickets received in it: how many times customers helped themselves for every time they needed to ask us. ${NOT_ENOUGH}`,
  },
  {
    key: 'categories',
    label: 'Top ticket categories',
    text: `The tickets received in the month by category: a ticket's category is the first of its tags (the earliest added) that is one of the category tags, such as "bug" or "how-to"; a ticket without one is "not tagged". Categories with fewer than 5 tickets are grouped as "other". Shares are of all tickets received. ${RECEIVED}`,
  },
  {
    key: 'frustration',
    label: 'Why customers get angry',
    text: `Of the tickets received in the month, the share whose customer said on arrival they felt frustrated or angry, overall and by category (grouped as in the top categories); and, of those tickets the customer has rated, the shares rated Great, Okay and Not good (each ticket once, by its latest rating). ${RECEIVED} ${NOT_ENOUGH}`,
  },
];

export const definitions: Definition[] = [...ticketDefinitions, ...contentDefinitions];
