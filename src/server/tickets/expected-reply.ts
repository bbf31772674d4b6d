// When a customer can expect the first reply, per urgency, as the contact form
// and the confirmation say it: the median first response of the tickets
// created in the last 30 days with that urgency (the SLA target while fewer
// than 5 of them were answered), worded with the support hours and whether
// support is open right now. A target counted in support hours is estimated in
// support-hours minutes (tickets.first_response_support_minutes), one that
// runs around the clock in wall-clock minutes (tickets.first_response_minutes).
import type { DB } from '@db/connection';
import type { TicketUrgency } from '@db/schema';
import type { Config } from '@/config';
import { siteSettings, supportCalendar, type SiteSettings } from '@/server/settings/settings';
import { isWithinSupportHours } from '@/server/tickets/sla';
import { describeSupportHours } from '@/web/support-hours';

/** The window the median is taken over. */
export const EXPECTED_REPLY_WINDOW_MS = 30 * 24 * 60 * 60_000;
/** Fewer answered tickets than this in the window say little: the SLA target is shown instead. */
export const EXPECTED_REPLY_MIN_SAMPLE = 5;

const urgencyOrder: readonly TicketUrgency[] = ['urgent', 'high', 'normal', 'low'];

export interface ExpectedReply {
  urgency: TicketUrgency;
  /** 'recent': the median of the last 30 days; 'target': the SLA target (too few recent first responses). */
  basis: 'recent' | 'target';
  /** Answered tickets of this urgency in the last 30 days. */
  sampleSize: number;
  /** The estimate in minutes: support-hours minutes unless the target runs around the clock. */
  minutes: number;
  aroundTheClock: boolean;
  /** "usually within 3 hours" (recent) or "within 4 hours" (target). */
  estimate: string;
  /** Beside an urgency choice: "usually within 3 hours during support hours", "within 3 business days", "usually within 20 minutes, day or night". */
  short: string;
  /** "we answer Monday to Friday, 09:00–17:00 Amsterdam time, it is now outside those hours", or "day or night". */
  hours: string;
  /** The whole: "usually within 3 hours; we answer Monday to Friday, 09:00–17:00 Amsterdam time, it is now outside those hours". */
  text: string;
}

export interface ExpectedReplies {
  byUrgency: Record<TicketUrgency, ExpectedReply>;
  /** The support hours from the site settings ("Monday to Friday, 09:00–17:00 Amsterdam time"). */
  supportHours: string;
  /** Support is open at the moment asked about. */
  openNow: boolean;
}

interface Samples {
  /** Per urgency, the minutes each answered ticket waited: [wall clock, support hours]. */
  byUrgency: Record<TicketUrgency, { minutes: number; supportMinutes: number | null }[]>;
}

/** The median of a list of numbers (the mean of the middle two for an even count), or undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Minutes as people say them, rounded up (a "within" must not be broken by the
 * rounding): 5-minute steps under an hour, whole hours under a day, then whole
 * days. A day is 24 hours around the clock, or one support day (opening to
 * closing) for support-hours minutes, called a business day.
 */
export function describeMinutes(minutes: number, day: { minutes: number; label: 'day' | 'business day' }): string {
  const m = Math.max(1, Math.ceil(minutes));
  if (m < 60) {
    const five = Math.ceil(m / 5) * 5;
    if (five < 60) return plural(five, 'minute');
  }
  const hours = Math.ceil(m / 60);
  if (hours * 60 < day.minutes) return plural(hours, 'hour');
  return plural(Math.ceil(m / day.minutes), day.label);
}

/** The settings' support hours as people read them; none at all is said so. */
function supportHoursOf(settings: SiteSettings): string {
  return settings.supportHours.days.length === 0 ? 'none at the moment' : describeSupportHours(settings.supportHours, settings.timeZone);
}

