// `npm run bench:plans`: EXPLAIN QUERY PLAN for every statement of the
// community list reads, on a migrated database holding 20,000 questions.
import SQLite from 'better-sqlite3';
import { configureSqlite, createDb } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { listNotifications } from '@/server/community/notifications';
import { listQuestions, listTags } from '@/server/community/questions';
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

const cases: Array<[string, (db: DB) => Promise<unknown>]> = [
  ['list newest, page 1', (db) => listQuestions(db, { tab: 'newest', page: 1 })],
  ['list active, page 1', (db) => listQuestions(db, { tab: 'active', page: 1 })],
  ['list votes, page 1', (db) => listQuestions(db, { tab: 'votes', page: 1 })],
  ['list unanswered, page 1', (db) => listQuestions(db, { tab: 'unanswered', page: 1 })],
  ['list newest, page 1,000', (db) => listQuestions(db, { tab: 'newest', page: 1000 })],
  ['list active, page 1,000', (db) => listQuestions(db, { tab: 'active', page: 1000 })],
  ['tag page newest (topic-3)', (db) => listQuestions(db, { tab: 'newest', tag: 'topic-3', page: 1 })],
  ['tag page votes (topic-3)', (db) => listQuestions(db, { tab: 'votes', tag: 'topic-3', page: 1 })],
  ['tags list', (db) => listTags(db, 20)],
  ['notifications list', (db) => listNotifications(db, userId)],
];
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
