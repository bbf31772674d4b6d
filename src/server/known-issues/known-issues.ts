// Known issues, the writes and the staff reads: staff post an issue (an
// incident, or planned maintenance with its window), edit its details, and
// post timeline updates that move its status. Every update is rendered once,
// emails the followers, tells linked tickets' requesters when it is fixed,
// records the search index change, and drops the board caches — all in the
// transaction that writes it. Only staff may (checked here, for every caller).
import { withTransaction, type DB } from '@db/connection';
import type { KnownIssuesTable } from '@db/schema';
import type { Selectable } from 'kysely';
import { assertCan } from '@/server/accounts/authorization';
import { staffMember } from '@/server/accounts/staff';
import type { SessionUser } from '@/server/accounts/sessions';
import type { SiteContext } from '@/server/email/templates';
import { ConflictError, NotFoundError, ValidationError } from '@/server/errors';
import { renderUserMarkdown, slugifyHeading } from '@/server/markdown';
import { recordIndexChange, searchDocId } from '@search/indexer';
import { notifyFollowers } from './followers';
import { notifyLinkedRequestersOfFix } from './linked-tickets';
import { areasOf } from './board';
import { markPlaybookStep } from './playbook';
import {
  isOpenStatus,
  knownIssueKinds,
  knownIssueSeverities,
  knownIssueStatuses,
  severityRank,
  updateDueAt,
  knownIssuesChanged,
  type KnownIssueKind,
  type KnownIssueSeverity,
  type KnownIssueStatus,
  type UpdateCadence,
} from './model';

export const TITLE_MAX = 140;
export const SUMMARY_MAX = 400;
export const MESSAGE_MAX = 10_000;
export const WORKAROUND_MAX = 10_000;
export const AREAS_MAX = 10;
export const ARTICLES_MAX = 10;

export type KnownIssueRow = Selectable<KnownIssuesTable>;

/** What staff type for an issue (the details; the status moves through updates). */
export interface KnownIssueDetails {
  kind: KnownIssueKind;
  title: string;
  summary: string;
  severity: KnownIssueSeverity;
  /** Affected areas: labels from the site settings' teams (the page offers those). */
  areas: string[];
  ownerId: number | null;
  /** Markdown; "" when there is none. */
  workaround: string;
  etaAt: number | null;
  /** Planned maintenance only: its window. */
  startsAt: number | null;
  endsAt: number | null;
  /** "owner/repo" and number of the GitHub issue that tracks the fix, or null. */
  githubRepo: string | null;
  githubIssueNumber: number | null;
  /** Help articles affected, as the help hub names them ("calendar-sync/fix-calendar-sync-errors"). */
  articleSlugs: string[];
}

export interface NewKnownIssue extends KnownIssueDetails {
  status: KnownIssueStatus;
  /** The first timeline update (Markdown). */
  message: string;
}

export interface UpdateInput {
  status: KnownIssueStatus;
  /** Markdown. */
  message: string;
}

/** The owner must be an active staff member (they get the "update due" emails). */
async function checkOwner(db: DB, ownerId: number | null, now: number): Promise<void> {
  if (ownerId !== null && !(await staffMember(db, ownerId, now)))
    throw new ValidationError('Some details need another look; nothing was saved.', { ownerId: 'Choose an owner from the staff list.' });
}

