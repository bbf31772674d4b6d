// How the happiness report writes its figures for people: "62%", "42 min",
// "3.5 hours", "1,204", "not enough data", and a change as an arrow plus words
// ("▲ 8 points from October").
import { monthRange, previousMonth, type MonthKey } from '@/server/report/months';
import type { Definition, Headline, Unit } from '@/server/report/types';

export const NOT_ENOUGH = 'Not enough data';

const trim = (n: number, digits: number) => n.toLocaleString('en', { maximumFractionDigits: digits });

/** A duration in minutes, rounded for reading. */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${trim(hours, 1)} ${trim(hours, 1) === '1' ? 'hour' : 'hours'}`;
  return `${trim(hours / 24, 1)} days`;
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return NOT_ENOUGH;
  switch (unit) {
    case 'share':
      return `${trim(value * 100, value > 0 && value < 0.01 ? 1 : 0)}%`;
    case 'minutes':
      return formatMinutes(value);
    case 'count':
      return trim(value, 0);
    default:
      return trim(value, 2);
  }
}

/** "October" (or "December 2025" across a new year). */
export function previousMonthName(month: MonthKey): string {
  const previous = previousMonth(month);
  const sameYear = previous.slice(0, 4) === month.slice(0, 4);
  return new Date(monthRange(previous).from).toLocaleDateString('en-GB', { month: 'long', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' });
}

export interface ChangeText {
  arrow: '▲' | '▼' | '';
  text: string;
  direction: 'up' | 'down' | 'same' | 'none';
}

/** The month-over-month change in words; `null` when the figure itself has no value. */
export function describeChange(h: Headline, month: MonthKey): ChangeText | null {
  if (h.value === null) return null;
  const from = previousMonthName(month);
  if (h.change === null) {
    if (h.previous === 0) return { arrow: '', text: `Up from none in ${from}`, direction: 'none' };
    return { arrow: '', text: `Nothing to compare with in ${from}`, direction: 'none' };
  }
  const size = Math.abs(h.change);
  const rounded = size >= 10 ? Math.round(size) : Math.round(size * 10) / 10;
  if (rounded === 0) return { arrow: '', text: `Same as ${from}`, direction: 'same' };
  const amount = h.unit === 'share' ? `${trim(rounded, 1)} ${rounded === 1 ? 'point' : 'points'}` : `${trim(rounded, 1)}%`;
  return h.change > 0 ? { arrow: '▲', text: `${amount} from ${from}`, direction: 'up' } : { arrow: '▼', text: `${amount} from ${from}`, direction: 'down' };
}

/** "from 124 items" under a figure. */
export function basis(n: number, noun: string): string {
  return `From ${n.toLocaleString('en')} ${noun}`;
}

const SECTION_LABELS: Record<string, string> = {
  tickets: 'Tickets',
  firstResponse: 'First response',
  resolution: 'Resolution',
  sla: 'Response targets',
  happiness: 'Happiness',
  effort: 'Customer effort',
  selfService: 'Self-service',
  community: 'Community',
  knownIssues: 'Known issues',
  categories: 'Ticket categories',
  frustration: 'Frustrated and angry customers',
};

/** The definitions by section (the first part of their key), in the order they come. */
export function groupDefinitions(definitions: readonly Definition[]): { section: string; label: string; items: Definition[] }[] {
  const groups = new Map<string, Definition[]>();
  for (const d of definitions) {
    const section = d.key.split('.')[0]!;
    groups.set(section, [...(groups.get(section) ?? []), d]);
  }
  return [...groups].map(([section, items]) => ({ section, label: SECTION_LABELS[section] ?? section, items }));
}

/** "3 December 2026, 14:05 UTC". */
export function dateUtc(ms: number, withTime = false): string {
  const date = new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (!withTime) return date;
  return `${date}, ${new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}
