// Site settings: environment defaults, admin-only changes validated as a whole,
// and a stored value that is no longer valid never breaks a read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/config';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { defaultCategoryTags, defaultSettings, siteSettings, supportCalendar, updateSiteSettings } from '@/server/settings/settings';
import { addSupportMinutes } from '@/server/tickets/sla';
import { makeUser } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const env = {
  SUPPORT_HOURS: { days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 17 * 60, label: 'Mon-Fri 09:00-17:00' },
  SUPPORT_TIMEZONE: 'Europe/Amsterdam',
};
const T0 = Date.UTC(2026, 10, 20, 12);

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe('site settings', () => {
  it('come from the environment and the built-in lists until an admin saves any', async () => {
    const settings = await siteSettings(t.db, env);
    expect(settings).toEqual(defaultSettings(env));
    expect(settings.supportHours).toEqual({ days: [1, 2, 3, 4, 5], openMinute: 540, closeMinute: 1020 });
    expect(settings.timeZone).toBe('Europe/Amsterdam');
    expect(settings.slaTargets.urgent).toEqual({ minutes: 30, aroundTheClock: true });
    expect(settings.categoryTags).toEqual(defaultCategoryTags);
    expect(settings.teams).toContain('calendar sync');
  });

  it('read SUPPORT_HOURS as the SLA calendar reads days (0 = Sunday): "Mon-Fri" is closed at the weekend', () => {
    const cfg = parseConfig({ SITE_URL: 'http://localhost:4321', SUPPORT_HOURS: 'Mon-Fri 09:00-17:00', SUPPORT_TIMEZONE: 'Europe/Amsterdam' });
    const calendar = supportCalendar(defaultSettings(cfg));
    // Friday 16:30 + 1 support hour = Monday 09:30.
    expect(addSupportMinutes(Date.parse('2026-11-13T16:30:00+01:00'), 60, calendar)).toBe(Date.parse('2026-11-16T09:30:00+01:00'));
  });

  it('are saved by an admin and read back, and the SLA arithmetic uses them', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    await updateSiteSettings(
      t.db,
      admin,
      { holidays: ['2026-12-25', '2026-12-28'], slaTargets: { ...defaultSettings(env).slaTargets, high: { minutes: 120, aroundTheClock: false } } },
      T0,
    );
    const settings = await siteSettings(t.db, env);
    expect(settings.holidays).toEqual(['2026-12-25', '2026-12-28']);
    expect(settings.slaTargets.high).toEqual({ minutes: 120, aroundTheClock: false });
    // Thursday 24 December 16:30 + 1 support hour: Friday and Monday are holidays now.
    expect(addSupportMinutes(Date.parse('2026-12-24T16:30:00+01:00'), 60, supportCalendar(settings))).toBe(Date.parse('2026-12-29T09:30:00+01:00'));
    const row = await t.db.selectFrom('site_settings').selectAll().where('key', '=', 'holidays').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ updated_by: admin.id, updated_at: T0 });
  });

  it('may be changed by admins only', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    await expect(updateSiteSettings(t.db, staff, { holidays: ['2026-12-25'] })).rejects.toThrow(ForbiddenError);
    await expect(updateSiteSettings(t.db, member, { holidays: ['2026-12-25'] })).rejects.toThrow(ForbiddenError);
    await expect(updateSiteSettings(t.db, null, { holidays: ['2026-12-25'] })).rejects.toThrow(UnauthenticatedError);
    expect(await t.db.selectFrom('site_settings').selectAll().execute()).toEqual([]);
  });

  it('refuse an invalid value with a message per field and save nothing of that change', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const attempt = updateSiteSettings(t.db, admin, {
      holidays: ['2026-12-25'],
      supportHours: { days: [0, 1], openMinute: 17 * 60, closeMinute: 9 * 60 },
      timeZone: 'Mars/Olympus_Mons',
    });
    await expect(attempt).rejects.toThrow(ValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError;
    expect(error.fields).toMatchObject({ supportHours: 'support must close after it opens', timeZone: expect.stringContaining('IANA') });
    expect(await t.db.selectFrom('site_settings').selectAll().execute()).toEqual([]);
    await expect(updateSiteSettings(t.db, admin, { holidays: ['2026-13-45'] })).rejects.toThrow(ValidationError);
    // A day the month does not have (JavaScript would read it as 2 March).
    await expect(updateSiteSettings(t.db, admin, { holidays: ['2026-02-30'] })).rejects.toThrow(ValidationError);
    await expect(updateSiteSettings(t.db, admin, { stakeholders: ['not an address'] })).rejects.toThrow(ValidationError);
  });

  it('fall back to the default for a stored value that is not valid (any more)', async () => {
    await t.db
      .insertInto('site_settings')
      .values([
        { key: 'holidays', value: '{not json', updated_by: null, updated_at: T0 },
        { key: 'teams', value: '[]', updated_by: null, updated_at: T0 },
        { key: 'timeZone', value: '"America/New_York"', updated_by: null, updated_at: T0 },
        { key: 'retired_setting', value: '1', updated_by: null, updated_at: T0 },
      ])
      .execute();
    const settings = await siteSettings(t.db, env);
    expect(settings.holidays).toEqual([]);
    expect(settings.teams).toEqual(defaultSettings(env).teams);
    expect(settings.timeZone).toBe('America/New_York');
    expect(settings).not.toHaveProperty('retired_setting');
  });
});
