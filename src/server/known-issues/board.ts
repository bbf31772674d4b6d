// The public side of the known-issues board: the list with its per-area status
// line, one issue's page, "I'm affected too" (owns the writes to
// known_issue_affected and the affected_count it keeps in step) and the site
// banner's issues, cached in this process. Nothing staff-only leaves here: no
// owner, no email address, no GitHub repository (only "tracked by engineering").
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import { NotFoundError, ValidationError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import {
  isOpenStatus,
  isPlanned,
  knownIssueUrl,
  onKnownIssuesChanged,
  severityLabels,
  severityRank,
  showsBanner,
  statusLabels,
  type KnownIssueKind,
  type KnownIssueSeverity,
  type KnownIssueStatus,
} from './model';

/** Fixed issues stay in "Recently fixed" this long, then move to the archive. */
export const RECENTLY_FIXED_DAYS = 30;
export const ARCHIVE_PAGE_SIZE = 20;
const DAY_MS = 24 * 60 * 60_000;

/** What an area shows on the status line when its worst open issue has this severity (Statuspage's words). */
export const areaConditionLabels: Record<KnownIssueSeverity, string> = {
  critical: 'Major outage',
  major: 'Partial outage',
  minor: 'Degraded performance',
};

export const ALL_OPERATIONAL = 'All systems operational';

export interface BoardIssue {
  id: number;
  slug: string;
  url: string;
  kind: KnownIssueKind;
  title: string;
  summary: string;
  severity: KnownIssueSeverity;
  severityLabel: string;
  status: KnownIssueStatus;
  statusLabel: string;
  areas: string[];
  createdAt: number;
  lastUpdateAt: number;
  fixedAt: number | null;
  etaAt: number | null;
  startsAt: number | null;
  endsAt: number | null;
  affectedCount: number;
  /** Planned maintenance that has not started yet. */
  planned: boolean;
}

export interface AreaStatus {
  area: string;
  /** The worst severity among the area's open issues; null when the area is operational. */
  severity: KnownIssueSeverity | null;
  openCount: number;
  /** "Calendar sync — Major outage: 1 open issue" or "Calendar sync — Operational". */
  line: string;
}

export interface BoardFilters {
  /** One status, or "open" for every status but fixed. */
  status?: KnownIssueStatus | 'open' | undefined;
  area?: string | undefined;
  /** 1-based page of the archive (fixed more than 30 days ago). */
  archivePage?: number | undefined;
}

export interface BoardOverview {
  /** True when no issue is open (planned maintenance ahead does not count). */
  allOperational: boolean;
  /** "All systems operational", or how many issues are open. */
  headline: string;
  /** Every area (the site's teams, then any other area an issue names), affected ones first. */
  areas: AreaStatus[];
  open: BoardIssue[];
  planned: BoardIssue[];
  recentlyFixed: BoardIssue[];
  archive: { issues: BoardIssue[]; page: number; pages: number; total: number };
  filters: { status: KnownIssueStatus | 'open' | undefined; area: string | undefined };
}

function capitalized(area: string): string {
  return area.charAt(0).toUpperCase() + area.slice(1);
}

/** "Calendar sync — Major outage: 1 open issue". */
export function areaStatusLine(area: string, severity: KnownIssueSeverity | null, openCount: number): string {
  if (severity === null) return `${capitalized(area)} — Operational`;
  return `${capitalized(area)} — ${areaConditionLabels[severity]}: ${openCount} open issue${openCount === 1 ? '' : 's'}`;
}

const issueColumns = [
  'known_issues.id',
  'known_issues.slug',
  'known_issues.kind',
  'known_issues.title',
  'known_issues.summary',
  'known_issues.severity',
  'known_issues.status',
  'known_issues.created_at',
  'known_issues.last_update_at',
  'known_issues.fixed_at',
  'known_issues.eta_at',
  'known_issues.starts_at',
  'known_issues.ends_at',
  'known_issues.affected_count',
] as const;

type IssueRow = {
  id: number;
  slug: string;
  kind: KnownIssueKind;
  title: string;
  summary: string;
  severity: KnownIssueSeverity;
  status: KnownIssueStatus;
  created_at: number;
  last_update_at: number;
  fixed_at: number | null;
  eta_at: number | null;
  starts_at: number | null;
  ends_at: number | null;
  affected_count: number;
};

function toBoardIssue(row: IssueRow, areas: string[], now: number): BoardIssue {
  return {
    id: row.id,
    slug: row.slug,
    url: knownIssueUrl(row.slug),
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    severity: row.severity,
    severityLabel: severityLabels[row.severity],
    status: row.status,
    statusLabel: statusLabels[row.status],
    areas,
    createdAt: Number(row.created_at),
    lastUpdateAt: Number(row.last_update_at),
    fixedAt: row.fixed_at === null ? null : Number(row.fixed_at),
    etaAt: row.eta_at === null ? null : Number(row.eta_at),
    startsAt: row.starts_at === null ? null : Number(row.starts_at),
    endsAt: row.ends_at === null ? null : Number(row.ends_at),
    affectedCount: row.affected_count,
    planned: isPlanned(row, now),
  };
}

/** The areas of these issues, in one query (the staff views use it too). */
export async function areasOf(db: DB, ids: number[]): Promise<Map<number, string[]>> {
  const byIssue = new Map<number, string[]>();
  if (ids.length === 0) return byIssue;
  const rows = await db
    .selectFrom('known_issue_areas')
    .select(['known_issue_id', 'area'])
    .where('known_issue_id', 'in', [...new Set(ids)])
    .orderBy('area')
    .execute();
  for (const row of rows) byIssue.set(row.known_issue_id, [...(byIssue.get(row.known_issue_id) ?? []), row.area]);
  return byIssue;
}

/** Open issues first by severity (critical first), then the latest update first. */
export function compareOpenIssues(a: Pick<BoardIssue, 'severity' | 'lastUpdateAt' | 'id'>, b: Pick<BoardIssue, 'severity' | 'lastUpdateAt' | 'id'>): number {
  return severityRank[a.severity] - severityRank[b.severity] || b.lastUpdateAt - a.lastUpdateAt || b.id - a.id;
}

/**
 * The public board: the status line per area (from every open issue, whatever
 * the filters), then the issues the filters select: open ones, planned
 * maintenance ahead, recently fixed (30 days) and a page of the archive.
 * Four queries whatever the number of issues.
 */
export async function boardOverview(db: DB, teams: readonly string[], now: number, filters: BoardFilters = {}): Promise<BoardOverview> {
  const recentSince = now - RECENTLY_FIXED_DAYS * DAY_MS;
  // Everything not in the archive: open (incl. planned) and fixed in the last 30 days.
  const current = (await db
    .selectFrom('known_issues')
    .select(issueColumns)
    .where((eb) => eb.or([eb('status', '!=', 'fixed'), eb('fixed_at', '>=', recentSince)]))
    .execute()) as IssueRow[];
  const currentAreas = await areasOf(
    db,
    current.map((r) => r.id),
  );
  const issues = current.map((row) => toBoardIssue(row, currentAreas.get(row.id) ?? [], now));

  // The status line: every open incident or started maintenance (planned maintenance ahead is not "open").
  const active = issues.filter((i) => isOpenStatus(i.status) && !i.planned);
  const worst = new Map<string, { severity: KnownIssueSeverity; count: number }>();
  for (const issue of active)
    for (const area of issue.areas) {
      const known = worst.get(area);
      if (!known) worst.set(area, { severity: issue.severity, count: 1 });
      else worst.set(area, { severity: severityRank[issue.severity] < severityRank[known.severity] ? issue.severity : known.severity, count: known.count + 1 });
    }
  const allAreas = [...new Set([...teams, ...worst.keys()])];
  const areas: AreaStatus[] = allAreas
    .map((area) => {
      const w = worst.get(area);
      return { area, severity: w?.severity ?? null, openCount: w?.count ?? 0, line: areaStatusLine(area, w?.severity ?? null, w?.count ?? 0) };
    })
    .sort((a, b) => (a.severity === null ? 3 : severityRank[a.severity]) - (b.severity === null ? 3 : severityRank[b.severity]));

  const status = filters.status;
  const area = filters.area;
  const wanted = (i: BoardIssue) =>
    (area === undefined || i.areas.includes(area)) && (status === undefined || (status === 'open' ? isOpenStatus(i.status) : i.status === status));
  const selected = issues.filter(wanted);
  const open = selected.filter((i) => isOpenStatus(i.status) && !i.planned).sort(compareOpenIssues);
  const planned = selected.filter((i) => i.planned).sort((a, b) => (a.startsAt ?? 0) - (b.startsAt ?? 0) || a.id - b.id);
  const recentlyFixed = selected.filter((i) => i.status === 'fixed').sort((a, b) => (b.fixedAt ?? 0) - (a.fixedAt ?? 0) || b.id - a.id);

  // The archive: fixed before the last 30 days, newest fix first, paged.
  const archiveWanted = status === undefined || status === 'fixed';
  let archive: BoardOverview['archive'] = { issues: [], page: 1, pages: 0, total: 0 };
  if (archiveWanted) {
    let base = db.selectFrom('known_issues').where('status', '=', 'fixed').where('fixed_at', '<', recentSince);
    if (area !== undefined)
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('known_issue_areas')
            .select('known_issue_areas.area')
            .whereRef('known_issue_areas.known_issue_id', '=', 'known_issues.id')
            .where('known_issue_areas.area', '=', area),
        ),
      );
    const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const total = Number(n);
    const pages = Math.ceil(total / ARCHIVE_PAGE_SIZE);
    const page = Math.min(Math.max(1, Math.trunc(filters.archivePage ?? 1)), Math.max(1, pages));
    const rows = total
      ? ((await base
          .select(issueColumns)
          .orderBy('fixed_at', 'desc')
          .orderBy('id', 'desc')
          .limit(ARCHIVE_PAGE_SIZE)
          .offset((page - 1) * ARCHIVE_PAGE_SIZE)
          .execute()) as IssueRow[])
      : [];
    const rowAreas = await areasOf(
      db,
      rows.map((r) => r.id),
    );
    archive = { issues: rows.map((row) => toBoardIssue(row, rowAreas.get(row.id) ?? [], now)), page, pages, total };
  }

  return {
    allOperational: active.length === 0,
    headline: active.length === 0 ? ALL_OPERATIONAL : `${active.length} open issue${active.length === 1 ? '' : 's'}`,
    areas,
    open,
    planned,
    recentlyFixed,
    archive,
    filters: { status, area },
  };
}

