// Publishing the happiness report (issue 14). A closed month is published once
// by staff: its figures are computed, frozen as the exact JSON text that
// /report/<YYYY-MM>.json serves (byte for byte) together with the definitions'
// version, and never computed again, so later changes to tickets never change
// a published month. Re-publishing is refused; a correction is a dated note
// appended to the month. The live month (the month so far) is computed on
// demand and cached in memory for a minute.
//
// Month-over-month: a month's "previous" figures are last month's published
// snapshot when last month is published (so the change shown agrees with the
// page people read last month), computed otherwise.
//
// Trends (12 months) come from published snapshots only (plus the live month
// on /report/live): they are frozen like the months themselves, cost no
// computation, and never show a figure the archive does not.
import type { DB } from '@db/connection';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, ValidationError } from '@/server/errors';
import { config } from '@/config';
import { renderUserMarkdown } from '@/server/markdown';
import { siteSettings } from '@/server/settings/settings';
import { computeMonth } from './metrics';
import { addMonths, closedMonths, isClosedMonth, isMonthKey, monthLabel, monthOf, monthRange, previousMonth, type MonthKey } from './months';
import type { MonthFigures, MonthReport } from './types';

/** The longest note or correction staff may write (Markdown source). */
export const NOTE_MAX = 4000;
/** Months in a trend chart. */
export const TREND_MONTHS = 12;
/** Closed months listed on /staff/report. */
export const STAFF_MONTHS = 24;
/** How long the live month is cached in memory. */
export const LIVE_CACHE_MS = 60_000;

export interface Correction {
  noteHtml: string;
  createdAt: number;
}

export interface PublishedMonth {
  month: MonthKey;
  report: MonthReport;
  /** The frozen snapshot: the exact text /report/<month>.json serves. */
  snapshot: string;
  noteHtml: string;
  publishedAt: number;
  corrections: Correction[];
}

/** One month of a trend chart (null: not enough data, or not published). */
export interface TrendPoint {
  month: MonthKey;
  /** Median first response, wall-clock minutes. */
  firstResponseMedian: number | null;
  /** Share of ratings that were "great" (0–1). */
  happiness: number | null;
  /** Help views per ticket received. */
  selfServiceScore: number | null;
  provisional: boolean;
  /** False for a month with no published report (its figures are null). */
  published: boolean;
}

export interface ArchiveEntry {
  month: MonthKey;
  label: string;
  publishedAt: number;
  ticketsReceived: number | null;
  firstResponseMedian: number | null;
  happiness: number | null;
}

export interface ReportOptions {
  now: number;
  /** The site settings' category tags; read from the settings when absent (pages pass nothing). */
  categoryTags?: readonly string[] | undefined;
}

/** The options with the category tags filled in from the site settings. */
async function withTags(db: DB, options: ReportOptions): Promise<{ now: number; categoryTags: readonly string[] }> {
  return { now: options.now, categoryTags: options.categoryTags ?? (await siteSettings(db, config())).categoryTags };
}

/** What a report page shows: the month, its note and corrections, and the trends up to it. */
export interface ReportPage {
  report: MonthReport;
  noteHtml: string;
  corrections: Correction[];
  /** Null for the live month and a preview. */
  publishedAt: number | null;
  trend: TrendPoint[];
}

