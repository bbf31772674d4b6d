// Issue 11 item 3: the expected first reply per urgency is the median first
// response of the last 30 days (support-hours minutes for a target counted in
// support hours, wall-clock minutes for one that runs around the clock), the
// SLA target while fewer than 5 tickets had one, worded with the support hours
// from the site settings and whether support is open at that moment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketUrgency } from '@db/schema';
import { updateSiteSettings } from '@/server/settings/settings';
import { replyAsStaff } from '@/server/tickets/conversation';
import { expectedReplies } from '@/server/tickets/expected-reply';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const env = {
  SUPPORT_HOURS: { days: [1, 2, 3, 4, 5], openMinute: 9 * 60, closeMinute: 17 * 60, label: 'Mon-Fri 09:00-17:00' },
  SUPPORT_TIMEZONE: 'Europe/Amsterdam',
};
const DAY = 24 * 60 * 60_000;
/** Tuesday 10 November 2026, 10:00 in Amsterdam (CET, UTC+1): support is open. */
const OPEN = Date.UTC(2026, 10, 10, 9);
/** The same Tuesday at 20:00 in Amsterdam: support is closed. */
const CLOSED = Date.UTC(2026, 10, 10, 19);
const HOURS = 'Monday to Friday, 09:00–17:00 Amsterdam time';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

/** An answered ticket: created `daysAgo` before `at`, first answered after the given minutes. */
async function answered(urgency: TicketUrgency, minutes: number, supportMinutes: number, at = OPEN, daysAgo = 3) {
  const { ref } = await makeTicket(t.db, { urgency });
  await t.db
    .updateTable('tickets')
    .set({ created_at: at - daysAgo * DAY, first_response_minutes: minutes, first_response_support_minutes: supportMinutes })
    .where('id', '=', ticketRefToId(ref)!)
    .execute();
}