export interface TimelineUpdate {
  id: number;
  status: KnownIssueStatus;
  statusLabel: string;
  messageHtml: string;
  /** Display name of the author; "Fieldnote engineering" for updates from GitHub, "Support team" when the author is gone. */
  authorName: string;
  /** The author is staff (or the update came from the engineering integration). */
  staff: boolean;
  createdAt: number;
}

export interface KnownIssueDetail extends BoardIssue {
  workaroundHtml: string;
  /** Updates, newest first. */
  timeline: TimelineUpdate[];
  /** Linked help articles the help hub knows (title and path). */
  articles: Array<{ title: string; url: string }>;
  followerCount: number;
  /** A GitHub issue tracks the fix (which one is staff-only). */
  trackedByEngineering: boolean;
  /** The viewer said they are affected. */
  viewerAffected: boolean;
  updatedAt: number;
}

/** Who is looking: a member ("u:<id>") or a visitor key from their cookie (src/server/help/feedback.ts voterKey). */
export interface BoardViewer {
  visitorKey: string | null;
}

/** The help articles a page can link: "category/slug" (or "slug") as stored, to title and path. */
export type ArticleLookup = ReadonlyArray<{ slug: string; category: string; title: string; path: string }>;

/** One issue's public page. Unknown slug → NotFoundError. Four queries. */
export async function knownIssueBySlug(
  db: DB,
  slug: string,
  viewer: BoardViewer | null,
  options: { articles?: ArticleLookup; now?: number } = {},
): Promise<KnownIssueDetail> {
  const now = options.now ?? Date.now();
  const row = await db
    .selectFrom('known_issues')
    .select([...issueColumns, 'known_issues.workaround_html', 'known_issues.follower_count', 'known_issues.github_issue_number', 'known_issues.updated_at'])
    .select((eb) =>
      viewer?.visitorKey
        ? eb
            .exists(
              eb
                .selectFrom('known_issue_affected')
                .select('known_issue_affected.visitor_key')
                .whereRef('known_issue_affected.known_issue_id', '=', 'known_issues.id')
                .where('known_issue_affected.visitor_key', '=', viewer.visitorKey),
            )
            .as('viewer_affected')
        : sql<number>`0`.as('viewer_affected'),
    )
    .select((eb) =>
      eb
        .selectFrom('known_issue_areas')
        .select(sql<string>`json_group_array(area)`.as('a'))
        .whereRef('known_issue_areas.known_issue_id', '=', 'known_issues.id')
        .as('areas_json'),
    )
    .where('known_issues.slug', '=', slug)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('There is no known issue at this address.');
  const updates = await db
    .selectFrom('known_issue_updates')
    .leftJoin('users', 'users.id', 'known_issue_updates.author_id')
    .select([
      'known_issue_updates.id',
      'known_issue_updates.status',
      'known_issue_updates.message_html',
      'known_issue_updates.source',
      'known_issue_updates.created_at',
      'users.display_name',
      'users.role',
    ])
    .where('known_issue_updates.known_issue_id', '=', row.id)
    .orderBy('known_issue_updates.created_at', 'desc')
    .orderBy('known_issue_updates.id', 'desc')
    .execute();
  const linked = await db.selectFrom('known_issue_articles').select('article_slug').where('known_issue_id', '=', row.id).orderBy('article_slug').execute();
  const lookup = new Map<string, { title: string; path: string }>();
  for (const a of options.articles ?? []) {
    lookup.set(`${a.category}/${a.slug}`, a);
    if (!lookup.has(a.slug)) lookup.set(a.slug, a);
  }
  const areas = (JSON.parse(row.areas_json ?? '[]') as string[]).sort();
  return {
    ...toBoardIssue(row as IssueRow, areas, now),
    workaroundHtml: row.workaround_html,
    timeline: updates.map((u) => ({
      id: u.id,
      status: u.status,
      statusLabel: statusLabels[u.status],
      messageHtml: u.message_html,
      authorName: u.source === 'github' ? 'Fieldnote engineering' : (u.display_name ?? 'Support team'),
      staff: u.source === 'github' || u.role === 'staff' || u.role === 'admin',
      createdAt: Number(u.created_at),
    })),
    articles: linked.flatMap((l) => {
      const article = lookup.get(l.article_slug);
      return article ? [{ title: article.title, url: article.path }] : [];
    }),
    followerCount: row.follower_count,
    trackedByEngineering: row.github_issue_number !== null,
    viewerAffected: Boolean(row.viewer_affected),
    updatedAt: Number(row.updated_at),
  };
}

