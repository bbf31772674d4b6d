// The site settings form (/admin/settings) as plain form fields and back:
// days as one checkbox each (day_0 = Sunday … day_6), times as HH:MM, lists one
// item per line, an SLA target per urgency as minutes plus an "around the
// clock" checkbox. The zod schema turns what was typed into the settings and
// says per field what is wrong; the settings module validates them again as a
// whole before saving anything.
import { z } from 'zod';
import type { TicketUrgency } from '@db/schema';
import { isLocalDate, type SiteSettings } from '@/server/settings/settings';
import type { FormValues } from '@/web/forms';

export const weekDays = [
  { day: 1, label: 'Monday' },
  { day: 2, label: 'Tuesday' },
  { day: 3, label: 'Wednesday' },
  { day: 4, label: 'Thursday' },
  { day: 5, label: 'Friday' },
  { day: 6, label: 'Saturday' },
  { day: 0, label: 'Sunday' },
] as const;
export const slaUrgencies = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly TicketUrgency[];
const SLA_MAX_MINUTES = 60 * 24 * 30;
export const cadenceSeverities = ['critical', 'major', 'minor'] as const;

export function minuteToTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "09:30" → 570; "24:00" is the end of the day. Undefined when it is not a 24-hour time. */
export function timeToMinute(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The form's fields filled from the current settings. */
export function settingsFormValues(settings: SiteSettings): FormValues {
  const values: FormValues = {
    openTime: minuteToTime(settings.supportHours.openMinute),
    closeTime: minuteToTime(settings.supportHours.closeMinute),
    timeZone: settings.timeZone,
    holidays: settings.holidays.join('\n'),
    teams: settings.teams.join('\n'),
    categoryTags: settings.categoryTags.join('\n'),
    stakeholders: settings.stakeholders.join('\n'),
    incidentStakeholders: settings.incidentStakeholders.join('\n'),
    digestList: settings.digestList.join('\n'),
  };
  for (const severity of cadenceSeverities) values[`cadence_${severity}_hours`] = String(settings.updateCadence[severity] / 60);
  for (const day of settings.supportHours.days) values[`day_${day}`] = 'on';
  for (const urgency of slaUrgencies) {
    values[`sla_${urgency}_minutes`] = String(settings.slaTargets[urgency].minutes);
    if (settings.slaTargets[urgency].aroundTheClock) values[`sla_${urgency}_clock`] = 'on';
  }
  return values;
}

const checkbox = z.literal('on').optional();
const time = (what: string) =>
  z.string({ error: `Enter the ${what} time.` }).transform((v, ctx) => {
    const minute = timeToMinute(v);
    if (minute === undefined) {
      ctx.addIssue({ code: 'custom', message: `Enter the ${what} time as HH:MM on a 24-hour clock, like 09:00 or 17:30.` });
      return z.NEVER;
    }
    return minute;
  });
// Checked in a transform (not .int()/.min()), so a wrong number does not stop the other checks.
const slaMinutes = z.string({ error: 'Enter a number of minutes.' }).transform((text, ctx) => {
  const minutes = Number(text.trim());
  const problem =
    text.trim() === '' || Number.isNaN(minutes)
      ? 'Enter a number of minutes.'
      : !Number.isInteger(minutes)
        ? 'Enter whole minutes.'
        : minutes < 1
          ? 'Allow at least 1 minute.'
          : minutes > SLA_MAX_MINUTES
            ? `Allow at most ${SLA_MAX_MINUTES.toLocaleString('en')} minutes (30 days).`
            : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
  return minutes;
});

// Known-issue update cadence, typed in hours (0.25 = 15 minutes), kept in minutes.
const cadenceHours = z.string({ error: 'Enter a number of hours.' }).transform((text, ctx) => {
  const hours = Number(text.trim().replace(',', '.'));
  const problem =
    text.trim() === '' || Number.isNaN(hours)
      ? 'Enter a number of hours.'
      : hours < 0.25
        ? 'Allow at least a quarter of an hour (0.25).'
        : hours > 720
          ? 'Allow at most 720 hours (30 days).'
          : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
  return Math.round(hours * 60);
});

/** A list field, one item per line, each checked by `problem` (a message, or null when fine). */
const lineList = (label: string, options: { min?: number; max: number; problem: (line: string) => string | null }) =>
  z.string().transform((text, ctx) => {
    const items = [...new Set(linesOf(text))];
    if (items.length < (options.min ?? 0)) ctx.addIssue({ code: 'custom', message: `Enter at least one of the ${label}, one per line.` });
    if (items.length > options.max) ctx.addIssue({ code: 'custom', message: `Enter at most ${options.max} ${label}.` });
    for (const item of items) {
      const problem = options.problem(item);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        break;
      }
    }
    return items;
  });

