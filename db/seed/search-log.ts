// Demo search log and contact-form deflections (issue 14, item 8): a year of
// what visitors typed into site search (normalized, as recordSearch stores
// it), how many results each search found, the result clicked, and whether
// the visit went on to contact support; and the help answers visitors opened
// from the contact form's suggestions, most of them instead of sending a
// request. The report's self-service figures and the staff insights' top and
// zero-result searches read them.
// The story: searches grow with the customer base; calendar and sync
// questions lead; "where did it go" searches spike for a month after the
// redesign and found nothing until the new navigation articles were written;
// a handful of searches always find nothing (features Fieldnote lacks, typos).
// Deterministic (the seed's random, times relative to the seed's clock),
// idempotent (an existing search means the step ran), bulk-inserted.
import { resolve } from 'node:path';
import { CompiledQuery } from 'kysely';
import type { DB } from '../connection';
import { normalizeQuery } from '@search/text';
import { loadHelpContent } from '@/server/help/content';
import { REDESIGN_DAYS_AGO } from './tickets';
import type { SeedContext } from './index';
import type { Random } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const SEARCH_HISTORY_DAYS = 365;
/** The new navigation articles were written this many days before the seed's clock (a month after the redesign). */
const NAVIGATION_ARTICLES_DAYS_AGO = REDESIGN_DAYS_AGO - 30;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

interface SeedQuery {
  text: string;
  /** The help article a click lands on (slug), or null when nothing useful is found. */
  article: string | null;
  /** Results found (before the redesign articles, for the "navigation" ones: none). */
  results: number;
  weight: number;
  topic?: 'redesign';
}

const queries: SeedQuery[] = [
  { text: 'Google Calendar sync', article: 'connect-google-calendar', results: 9, weight: 10 },
  { text: 'calendar not syncing', article: 'fix-calendar-sync-errors', results: 7, weight: 9 },
  { text: 'outlook calendar', article: 'connect-outlook-calendar', results: 6, weight: 6 },
  { text: 'iCloud calendar', article: 'connect-icloud-calendar', results: 4, weight: 3 },
  { text: 'how often does sync run', article: 'sync-frequency-and-limits', results: 5, weight: 3 },
  { text: 'export notes', article: 'export-notes', results: 8, weight: 8 },
  { text: 'export to PDF', article: 'export-notes', results: 6, weight: 5 },
  { text: 'export failed', article: 'export-failed', results: 4, weight: 3 },
  { text: 'invoice', article: 'download-invoices', results: 5, weight: 6 },
  { text: 'change plan', article: 'change-your-plan', results: 6, weight: 4 },
  { text: 'update credit card', article: 'update-payment-method', results: 3, weight: 3 },
  { text: 'cancel subscription', article: 'cancel-or-delete-account', results: 4, weight: 4 },
  { text: 'two factor authentication', article: 'two-factor-authentication', results: 5, weight: 4 },
  { text: "can't sign in", article: 'cannot-sign-in', results: 6, weight: 5 },
  { text: 'reset password', article: 'cannot-sign-in', results: 4, weight: 5 },
  { text: 'invite team members', article: 'invite-your-team', results: 7, weight: 5 },
  { text: 'share a note', article: 'share-a-note', results: 9, weight: 5 },
  { text: 'permissions', article: 'permissions-and-roles', results: 8, weight: 3 },
  { text: 'version history', article: 'version-history', results: 3, weight: 3 },
  { text: 'restore deleted note', article: 'missing-notes-recover-trash', results: 5, weight: 4 },
  { text: 'notes not syncing', article: 'notes-not-syncing', results: 6, weight: 5 },
  { text: 'offline mode', article: 'offline-mode', results: 3, weight: 3 },
  { text: 'push notifications', article: 'push-notifications', results: 4, weight: 3 },
  { text: 'widget android', article: 'mobile-widgets', results: 2, weight: 2 },
  { text: 'slack', article: 'slack-integration', results: 5, weight: 3 },
  { text: 'zapier', article: 'zapier-integration', results: 3, weight: 2 },
  { text: 'webhooks', article: 'webhooks', results: 5, weight: 2 },
  { text: 'API token', article: 'rest-api-tokens', results: 4, weight: 2 },
  { text: 'SAML SSO', article: 'single-sign-on-saml', results: 3, weight: 2 },
  { text: 'keyboard shortcuts', article: 'keyboard-shortcuts', results: 2, weight: 3 },
  { text: 'templates', article: 'templates', results: 6, weight: 3 },
  { text: 'import from Evernote', article: 'import-from-other-apps', results: 3, weight: 3 },
  { text: 'meeting notes from calendar event', article: 'meeting-notes-from-events', results: 4, weight: 3 },
  { text: 'mentions', article: 'mentions-and-comments', results: 5, weight: 2 },
  { text: 'email not received', article: 'email-not-received', results: 4, weight: 3 },
  // After the redesign: nothing answered these until the new navigation articles were written.
  { text: 'where is the sidebar', article: 'welcome-to-fieldnote', results: 3, weight: 1, topic: 'redesign' },
  { text: 'new navigation', article: 'welcome-to-fieldnote', results: 4, weight: 1, topic: 'redesign' },
  { text: 'old layout back', article: 'welcome-to-fieldnote', results: 2, weight: 1, topic: 'redesign' },
  // Always nothing: what Fieldnote does not do (yet), and typos.
  { text: 'dark mode', article: null, results: 0, weight: 3 },
  { text: 'linux app', article: null, results: 0, weight: 2 },
  { text: 'kanban board', article: null, results: 0, weight: 1.5 },
  { text: 'apple watch', article: null, results: 0, weight: 1 },
  { text: 'handwriting', article: null, results: 0, weight: 1 },
  { text: 'calender sync', article: null, results: 0, weight: 1.5 },
  { text: 'exprot', article: null, results: 0, weight: 1 },
  { text: 'hipaa', article: null, results: 0, weight: 0.8 },
];