export const affectedPerVisitor: RateLimitRule = {
  bucket: 'known-issue-affected:visitor',
  max: 30,
  windowMs: 60 * 60_000,
  message: 'You have marked many issues in the last hour.',
};

/**
 * "I'm affected too": once per visitor (a second mark changes nothing) and only
 * while the issue is open; keeps known_issues.affected_count in step in the same
 * transaction. Rate-limited per visitor. Unknown issue → NotFoundError.
 */
export async function markAffected(
  db: DB,
  /** The issue's id, or its slug. */
  issue: number | string,
  visitorKey: string,
  userId: number | null,
  now = Date.now(),
): Promise<{ affectedCount: number; added: boolean }> {
  await assertWithinLimit(db, affectedPerVisitor, visitorKey, now);
  return withTransaction(db, async (trx) => {
    let query = trx.selectFrom('known_issues').select(['id', 'status', 'affected_count']);
    query = typeof issue === 'number' ? query.where('id', '=', issue) : query.where('slug', '=', issue);
    const row = await query.executeTakeFirst();
    if (!row) throw new NotFoundError('There is no known issue at this address.');
    if (!isOpenStatus(row.status)) throw new ValidationError('This issue is already fixed. If it still affects you, contact support.');
    const inserted = await trx
      .insertInto('known_issue_affected')
      .values({ known_issue_id: row.id, visitor_key: visitorKey, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(['known_issue_id', 'visitor_key']).doNothing())
      .executeTakeFirst();
    const added = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    if (!added) return { affectedCount: row.affected_count, added };
    await recordAttempt(trx, affectedPerVisitor, visitorKey, now);
    const updated = await trx
      .updateTable('known_issues')
      .set((eb) => ({ affected_count: eb('affected_count', '+', 1) }))
      .where('id', '=', row.id)
      .returning('affected_count')
      .executeTakeFirstOrThrow();
    return { affectedCount: updated.affected_count, added };
  });
}

export interface BannerIssue {
  id: number;
  slug: string;
  url: string;
  title: string;
  severity: KnownIssueSeverity;
  severityLabel: string;
  status: KnownIssueStatus;
  statusLabel: string;
  kind: KnownIssueKind;
  startsAt: number | null;
  endsAt: number | null;
}

/** Other web processes see a change within this long; this process at once (onKnownIssuesChanged). */
export const BANNER_CACHE_MS = 15_000;

interface BannerCacheEntry {
  expires: number;
  candidates: Promise<BannerIssue[]>;
}
// Per database handle (the app has one; each test database its own).
let bannerCache = new WeakMap<DB, BannerCacheEntry>();
onKnownIssuesChanged(() => {
  bannerCache = new WeakMap();
});

/** Every issue that may show a banner (major or critical, not fixed), whatever the time. */
async function bannerCandidates(db: DB): Promise<BannerIssue[]> {
  const rows = await db
    .selectFrom('known_issues')
    .select(['id', 'slug', 'title', 'severity', 'status', 'kind', 'starts_at', 'ends_at', 'last_update_at'])
    .where('status', '!=', 'fixed')
    .where('severity', 'in', ['major', 'critical'])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      slug: r.slug,
      url: knownIssueUrl(r.slug),
      title: r.title,
      severity: r.severity,
      severityLabel: severityLabels[r.severity],
      status: r.status,
      statusLabel: statusLabels[r.status],
      kind: r.kind,
      startsAt: r.starts_at === null ? null : Number(r.starts_at),
      endsAt: r.ends_at === null ? null : Number(r.ends_at),
      lastUpdateAt: Number(r.last_update_at),
    }))
    .sort(compareOpenIssues)
    .map(({ lastUpdateAt: _, ...issue }) => issue);
}