const isEmail = (a: string) => z.email().safeParse(a).success;

export const settingsFormSchema = z
  .object({
    day_0: checkbox,
    day_1: checkbox,
    day_2: checkbox,
    day_3: checkbox,
    day_4: checkbox,
    day_5: checkbox,
    day_6: checkbox,
    openTime: time('opening'),
    closeTime: time('closing'),
    timeZone: z.string().trim().min(1, 'Enter a time zone, like Europe/Amsterdam.').max(60),
    holidays: lineList('holidays', { max: 400, problem: (d) => (isLocalDate(d) ? null : `“${d}” is not a date like 2026-12-25.`) }),
    sla_urgent_minutes: slaMinutes,
    sla_urgent_clock: checkbox,
    sla_high_minutes: slaMinutes,
    sla_high_clock: checkbox,
    sla_normal_minutes: slaMinutes,
    sla_normal_clock: checkbox,
    sla_low_minutes: slaMinutes,
    sla_low_clock: checkbox,
    teams: lineList('teams', { min: 1, max: 40, problem: (t) => (t.length > 60 ? `“${t.slice(0, 20)}…” is longer than 60 characters.` : null) }),
    categoryTags: lineList('category tags', { min: 1, max: 40, problem: (t) => (t.length > 60 ? `“${t.slice(0, 20)}…” is longer than 60 characters.` : null) }),
    stakeholders: lineList('addresses', { max: 50, problem: (a) => (isEmail(a) ? null : `“${a}” is not an email address.`) }),
    incidentStakeholders: lineList('addresses', { max: 50, problem: (a) => (isEmail(a) ? null : `“${a}” is not an email address.`) }),
    digestList: lineList('addresses', { max: 50, problem: (a) => (isEmail(a) ? null : `“${a}” is not an email address.`) }),
    cadence_critical_hours: cadenceHours,
    cadence_major_hours: cadenceHours,
    cadence_minor_hours: cadenceHours,
  })
  // Checked even when other fields are wrong, so every message shows at once.
  .refine((v) => v.openTime < v.closeTime, {
    path: ['closeTime'],
    message: 'Support must close after it opens.',
    when: (payload) => {
      const v = payload.value as { openTime?: unknown; closeTime?: unknown };
      return typeof v.openTime === 'number' && typeof v.closeTime === 'number';
    },
  })
  .transform((v): SiteSettings => ({
    supportHours: {
      days: weekDays
        .map((w) => w.day)
        .filter((day) => v[`day_${day}` as const] === 'on')
        .sort(),
      openMinute: v.openTime,
      closeMinute: v.closeTime,
    },
    timeZone: v.timeZone,
    holidays: [...v.holidays].sort(),
    slaTargets: {
      urgent: { minutes: v.sla_urgent_minutes, aroundTheClock: v.sla_urgent_clock === 'on' },
      high: { minutes: v.sla_high_minutes, aroundTheClock: v.sla_high_clock === 'on' },
      normal: { minutes: v.sla_normal_minutes, aroundTheClock: v.sla_normal_clock === 'on' },
      low: { minutes: v.sla_low_minutes, aroundTheClock: v.sla_low_clock === 'on' },
    },
    teams: v.teams,
    categoryTags: v.categoryTags,
    stakeholders: v.stakeholders,
    incidentStakeholders: v.incidentStakeholders,
    digestList: v.digestList,
    updateCadence: { critical: v.cadence_critical_hours, major: v.cadence_major_hours, minor: v.cadence_minor_hours },
  }));

/** Where a refusal from the settings module (keyed by setting) is shown on the form. */
export const fieldOfSetting: Record<keyof SiteSettings | 'settings', string> = {
  supportHours: 'closeTime',
  timeZone: 'timeZone',
  holidays: 'holidays',
  slaTargets: 'sla_urgent_minutes',
  teams: 'teams',
  categoryTags: 'categoryTags',
  stakeholders: 'stakeholders',
  incidentStakeholders: 'incidentStakeholders',
  digestList: 'digestList',
  updateCadence: 'cadence_critical_hours',
  settings: '_form',
};

/** A settings module message ("must be an IANA time zone …") as a sentence. */
export function settingMessage(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}
