// PLACEHOLDER (issue 14, lead): the report-pages helper replaces this file.
// Publishing a closed month (a frozen snapshot), corrections, the archive,
// and reading a published or live month. Signatures below stay.
import type { DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import type { MonthKey } from './months';
import type { MonthReport } from './types';

export interface PublishedMonth {
  month: MonthKey;
  report: MonthReport;
  noteHtml: string;
  publishedAt: number;
  corrections: { noteHtml: string; createdAt: number }[];
}

/**
 * Publishes a closed month (staff: 'report.publish'): computes it, freezes the
 * snapshot with the note (Markdown, sanitized), and refuses a month already
 * published, still running, or in the future (ValidationError).
 */
export async function publishMonth(
  _db: DB,
  _user: SessionUser | null,
  _input: { month: MonthKey; note: string },
  _options: { now: number; categoryTags: readonly string[] },
): Promise<PublishedMonth> {
  throw new Error('not built yet');
}

/** A published month, or NotFoundError. Public. */
export async function publishedMonth(_db: DB, _month: MonthKey): Promise<PublishedMonth> {
  throw new Error('not built yet');
}