/**
 * The issues the site banner shows now (model.ts showsBanner), most severe
 * first. Cached per process: no query on a hit; dropped when an issue changes
 * here, and after BANNER_CACHE_MS for changes made by another process. The
 * maintenance windows are checked against `now` on every call.
 */
export async function bannerIssues(db: DB, now = Date.now()): Promise<BannerIssue[]> {
  const clock = Date.now();
  let entry = bannerCache.get(db);
  if (!entry || entry.expires <= clock) {
    const candidates = bannerCandidates(db);
    entry = { expires: clock + BANNER_CACHE_MS, candidates };
    bannerCache.set(db, entry);
    candidates.catch(() => bannerCache.delete(db));
  }
  const candidates = await entry.candidates;
  return candidates.filter((issue) =>
    showsBanner({ kind: issue.kind, severity: issue.severity, status: issue.status, starts_at: issue.startsAt, ends_at: issue.endsAt }, now),
  );
}

/** The id of the issue at a slug (for the banner's dismiss form), or NotFoundError. */
export async function knownIssueIdBySlug(db: DB, slug: string): Promise<number> {
  const row = await db.selectFrom('known_issues').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new NotFoundError('There is no known issue at this address.');
  return row.id;
}

export interface FeedEntry {
  id: number;
  issueSlug: string;
  issueTitle: string;
  issueUrl: string;
  status: KnownIssueStatus;
  statusLabel: string;
  severity: KnownIssueSeverity;
  messageHtml: string;
  authorName: string;
  createdAt: number;
}

