// UTC calendar months and weeks, as the report and the digest name them:
// "2026-10" is October 2026 from 00:00 UTC on the 1st (inclusive) to 00:00
// UTC on 1 November (exclusive); "2026-Q4" a quarter; a week starts Monday
// 00:00 UTC. Support hours live in the support time zone, but a month is
// always UTC, so a figure never depends on who reads it.

export type MonthKey = string;
export type QuarterKey = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const DAY_MS = 24 * 60 * 60_000;

export function isMonthKey(value: string): value is MonthKey {
  return MONTH.test(value) && Number(value.slice(0, 4)) >= 2000;
}

export function isQuarterKey(value: string): value is QuarterKey {
  return QUARTER.test(value) && Number(value.slice(0, 4)) >= 2000;
}

/** The month a moment falls in (UTC). */
export function monthOf(ms: number): MonthKey {
  return new Date(ms).toISOString().slice(0, 7);
}

/** [from, to): the month's first millisecond and the next month's first. */
export function monthRange(month: MonthKey): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
}

export function addMonths(month: MonthKey, delta: number): MonthKey {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 7);
}

export function previousMonth(month: MonthKey): MonthKey {
  return addMonths(month, -1);
}

/** A month is closed once it has ended (UTC): only closed months can be published. */
export function isClosedMonth(month: MonthKey, now: number): boolean {
  return monthRange(month).to <= now;
}

/** The last `count` closed months, newest first. */
export function closedMonths(now: number, count: number): MonthKey[] {
  const current = monthOf(now);
  return Array.from({ length: count }, (_, i) => addMonths(current, -(i + 1)));
}

/** "October 2026". */
export function monthLabel(month: MonthKey): string {
  return new Date(monthRange(month).from).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "Oct 2026" (chart axes, tables). */
export function shortMonthLabel(month: MonthKey): string {
  return new Date(monthRange(month).from).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function quarterOf(ms: number): QuarterKey {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** [from, to) of a quarter (UTC). */
export function quarterRange(quarter: QuarterKey): { from: number; to: number } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return { from: Date.UTC(y, (q - 1) * 3, 1), to: Date.UTC(y, q * 3, 1) };
}

/** "Q4 2026 (October–December)". */
export function quarterLabel(quarter: QuarterKey): string {
  const { from, to } = quarterRange(quarter);
  const name = (ms: number) => new Date(ms).toLocaleDateString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `Q${quarter.slice(6)} ${quarter.slice(0, 4)} (${name(from)}–${name(to - 1)})`;
}

/** The Monday (UTC) starting the week a moment falls in: "2026-11-30". */
export function weekOf(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 → weekday 4 (Mon = 0).
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** [from, to) of the week starting on that Monday. */
export function weekRange(week: string): { from: number; to: number } {
  const from = Date.parse(`${week}T00:00:00Z`);
  return { from, to: from + 7 * DAY_MS };
}
