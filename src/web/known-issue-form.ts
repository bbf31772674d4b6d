// The staff known-issue forms (/staff/known-issues/new and an issue's staff
// page) as plain form fields and back: times typed in UTC as "2026-12-02T14:00"
// (what a datetime-local input sends), one checkbox per affected area
// ("area:calendar sync") and per help article ("article:calendar-sync/fix-…"),
// the GitHub issue as "owner/repo#123" or its address. The schemas say per field
// what is wrong, all at once; the known-issues module checks again before saving.
import { z } from 'zod';
import {
  AREAS_MAX,
  ARTICLES_MAX,
  MESSAGE_MAX,
  SUMMARY_MAX,
  TITLE_MAX,
  WORKAROUND_MAX,
  type KnownIssueDetails,
  type NewKnownIssue,
  type StaffKnownIssue,
  type UpdateInput,
} from '@/server/known-issues/known-issues';
import { knownIssueKinds, knownIssueSeverities, knownIssueStatuses } from '@/server/known-issues/model';
import type { FormValues } from '@/web/forms';

export const AREA_FIELD = 'area:';
export const ARTICLE_FIELD = 'article:';

/** What the form offers; anything else posted is refused (a stale form, or a crafted post). */
export interface KnownIssueFormChoices {
  areas: readonly string[];
  ownerIds: readonly number[];
  /** Help articles as "category/slug". */
  articleSlugs: readonly string[];
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?Z?$/;

/** "2026-12-02T14:00" (UTC) → ms; null when empty; undefined when it is no real date and time. */
export function utcInputToMs(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = UTC_INPUT.exec(trimmed);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March and 25:00 into the next day: refuse what does not come back the same.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute
  )
    return undefined;
  return ms;
}