/** The latest timeline updates of every issue, newest first (the Atom feed). */
export async function latestUpdates(db: DB, limit = 50): Promise<FeedEntry[]> {
  const rows = await db
    .selectFrom('known_issue_updates')
    .innerJoin('known_issues', 'known_issues.id', 'known_issue_updates.known_issue_id')
    .leftJoin('users', 'users.id', 'known_issue_updates.author_id')
    .select([
      'known_issue_updates.id',
      'known_issue_updates.status',
      'known_issue_updates.message_html',
      'known_issue_updates.source',
      'known_issue_updates.created_at',
      'known_issues.slug',
      'known_issues.title',
      'known_issues.severity',
      'users.display_name',
    ])
    .orderBy('known_issue_updates.created_at', 'desc')
    .orderBy('known_issue_updates.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    issueSlug: r.slug,
    issueTitle: r.title,
    issueUrl: knownIssueUrl(r.slug),
    status: r.status,
    statusLabel: statusLabels[r.status],
    severity: r.severity,
    messageHtml: r.message_html,
    authorName: r.source === 'github' ? 'Fieldnote engineering' : (r.display_name ?? 'Support team'),
    createdAt: Number(r.created_at),
  }));
}

export interface MachineIssue {
  slug: string;
  url: string;
  title: string;
  summary: string;
  kind: KnownIssueKind;
  status: KnownIssueStatus;
  severity: KnownIssueSeverity;
  areas: string[];
  created_at: string;
  updated_at: string;
  fixed_at: string | null;
  eta: string | null;
  starts_at: string | null;
  ends_at: string | null;
  planned: boolean;
  affected_count: number;
}

