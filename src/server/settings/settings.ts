// Site settings: the one module every other module reads for support hours,
// holidays, time zone, SLA targets, teams, category tags and stakeholders.
// Values staff saved live in `site_settings` (one JSON value per key); anything
// missing, or no longer valid, falls back to the environment's default, so a
// bad row can never take the desk down. Only admins change them.
import { z } from 'zod';
import { withTransaction, type DB } from '@db/connection';
import type { Config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { ValidationError } from '@/server/errors';
import { isTimeZone } from '@/lib/time-zone';
import { defaultSlaTargets, type SupportCalendar } from '@/server/tickets/sla';

const minuteOfDay = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);
/** "2026-12-25": a real calendar date (2026-02-30 is not). */
export function isLocalDate(d: string): boolean {
  const at = Date.parse(`${d}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === d;
}
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-25')
  .refine(isLocalDate, 'must be a real date');
const label = z.string().trim().min(1).max(60);
const slaTarget = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
  aroundTheClock: z.boolean(),
});

const cadenceMinutes = z
  .number()
  .int()
  .min(15)
  .max(60 * 24 * 30);

export const settingsSchema = z.object({
  supportHours: z
    .object({
      days: z.array(z.number().int().min(0).max(6)).max(7),
      openMinute: minuteOfDay,
      closeMinute: minuteOfDay,
    })
    .refine((h) => h.openMinute < h.closeMinute, 'support must close after it opens'),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam'),
  holidays: z.array(localDate).max(400),
  slaTargets: z.object({ urgent: slaTarget, high: slaTarget, normal: slaTarget, low: slaTarget }),
  teams: z.array(label).min(1).max(40),
  categoryTags: z.array(label).min(1).max(40),
  /** Who receives the monthly report: email addresses. */
  stakeholders: z.array(z.email()).max(50),
  /** A company-wide list (besides the staff) that receives the weekly voice-of-the-customer digest. */
  digestList: z.array(z.email()).max(50),
  /** Who gets the incident playbook's early warning for a major or critical known issue. */
  incidentStakeholders: z.array(z.email()).max(50),
  /** The longest an open known issue may go without a public update, in minutes, per severity. */
  updateCadence: z.object({ critical: cadenceMinutes, major: cadenceMinutes, minor: cadenceMinutes }),
});

export type SiteSettings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof SiteSettings;
export const settingKeys = Object.keys(settingsSchema.shape) as SettingKey[];

export const defaultTeams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];
export const defaultCategoryTags = ['bug', 'product confusion', "didn't know it existed", 'feature request', 'how-to', 'account and billing', 'other'];

/** Statuspage-style contact periods: critical every 2 hours, major daily, minor every 3 days. */
export const defaultUpdateCadence = { critical: 2 * 60, major: 24 * 60, minor: 72 * 60 } as const;

/** The settings the environment gives (SUPPORT_HOURS, SUPPORT_TIMEZONE) and the built-in defaults. */
export function defaultSettings(cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>): SiteSettings {
  return {
    supportHours: { days: [...cfg.SUPPORT_HOURS.days], openMinute: cfg.SUPPORT_HOURS.openMinute, closeMinute: cfg.SUPPORT_HOURS.closeMinute },
    timeZone: cfg.SUPPORT_TIMEZONE,
    holidays: [],
    slaTargets: structuredClone(defaultSlaTargets),
    teams: [...defaultTeams],
    categoryTags: [...defaultCategoryTags],
    stakeholders: [],
    digestList: [],
    incidentStakeholders: [],
    updateCadence: { ...defaultUpdateCadence },
  };
}

/** The current settings: each saved value that is still valid, else the default. */
export async function siteSettings(db: DB, cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>): Promise<SiteSettings> {
  const settings = defaultSettings(cfg);
  const rows = await db.selectFrom('site_settings').select(['key', 'value']).execute();
  for (const row of rows) {
    if (!(settingKeys as string[]).includes(row.key)) continue;
    const key = row.key as SettingKey;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue;
    }
    const parsed = settingsSchema.shape[key].safeParse(value);
    if (parsed.success) (settings as Record<SettingKey, unknown>)[key] = parsed.data;
  }
  return settings;
}

/** Saves some settings (admins only). Every value is checked first; nothing is saved unless all are valid. */
export async function updateSiteSettings(db: DB, user: SessionUser | null, changes: Partial<SiteSettings>, now = Date.now()): Promise<void> {
  assertCan(user, 'site.settings');
  const parsed = settingsSchema.partial().safeParse(changes);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'settings')] ??= issue.message;
    throw new ValidationError('Some settings are not valid; nothing was saved.', fields);
  }
  await withTransaction(db, async (trx) => {
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value === undefined) continue;
      await trx
        .insertInto('site_settings')
        .values({ key, value: JSON.stringify(value), updated_by: user.id, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_by: user.id, updated_at: now }))
        .execute();
    }
  });
}

/** The support calendar the SLA arithmetic uses (src/server/tickets/sla.ts). */
export function supportCalendar(settings: SiteSettings): SupportCalendar {
  return { ...settings.supportHours, timeZone: settings.timeZone, holidays: settings.holidays };
}