/** The snapshot text: stable key order (as computed), two-space indent, a final newline. */
export function snapshotText(report: MonthReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function checkMonth(month: string): MonthKey {
  if (!isMonthKey(month)) throw new ValidationError('Please pick a month such as 2026-10.', { month: 'Please pick a month such as 2026-10.' });
  return month;
}

function renderNote(note: string, field = 'note'): { source: string; html: string } {
  const source = note.trim();
  if (source === '') throw new ValidationError('Please write a short note for the month.', { [field]: 'Please write a short note for the month.' });
  if (source.length > NOTE_MAX)
    throw new ValidationError(`The note is too long: at most ${NOTE_MAX.toLocaleString('en')} characters, please.`, {
      [field]: `At most ${NOTE_MAX.toLocaleString('en')} characters, please.`,
    });
  return { source, html: renderUserMarkdown(source) };
}

/** Refuses a month that is running, in the future, or already published. */
async function assertPublishable(db: DB, month: MonthKey, now: number): Promise<void> {
  if (!isClosedMonth(month, now)) {
    const message =
      monthOf(now) === month
        ? `${monthLabel(month)} is still running: a month can be published once it has ended.`
        : `${monthLabel(month)} is in the future: only a month that has ended can be published.`;
    throw new ValidationError(message, { month: message });
  }
  const existing = await db.selectFrom('report_months').select('month').where('month', '=', month).executeTakeFirst();
  if (existing) {
    const message = `${monthLabel(month)} is already published, and a published month never changes. Add a correction instead.`;
    throw new ValidationError(message, { month: message });
  }
}

/** Last month's frozen figures, when it is published. */
async function publishedFigures(db: DB, month: MonthKey): Promise<MonthFigures | undefined> {
  const row = await db.selectFrom('report_months').select('snapshot').where('month', '=', month).executeTakeFirst();
  return row ? (JSON.parse(row.snapshot) as MonthReport).figures : undefined;
}

async function computeWithPrevious(db: DB, month: MonthKey, options: ReportOptions): Promise<MonthReport> {
  const [previous, resolved] = await Promise.all([publishedFigures(db, previousMonth(month)), withTags(db, options)]);
  return computeMonth(db, month, { ...resolved, previous });
}

/** The moment a closed month is computed at: the publishing moment (counts only what happened by then). */
async function closedReport(db: DB, month: MonthKey, options: ReportOptions): Promise<MonthReport> {
  const report = await computeWithPrevious(db, month, options);
  return { ...report, provisional: false };
}

function trendPoint(report: MonthReport): TrendPoint {
  const f = report.figures;
  return {
    month: report.month,
    firstResponseMedian: f.firstResponse.median.value,
    happiness: f.happiness.great.value,
    selfServiceScore: f.selfService.score.value,
    provisional: report.provisional,
    published: !report.provisional,
  };
}

/** The 12 months ending with `last` (oldest first), from published snapshots; `extra` stands in for its month. */
async function trendUpTo(db: DB, last: MonthKey, extra?: MonthReport): Promise<TrendPoint[]> {
  const first = addMonths(last, -(TREND_MONTHS - 1));
  const rows = await db.selectFrom('report_months').select(['month', 'snapshot']).where('month', '>=', first).where('month', '<=', last).execute();
  const byMonth = new Map(rows.map((r) => [r.month, trendPoint(JSON.parse(r.snapshot) as MonthReport)]));
  if (extra) byMonth.set(extra.month, trendPoint(extra));
  return Array.from({ length: TREND_MONTHS }, (_, i) => {
    const month = addMonths(first, i);
    return byMonth.get(month) ?? { month, firstResponseMedian: null, happiness: null, selfServiceScore: null, provisional: false, published: false };
  });
}

async function correctionsOf(db: DB, month: MonthKey): Promise<Correction[]> {
  const rows = await db
    .selectFrom('report_corrections')
    .select(['note_html', 'created_at'])
    .where('month', '=', month)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ noteHtml: r.note_html, createdAt: Number(r.created_at) }));
}

/**
 * Publishes a closed month (staff: 'report.publish'): computes it, freezes the
 * snapshot with the note (Markdown, sanitized), and refuses a month already
 * published, still running, or in the future (ValidationError).
 */
export async function publishMonth(db: DB, user: SessionUser | null, input: { month: string; note: string }, options: ReportOptions): Promise<PublishedMonth> {
  assertCan(user, 'report.publish');
  const month = checkMonth(input.month);
  const note = renderNote(input.note);
  return db.transaction().execute(async (trx) => {
    await assertPublishable(trx, month, options.now);
    const report = await closedReport(trx, month, options);
    const snapshot = snapshotText(report);
    await trx
      .insertInto('report_months')
      .values({
        month,
        snapshot,
        definitions_version: report.definitionsVersion,
        note_source: note.source,
        note_html: note.html,
        published_by: user.id,
        published_at: options.now,
      })
      .execute();
    return { month, report, snapshot, noteHtml: note.html, publishedAt: options.now, corrections: [] };
  });
}

/** A dated correction appended to a published month (staff: 'report.publish'); the figures stay frozen. */
export async function addCorrection(db: DB, user: SessionUser | null, input: { month: string; note: string }, now: number): Promise<Correction> {
  assertCan(user, 'report.publish');
  const month = checkMonth(input.month);
  const note = renderNote(input.note, 'correction');
  const exists = await db.selectFrom('report_months').select('month').where('month', '=', month).executeTakeFirst();
  if (!exists) throw new ValidationError(`${monthLabel(month)} is not published yet: publish it before correcting it.`);
  await db.insertInto('report_corrections').values({ month, note_source: note.source, note_html: note.html, created_by: user.id, created_at: now }).execute();
  return { noteHtml: note.html, createdAt: now };
}

/** The page a month will be once published with this note, exactly (staff: 'report.publish'); nothing is stored. */
export async function previewMonth(db: DB, user: SessionUser | null, input: { month: string; note: string }, options: ReportOptions): Promise<ReportPage> {
  assertCan(user, 'report.publish');
  const month = checkMonth(input.month);
  const note = renderNote(input.note);
  await assertPublishable(db, month, options.now);
  const report = await closedReport(db, month, options);
  return { report, noteHtml: note.html, corrections: [], publishedAt: null, trend: await trendUpTo(db, month, report) };
}

async function readPublished(db: DB, month: MonthKey): Promise<PublishedMonth | undefined> {
  const row = await db.selectFrom('report_months').select(['month', 'snapshot', 'note_html', 'published_at']).where('month', '=', month).executeTakeFirst();
  if (!row) return undefined;
  return {
    month: row.month,
    report: JSON.parse(row.snapshot) as MonthReport,
    snapshot: row.snapshot,
    noteHtml: row.note_html,
    publishedAt: Number(row.published_at),
    corrections: await correctionsOf(db, month),
  };
}