/** `/known-issues.json`: open and recently fixed issues, timestamps in ISO 8601, absolute URLs. */
export async function machineBoard(
  db: DB,
  siteUrl: string,
  now = Date.now(),
): Promise<{ generated_at: string; open: MachineIssue[]; recently_fixed: MachineIssue[] }> {
  const board = await boardOverview(db, [], now);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const machine = (i: BoardIssue): MachineIssue => ({
    slug: i.slug,
    url: `${siteUrl}${i.url}`,
    title: i.title,
    summary: i.summary,
    kind: i.kind,
    status: i.status,
    severity: i.severity,
    areas: i.areas,
    created_at: iso(i.createdAt)!,
    updated_at: iso(i.lastUpdateAt)!,
    fixed_at: iso(i.fixedAt),
    eta: iso(i.etaAt),
    starts_at: iso(i.startsAt),
    ends_at: iso(i.endsAt),
    planned: i.planned,
    affected_count: i.affectedCount,
  });
  return { generated_at: new Date(now).toISOString(), open: [...board.open, ...board.planned].map(machine), recently_fixed: board.recentlyFixed.map(machine) };
}

export interface KnownIssueSearchRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  status: KnownIssueStatus;
  severity: KnownIssueSeverity;
  areas: string[];
  workaroundHtml: string;
  /** Every update's message HTML, oldest first. */
  updateHtml: string[];
  affectedCount: number;
  followerCount: number;
  lastUpdateAt: number;
}

