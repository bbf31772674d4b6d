// Publishing the happiness report: staff publish a closed month once, with a
// sanitized Markdown note, as a frozen snapshot (the exact .json text) that
// later changes to tickets never touch; a running, future or already
// published month is refused; corrections are dated notes appended; the
// preview is the page as it will be; the archive, the trends and the staff
// list read the published months.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import { reportCsv } from '@/server/report/csv';
import type { MonthReport } from '@/server/report/types';
import { DEFINITIONS_VERSION } from '@/server/report/metrics';
import {
  addCorrection,
  clearLiveCache,
  liveMonth,
  liveReportPage,
  previewMonth,
  publishMonth,
  publishedMonth,
  publishedReportPage,
  reportArchive,
  reportHome,
  snapshotText,
  staffReportMonths,
  staffReportMonth,
} from '@/server/report/publish';
import { reportNotes } from '@db/seed/data/report-notes';
import { seedPeople } from '@db/seed/index';
import { createRandom } from '@db/seed/random';
import { seedReport } from '@db/seed/report';
import { makeTicket, makeUser } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  clearLiveCache();
});
afterEach(async () => t.close());

const NOW = Date.UTC(2026, 11, 3, 12, 0); // 3 December 2026
const options = { now: NOW, categoryTags: ['billing', 'calendar-sync', 'bug'] };

describe('publishing a month', () => {
  it('freezes the month as the exact JSON text, with the definitions version and the note rendered and sanitized', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const published = await publishMonth(t.db, staff, { month: '2026-10', note: 'A **calm** month. <script>alert(1)</script>' }, options);
    expect(published.month).toBe('2026-10');
    expect(published.publishedAt).toBe(NOW);
    expect(published.noteHtml).toContain('<strong>calm</strong>');
    expect(published.noteHtml).not.toContain('<script');
    expect(published.report.provisional).toBe(false);
    expect(published.report.definitionsVersion).toBe(DEFINITIONS_VERSION);
    expect(published.snapshot).toBe(snapshotText(published.report));

    const row = await t.db.selectFrom('report_months').selectAll().where('month', '=', '2026-10').executeTakeFirstOrThrow();
    expect(row.snapshot).toBe(published.snapshot);
    expect(row.definitions_version).toBe(DEFINITIONS_VERSION);
    expect(row.note_source).toBe('A **calm** month. <script>alert(1)</script>');
    expect(row.published_by).toBe(staff.id);

    const read = await publishedMonth(t.db, '2026-10');
    expect(read.snapshot).toBe(published.snapshot);
    expect(read.report).toEqual(published.report);
    expect(read.noteHtml).toBe(published.noteHtml);
  });

  it('keeps the published JSON byte-identical after the month’s tickets change', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const inOctober = Date.UTC(2026, 9, 14, 10, 0);
    for (let i = 0; i < 6; i++) await makeTicket(t.db, {}, null, inOctober + i * 3_600_000);
    const before = (await publishMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options)).snapshot;

    // More tickets in October, and the earlier ones solved and moved within the month.
    for (let i = 0; i < 4; i++) await makeTicket(t.db, { category: 'account-billing' }, null, inOctober + 86_400_000 + i);
    await t.db
      .updateTable('tickets')
      .set({ status: 'solved', solved_at: inOctober + 7_200_000, created_at: inOctober - 86_400_000 })
      .execute();

    const after = await publishedMonth(t.db, '2026-10');
    expect(after.snapshot).toBe(before);
    expect(Buffer.from(after.snapshot).equals(Buffer.from(before))).toBe(true);
    expect((await publishedReportPage(t.db, '2026-10')).report).toEqual(JSON.parse(before));
  });

  it('refuses a running month, a future month, a month already published and a malformed one', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    await expect(publishMonth(t.db, staff, { month: '2026-12', note: 'Too soon.' }, options)).rejects.toThrow(
      'December 2026 is still running: a month can be published once it has ended.',
    );
    await expect(publishMonth(t.db, staff, { month: '2027-02', note: 'Later.' }, options)).rejects.toThrow(
      'February 2027 is in the future: only a month that has ended can be published.',
    );
    await expect(publishMonth(t.db, staff, { month: '2026-13', note: 'No.' }, options)).rejects.toBeInstanceOf(ValidationError);
    await publishMonth(t.db, staff, { month: '2026-11', note: 'November.' }, options);
    const again = publishMonth(t.db, staff, { month: '2026-11', note: 'Again.' }, { ...options, now: NOW + 1000 });
    await expect(again).rejects.toThrow('November 2026 is already published, and a published month never changes. Add a correction instead.');
    expect((await publishedMonth(t.db, '2026-11')).noteHtml).toContain('November.');
  });

  it('needs a note of reasonable length', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const blank = await publishMonth(t.db, staff, { month: '2026-10', note: '   ' }, options).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(ValidationError);
    expect((blank as ValidationError).fields).toEqual({ note: 'Please write a short note for the month.' });
    await expect(publishMonth(t.db, staff, { month: '2026-10', note: 'x'.repeat(4001) }, options)).rejects.toBeInstanceOf(ValidationError);
  });

  it('is for staff only', async () => {
    const member = await makeUser(t.db);
    await expect(publishMonth(t.db, null, { month: '2026-10', note: 'Hi.' }, options)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(publishMonth(t.db, member, { month: '2026-10', note: 'Hi.' }, options)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(previewMonth(t.db, member, { month: '2026-10', note: 'Hi.' }, options)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addCorrection(t.db, member, { month: '2026-10', note: 'Hi.' }, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(staffReportMonths(t.db, member, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.selectFrom('report_months').select('month').execute()).toEqual([]);
  });

  it('takes last month’s figures from its published snapshot', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const september = await publishMonth(t.db, staff, { month: '2026-09', note: 'September.' }, options);
    // A snapshot edited by hand shows which figures October compares with.
    const frozen = JSON.parse(september.snapshot);
    frozen.figures.tickets.received = { value: 40, n: 40, unit: 'count', previous: null, change: null };
    await t.db
      .updateTable('report_months')
      .set({ snapshot: JSON.stringify(frozen) })
      .where('month', '=', '2026-09')
      .execute();
    const october = await previewMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options);
    // The placeholder metrics ignore `previous`, the real ones copy it: either way nothing else is computed for September.
    expect(october.report.month).toBe('2026-10');
    expect(october.trend.at(-1)!.month).toBe('2026-10');
    expect(october.trend.at(-2)!.month).toBe('2026-09');
  });
});

describe('corrections', () => {
  it('appends dated notes to a published month, oldest first, and leaves the figures alone', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const published = await publishMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options);
    await expect(addCorrection(t.db, staff, { month: '2026-09', note: 'Nope.' }, NOW)).rejects.toThrow(
      'September 2026 is not published yet: publish it before correcting it.',
    );
    await addCorrection(t.db, staff, { month: '2026-10', note: 'The *solved* count missed one day.' }, NOW + 1000);
    await addCorrection(t.db, staff, { month: '2026-10', note: 'A second note.' }, NOW + 2000);
    const read = await publishedMonth(t.db, '2026-10');
    expect(read.corrections.map((c) => c.createdAt)).toEqual([NOW + 1000, NOW + 2000]);
    expect(read.corrections[0]!.noteHtml).toContain('<em>solved</em>');
    expect(read.snapshot).toBe(published.snapshot);
    expect((await staffReportMonths(t.db, staff, NOW)).find((m) => m.month === '2026-10')).toMatchObject({ corrections: 2, publishedAt: NOW });
  });
});