/** ms → "2026-12-02T14:00" (UTC), the value a datetime-local input shows; "" for null. */
export function msToUtcInput(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toISOString().slice(0, 16);
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * "fieldnote/fieldnote#812", "fieldnote/fieldnote 812" or
 * "https://github.com/fieldnote/fieldnote/issues/812" → repo and number;
 * null when empty; undefined when it is neither.
 */
export function parseGithubIssue(text: string): { repo: string; number: number } | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match =
    /^(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\/issues\/(\d{1,9})\/?(?:[?#].*)?$/i.exec(trimmed) ??
    /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\s*(?:#|\s)\s*(\d{1,9})$/.exec(trimmed);
  if (!match || !REPO.test(match[1]!)) return undefined;
  const number = Number(match[2]);
  return number > 0 ? { repo: match[1]!, number } : undefined;
}

export function githubIssueText(repo: string | null, number: number | null): string {
  return repo !== null && number !== null ? `${repo}#${number}` : '';
}

/** The keys after a prefix of the checkboxes that were checked ("area:billing" → "billing"). */
function checked(values: FormValues, prefix: string): string[] {
  return Object.keys(values)
    .filter((key) => key.startsWith(prefix) && values[key] !== undefined)
    .map((key) => key.slice(prefix.length));
}

/** The form's fields for a new issue: an incident, owned by `ownerId`, investigating. */
export function newKnownIssueFormValues(ownerId: number | null): FormValues {
  return {
    kind: 'incident',
    title: '',
    summary: '',
    ownerId: ownerId === null ? '' : String(ownerId),
    status: 'investigating',
    message: '',
    workaround: '',
    etaAt: '',
    startsAt: '',
    endsAt: '',
    github: '',
  };
}

/** The edit form's fields filled from the issue, with the version it was shown at. */
export function knownIssueFormValues(issue: StaffKnownIssue): FormValues {
  const values: FormValues = {
    kind: issue.kind,
    title: issue.title,
    summary: issue.summary,
    severity: issue.severity,
    ownerId: issue.ownerId === null ? '' : String(issue.ownerId),
    workaround: issue.workaroundSource,
    etaAt: msToUtcInput(issue.etaAt),
    startsAt: msToUtcInput(issue.startsAt),
    endsAt: msToUtcInput(issue.endsAt),
    github: githubIssueText(issue.githubRepo, issue.githubIssueNumber),
    version: String(issue.version),
  };
  for (const area of issue.areas) values[`${AREA_FIELD}${area}`] = 'on';
  for (const slug of issue.articleSlugs) values[`${ARTICLE_FIELD}${slug}`] = 'on';
  return values;
}

type Ctx = z.core.$RefinementCtx;
const fail = (ctx: Ctx, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });

function readDetails(values: FormValues, choices: KnownIssueFormChoices, ctx: Ctx): KnownIssueDetails {
  const text = (name: string) => values[name] ?? '';
  const kind = knownIssueKinds.find((k) => k === text('kind'));
  if (!kind) fail(ctx, 'kind', 'Choose incident or planned maintenance.');
  const title = text('title').trim();
  if (title.length < 5) fail(ctx, 'title', 'Give the issue a title of at least 5 characters.');
  else if (title.length > TITLE_MAX) fail(ctx, 'title', `Keep the title under ${TITLE_MAX} characters.`);
  const summary = text('summary').trim();
  if (summary.length < 10) fail(ctx, 'summary', 'Write a one- or two-sentence summary customers will understand.');
  else if (summary.length > SUMMARY_MAX) fail(ctx, 'summary', `Keep the summary under ${SUMMARY_MAX} characters.`);
  const severity = knownIssueSeverities.find((s) => s === text('severity'));
  if (!severity) fail(ctx, 'severity', 'Choose a severity.');

  const areas = checked(values, AREA_FIELD);
  if (areas.length === 0) fail(ctx, 'areas', 'Choose at least one affected area.');
  else if (areas.some((a) => !choices.areas.includes(a))) fail(ctx, 'areas', 'Choose the affected areas from the list.');
  else if (areas.length > AREAS_MAX) fail(ctx, 'areas', `Choose at most ${AREAS_MAX} areas.`);

  let ownerId: number | null = null;
  if (text('ownerId') !== '') {
    const id = Number(text('ownerId'));
    if (!Number.isSafeInteger(id) || !choices.ownerIds.includes(id)) fail(ctx, 'ownerId', 'Choose the owner from the staff list.');
    else ownerId = id;
  }

  const workaround = text('workaround').trim();
  if (workaround.length > WORKAROUND_MAX) fail(ctx, 'workaround', `Keep the workaround under ${WORKAROUND_MAX.toLocaleString('en')} characters.`);

  const time = (name: string, what: string) => {
    const ms = utcInputToMs(text(name));
    if (ms === undefined) fail(ctx, name, `Enter the ${what} as a date and a time in UTC, like 2026-12-02T14:00.`);
    return ms ?? null;
  };
  const etaAt = time('etaAt', 'ETA');
  // The window is asked only of planned maintenance; an incident ignores what is in those fields.
  let startsAt: number | null = null;
  let endsAt: number | null = null;
  if (kind === 'maintenance') {
    startsAt = time('startsAt', 'start');
    endsAt = time('endsAt', 'end');
    if (startsAt === null && utcInputToMs(text('startsAt')) === null) fail(ctx, 'startsAt', 'Planned maintenance needs a start time.');
    if (endsAt === null && utcInputToMs(text('endsAt')) === null) fail(ctx, 'endsAt', 'Planned maintenance needs an end time.');
    if (startsAt !== null && endsAt !== null && endsAt <= startsAt) fail(ctx, 'endsAt', 'The maintenance must end after it starts.');
  }

  const github = parseGithubIssue(text('github'));
  if (github === undefined) fail(ctx, 'github', 'Write the GitHub issue as owner/repo#123, like fieldnote/fieldnote#812, or paste its address.');

  const articleSlugs = checked(values, ARTICLE_FIELD);
  if (articleSlugs.some((slug) => !choices.articleSlugs.includes(slug))) fail(ctx, 'articles', 'Choose the help articles from the list.');
  else if (articleSlugs.length > ARTICLES_MAX) fail(ctx, 'articles', `Link at most ${ARTICLES_MAX} help articles.`);

  return {
    kind: kind ?? 'incident',
    title,
    summary,
    severity: severity ?? 'minor',
    areas,
    ownerId,
    workaround,
    etaAt,
    startsAt,
    endsAt,
    githubRepo: github?.repo ?? null,
    githubIssueNumber: github?.number ?? null,
    articleSlugs,
  };
}

function readUpdate(values: FormValues, ctx: Ctx): UpdateInput {
  const status = knownIssueStatuses.find((s) => s === values.status);
  if (!status) fail(ctx, 'status', 'Choose a status.');
  const message = (values.message ?? '').trim();
  if (message.length < 5) fail(ctx, 'message', 'Write an update of at least 5 characters.');
  else if (message.length > MESSAGE_MAX) fail(ctx, 'message', `Keep the update under ${MESSAGE_MAX.toLocaleString('en')} characters.`);
  return { status: status ?? 'investigating', message };
}

// Every field is checked in one pass (not field by field with zod's object
// schema, which stops at the first wrong one for the checks that span fields),
// so the form shows every message at once.
const formValues = z.record(z.string(), z.string());

/** The new-issue form → NewKnownIssue. */
export function newKnownIssueSchema(choices: KnownIssueFormChoices) {
  return formValues.transform((values, ctx): NewKnownIssue => ({ ...readDetails(values, choices, ctx), ...readUpdate(values, ctx) }));
}

/** The "Edit details" form → the details and the version the form was shown at. */
export function knownIssueDetailsSchema(choices: KnownIssueFormChoices) {
  return formValues.transform((values, ctx): { details: KnownIssueDetails; version: number } => {
    const details = readDetails(values, choices, ctx);
    const version = Number(values.version ?? '');
    if ((values.version ?? '') === '' || !Number.isSafeInteger(version) || version < 0)
      fail(ctx, '_form', 'The form lost track of the version it showed. Reload the page and make the change again.');
    return { details, version };
  });
}

/** The "Post an update" form → status and message. */
export const knownIssueUpdateSchema = formValues.transform((values, ctx) => readUpdate(values, ctx));