/** What search indexes of these issues (search/sources/known-issues.ts), in three queries. */
export async function knownIssuesForSearch(db: DB, ids: number[]): Promise<KnownIssueSearchRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('known_issues')
    .select(['id', 'slug', 'title', 'summary', 'status', 'severity', 'workaround_html', 'affected_count', 'follower_count', 'last_update_at'])
    .where('id', 'in', ids)
    .execute();
  const found = rows.map((r) => r.id);
  const areas = await areasOf(db, found);
  const updates = found.length
    ? await db
        .selectFrom('known_issue_updates')
        .select(['known_issue_id', 'message_html'])
        .where('known_issue_id', 'in', found)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const byIssue = new Map<number, string[]>();
  for (const u of updates) byIssue.set(u.known_issue_id, [...(byIssue.get(u.known_issue_id) ?? []), u.message_html]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    status: r.status,
    severity: r.severity,
    areas: areas.get(r.id) ?? [],
    workaroundHtml: r.workaround_html,
    updateHtml: byIssue.get(r.id) ?? [],
    affectedCount: r.affected_count,
    followerCount: r.follower_count,
    lastUpdateAt: Number(r.last_update_at),
  }));
}

/** Every known issue's id (a full reindex). */
export async function allKnownIssueIds(db: DB): Promise<number[]> {
  return (await db.selectFrom('known_issues').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Every known issue's page for the sitemap, with the day of its latest update. */
export async function knownIssueSitemapEntries(db: DB): Promise<Array<{ path: string; lastmod: string }>> {
  const rows = await db.selectFrom('known_issues').select(['slug', 'last_update_at']).orderBy('id').execute();
  return rows.map((r) => ({ path: knownIssueUrl(r.slug), lastmod: new Date(r.last_update_at).toISOString().slice(0, 10) }));
}

export interface ArticleNotice {
  url: string;
  title: string;
  statusLabel: string;
  severity: KnownIssueSeverity;
}

interface ArticleNoticeCacheEntry {
  expires: number;
  byArticle: Promise<Map<string, ArticleNotice[]>>;
}
let articleNoticeCache = new WeakMap<DB, ArticleNoticeCacheEntry>();
onKnownIssuesChanged(() => {
  articleNoticeCache = new WeakMap();
});

async function openIssuesByArticle(db: DB): Promise<Map<string, ArticleNotice[]>> {
  const rows = await db
    .selectFrom('known_issue_articles')
    .innerJoin('known_issues', 'known_issues.id', 'known_issue_articles.known_issue_id')
    .select([
      'known_issue_articles.article_slug',
      'known_issues.slug',
      'known_issues.title',
      'known_issues.status',
      'known_issues.severity',
      'known_issues.last_update_at',
    ])
    .where('known_issues.status', '!=', 'fixed')
    .orderBy('known_issues.last_update_at', 'desc')
    .execute();
  const byArticle = new Map<string, ArticleNotice[]>();
  for (const r of rows) {
    const notice = { url: knownIssueUrl(r.slug), title: r.title, statusLabel: statusLabels[r.status], severity: r.severity };
    byArticle.set(r.article_slug, [...(byArticle.get(r.article_slug) ?? []), notice]);
  }
  return byArticle;
}

/**
 * The open known issues staff linked to a help article ("category/slug"), newest update first, for a notice
 * on the article. Cached per process like the banner: no query on a hit.
 */
export async function openIssuesForArticle(db: DB, articleSlug: string): Promise<ArticleNotice[]> {
  const clock = Date.now();
  let entry = articleNoticeCache.get(db);
  if (!entry || entry.expires <= clock) {
    const byArticle = openIssuesByArticle(db);
    entry = { expires: clock + BANNER_CACHE_MS, byArticle };
    articleNoticeCache.set(db, entry);
    byArticle.catch(() => articleNoticeCache.delete(db));
  }
  return (await entry.byArticle).get(articleSlug) ?? [];
}
