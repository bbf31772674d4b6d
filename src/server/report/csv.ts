// A month of the happiness report as CSV (/report/<YYYY-MM>.csv): one row per
// figure, `key,label,value,unit,n,previous,change`, in the order of the page,
// after two rows naming the month and the definitions' version. Values are
// the JSON's numbers as they are (shares 0–1, minutes); empty means "not
// enough data" (or, for previous and change, nothing to compare with).
import type { Figure, Headline, MonthFigures, MonthReport } from './types';

export interface FigureRow {
  key: string;
  label: string;
  value: number | string | null;
  unit: string;
  n: number | null;
  previous: number | null;
  change: number | null;
}

/** The headline figures, by path in MonthFigures, with the label the page and the CSV give them. */
export const HEADLINE_LABELS: readonly (readonly [string, string])[] = [
  ['tickets.received', 'Tickets received'],
  ['tickets.solved', 'Tickets solved'],
  ['tickets.reopenRate', 'Reopened by the customer'],
  ['firstResponse.median', 'Median first response'],
  ['firstResponse.medianSupportHours', 'Median first response (support hours)'],
  ['firstResponse.within1h', 'First response within 1 hour'],
  ['firstResponse.within6h', 'First response within 6 hours'],
  ['firstResponse.within24h', 'First response within 24 hours'],
  ['resolution.median', 'Median time to resolution'],
  ['sla.met', 'Response targets met'],
  ['happiness.great', 'Rated great'],
  ['happiness.okay', 'Rated okay'],
  ['happiness.notGood', 'Rated not good'],
  ['happiness.rated', 'Ratings'],
  ['happiness.responseRate', 'Solved tickets rated'],
  ['effort.medianStaffReplies', 'Median staff replies per solved ticket'],
  ['selfService.helpViews', 'Help article views'],
  ['selfService.helpfulShare', 'Articles found helpful'],
  ['selfService.searches', 'Searches'],
  ['selfService.clickShare', 'Searches with a click'],
  ['selfService.zeroResultShare', 'Searches with no results'],
  ['selfService.deflectedVisits', 'Visits that found an answer instead of writing'],
  ['selfService.score', 'Self-service score (help views per ticket)'],
  ['community.questions', 'Community questions asked'],
  ['community.answeredShare', 'Questions answered'],
  ['community.acceptedShare', 'Questions with an accepted answer'],
  ['community.medianFirstAnswer', 'Median time to a first answer'],
  ['community.communityAnswerShare', 'Answers from the community'],
  ['knownIssues.opened', 'Known issues opened'],
  ['knownIssues.fixed', 'Known issues fixed'],
  ['knownIssues.medianTimeToFix', 'Median time to fix a known issue'],
  ['frustration.share', 'Tickets that arrived frustrated or angry'],
];

const URGENCY_LABELS: Record<string, string> = { low: 'low urgency', normal: 'normal urgency', high: 'high urgency', urgent: 'urgent' };

/** A headline figure by its path ("firstResponse.median"). */
export function headlineAt(figures: MonthFigures, key: string): Headline {
  const [section, name] = key.split('.') as [keyof MonthFigures, string];
  const found = (figures[section] as unknown as Record<string, Headline> | undefined)?.[name];
  // A month published under older definitions may lack a figure added since: it reads as "not enough data", never an error.
  return found ?? { value: null, n: 0, unit: 'count', previous: null, change: null };
}

function plain(key: string, label: string, figure: Figure): FigureRow {
  return { key, label, value: figure.value, unit: figure.unit, n: figure.n, previous: null, change: null };
}

/** Every figure of the month, one row each, in the page's order. */
export function figureRows(report: MonthReport): FigureRow[] {
  const f = report.figures;
  const rows: FigureRow[] = HEADLINE_LABELS.map(([key, label]) => {
    const h = headlineAt(f, key);
    return { key, label, value: h.value, unit: h.unit, n: h.n, previous: h.previous, change: h.change };
  });
  rows.push({
    key: 'firstResponse.unanswered',
    label: 'Tickets still without a first response',
    value: f.firstResponse.unanswered,
    unit: 'count',
    n: f.firstResponse.unanswered,
    previous: null,
    change: null,
  });
  for (const b of f.firstResponse.histogram)
    rows.push({
      key: `firstResponse.histogram.${b.key}`,
      label: `First response ${b.label}`,
      value: b.share,
      unit: 'share',
      n: b.count,
      previous: null,
      change: null,
    });
  for (const u of f.sla.byUrgency) rows.push(plain(`sla.byUrgency.${u.urgency}`, `Response targets met, ${URGENCY_LABELS[u.urgency] ?? u.urgency}`, u.met));
  for (const c of f.categories)
    rows.push({ key: `categories.${c.name}`, label: `Tickets about ${c.name}`, value: c.share, unit: 'share', n: c.count, previous: null, change: null });
  for (const c of f.frustration.byCategory) rows.push(plain(`frustration.byCategory.${c.name}`, `Arrived frustrated or angry, ${c.name}`, c.share));
  const r = f.frustration.ratings;
  rows.push(plain('frustration.ratings.great', 'Frustrated or angry, then rated great', r.great));
  rows.push(plain('frustration.ratings.okay', 'Frustrated or angry, then rated okay', r.okay));
  rows.push(plain('frustration.ratings.notGood', 'Frustrated or angry, then rated not good', r.notGood));
  return rows;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportCsv(report: MonthReport): string {
  const rows: FigureRow[] = [
    { key: 'month', label: 'Month (UTC)', value: report.month, unit: 'text', n: null, previous: null, change: null },
    { key: 'definitionsVersion', label: 'Definitions version', value: report.definitionsVersion, unit: 'text', n: null, previous: null, change: null },
    ...figureRows(report),
  ];
  const lines = [['key', 'label', 'value', 'unit', 'n', 'previous', 'change'].join(',')];
  for (const r of rows) lines.push([r.key, r.label, r.value, r.unit, r.n, r.previous, r.change].map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
