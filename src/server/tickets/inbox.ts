// The staff inbox: the views agents work from (unsolved, mine, unassigned, SLA
// at risk, long-running, and one per status), their filters and sorts, the
// counts on the view tabs, and staff search over tickets. It only reads; the
// changes an agent makes (bulk ones too) are desk.ts's.
// The default order is by SLA due time. It is a composite key, read from the
// expression indexes of db/migrations/0016_inbox_indexes.ts, so a page costs
// the same at 300 or 30,000 tickets: the expressions below must stay exactly
// as the migration writes them (tests/integration/inbox-plans.test.ts checks).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '@db/connection';
import type { Database, TicketEmotion, TicketStatus, TicketTier, TicketUrgency } from '@db/schema';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMembers } from '@/server/accounts/staff';
import type { SiteSettings } from '@/server/settings/settings';
import { ticketQueryWords } from './search-text';
import { ticketIdToRef, ticketRefToId } from './tickets';

export const INBOX_PAGE_SIZE = 25;
/** "About to breach": the first response is due within this long. */
export const AT_RISK_WITHIN_MS = 60 * 60_000;
/** The long-running threshold is the median resolution of tickets solved in this window. */
export const LONG_RUNNING_WINDOW_MS = 90 * 24 * 60 * 60_000;
/** Fewer solved tickets than this in the window give no threshold (and an empty long-running view). */
export const LONG_RUNNING_MIN_SOLVED = 5;

export const inboxViews = {
  unsolved: 'All unsolved',
  mine: 'Mine',
  unassigned: 'Unassigned',
  'at-risk': 'SLA at risk',
  'long-running': 'Long-running',
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  solved: 'Solved',
} as const;
export type InboxView = keyof typeof inboxViews;
export const inboxViewKeys = Object.keys(inboxViews) as InboxView[];

export const inboxSorts = { due: 'SLA due time', newest: 'Newest', updated: 'Last updated' } as const;
export type InboxSort = keyof typeof inboxSorts;

export interface InboxFilters {
  urgency?: TicketUrgency | undefined;
  /** One of the settings' category tags. */
  category?: string | undefined;
  /** Any tag (a free tag, or a category tag too). */
  tag?: string | undefined;
  tier?: TicketTier | undefined;
  assigneeId?: number | undefined;
  team?: string | undefined;
}

export interface InboxQuery extends InboxFilters {
  view?: InboxView | undefined;
  /** Default: by SLA due time; the solved view by last update. */
  sort?: InboxSort | undefined;
  /** 1-based. */
  page?: number | undefined;
}

export interface InboxRow {
  ref: string;
  subject: string;
  requesterName: string;
  requesterEmail: string;
  emotion: TicketEmotion | null;
  urgency: TicketUrgency;
  tier: TicketTier;
  status: TicketStatus;
  assignee: { id: number; name: string } | null;
  team: string | null;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  /** Since when the requester waits for staff; null when it is the requester's turn (or solved). */
  waitingSince: number | null;
  /** The first response's due time while none was sent; null once answered. */
  dueAt: number | null;
  slaOutcome: 'met' | 'breached' | null;
  slaLateMinutes: number | null;
}

export interface Agent {
  id: number;
  name: string;
}

export interface LongRunningThreshold {
  /** The median resolution (minutes) of tickets solved in the last 90 days; null with too few of them. */
  minutes: number | null;
  solvedInWindow: number;
}

export interface Inbox {
  view: InboxView;
  sort: InboxSort;
  filters: InboxFilters;
  page: number;
  pageCount: number;
  /** Tickets in the view with the filters applied. */
  total: number;
  rows: InboxRow[];
  /** Per view, without the filters: the tabs. */
  counts: Record<InboxView, number>;
  longRunning: LongRunningThreshold;
  agents: Agent[];
  categoryTags: string[];
  teams: string[];
}

// The sort key of the default order, as the migration indexes it (see the header).
const inboxQueue = sql.raw<number>(`(case when status in ('new', 'open', 'pending') then 1 else 0 end)`);
const inboxSegment = sql.raw<number>(
  `(case when first_response_at is null and first_response_due_at is not null then 0 when waiting_since is not null then 1 else 2 end)`,
);
const inboxKey = sql.raw<number>(
  `(case when first_response_at is null and first_response_due_at is not null then first_response_due_at when waiting_since is not null then waiting_since else updated_at end)`,
);
/** Segment 0 of the default order: no first response yet, and a due time. */
const AWAITING_FIRST_RESPONSE = 0;