async function bulkInsert(db: DB, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(30_000 / columns.length);
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const placeholders = part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await db.executeQuery(CompiledQuery.raw(head + placeholders, part.flat()));
  }
}

function token(random: Random, length: number): string {
  return Array.from({ length }, () => BASE32[random.int(0, 31)]).join('');
}

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A visitor's working-hours moment on the day (UTC, mostly European office hours). */
function momentOn(random: Random, dayStart: number): number {
  return dayStart + random.int(6, 20) * HOUR + random.int(0, 59) * MIN + random.int(0, 59) * 1000;
}

export async function seedSearchLog({ db, random, now }: SeedContext): Promise<string> {
  if (await db.selectFrom('search_queries').select('id').limit(1).executeTakeFirst()) return 'already seeded';
  const { articles } = loadHelpContent(resolve(process.cwd(), 'content/help'));
  const pathOf = new Map(articles.map((a) => [a.slug, a.path]));
  // The demo tickets each day, so a contact visit that sent a request names a real ticket written just after it.
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'created_at'])
    .where('created_at', '>=', now - SEARCH_HISTORY_DAYS * DAY)
    .orderBy('created_at')
    .execute();
  const ticketsByDay = new Map<number, { id: number; created_at: number }[]>();
  for (const t of tickets) {
    const day = Math.floor(t.created_at / DAY);
    ticketsByDay.set(day, [...(ticketsByDay.get(day) ?? []), t]);
  }

  const searchRows: unknown[][] = [];
  const deflectionRows: unknown[][] = [];
  for (let daysAgo = SEARCH_HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
    const dayStart = Math.floor((now - daysAgo * DAY) / DAY) * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const weekFactor = weekday === 0 || weekday === 6 ? 0.5 : 1;
    const growth = 0.7 + 0.3 * ((SEARCH_HISTORY_DAYS - daysAgo) / SEARCH_HISTORY_DAYS);
    const afterRedesign = daysAgo <= REDESIGN_DAYS_AGO;
    const redesignSpike = afterRedesign && daysAgo > REDESIGN_DAYS_AGO - 35;
    const weight = (q: SeedQuery) => (q.topic !== 'redesign' ? q.weight : !afterRedesign ? 0 : redesignSpike ? 12 : 0.6);

    // Site searches: a visit searches once, or refines a query or two.
    const visits = Math.floor(22 * weekFactor * growth + random.next() * 8);
    for (let v = 0; v < visits; v++) {
      const visitor = token(random, 26);
      let at = momentOn(random, dayStart);
      const searches = random.chance(0.25) ? random.int(2, 3) : 1;
      for (let s = 0; s < searches && at < now; s++) {
        const q = pickWeighted(random, queries, weight);
        const answered = q.topic !== 'redesign' || daysAgo <= NAVIGATION_ARTICLES_DAYS_AGO;
        const results = !answered || q.results === 0 ? 0 : Math.max(1, q.results + random.int(-1, 2));
        const path = answered && q.article !== null ? pathOf.get(q.article) : undefined;
        const clicked = path !== undefined && results > 0 && random.chance(0.62);
        const clickedAt = clicked ? Math.min(now, at + random.int(4, 90) * 1000) : null;
        // A search without a useful result leads to the contact form now and then.
        const escalated = random.chance(clicked ? 0.02 : results === 0 ? 0.12 : 0.06) ? 1 : 0;
        searchRows.push([normalizeQuery(q.text), null, results, visitor, clicked ? path : null, clickedAt, escalated, at]);
        at += random.int(20, 240) * 1000;
      }
    }

    // The contact form's suggestions: most visits that open one find their answer and send nothing.
    const contactVisits = Math.floor(9 * weekFactor * growth + random.next() * 4);
    const dayTickets = [...(ticketsByDay.get(Math.floor(dayStart / DAY)) ?? [])];
    for (let v = 0; v < contactVisits; v++) {
      const visitId = token(random, 26);
      const visitor = token(random, 26);
      const ticket = random.chance(0.3) && dayTickets.length > 0 ? dayTickets.splice(random.int(0, dayTickets.length - 1), 1)[0]! : null;
      // Suggestions opened before the request: the last one at least a few minutes before it was sent.
      let at = ticket ? ticket.created_at - random.int(10, 40) * MIN : momentOn(random, dayStart);
      if (at >= now) continue;
      const opened = random.chance(0.3) ? 2 : 1;
      const urls = new Set<string>();
      for (let o = 0; o < opened; o++) {
        const q = pickWeighted(random, queries, (x) => (x.article === null ? 0 : weight(x)));
        const path = pathOf.get(q.article!);
        if (path === undefined || urls.has(path)) continue;
        urls.add(path);
        deflectionRows.push([visitId, visitor, path, 'article', at, ticket?.id ?? null]);
        at += random.int(1, 4) * MIN;
      }
    }
  }
  searchRows.sort((x, y) => (x[7] as number) - (y[7] as number));
  deflectionRows.sort((x, y) => (x[4] as number) - (y[4] as number));
  await db.transaction().execute(async (trx) => {
    await bulkInsert(
      trx,
      'search_queries',
      ['query', 'type_filter', 'result_count', 'visitor_key', 'clicked_url', 'clicked_at', 'escalated', 'created_at'],
      searchRows,
    );
    await bulkInsert(trx, 'contact_deflections', ['visit_id', 'visitor_key', 'url', 'doc_type', 'created_at', 'ticket_id'], deflectionRows);
  });
  const zero = searchRows.filter((r) => r[2] === 0).length;
  const deflectedVisits = new Set(deflectionRows.filter((r) => r[5] === null).map((r) => r[0])).size;
  return `${searchRows.length} searches (${zero} with no results), ${new Set(deflectionRows.map((r) => r[0])).size} contact visits that opened a suggestion (${deflectedVisits} sent nothing)`;
}
