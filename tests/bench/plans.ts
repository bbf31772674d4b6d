// `npm run bench:plans`: EXPLAIN QUERY PLAN for every statement of the
// community list reads, on a migrated database holding 20,000 questions, and
// of the staff inbox's reads on 30,000 generated tickets (db/seed/scale-tickets.ts).
import SQLite from 'better-sqlite3';
import { configureSqlite, createDb } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { listNotifications } from '@/server/community/notifications';
import { listQuestions, listTags, questionCounts, type ListCursor } from '@/server/community/questions';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { defaultCategoryTags, defaultTeams } from '@/server/settings/settings';
import { searchTickets, staffInbox } from '@/server/tickets/inbox';
import type { SessionUser } from '@/server/accounts/sessions';
import { explainQueries, fillQuestions } from '../support/query-plans';
import type { DB } from '@db/connection';

const sqlite = new SQLite(':memory:');
configureSqlite(sqlite);
const setup = createDb(sqlite);
await migrateToLatest(setup);
const now = Date.now();
const { id: userId } = await setup
  .insertInto('users')
  .values({ email: 'plans@example.com', display_name: 'Plans', password_hash: 'x', role: 'member', created_at: now, password_changed_at: now })
  .returning('id')
  .executeTakeFirstOrThrow();
fillQuestions(sqlite, { questions: 20_000, authorId: userId });
const notify = sqlite.prepare("insert into notifications (user_id, kind, actor_id, question_id, read_at, created_at) values (?, 'answer', ?, ?, ?, ?)");
sqlite.transaction(() => {
  for (let i = 1; i <= 2000; i++) notify.run(userId, userId, i, i % 3 === 0 ? now : null, now - i * 1000);
})();

// "Page 1,000" before keyset paging was OFFSET 19,980; the deepest cursor here is near the end of the list, as deep as it gets.
const deep = (column: string): ListCursor => {
  const row = sqlite
    .prepare(`select ${column} as key, id from questions where visibility = 'visible' order by ${column} desc, id desc limit 1 offset 18000`)
    .get() as ListCursor;
  return row;
};
const deepNewest = deep('created_at');
const deepActive = deep('last_activity_at');
const cases: Array<[string, (db: DB) => Promise<unknown>]> = [
  ['list newest, page 1', (db) => listQuestions(db, { tab: 'newest' })],
  ['list active, page 1', (db) => listQuestions(db, { tab: 'active' })],
  ['list votes, page 1', (db) => listQuestions(db, { tab: 'votes' })],
  ['list unanswered, page 1', (db) => listQuestions(db, { tab: 'unanswered' })],
  ['list totals (every page)', (db) => questionCounts(db)],
  ['list newest, deep (cursor)', (db) => listQuestions(db, { tab: 'newest', after: deepNewest })],
  ['list active, deep (cursor)', (db) => listQuestions(db, { tab: 'active', after: deepActive })],
  ['tag page newest (topic-3)', (db) => listQuestions(db, { tab: 'newest', tag: 'topic-3' })],
  ['tag page votes (topic-3)', (db) => listQuestions(db, { tab: 'votes', tag: 'topic-3' })],
  ['tag totals', (db) => questionCounts(db, 'topic-3')],
  ['tags list', (db) => listTags(db, 20)],
  ['notifications list', (db) => listNotifications(db, userId)],
];

// The staff inbox on 30,000 tickets, live at `now` (new, open, pending and solved ones, and a backlog of long-running ones).
const tickets = await generateScaleTickets(setup, { tickets: 30_000, now });
console.log(
  `Tickets: ${Object.entries(tickets.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ')}`,
);
const agentRow = await setup.selectFrom('users').select(['id', 'email', 'display_name']).where('role', '=', 'staff').orderBy('id').executeTakeFirstOrThrow();
const agent = { id: agentRow.id, email: agentRow.email, displayName: agentRow.display_name, role: 'staff' } as SessionUser;
const desk = { categoryTags: defaultCategoryTags, teams: defaultTeams };
cases.push(
  ['inbox, default view (all unsolved by SLA due), page 1', (db) => staffInbox(db, desk, agent, {}, now)],
  ['inbox, default view, page 20', (db) => staffInbox(db, desk, agent, { page: 20 }, now)],
  ['inbox, mine', (db) => staffInbox(db, desk, agent, { view: 'mine' }, now)],
  ['inbox, SLA at risk', (db) => staffInbox(db, desk, agent, { view: 'at-risk' }, now)],
  ['inbox, long-running', (db) => staffInbox(db, desk, agent, { view: 'long-running' }, now)],
  ['inbox, open, category "bug"', (db) => staffInbox(db, desk, agent, { view: 'open', category: 'bug' }, now)],
  ['inbox, solved', (db) => staffInbox(db, desk, agent, { view: 'solved' }, now)],
  ['ticket search "calendar sync"', (db) => searchTickets(db, agent, 'calendar sync')],
);
for (const [label, read] of cases) {
  const runs = 20;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await read(setup);
  console.log(`\n## ${label}  (${((performance.now() - started) / runs).toFixed(2)} ms per read)`);
  for (const { sql, plan } of await explainQueries(sqlite, read)) {
    console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 160)}${sql.length > 160 ? '…' : ''}`);
    for (const line of plan) console.log(`    ${line}`);
  }
}
await setup.destroy();
