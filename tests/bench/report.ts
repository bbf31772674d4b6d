// `npm run bench:report` (also the last step of `npm run bench`): the time to
// compute one month of the happiness report (computeMonth, which computes the
// month before it too, for the changes) with about 3,000 tickets received in
// that month. Builds, in a temp dir, a database with generated tickets over two
// years (db/seed/scale-tickets.ts; BENCH_REPORT_TICKETS, default 62,000, puts
// just over 3,000 in November 2026), status events for the month's solves and
// customer reopenings (the generator writes none), community posts
// (db/seed/scale.ts) and a year of self-service traffic: help article views
// per day, "was this helpful?" votes, searches (some clicked, some with no
// result) and contact-form deflections. Times BENCH_RUNS (default 9) runs after
// 2 warm-up runs and prints the median (issue 14's target: ≤ 500 ms), the
// statements' own times and the EXPLAIN QUERY PLAN of the two heaviest, and
// adds the figures to tests/bench/RESULTS.md (newest first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { format, resolveConfig } from 'prettier';
import { openDatabase } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import type { Database } from '@db/schema';
import { createRandom } from '@db/seed/random';
import { bulkInsert, generateScaleData, scalar } from '@db/seed/scale';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { computeMonth, monthFigures } from '@/server/report/metrics';
import { monthRange } from '@/server/report/months';
import { defaultCategoryTags } from '@/server/settings/settings';

const root = resolve(import.meta.dirname, '../..');
const ticketCount = Number(process.env.BENCH_REPORT_TICKETS ?? 62_000);
const runs = Number(process.env.BENCH_RUNS ?? 9);
const MONTH = '2026-11';
const now = Date.UTC(2026, 11, 3, 12);
const DAY = 24 * 60 * 60_000;
const loadBefore = loadavg()[0]!;

const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-report-'));
const databasePath = join(dir, 'hearth.db');
const { db } = openDatabase(databasePath);
await migrateToLatest(db);

// 1. Tickets over two years, then the month's status events (solves and some customer reopenings).
const started = performance.now();
const generated = await generateScaleTickets(db, { tickets: ticketCount, now });
const { from, to } = monthRange(MONTH);
const random = createRandom(20261203);
const solvedRows = await db
  .selectFrom('tickets')
  .select(['id', 'user_id', 'created_at', 'solved_at'])
  .where('solved_at', '>=', from)
  .where('solved_at', '<', to)
  .execute();
const events: unknown[][] = [];
for (const t of solvedRows) {
  events.push([t.id, null, 'status', 'new', 'open', t.created_at + 60_000]);
  if (random.next() < 0.08) {
    // Solved once, reopened by the customer's reply, solved again.
    const first = Math.floor((t.created_at + t.solved_at!) / 2);
    events.push([t.id, 1, 'status', 'open', 'solved', first]);
    events.push([t.id, t.user_id, 'status', 'solved', 'open', first + 60_000]);
  }
  events.push([t.id, 1, 'status', 'open', 'solved', t.solved_at]);
}
await bulkInsert(db, 'ticket_events', ['ticket_id', 'actor_id', 'kind', 'from_value', 'to_value', 'created_at'], events);

// 2. Community posts over two years, and a year of self-service traffic.
await generateScaleData(db, { questions: 10_000, answers: 30_000, users: 1_000, now, bodyVariants: 40 });
const yearStart = now - 365 * DAY;
const slugs = Array.from({ length: 80 }, (_, i) => `article-${i + 1}`);
const views: unknown[][] = [];
for (let d = 0; d < 365; d++) {
  const day = new Date(yearStart + d * DAY).toISOString().slice(0, 10);
  for (const slug of slugs) views.push([slug, day, 1 + random.int(0, 40)]);
}
await bulkInsert(db, 'help_article_views', ['article_slug', 'day', 'views'], views);
const at = () => yearStart + Math.floor(random.next() * (now - yearStart));
await bulkInsert(
  db,
  'help_feedback',
  ['article_slug', 'voter_key', 'user_id', 'helpful', 'comment', 'created_at', 'updated_at'],
  Array.from({ length: 20_000 }, (_, i) => {
    const when = at();
    return [random.pick(slugs), `voter-${i}`, null, random.next() < 0.7 ? 1 : 0, null, when, when];
  }),
);
const words = ['calendar sync', 'export pdf', 'invoice', 'outlook', 'two factor', 'share notes', 'offline', 'api token', 'refund', 'timezone'];
await bulkInsert(
  db,
  'search_queries',
  ['query', 'type_filter', 'result_count', 'visitor_key', 'clicked_url', 'clicked_at', 'escalated', 'created_at'],
  Array.from({ length: 150_000 }, (_, i) => {
    const when = at();
    const results = random.next() < 0.12 ? 0 : 1 + random.int(0, 30);
    const clicked = results > 0 && random.next() < 0.45;
    return [random.pick(words), null, results, `visitor-${i % 20_000}`, clicked ? '/help/article-1' : null, clicked ? when + 20_000 : null, 0, when];
  }),
);
await bulkInsert(
  db,
  'contact_deflections',
  ['visit_id', 'visitor_key', 'url', 'doc_type', 'created_at', 'ticket_id'],
  Array.from({ length: 15_000 }, (_, i) => [`visit-${i}`, null, '/help/article-2', 'article', at(), null]),
);
const generationSeconds = ((performance.now() - started) / 1000).toFixed(1);
const received = await scalar(db, `select count(*) as n from tickets where created_at >= ${from} and created_at < ${to}`);
console.log(
  `${generated.tickets.toLocaleString('en')} tickets (${received.toLocaleString('en')} received and ${solvedRows.length.toLocaleString('en')} solved in ${MONTH}), ${events.length.toLocaleString('en')} status events, 10,000 questions, 150,000 searches in ${generationSeconds} s`,
);
await db.destroy();