const singleStatusViews: Partial<Record<InboxView, TicketStatus>> = { new: 'new', open: 'open', pending: 'pending', solved: 'solved' };

type TicketsQuery = ReturnType<typeof baseQuery>;

function baseQuery(db: DB) {
  return db.selectFrom('tickets');
}

interface ViewContext {
  userId: number;
  now: number;
  /** Tickets created before this are long-running; null: none is. */
  longRunningBefore: number | null;
}

/** The view's membership, written so the inbox indexes can serve it. */
function whereView<Q extends TicketsQuery>(q: Q, view: InboxView, ctx: ViewContext): Q {
  const status = singleStatusViews[view];
  if (status) return q.where('tickets.status', '=', status) as Q;
  const unsolved = q.where(inboxQueue, '=', 1) as Q;
  switch (view) {
    case 'unsolved':
      return unsolved;
    case 'mine':
      return unsolved.where('tickets.assignee_id', '=', ctx.userId) as Q;
    case 'unassigned':
      return unsolved.where('tickets.assignee_id', 'is', null) as Q;
    case 'at-risk':
      // No first response yet and due within the hour (or past it): breaching ones come first in due order.
      return unsolved.where(inboxSegment, '=', sql.lit(AWAITING_FIRST_RESPONSE)).where(inboxKey, '<=', ctx.now + AT_RISK_WITHIN_MS) as Q;
    case 'long-running':
      return unsolved
        .where('tickets.status', 'in', ['open', 'pending'])
        .where('tickets.created_at', '<', ctx.longRunningBefore ?? Number.MIN_SAFE_INTEGER) as Q;
    default:
      throw new Error(`No such inbox view: ${view}`);
  }
}

function hasTag(tag: string) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> =>
    eb.exists(
      eb.selectFrom('ticket_tags').select('ticket_tags.ticket_id').whereRef('ticket_tags.ticket_id', '=', 'tickets.id').where('ticket_tags.tag', '=', tag),
    );
}

function whereFilters<Q extends TicketsQuery>(q: Q, f: InboxFilters): Q {
  let out = q;
  if (f.urgency) out = out.where('tickets.urgency', '=', f.urgency) as Q;
  if (f.tier) out = out.where('tickets.tier', '=', f.tier) as Q;
  if (f.assigneeId !== undefined) out = out.where('tickets.assignee_id', '=', f.assigneeId) as Q;
  if (f.team) out = out.where('tickets.team', '=', f.team) as Q;
  for (const tag of new Set([f.category, f.tag].filter((t): t is string => !!t))) out = out.where(hasTag(tag)) as Q;
  return out;
}

function hasFilters(f: InboxFilters): boolean {
  return Object.values(f).some((v) => v !== undefined && v !== '');
}

function orderBySort<Q extends TicketsQuery>(q: Q, sort: InboxSort): Q {
  switch (sort) {
    case 'due':
      return q.orderBy(inboxSegment).orderBy(inboxKey).orderBy('tickets.id') as Q;
    case 'newest':
      return q.orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc') as Q;
    case 'updated':
      return q.orderBy('tickets.updated_at', 'desc').orderBy('tickets.id', 'desc') as Q;
  }
}

const rowColumns = [
  'tickets.id',
  'tickets.subject',
  'tickets.requester_name',
  'tickets.requester_email',
  'tickets.emotion',
  'tickets.urgency',
  'tickets.tier',
  'tickets.status',
  'tickets.assignee_id',
  'tickets.team',
  'tickets.created_at',
  'tickets.updated_at',
  'tickets.waiting_since',
  'tickets.first_response_at',
  'tickets.first_response_due_at',
  'tickets.sla_outcome',
  'tickets.sla_late_minutes',
] as const;

type RawRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

function selectRows(q: TicketsQuery) {
  return q.select([...rowColumns]);
}

