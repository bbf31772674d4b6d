// Support-hours arithmetic for SLAs: when a first response is due, how many
// support minutes a wait took, and whether support is open now. Support hours
// are a weekly window (days, opening and closing minute) in one time zone, with
// holidays (local dates) closed; a target either counts only those minutes or
// runs around the clock. Local times are turned into instants with Temporal, so
// a window on a daylight-saving day is as long as the clock says (09:00–17:00
// is 8 hours on the day the clocks change, too).
import { Temporal } from 'temporal-polyfill';
import type { TicketUrgency } from '@db/schema';

export interface SupportCalendar {
  /** Open days, 0 = Sunday … 6 = Saturday (as in the SUPPORT_HOURS setting and Date#getDay). */
  days: readonly number[];
  /** Opening and closing time, minutes after local midnight. */
  openMinute: number;
  closeMinute: number;
  /** IANA time zone, e.g. "Europe/Amsterdam". */
  timeZone: string;
  /** Closed local dates, "YYYY-MM-DD". */
  holidays: readonly string[];
}

export interface SlaTarget {
  /** Minutes to the first response. */
  minutes: number;
  /** True: counted around the clock; false: only within support hours. */
  aroundTheClock: boolean;
}

/** The default first-response targets (configurable in the site settings). */
export const defaultSlaTargets: Record<TicketUrgency, SlaTarget> = {
  urgent: { minutes: 30, aroundTheClock: true },
  high: { minutes: 4 * 60, aroundTheClock: false },
  normal: { minutes: 24 * 60, aroundTheClock: false },
  low: { minutes: 48 * 60, aroundTheClock: false },
};

const MINUTE = 60_000;
/** A calendar with no open day at all would never end the search: give up after this many days. */
const MAX_DAYS = 800;

function localDate(at: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDate();
}

function instantAt(date: Temporal.PlainDate, minute: number, timeZone: string): number {
  // 24:00 is the next day's midnight.
  const day = minute >= 24 * 60 ? date.add({ days: 1 }) : date;
  const time = new Temporal.PlainTime(Math.floor((minute % (24 * 60)) / 60), minute % 60);
  return day.toZonedDateTime({ timeZone, plainTime: time }).epochMilliseconds;
}

/** The open window of a local date as instants, or undefined when support is closed that day. */
function windowOf(date: Temporal.PlainDate, calendar: SupportCalendar): [number, number] | undefined {
  if (!calendar.days.includes(date.dayOfWeek % 7) || calendar.holidays.includes(date.toString())) return undefined;
  return [instantAt(date, calendar.openMinute, calendar.timeZone), instantAt(date, calendar.closeMinute, calendar.timeZone)];
}

/** True when support is open at this instant. */
export function isWithinSupportHours(at: number, calendar: SupportCalendar): boolean {
  const window = windowOf(localDate(at, calendar.timeZone), calendar);
  return window !== undefined && at >= window[0] && at < window[1];
}

/** The instant `minutes` support minutes after `start` (support minutes only; a start outside hours waits for the next opening). */
export function addSupportMinutes(start: number, minutes: number, calendar: SupportCalendar): number {
  let remaining = minutes * MINUTE;
  let date = localDate(start, calendar.timeZone);
  for (let day = 0; day < MAX_DAYS; day++, date = date.add({ days: 1 })) {
    const window = windowOf(date, calendar);
    if (!window) continue;
    const from = Math.max(start, window[0]);
    if (from >= window[1]) continue;
    if (remaining <= window[1] - from) return from + remaining;
    remaining -= window[1] - from;
  }
  throw new Error('The support calendar has no open hours in the next two years');
}

/** Support minutes between two instants (0 when `to` is not after `from`). */
export function supportMinutesBetween(from: number, to: number, calendar: SupportCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  let date = localDate(from, calendar.timeZone);
  const last = localDate(to, calendar.timeZone);
  for (let day = 0; day < MAX_DAYS && Temporal.PlainDate.compare(date, last) <= 0; day++, date = date.add({ days: 1 })) {
    const window = windowOf(date, calendar);
    if (!window) continue;
    const start = Math.max(from, window[0]);
    const end = Math.min(to, window[1]);
    if (end > start) total += end - start;
  }
  return Math.round(total / MINUTE);
}

/** When the first response to a ticket created at `createdAt` is due. */
export function firstResponseDueAt(createdAt: number, target: SlaTarget, calendar: SupportCalendar): number {
  return target.aroundTheClock ? createdAt + target.minutes * MINUTE : addSupportMinutes(createdAt, target.minutes, calendar);
}

export interface SlaOutcome {
  met: boolean;
  /** Minutes late (0 when met). */
  lateByMinutes: number;
}

/** Whether a first response at `respondedAt` met the due time. */
export function slaOutcome(dueAt: number, respondedAt: number): SlaOutcome {
  const late = Math.max(0, Math.ceil((respondedAt - dueAt) / MINUTE));
  return { met: respondedAt <= dueAt, lateByMinutes: late };
}
