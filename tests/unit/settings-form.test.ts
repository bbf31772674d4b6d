// The settings form's fields and back: times, days, lists one per line, SLA
// targets, and a message per field, all at once, for what is wrong.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '@/server/settings/settings';
import { minuteToTime, settingsFormSchema, settingsFormValues, timeToMinute } from '@/web/settings-form';

const defaults = defaultSettings({
  SUPPORT_HOURS: { days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 17 * 60, label: 'Mon-Fri 09:00-17:00' },
  SUPPORT_TIMEZONE: 'Europe/Amsterdam',
});

describe('the settings form', () => {
  it('reads and writes times on a 24-hour clock, 24:00 being the end of the day', () => {
    expect(timeToMinute('09:30')).toBe(570);
    expect(timeToMinute('9:05')).toBe(545);
    expect(timeToMinute('24:00')).toBe(1440);
    expect(['24:01', '12:60', '9.30', 'noon', '']).toEqual(['24:01', '12:60', '9.30', 'noon', ''].filter((t) => timeToMinute(t) === undefined));
    expect(minuteToTime(1440)).toBe('24:00');
    expect(minuteToTime(545)).toBe('09:05');
  });

  it('turns the fields of the current settings back into the same settings', () => {
    const values = settingsFormValues(defaults);
    expect(values).toMatchObject({ day_1: 'on', day_5: 'on', openTime: '09:00', closeTime: '17:00', sla_urgent_minutes: '30', sla_urgent_clock: 'on' });
    expect(values.day_0).toBeUndefined();
    expect(values.sla_high_clock).toBeUndefined();
    expect(settingsFormSchema.parse(values)).toEqual(defaults);
  });

  it('drops blank lines and repeats, and sorts holidays', () => {
    const parsed = settingsFormSchema.parse({
      ...settingsFormValues(defaults),
      holidays: '2026-12-26\r\n\r\n 2026-12-25 \n2026-12-26',
      teams: 'web app\n\nbilling\nweb app',
    });
    expect(parsed.holidays).toEqual(['2026-12-25', '2026-12-26']);
    expect(parsed.teams).toEqual(['web app', 'billing']);
  });

  it('says what is wrong with every field at once', () => {
    const result = settingsFormSchema.safeParse({
      ...settingsFormValues(defaults),
      openTime: '18:00',
      holidays: '2026-02-30',
      stakeholders: 'report@fieldnote.example\nnobody',
      teams: ' \n ',
      sla_low_minutes: '2.5',
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(messages).toEqual({
      closeTime: 'Support must close after it opens.',
      holidays: '“2026-02-30” is not a date like 2026-12-25.',
      stakeholders: '“nobody” is not an email address.',
      teams: 'Enter at least one of the teams, one per line.',
      sla_low_minutes: 'Enter whole minutes.',
    });
  });
});