/** The page's rows with their tags and assignees: one more query for all tags, none per row. */
async function toRows(db: DB, raw: RawRow[], agents: Agent[]): Promise<InboxRow[]> {
  const ids = raw.map((r) => r.id);
  const tagRows = ids.length
    ? await db
        .selectFrom('ticket_tags')
        .select(['ticket_id', 'tag'])
        .where('ticket_id', 'in', ids)
        .orderBy('ticket_id')
        .orderBy('created_at')
        .orderBy('tag')
        .execute()
    : [];
  const tags = new Map<number, string[]>();
  for (const t of tagRows) tags.set(t.ticket_id, [...(tags.get(t.ticket_id) ?? []), t.tag]);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return raw.map((r) => ({
    ref: ticketIdToRef(r.id),
    subject: r.subject,
    requesterName: r.requester_name,
    requesterEmail: r.requester_email,
    emotion: r.emotion,
    urgency: r.urgency,
    tier: r.tier,
    status: r.status,
    assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: names.get(r.assignee_id) ?? 'A former agent' },
    team: r.team,
    tags: tags.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    waitingSince: r.waiting_since,
    dueAt: r.first_response_at === null ? r.first_response_due_at : null,
    slaOutcome: r.sla_outcome,
    slaLateMinutes: r.sla_late_minutes,
  }));
}

/** Staff and admins, who can be assigned tickets (by name). */
export async function inboxAgents(db: DB, user: SessionUser | null): Promise<Agent[]> {
  assertCan(user, 'staff.area');
  return (await staffMembers(db)).map((m) => ({ id: m.id, name: m.displayName }));
}

/**
 * The long-running threshold: the median resolution time (tickets.resolution_minutes)
 * of tickets solved in the 90 days before `now`. Counted from an index, then
 * the middle one (or two) read in order: SQL has no portable median.
 */
export async function longRunningThreshold(db: DB, now: number): Promise<LongRunningThreshold> {
  const solvedInWindow = () =>
    db
      .selectFrom('tickets')
      .where('solved_at', '>=', now - LONG_RUNNING_WINDOW_MS)
      .where('solved_at', '<=', now)
      .where('resolution_minutes', 'is not', null);
  const { n } = await solvedInWindow()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(n);
  if (count < LONG_RUNNING_MIN_SOLVED) return { minutes: null, solvedInWindow: count };
  const middle = await solvedInWindow()
    .select('resolution_minutes')
    .orderBy('resolution_minutes')
    .limit(count % 2 ? 1 : 2)
    .offset(Math.floor((count - 1) / 2))
    .execute();
  const sum = middle.reduce((total, r) => total + r.resolution_minutes!, 0);
  return { minutes: Math.round(sum / middle.length), solvedInWindow: count };
}

