// Support-hours arithmetic for SLA due times and waits: inside and outside
// support hours, across a weekend, a holiday and both daylight-saving changes
// (Europe/Amsterdam: 29 March and 25 October 2026).
import { describe, expect, it } from 'vitest';
import {
  addSupportMinutes,
  defaultSlaTargets,
  firstResponseDueAt,
  isWithinSupportHours,
  slaOutcome,
  supportMinutesBetween,
  type SupportCalendar,
} from '@/server/tickets/sla';

const amsterdam: SupportCalendar = { days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 17 * 60, timeZone: 'Europe/Amsterdam', holidays: ['2026-12-25'] };
/** An ISO time with its offset, as instants. */
const at = (iso: string) => Date.parse(iso);

describe('due times within support hours', () => {
  it('adds minutes inside the day, and waits for the opening before and after hours', () => {
    expect(addSupportMinutes(at('2026-11-10T10:00:00+01:00'), 240, amsterdam)).toBe(at('2026-11-10T14:00:00+01:00'));
    expect(addSupportMinutes(at('2026-11-10T07:00:00+01:00'), 30, amsterdam)).toBe(at('2026-11-10T09:30:00+01:00'));
    expect(addSupportMinutes(at('2026-11-10T18:00:00+01:00'), 60, amsterdam)).toBe(at('2026-11-11T10:00:00+01:00'));
    // What is left at closing time carries over to the next morning.
    expect(addSupportMinutes(at('2026-11-10T16:00:00+01:00'), 120, amsterdam)).toBe(at('2026-11-11T10:00:00+01:00'));
  });

  it('skips the weekend and holidays', () => {
    expect(addSupportMinutes(at('2026-11-13T16:30:00+01:00'), 60, amsterdam)).toBe(at('2026-11-16T09:30:00+01:00'));
    expect(addSupportMinutes(at('2026-11-14T12:00:00+01:00'), 30, amsterdam)).toBe(at('2026-11-16T09:30:00+01:00'));
    // Christmas (a Friday) is closed: Thursday afternoon runs on to Monday.
    expect(addSupportMinutes(at('2026-12-24T16:30:00+01:00'), 60, amsterdam)).toBe(at('2026-12-28T09:30:00+01:00'));
  });

  it('counts 24 support hours as three working days of eight', () => {
    expect(addSupportMinutes(at('2026-11-09T09:00:00+01:00'), 24 * 60, amsterdam)).toBe(at('2026-11-11T17:00:00+01:00'));
  });

  it('keeps local opening times across both daylight-saving changes', () => {
    // Friday 16:00 CET + 2 support hours = Monday 10:00 CEST (UTC+2 since Sunday).
    expect(addSupportMinutes(at('2026-03-27T16:00:00+01:00'), 120, amsterdam)).toBe(at('2026-03-30T10:00:00+02:00'));
    // And back: Friday 16:00 CEST + 2 h = Monday 10:00 CET.
    expect(addSupportMinutes(at('2026-10-23T16:00:00+02:00'), 120, amsterdam)).toBe(at('2026-10-26T10:00:00+01:00'));
  });

  it('runs around the clock for targets that do (urgent), through the hour the clocks skip', () => {
    const urgent = defaultSlaTargets.urgent;
    expect(urgent).toEqual({ minutes: 30, aroundTheClock: true });
    // 01:50 CET + 30 minutes is 03:20 CEST: 02:00–03:00 does not exist that night.
    expect(firstResponseDueAt(at('2026-03-29T01:50:00+01:00'), urgent, amsterdam)).toBe(at('2026-03-29T03:20:00+02:00'));
    // Saturday night: an urgent ticket is not held until Monday.
    expect(firstResponseDueAt(at('2026-11-14T23:00:00+01:00'), urgent, amsterdam)).toBe(at('2026-11-14T23:30:00+01:00'));
    expect(firstResponseDueAt(at('2026-11-14T23:00:00+01:00'), defaultSlaTargets.high, amsterdam)).toBe(at('2026-11-16T13:00:00+01:00'));
  });

  it('treats a day that is open around the clock as long as the clock says', () => {
    const always: SupportCalendar = { days: [0, 1, 2, 3, 4, 5, 6], openMinute: 0, closeMinute: 24 * 60, timeZone: 'Europe/Amsterdam', holidays: [] };
    expect(addSupportMinutes(at('2026-03-28T23:00:00+01:00'), 180, always)).toBe(at('2026-03-29T03:00:00+02:00'));
    expect(supportMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), always)).toBe(23 * 60);
  });

  it('refuses a calendar that is never open instead of looping', () => {
    expect(() => addSupportMinutes(at('2026-11-10T10:00:00+01:00'), 30, { ...amsterdam, days: [] })).toThrow(/no open hours/);
  });
});

describe('waits in support minutes', () => {
  it('counts only open minutes, across evenings, weekends and a daylight-saving change', () => {
    expect(supportMinutesBetween(at('2026-11-10T10:00:00+01:00'), at('2026-11-10T10:45:00+01:00'), amsterdam)).toBe(45);
    expect(supportMinutesBetween(at('2026-11-10T16:00:00+01:00'), at('2026-11-11T10:00:00+01:00'), amsterdam)).toBe(120);
    expect(supportMinutesBetween(at('2026-11-13T16:00:00+01:00'), at('2026-11-16T10:00:00+01:00'), amsterdam)).toBe(120);
    expect(supportMinutesBetween(at('2026-03-27T16:00:00+01:00'), at('2026-03-30T10:00:00+02:00'), amsterdam)).toBe(120);
    expect(supportMinutesBetween(at('2026-11-14T10:00:00+01:00'), at('2026-11-15T18:00:00+01:00'), amsterdam)).toBe(0);
    expect(supportMinutesBetween(at('2026-11-10T12:00:00+01:00'), at('2026-11-10T11:00:00+01:00'), amsterdam)).toBe(0);
  });
});

describe('open now', () => {
  it('is open from the opening minute up to (not including) the closing minute, on open days only', () => {
    expect(isWithinSupportHours(at('2026-11-10T09:00:00+01:00'), amsterdam)).toBe(true);
    expect(isWithinSupportHours(at('2026-11-10T16:59:00+01:00'), amsterdam)).toBe(true);
    expect(isWithinSupportHours(at('2026-11-10T17:00:00+01:00'), amsterdam)).toBe(false);
    expect(isWithinSupportHours(at('2026-11-14T12:00:00+01:00'), amsterdam)).toBe(false);
    expect(isWithinSupportHours(at('2026-12-25T12:00:00+01:00'), amsterdam)).toBe(false);
  });
});

describe('SLA outcome', () => {
  it('is met on time and records how late a breach was, in whole minutes', () => {
    const due = at('2026-11-10T14:00:00+01:00');
    expect(slaOutcome(due, due)).toEqual({ met: true, lateByMinutes: 0 });
    expect(slaOutcome(due, due - 60_000)).toEqual({ met: true, lateByMinutes: 0 });
    expect(slaOutcome(due, due + 90 * 60_000 + 1)).toEqual({ met: false, lateByMinutes: 91 });
  });
});