describe('expected first reply', () => {
  it('is the median of the last 30 days in support-hours minutes, worded with the hours while support is open', async () => {
    // Wall-clock minutes include nights and weekends; the high target counts support hours, so those are ignored.
    for (const [wall, support] of [
      [900, 60],
      [1000, 90],
      [1100, 120],
      [2000, 150],
      [3000, 400],
    ] as const)
      await answered('high', wall, support);
    // Older than 30 days, and not yet answered: neither counts.
    for (let i = 0; i < 5; i++) await answered('high', 5000, 2000, OPEN, 31);
    await makeTicket(t.db, { urgency: 'high' });

    const { byUrgency, supportHours, openNow } = await expectedReplies(t.db, env, OPEN);
    expect(supportHours).toBe(HOURS);
    expect(openNow).toBe(true);
    expect(byUrgency.high).toMatchObject({ basis: 'recent', sampleSize: 5, minutes: 120, aroundTheClock: false });
    expect(byUrgency.high.short).toBe('usually within 2 hours during support hours');
    expect(byUrgency.high.text).toBe(`usually within 2 hours; we answer ${HOURS}, and we are open now`);
  });

  it('reads the first responses the desk records when staff answer', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    // Sent on Tuesday 3 November at 10:00 in Amsterdam, answered within that day's support hours.
    const sentAt = OPEN - 7 * DAY;
    for (const minutes of [60, 120, 120, 180, 300]) {
      const { ref } = await makeTicket(t.db, { urgency: 'high' }, null, sentAt);
      await replyAsStaff(t.db, site, ref, staff, { body: 'Thanks for writing: here is what to try first.' }, sentAt + minutes * 60_000);
      // A later reply is no first response.
      await replyAsStaff(t.db, site, ref, staff, { body: 'One more thing to check.' }, sentAt + 2 * DAY);
    }
    const { byUrgency } = await expectedReplies(t.db, env, OPEN);
    expect(byUrgency.high).toMatchObject({ basis: 'recent', sampleSize: 5, minutes: 120 });
    expect(byUrgency.high.estimate).toBe('usually within 2 hours');
  });

  it('says when it is now outside the support hours, and on a holiday', async () => {
    for (const support of [100, 110, 130, 170, 200, 230]) await answered('normal', support * 3, support, CLOSED);
    const evening = await expectedReplies(t.db, env, CLOSED);
    // Median of six: (130 + 170) / 2 = 150 minutes, rounded up to 3 hours.
    expect(evening.byUrgency.normal.minutes).toBe(150);
    expect(evening.byUrgency.normal.text).toBe(`usually within 3 hours; we answer ${HOURS}, it is now outside those hours`);
    expect(evening.openNow).toBe(false);

    const admin = await makeUser(t.db, { role: 'admin' });
    await updateSiteSettings(t.db, admin, { holidays: ['2026-11-10'] }, CLOSED);
    const holiday = await expectedReplies(t.db, env, OPEN);
    expect(holiday.openNow).toBe(false);
    expect(holiday.byUrgency.normal.text).toContain('it is now outside those hours');
  });

  it('falls back to the SLA target with fewer than 5 answered tickets, in business days for support-hours targets', async () => {
    for (const support of [10, 20, 30, 40]) await answered('normal', support, support);
    const { byUrgency } = await expectedReplies(t.db, env, OPEN);
    // The normal target is 24 support hours: three 8-hour support days.
    expect(byUrgency.normal).toMatchObject({ basis: 'target', sampleSize: 4, minutes: 24 * 60 });
    expect(byUrgency.normal.text).toBe(`within 3 business days; we answer ${HOURS}, and we are open now`);
    expect(byUrgency.normal.short).toBe('within 3 business days');
    expect(byUrgency.high.text).toBe(`within 4 hours; we answer ${HOURS}, and we are open now`);
    expect(byUrgency.low.estimate).toBe('within 6 business days');
    // Urgent runs around the clock by default: its target is wall-clock time, support hours do not matter.
    expect(byUrgency.urgent.text).toBe('within 30 minutes, day or night');
  });

  it('takes wall-clock minutes for a target that runs around the clock, rounded up to 5 minutes', async () => {
    for (const wall of [10, 12, 20, 25, 40, 300]) await answered('urgent', wall, 0, CLOSED);
    const { byUrgency } = await expectedReplies(t.db, env, CLOSED);
    // (20 + 25) / 2 = 22.5 minutes.
    expect(byUrgency.urgent).toMatchObject({ basis: 'recent', minutes: 22.5, aroundTheClock: true });
    expect(byUrgency.urgent.text).toBe('usually within 25 minutes, day or night');
  });

  it('reads the targets and the support hours from the site settings, not only the environment', async () => {
    for (const [wall, support] of [
      [200, 50],
      [260, 60],
      [300, 70],
      [320, 80],
      [2000, 90],
    ] as const)
      await answered('high', wall, support);
    const admin = await makeUser(t.db, { role: 'admin' });
    await updateSiteSettings(
      t.db,
      admin,
      {
        supportHours: { days: [1, 2, 3, 4, 5, 6], openMinute: 8 * 60, closeMinute: 20 * 60 },
        timeZone: 'America/New_York',
        slaTargets: {
          urgent: { minutes: 30, aroundTheClock: true },
          high: { minutes: 240, aroundTheClock: true },
          normal: { minutes: 24 * 60, aroundTheClock: false },
          low: { minutes: 48 * 60, aroundTheClock: false },
        },
      },
      OPEN,
    );
    // 04:00 in New York: closed there, although open in Amsterdam.
    const replies = await expectedReplies(t.db, env, OPEN);
    expect(replies.supportHours).toBe('Monday to Saturday, 08:00–20:00 New York time');
    expect(replies.openNow).toBe(false);
    // High now runs around the clock: the wall-clock median, 300 minutes, is 5 hours.
    expect(replies.byUrgency.high.text).toBe('usually within 5 hours, day or night');
    // Normal still counts support hours: 24 of them are two 12-hour support days.
    expect(replies.byUrgency.normal.text).toBe(
      'within 2 business days; we answer Monday to Saturday, 08:00–20:00 New York time, it is now outside those hours',
    );
  });

  it('reuses the figures for a minute when asked to, and reads again after', async () => {
    const first = await expectedReplies(t.db, env, OPEN, { cacheMs: 60_000 });
    expect(first.byUrgency.high.basis).toBe('target');
    for (const support of [30, 40, 50, 60, 70]) await answered('high', support, support);
    expect((await expectedReplies(t.db, env, OPEN + 30_000, { cacheMs: 60_000 })).byUrgency.high.basis).toBe('target');
    expect((await expectedReplies(t.db, env, OPEN + 30_000)).byUrgency.high.text).toMatch(/^usually within 50 minutes;/);
    const later = await expectedReplies(t.db, env, OPEN + 61_000, { cacheMs: 60_000 });
    expect(later.byUrgency.high).toMatchObject({ basis: 'recent', minutes: 50 });
  });
});