describe('previews', () => {
  it('is the page as it will be, and stores nothing', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const preview = await previewMonth(t.db, staff, { month: '2026-10', note: 'We hired **two** people.' }, options);
    expect(preview.noteHtml).toContain('<strong>two</strong>');
    expect(preview.publishedAt).toBeNull();
    expect(preview.report.month).toBe('2026-10');
    expect(await t.db.selectFrom('report_months').select('month').execute()).toEqual([]);
    const published = await publishMonth(t.db, staff, { month: '2026-10', note: 'We hired **two** people.' }, options);
    expect(published.report).toEqual(preview.report);
    expect(published.noteHtml).toBe(preview.noteHtml);
    await expect(previewMonth(t.db, staff, { month: '2026-10', note: 'Again.' }, options)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('reading the report', () => {
  it('lists the archive newest first, and /report shows the latest month', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    expect(await reportHome(t.db)).toEqual({ latest: null, archive: [] });
    await publishMonth(t.db, staff, { month: '2026-09', note: 'September.' }, options);
    await publishMonth(t.db, staff, { month: '2026-11', note: 'November.' }, options);
    const archive = await reportArchive(t.db);
    expect(archive.map((a) => [a.month, a.label])).toEqual([
      ['2026-11', 'November 2026'],
      ['2026-09', 'September 2026'],
    ]);
    const home = await reportHome(t.db);
    expect(home.latest!.report.month).toBe('2026-11');
    expect(home.latest!.noteHtml).toContain('November.');
  });

  it('builds 12-month trends from the published months, oldest first, with gaps where none is published', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    await publishMonth(t.db, staff, { month: '2026-08', note: 'August.' }, options);
    await publishMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options);
    const page = await publishedReportPage(t.db, '2026-10');
    expect(page.trend.map((p) => p.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(page.trend.every((p) => !p.provisional)).toBe(true);
    expect(page.trend.filter((p) => p.published).map((p) => p.month)).toEqual(['2026-08', '2026-10']);
  });

  it('answers NotFoundError for a month not published', async () => {
    await expect(publishedMonth(t.db, '2026-10')).rejects.toThrow(new NotFoundError('The report for October 2026 is not published.'));
    await expect(publishedMonth(t.db, 'latest')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('computes the live month as provisional, cached for a minute', async () => {
    const live = await liveMonth(t.db, options);
    expect(live.month).toBe('2026-12');
    expect(live.provisional).toBe(true);
    expect(await liveMonth(t.db, { ...options, now: NOW + 30_000 })).toBe(live);
    const later = await liveMonth(t.db, { ...options, now: NOW + 61_000 });
    expect(later).not.toBe(live);
    const page = await liveReportPage(t.db, options);
    expect(page.trend.at(-1)).toMatchObject({ month: '2026-12', provisional: true });
  });

  it('writes the CSV with the month, the definitions version and one row per figure', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { report } = await publishMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options);
    const lines = reportCsv(report).split('\r\n');
    expect(lines[0]).toBe('key,label,value,unit,n,previous,change');
    expect(lines[1]).toBe('month,Month (UTC),2026-10,text,,,');
    expect(lines[2]).toBe(`definitionsVersion,Definitions version,${DEFINITIONS_VERSION},text,,,`);
    const received = report.figures.tickets.received;
    expect(lines).toContain(
      `tickets.received,Tickets received,${received.value ?? ''},count,${received.n},${received.previous ?? ''},${received.change ?? ''}`,
    );
    expect(lines.at(-1)).toBe('');
  });

  it('reads a month published under older definitions, without a figure added since, as "not enough data"', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { report } = await publishMonth(t.db, staff, { month: '2026-10', note: 'October.' }, options);
    const older = JSON.parse(JSON.stringify(report)) as MonthReport;
    delete (older.figures.selfService as Partial<MonthReport['figures']['selfService']>).score;
    const lines = reportCsv(older).split('\r\n');
    expect(lines).toContain('selfService.score,Self-service score (help views per ticket),,count,0,,');
  });
});

describe('the staff list', () => {
  it('lists the last 24 closed months newest first and each one with its published page', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    await publishMonth(t.db, staff, { month: '2026-11', note: 'November.' }, options);
    const months = await staffReportMonths(t.db, staff, NOW);
    expect(months).toHaveLength(24);
    expect(months[0]).toEqual({ month: '2026-11', label: 'November 2026', publishedAt: NOW, corrections: 0 });
    expect(months[1]).toEqual({ month: '2026-10', label: 'October 2026', publishedAt: null, corrections: 0 });
    expect(months.at(-1)!.month).toBe('2024-12');
    expect(await staffReportMonth(t.db, staff, '2026-10', NOW)).toEqual({ month: '2026-10', label: 'October 2026', published: null });
    expect((await staffReportMonth(t.db, staff, '2026-11', NOW)).published!.noteHtml).toContain('November.');
    await expect(staffReportMonth(t.db, staff, '2026-12', NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(staffReportMonth(t.db, await makeUser(t.db), '2026-10', NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('the demo seed step', () => {
  it('publishes the last six closed months with the notes, oldest first, once', async () => {
    await seedPeople(t.db, NOW);
    const ctx = { db: t.db, random: createRandom(1), now: NOW, log: () => {} };
    expect(await seedReport(ctx)).toBe('6 months published');
    expect(await seedReport(ctx)).toBe('0 months published');
    const rows = await t.db.selectFrom('report_months').select(['month', 'note_source', 'published_at']).orderBy('month', 'desc').execute();
    expect(rows.map((r) => r.month)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06']);
    expect(rows.map((r) => r.note_source)).toEqual(reportNotes);
    // Three days after each month ended (10:00 UTC), never after the seed's clock.
    expect(rows.map((r) => Number(r.published_at))).toEqual([
      NOW,
      Date.UTC(2026, 10, 4, 10),
      Date.UTC(2026, 9, 4, 10),
      Date.UTC(2026, 8, 4, 10),
      Date.UTC(2026, 7, 4, 10),
      Date.UTC(2026, 6, 4, 10),
    ]);
  });
});