function checkDetails(d: KnownIssueDetails): void {
  const fields: Record<string, string> = {};
  if (!knownIssueKinds.includes(d.kind)) fields.kind = 'Choose incident or planned maintenance.';
  if (d.title.trim().length < 5) fields.title = 'Give the issue a title of at least 5 characters.';
  else if (d.title.length > TITLE_MAX) fields.title = `Keep the title under ${TITLE_MAX} characters.`;
  if (d.summary.trim().length < 10) fields.summary = 'Write a one- or two-sentence summary customers will understand.';
  else if (d.summary.length > SUMMARY_MAX) fields.summary = `Keep the summary under ${SUMMARY_MAX} characters.`;
  if (!knownIssueSeverities.includes(d.severity)) fields.severity = 'Choose a severity.';
  if (d.areas.length === 0) fields.areas = 'Choose at least one affected area.';
  else if (d.areas.length > AREAS_MAX || d.areas.some((a) => a.trim() === '' || a.length > 60)) fields.areas = 'Choose the affected areas from the list.';
  if (d.workaround.length > WORKAROUND_MAX) fields.workaround = `Keep the workaround under ${WORKAROUND_MAX.toLocaleString('en')} characters.`;
  if (d.kind === 'maintenance') {
    if (d.startsAt === null) fields.startsAt = 'Planned maintenance needs a start time.';
    if (d.endsAt === null) fields.endsAt = 'Planned maintenance needs an end time.';
    else if (d.startsAt !== null && d.endsAt <= d.startsAt) fields.endsAt = 'The maintenance must end after it starts.';
  }
  if ((d.githubRepo === null) !== (d.githubIssueNumber === null)) fields.github = 'Give both the repository and the issue number, or neither.';
  else if (d.githubRepo !== null && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(d.githubRepo))
    fields.github = 'Write the repository as owner/name, like fieldnote/fieldnote.';
  if (d.articleSlugs.length > ARTICLES_MAX) fields.articles = `Link at most ${ARTICLES_MAX} help articles.`;
  if (Object.keys(fields).length > 0) throw new ValidationError('Some details need another look; nothing was saved.', fields);
}

function checkMessage(message: string, field = 'message'): string {
  const text = message.trim();
  if (text.length < 5) throw new ValidationError('Write what changed for customers.', { [field]: 'Write an update of at least 5 characters.' });
  if (text.length > MESSAGE_MAX)
    throw new ValidationError('The update is too long.', { [field]: `Keep the update under ${MESSAGE_MAX.toLocaleString('en')} characters.` });
  return text;
}

function checkStatus(status: KnownIssueStatus): void {
  if (!knownIssueStatuses.includes(status)) throw new ValidationError('Choose a status.', { status: 'Choose one of the statuses.' });
}

const unique = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter((s) => s !== ''))];