/** Every view's count in two statements: one pass over the unsolved tickets (in their index), and the solved ones. */
async function viewCounts(db: DB, ctx: ViewContext): Promise<Record<InboxView, number>> {
  const flag = (cond: ReturnType<typeof sql<number>>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const unsolved = await db
    .selectFrom('tickets')
    .select([
      sql<number>`count(*)`.as('unsolved'),
      flag(sql`assignee_id = ${ctx.userId}`).as('mine'),
      flag(sql`assignee_id is null`).as('unassigned'),
      flag(sql`${inboxSegment} = ${AWAITING_FIRST_RESPONSE} and ${inboxKey} <= ${ctx.now + AT_RISK_WITHIN_MS}`).as('at_risk'),
      flag(sql`status in ('open', 'pending') and created_at < ${ctx.longRunningBefore ?? Number.MIN_SAFE_INTEGER}`).as('long_running'),
      flag(sql`status = 'new'`).as('new'),
      flag(sql`status = 'open'`).as('open'),
      flag(sql`status = 'pending'`).as('pending'),
    ])
    .where(inboxQueue, '=', 1)
    .executeTakeFirstOrThrow();
  const solved = await db
    .selectFrom('tickets')
    .select(sql<number>`count(*)`.as('n'))
    .where('status', '=', 'solved')
    .executeTakeFirstOrThrow();
  return {
    unsolved: Number(unsolved.unsolved),
    mine: Number(unsolved.mine),
    unassigned: Number(unsolved.unassigned),
    'at-risk': Number(unsolved.at_risk),
    'long-running': Number(unsolved.long_running),
    new: Number(unsolved.new),
    open: Number(unsolved.open),
    pending: Number(unsolved.pending),
    solved: Number(solved.n),
  };
}

/** One page of an inbox view for staff, with the tab counts and what the filters offer. */
export async function staffInbox(
  db: DB,
  settings: Pick<SiteSettings, 'categoryTags' | 'teams'>,
  user: SessionUser | null,
  query: InboxQuery = {},
  now = Date.now(),
): Promise<Inbox> {
  assertCan(user, 'staff.area');
  const view = query.view ?? 'unsolved';
  const sort = query.sort ?? (view === 'solved' ? 'updated' : 'due');
  const { urgency, category, tag, tier, assigneeId, team } = query;
  const filters: InboxFilters = { urgency, category, tag, tier, assigneeId, team };
  const page = Math.max(1, Math.floor(query.page ?? 1));

  const [agents, longRunning] = [await inboxAgents(db, user), await longRunningThreshold(db, now)];
  const ctx: ViewContext = { userId: user.id, now, longRunningBefore: longRunning.minutes === null ? null : now - longRunning.minutes * 60_000 };
  const counts = await viewCounts(db, ctx);
  const filtered = hasFilters(filters);
  const total = filtered
    ? Number(
        (
          await whereFilters(whereView(baseQuery(db), view, ctx), filters)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    : counts[view];
  const raw = await selectRows(orderBySort(whereFilters(whereView(baseQuery(db), view, ctx), filters), sort))
    .limit(INBOX_PAGE_SIZE)
    .offset((page - 1) * INBOX_PAGE_SIZE)
    .execute();
  return {
    view,
    sort,
    filters,
    page,
    pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
    total,
    rows: await toRows(db, raw, agents),
    counts,
    longRunning,
    agents,
    categoryTags: [...settings.categoryTags],
    teams: [...settings.teams],
  };
}

export type TicketSearch =
  { kind: 'jump'; ref: string } | { kind: 'results'; words: string[]; page: number; rows: InboxRow[]; hasMore: boolean; agents: Agent[] };

/** `a_b%` matches itself only: LIKE's wildcards and the escape character escaped. */
function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Staff search over tickets: every word of the query (folded as the stored
 * search text is) must occur in tickets.search_text; newest first, 25 a page.
 * A ticket reference ("FN-1042") that exists jumps straight to its ticket.
 */
export async function searchTickets(db: DB, user: SessionUser | null, q: string, pageNumber = 1): Promise<TicketSearch> {
  assertCan(user, 'staff.area');
  const id = ticketRefToId(q);
  if (id !== undefined && (await db.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst()))
    return { kind: 'jump', ref: ticketIdToRef(id) };
  const words = ticketQueryWords(q);
  const page = Math.max(1, Math.floor(pageNumber));
  const agents = await inboxAgents(db, user);
  if (words.length === 0) return { kind: 'results', words, page, rows: [], hasMore: false, agents };
  let query = baseQuery(db);
  for (const word of words) query = query.where(sql<SqlBool>`tickets.search_text like ${likeContains(word)} escape '\\'`);
  // One row past the page says whether there is a next one, without counting every match.
  const raw = await selectRows(orderBySort(query, 'newest'))
    .limit(INBOX_PAGE_SIZE + 1)
    .offset((page - 1) * INBOX_PAGE_SIZE)
    .execute();
  return { kind: 'results', words, page, rows: await toRows(db, raw.slice(0, INBOX_PAGE_SIZE), agents), hasMore: raw.length > INBOX_PAGE_SIZE, agents };
}

/** A span as agents read it: "40 min", "3 h", "2 d". */
export function describeSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** "waiting 3 h" while the requester waits for staff; otherwise where the ticket stands. */
export function waitLabel(row: Pick<InboxRow, 'waitingSince' | 'status'>, now: number): string {
  if (row.waitingSince !== null) return `waiting ${describeSpan(now - row.waitingSince)}`;
  if (row.status === 'solved' || row.status === 'closed') return row.status;
  return 'answered';
}

/** "due in 40 min" / "breached 2 h ago" before the first response; its outcome after. */
export function slaLabel(
  row: Pick<InboxRow, 'dueAt' | 'slaOutcome' | 'slaLateMinutes'>,
  now: number,
): { text: string; state: 'due' | 'breached' | 'met' | 'none' } {
  if (row.dueAt !== null)
    return row.dueAt > now
      ? { text: `due in ${describeSpan(row.dueAt - now)}`, state: 'due' }
      : { text: `breached ${describeSpan(now - row.dueAt)} ago`, state: 'breached' };
  if (row.slaOutcome === 'met') return { text: 'first reply on time', state: 'met' };
  if (row.slaOutcome === 'breached')
    return { text: row.slaLateMinutes ? `first reply ${describeSpan(row.slaLateMinutes * 60_000)} late` : 'first reply late', state: 'breached' };
  return { text: 'no SLA', state: 'none' };
}