/** The support hours and whether support is open at `now`, as a clause after "; ". */
function hoursClause(settings: SiteSettings, now: number): string {
  if (settings.supportHours.days.length === 0) return 'we have no regular support hours at the moment';
  const described = supportHoursOf(settings).replace(/^Every day/, 'every day');
  const open = isWithinSupportHours(now, supportCalendar(settings));
  return `we answer ${described}, ${open ? 'and we are open now' : 'it is now outside those hours'}`;
}

/** The wording for one urgency from its recent first responses (pure: the tests hand-work it). */
export function expectedReplyFor(
  urgency: TicketUrgency,
  settings: SiteSettings,
  recent: { minutes: number; supportMinutes: number | null }[],
  now: number,
): ExpectedReply {
  const target = settings.slaTargets[urgency];
  const values = recent.map((r) => (target.aroundTheClock ? r.minutes : r.supportMinutes)).filter((v): v is number => v !== null);
  const recentMedian = values.length >= EXPECTED_REPLY_MIN_SAMPLE ? median(values) : undefined;
  const basis = recentMedian === undefined ? 'target' : 'recent';
  const minutes = recentMedian ?? target.minutes;
  const supportDay = settings.supportHours.closeMinute - settings.supportHours.openMinute;
  const day = target.aroundTheClock ? { minutes: 24 * 60, label: 'day' as const } : { minutes: supportDay, label: 'business day' as const };
  const amount = describeMinutes(minutes, day);
  const estimate = basis === 'recent' ? `usually within ${amount}` : `within ${amount}`;
  const hours = target.aroundTheClock ? 'day or night' : hoursClause(settings, now);
  return {
    urgency,
    basis,
    sampleSize: values.length,
    minutes,
    aroundTheClock: target.aroundTheClock,
    estimate,
    short: target.aroundTheClock ? `${estimate}, day or night` : amount.includes('business day') ? estimate : `${estimate} during support hours`,
    hours,
    text: target.aroundTheClock ? `${estimate}, ${hours}` : `${estimate}; ${hours}`,
  };
}

/** Each answered ticket of the last 30 days: one range read on tickets_created_first_response (created_at first). */
async function recentFirstResponses(db: DB, now: number): Promise<Samples> {
  const rows = await db
    .selectFrom('tickets')
    .select(['urgency', 'first_response_minutes', 'first_response_support_minutes'])
    .where('created_at', '>=', now - EXPECTED_REPLY_WINDOW_MS)
    .where('created_at', '<=', now)
    .where('first_response_minutes', 'is not', null)
    .execute();
  const byUrgency = { urgent: [], high: [], normal: [], low: [] } as Samples['byUrgency'];
  for (const row of rows) byUrgency[row.urgency]?.push({ minutes: row.first_response_minutes!, supportMinutes: row.first_response_support_minutes });
  return { byUrgency };
}

// The settings and the 30 days' answers change slowly: a page may reuse them for a minute.
const cache = new WeakMap<DB, { at: number; settings: SiteSettings; samples: Samples }>();

/**
 * The expected first reply for every urgency at `now`. With `cacheMs`, the
 * settings and first responses read within that long before are reused (per
 * process and database); the open-now wording is always computed for `now`.
 */
export async function expectedReplies(
  db: DB,
  cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>,
  now = Date.now(),
  options: { cacheMs?: number } = {},
): Promise<ExpectedReplies> {
  const cached = cache.get(db);
  let data = cached && options.cacheMs && now >= cached.at && now - cached.at < options.cacheMs ? cached : undefined;
  if (!data) {
    data = { at: now, settings: await siteSettings(db, cfg), samples: await recentFirstResponses(db, now) };
    if (options.cacheMs) cache.set(db, data);
  }
  const { settings, samples } = data;
  return {
    byUrgency: Object.fromEntries(urgencyOrder.map((u) => [u, expectedReplyFor(u, settings, samples.byUrgency[u], now)])) as ExpectedReplies['byUrgency'],
    supportHours: supportHoursOf(settings),
    openNow: settings.supportHours.days.length > 0 && isWithinSupportHours(now, supportCalendar(settings)),
  };
}