/** A published month, or NotFoundError. Public. */
export async function publishedMonth(db: DB, month: string): Promise<PublishedMonth> {
  const found = isMonthKey(month) ? await readPublished(db, month) : undefined;
  if (!found) throw new NotFoundError(`The report for ${isMonthKey(month) ? monthLabel(month) : month} is not published.`);
  return found;
}

/** Every published month, newest first, with three headline figures. Public. */
export async function reportArchive(db: DB): Promise<ArchiveEntry[]> {
  const rows = await db.selectFrom('report_months').select(['month', 'snapshot', 'published_at']).orderBy('month', 'desc').execute();
  return rows.map((r) => {
    const f = (JSON.parse(r.snapshot) as MonthReport).figures;
    return {
      month: r.month,
      label: monthLabel(r.month),
      publishedAt: Number(r.published_at),
      ticketsReceived: f.tickets.received.value,
      firstResponseMedian: f.firstResponse.median.value,
      happiness: f.happiness.great.value,
    };
  });
}

/** A published month's page: the frozen month, its note and corrections, and the trends up to it. NotFoundError when unpublished. */
export async function publishedReportPage(db: DB, month: string): Promise<ReportPage> {
  const published = await publishedMonth(db, month);
  return {
    report: published.report,
    noteHtml: published.noteHtml,
    corrections: published.corrections,
    publishedAt: published.publishedAt,
    trend: await trendUpTo(db, published.month),
  };
}

/** /report: the latest published month's page (null before the first) and the archive. */
export async function reportHome(db: DB): Promise<{ latest: ReportPage | null; archive: ArchiveEntry[] }> {
  const archive = await reportArchive(db);
  const newest = archive[0];
  return { latest: newest ? await publishedReportPage(db, newest.month) : null, archive };
}

const liveCache = new Map<string, { expires: number; report: Promise<MonthReport> }>();

/** Forgets the cached live month (tests, and after publishing). */
export function clearLiveCache(): void {
  liveCache.clear();
}

/** The month so far, provisional; cached in memory for LIVE_CACHE_MS. Public. */
export async function liveMonth(db: DB, options: ReportOptions): Promise<MonthReport> {
  const month = monthOf(options.now);
  const tags = options.categoryTags ?? (await siteSettings(db, config())).categoryTags;
  const key = `${month}|${tags.join(',')}`;
  const hit = liveCache.get(key);
  if (hit && hit.expires > options.now) return hit.report;
  const report = computeWithPrevious(db, month, { now: options.now, categoryTags: tags }).then((r) => ({ ...r, provisional: true }));
  liveCache.set(key, { expires: options.now + LIVE_CACHE_MS, report });
  report.catch(() => liveCache.delete(key));
  return report;
}

/** /report/live: the month so far and the trends with it as the last point. Public. */
export async function liveReportPage(db: DB, options: ReportOptions): Promise<ReportPage> {
  const report = await liveMonth(db, options);
  return { report, noteHtml: '', corrections: [], publishedAt: null, trend: await trendUpTo(db, report.month, report) };
}

export interface StaffReportMonth {
  month: MonthKey;
  label: string;
  /** Null: not published yet. */
  publishedAt: number | null;
  corrections: number;
}

/** /staff/report: the last closed months, newest first, published or not (staff: 'report.publish'). */
export async function staffReportMonths(db: DB, user: SessionUser | null, now: number): Promise<StaffReportMonth[]> {
  assertCan(user, 'report.publish');
  const months = closedMonths(now, STAFF_MONTHS);
  const oldest = monthRange(months[months.length - 1]!).from;
  const rows = await db
    .selectFrom('report_months')
    .leftJoin('report_corrections', 'report_corrections.month', 'report_months.month')
    .select(['report_months.month', 'report_months.published_at'])
    .select((eb) => eb.fn.count<number>('report_corrections.id').as('corrections'))
    .where('report_months.month', '>=', monthOf(oldest))
    .groupBy(['report_months.month', 'report_months.published_at'])
    .execute();
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return months.map((month) => {
    const row = byMonth.get(month);
    return { month, label: monthLabel(month), publishedAt: row ? Number(row.published_at) : null, corrections: row ? Number(row.corrections) : 0 };
  });
}

/** One closed month on /staff/report/<month>, with its published page when published (staff: 'report.publish'); NotFoundError for a month not yet ended. */
export async function staffReportMonth(
  db: DB,
  user: SessionUser | null,
  month: string,
  now: number,
): Promise<{ month: MonthKey; label: string; published: PublishedMonth | null }> {
  assertCan(user, 'report.publish');
  if (!isMonthKey(month) || !isClosedMonth(month, now)) throw new NotFoundError('Only a month that has ended can be published.');
  return { month, label: monthLabel(month), published: (await readPublished(db, month)) ?? null };
}