// 3. The timings, on the same file opened afresh.
const bench = openDatabase(databasePath).db;
const options = { now, categoryTags: defaultCategoryTags };
for (let i = 0; i < 2; i++) await computeMonth(bench, MONTH, options);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await computeMonth(bench, MONTH, options);
  times.push(performance.now() - t0);
}
const report = await computeMonth(bench, MONTH, options);
await bench.destroy();
const sorted = [...times].sort((a, b) => a - b);
const medianMs = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

// 4. Each statement of one month's figures, timed alone (median of 5), and the plans of the two heaviest.
const sqlite = new SQLite(databasePath, { readonly: true });
const captured: { sql: string; parameters: readonly unknown[] }[] = [];
const logging = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
  },
});
await monthFigures(logging, MONTH, now, defaultCategoryTags);
const statements = captured.map(({ sql, parameters }) => {
  const stmt = sqlite.prepare(sql);
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    rows = stmt.all(...parameters).length;
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  const plan = (sqlite.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail);
  return { sql, plan, ms: ms[2]!, rows };
});
sqlite.close();
rmSync(dir, { recursive: true, force: true });
const heaviest = [...statements].sort((a, b) => b.ms - a.ms).slice(0, 2);

const f = report.figures;
console.log(
  `computeMonth(${MONTH}) with the month before it: median ${medianMs.toFixed(1)} ms of ${runs} runs (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}); target ≤ 500 ms`,
);
console.log(
  `Figures: received ${f.tickets.received.value}, solved ${f.tickets.solved.value}, first response median ${f.firstResponse.median.value} min, reopened ${f.tickets.reopenRate.value}`,
);
for (const s of statements) console.log(`${s.ms.toFixed(1).padStart(7)} ms ${String(s.rows).padStart(6)} rows  ${s.sql.slice(0, 110)}`);
for (const s of heaviest) console.log(`\nEXPLAIN QUERY PLAN ${s.sql}\n${s.plan.join('\n')}`);

// 5. RESULTS.md, newest first.
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const branch = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (other processes share the cores)`;
const section = [
  `## ${stamp} UTC · happiness report month (\`npm run bench:report\`, branch ${branch}, commit ${commit})`,
  '',
  `Issue 14's target: computing a month with 3,000 tickets in at most 500 ms. computeMonth(${MONTH}) computes October too, for the month-over-month changes; ${runs} runs after 2 warm-up runs, on a file database.`,
  '',
  `- Node ${process.version}; machine: ${machine}`,
  `- Data: ${generated.tickets.toLocaleString('en')} generated tickets over two years, ${received.toLocaleString('en')} received and ${solvedRows.length.toLocaleString('en')} solved in ${MONTH}; ${events.length.toLocaleString('en')} status events; 10,000 questions and 30,000 answers; a year of help views (80 articles), 20,000 helpful votes, 150,000 searches, 15,000 deflections (generated in ${generationSeconds} s)`,
  `- **Median ${medianMs.toFixed(1)} ms** (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`,
  '',
  '| statement (one month) | ms | rows |',
  '| --- | ---: | ---: |',
  ...statements.map((s) => `| \`${s.sql.slice(0, 90).replace(/\|/g, '\\|')}…\` | ${s.ms.toFixed(1)} | ${s.rows} |`),
  '',
  'The two heaviest statements’ plans:',
  '',
  ...heaviest.flatMap((s) => ['```text', s.sql, ...s.plan, '```', '']),
].join('\n');
const resultsPath = join(root, 'tests/bench/RESULTS.md');
const MARK = '<!-- newest first: npm run bench:scale adds its table below -->';
const current = readFileSync(resultsPath, 'utf8');
const updated = current.includes(MARK) ? current.replace(MARK, `${MARK}\n\n${section}`) : `${current}\n${section}`;
writeFileSync(resultsPath, await format(updated, { ...(await resolveConfig(resultsPath)), filepath: resultsPath }));
console.log('\nWrote tests/bench/RESULTS.md.');