/** The slug for a title, with -2, -3 … when it is taken. */
async function freeSlug(db: DB, title: string): Promise<string> {
  const base = slugifyHeading(title).slice(0, 80).replace(/-+$/, '') || 'known-issue';
  const taken = new Set(
    (
      await db
        .selectFrom('known_issues')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function writeAreasAndArticles(trx: DB, issueId: number, d: KnownIssueDetails): Promise<void> {
  await trx.deleteFrom('known_issue_areas').where('known_issue_id', '=', issueId).execute();
  const areas = unique(d.areas);
  if (areas.length > 0)
    await trx
      .insertInto('known_issue_areas')
      .values(areas.map((area) => ({ known_issue_id: issueId, area })))
      .execute();
  await trx.deleteFrom('known_issue_articles').where('known_issue_id', '=', issueId).execute();
  const slugs = unique(d.articleSlugs);
  if (slugs.length > 0)
    await trx
      .insertInto('known_issue_articles')
      .values(slugs.map((article_slug) => ({ known_issue_id: issueId, article_slug })))
      .execute();
}

function detailColumns(d: KnownIssueDetails) {
  const workaround = d.workaround.trim();
  return {
    kind: d.kind,
    title: d.title.trim(),
    summary: d.summary.trim(),
    severity: d.severity,
    owner_id: d.ownerId,
    workaround_source: workaround,
    workaround_html: workaround === '' ? '' : renderUserMarkdown(workaround),
    eta_at: d.etaAt,
    starts_at: d.kind === 'maintenance' ? d.startsAt : null,
    ends_at: d.kind === 'maintenance' ? d.endsAt : null,
    github_repo: d.githubRepo,
    github_issue_number: d.githubIssueNumber,
  };
}

/**
 * Posts a new known issue with its first timeline update. A major or critical
 * incident opens the incident playbook: "post to the board" and "banner on"
 * are done by posting it.
 */
export async function createKnownIssue(db: DB, user: SessionUser | null, input: NewKnownIssue, now = Date.now()): Promise<{ id: number; slug: string }> {
  assertCan(user, 'known_issues.manage');
  checkDetails(input);
  checkStatus(input.status);
  const message = checkMessage(input.message);
  await checkOwner(db, input.ownerId, now);
  const created = await withTransaction(db, async (trx) => {
    const slug = await freeSlug(trx, input.title);
    const row = await trx
      .insertInto('known_issues')
      .values({
        ...detailColumns(input),
        slug,
        status: input.status,
        created_by: user.id,
        created_at: now,
        updated_at: now,
        last_update_at: now,
        fixed_at: input.status === 'fixed' ? now : null,
        update_due_notified_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAreasAndArticles(trx, row.id, input);
    await trx
      .insertInto('known_issue_updates')
      .values({
        known_issue_id: row.id,
        status: input.status,
        message_source: message,
        message_html: renderUserMarkdown(message),
        author_id: user.id,
        created_at: now,
      })
      .execute();
    if (input.kind === 'incident' && input.severity !== 'minor') {
      await markPlaybookStep(trx, row.id, 'post', user.id, now);
      if (isOpenStatus(input.status)) await markPlaybookStep(trx, row.id, 'banner', user.id, now);
    }
    await recordIndexChange(trx, searchDocId('known_issue', row.id), 'upsert', now);
    return { id: row.id, slug };
  });
  knownIssuesChanged();
  return created;
}

/**
 * Changes an issue's details (not its status: that moves by an update).
 * `expectedVersion` is the version the form showed; an older one means someone
 * else changed it meanwhile, and nothing is saved.
 */
export async function editKnownIssue(
  db: DB,
  user: SessionUser | null,
  issueId: number,
  details: KnownIssueDetails,
  expectedVersion: number | null,
  now = Date.now(),
): Promise<void> {
  assertCan(user, 'known_issues.manage');
  checkDetails(details);
  await checkOwner(db, details.ownerId, now);
  await withTransaction(db, async (trx) => {
    const issue = await trx.selectFrom('known_issues').select(['id', 'version', 'kind', 'severity', 'status']).where('id', '=', issueId).executeTakeFirst();
    if (!issue) throw new NotFoundError('No such known issue.');
    if (expectedVersion !== null && issue.version !== expectedVersion)
      throw new ConflictError('Someone else changed this issue while you were editing. Check their change and save again.');
    await trx
      .updateTable('known_issues')
      .set({ ...detailColumns(details), updated_at: now, version: issue.version + 1 })
      .where('id', '=', issueId)
      .execute();
    await writeAreasAndArticles(trx, issueId, details);
    // Raised to major or critical: the banner comes on with it.
    if (details.kind === 'incident' && details.severity !== 'minor' && isOpenStatus(issue.status)) await markPlaybookStep(trx, issueId, 'banner', user.id, now);
    await recordIndexChange(trx, searchDocId('known_issue', issueId), 'upsert', now);
  });
  knownIssuesChanged();
}

/**
 * Posts a timeline update: by staff (`user`), or by the GitHub integration
 * (`user` null with `source: 'github'`). Staff may move to any status, back as
 * well as forward (a fix that did not hold goes back to "fixing"), or keep the
 * status for a progress note. Reaching "fixed" stamps fixed_at and tells the
 * linked tickets' requesters; moving back from it clears fixed_at. An update
 * does not change the details' version, so an edit form open meanwhile still
 * saves. Runs in `db`'s transaction when it is one.
 */
export async function postUpdate(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  issueId: number,
  input: UpdateInput,
  now = Date.now(),
  options: { source?: 'staff' | 'github' } = {},
): Promise<{ updateId: number }> {
  const source = options.source ?? 'staff';
  if (source === 'staff') assertCan(user, 'known_issues.manage');
  checkStatus(input.status);
  const message = checkMessage(input.message);
  const result = await withTransaction(db, async (trx) => {
    const issue = await trx.selectFrom('known_issues').select(['id', 'status', 'fixed_at']).where('id', '=', issueId).executeTakeFirst();
    if (!issue) throw new NotFoundError('No such known issue.');
    const update = await trx
      .insertInto('known_issue_updates')
      .values({
        known_issue_id: issueId,
        status: input.status,
        message_source: message,
        message_html: renderUserMarkdown(message),
        author_id: source === 'staff' ? (user?.id ?? null) : null,
        source,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const becameFixed = input.status === 'fixed' && issue.status !== 'fixed';
    await trx
      .updateTable('known_issues')
      .set({
        status: input.status,
        last_update_at: now,
        updated_at: now,
        fixed_at: input.status === 'fixed' ? (issue.fixed_at ?? now) : null,
        update_due_notified_at: null,
      })
      .where('id', '=', issueId)
      .execute();
    await notifyFollowers(trx, site, issueId, update.id, now);
    if (becameFixed) await notifyLinkedRequestersOfFix(trx, site, issueId, update.id, now);
    await recordIndexChange(trx, searchDocId('known_issue', issueId), 'upsert', now);
    return { updateId: update.id };
  });
  knownIssuesChanged();
  return result;
}

// ---------- staff reads ----------

export interface StaffKnownIssueSummary {
  id: number;
  slug: string;
  kind: KnownIssueKind;
  title: string;
  severity: KnownIssueSeverity;
  status: KnownIssueStatus;
  areas: string[];
  ownerId: number | null;
  ownerName: string | null;
  createdAt: number;
  lastUpdateAt: number;
  fixedAt: number | null;
  startsAt: number | null;
  endsAt: number | null;
  affectedCount: number;
  followerCount: number;
  /** When the next public update is due (null when fixed or planned), and whether that is past. */
  updateDueAt: number | null;
  updateDue: boolean;
}

function summaryOf(row: KnownIssueRow & { owner_name: string | null }, areas: string[], cadence: UpdateCadence, now: number): StaffKnownIssueSummary {
  const due = updateDueAt(row, cadence, now);
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    severity: row.severity,
    status: row.status,
    areas,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    createdAt: row.created_at,
    lastUpdateAt: row.last_update_at,
    fixedAt: row.fixed_at,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    affectedCount: row.affected_count,
    followerCount: row.follower_count,
    updateDueAt: due,
    updateDue: due !== null && due <= now,
  };
}

export type StaffListFilter = 'open' | 'fixed' | 'all';

/**
 * The staff list: open issues with those whose update is due first (then by
 * severity and latest update), or the fixed ones newest first.
 */
export async function staffKnownIssues(
  db: DB,
  user: SessionUser | null,
  cadence: UpdateCadence,
  filter: StaffListFilter = 'open',
  now = Date.now(),
  limit = 200,
): Promise<StaffKnownIssueSummary[]> {
  assertCan(user, 'known_issues.manage');
  const rows = await db
    .selectFrom('known_issues')
    .leftJoin('users as owner', 'owner.id', 'known_issues.owner_id')
    .selectAll('known_issues')
    .select('owner.display_name as owner_name')
    .$if(filter === 'open', (q) => q.where('known_issues.status', '!=', 'fixed'))
    .$if(filter === 'fixed', (q) => q.where('known_issues.status', '=', 'fixed'))
    .orderBy(filter === 'fixed' ? 'known_issues.fixed_at' : 'known_issues.last_update_at', 'desc')
    .orderBy('known_issues.id', 'desc')
    .limit(limit)
    .execute();
  const areas = await areasOf(
    db,
    rows.map((r) => r.id),
  );
  const list = rows.map((r) => summaryOf(r, areas.get(r.id) ?? [], cadence, now));
  if (filter === 'fixed') return list;
  return list.sort(
    (a, b) => Number(b.updateDue) - Number(a.updateDue) || severityRank[a.severity] - severityRank[b.severity] || b.lastUpdateAt - a.lastUpdateAt,
  );
}

export interface TimelineUpdate {
  id: number;
  status: KnownIssueStatus;
  messageSource: string;
  messageHtml: string;
  authorId: number | null;
  authorName: string | null;
  source: 'staff' | 'github';
  createdAt: number;
}

export interface StaffKnownIssue extends StaffKnownIssueSummary {
  summary: string;
  workaroundSource: string;
  workaroundHtml: string;
  etaAt: number | null;
  githubRepo: string | null;
  githubIssueNumber: number | null;
  articleSlugs: string[];
  version: number;
  /** Newest first. */
  timeline: TimelineUpdate[];
}

/** Timeline updates of one issue, newest first. */
export async function timelineOf(db: DB, issueId: number): Promise<TimelineUpdate[]> {
  const rows = await db
    .selectFrom('known_issue_updates')
    .leftJoin('users as author', 'author.id', 'known_issue_updates.author_id')
    .select([
      'known_issue_updates.id',
      'known_issue_updates.status',
      'known_issue_updates.message_source',
      'known_issue_updates.message_html',
      'known_issue_updates.author_id',
      'known_issue_updates.source',
      'known_issue_updates.created_at',
      'author.display_name as author_name',
    ])
    .where('known_issue_updates.known_issue_id', '=', issueId)
    .orderBy('known_issue_updates.created_at', 'desc')
    .orderBy('known_issue_updates.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    messageSource: r.message_source,
    messageHtml: r.message_html,
    authorId: r.author_id,
    authorName: r.author_name,
    source: r.source,
    createdAt: r.created_at,
  }));
}

/** One issue as staff work on it. Unknown id → NotFoundError. */
export async function knownIssueForStaff(
  db: DB,
  user: SessionUser | null,
  issueId: number,
  cadence: UpdateCadence,
  now = Date.now(),
): Promise<StaffKnownIssue> {
  assertCan(user, 'known_issues.manage');
  const row = await db
    .selectFrom('known_issues')
    .leftJoin('users as owner', 'owner.id', 'known_issues.owner_id')
    .selectAll('known_issues')
    .select('owner.display_name as owner_name')
    .where('known_issues.id', '=', issueId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No such known issue.');
  const [areas, articles, timeline] = await Promise.all([
    areasOf(db, [row.id]),
    db.selectFrom('known_issue_articles').select('article_slug').where('known_issue_id', '=', row.id).orderBy('article_slug').execute(),
    timelineOf(db, row.id),
  ]);
  return {
    ...summaryOf(row, areas.get(row.id) ?? [], cadence, now),
    summary: row.summary,
    workaroundSource: row.workaround_source,
    workaroundHtml: row.workaround_html,
    etaAt: row.eta_at,
    githubRepo: row.github_repo,
    githubIssueNumber: row.github_issue_number,
    articleSlugs: articles.map((a) => a.article_slug),
    version: row.version,
    timeline,
  };
}

/** Open issues for pickers (link a ticket, the contact form): id, title, severity, status, newest first. */
export async function openKnownIssueChoices(
  db: DB,
): Promise<{ id: number; slug: string; title: string; severity: KnownIssueSeverity; status: KnownIssueStatus }[]> {
  return db
    .selectFrom('known_issues')
    .select(['id', 'slug', 'title', 'severity', 'status'])
    .where('status', '!=', 'fixed')
    .orderBy('last_update_at', 'desc')
    .limit(100)
    .execute();
}

/** The issue whose GitHub issue this is (the webhook), or undefined. */
export async function knownIssuesTrackedBy(db: DB, repo: string, issueNumber: number): Promise<{ id: number; status: KnownIssueStatus; title: string }[]> {
  return db
    .selectFrom('known_issues')
    .select(['id', 'status', 'title'])
    .where((eb) => eb(eb.fn('lower', ['github_repo']), '=', repo.toLowerCase()))
    .where('github_issue_number', '=', issueNumber)
    .execute();
}
