// `npm run bench:inbox` (also the last step of `npm run bench`): the staff
// inbox page's server time on 30,000 tickets (issue 11's target: the first
// page of the default view under 50 ms). Builds, in a temp dir, a database
// with 30,000 generated tickets live at the current time (db/seed/scale-
// tickets.ts), starts the built server on it with HEARTH_QUERY_LOG (the
// request log then times each request with its whole body rendered, and
// counts its statements), signs an agent in, and asks for each page one at a
// time: 5 warm-up requests, then BENCH_REQUESTS (default 50). Prints the
// median and 90th percentile of the server's own times (beside a signed-in
// page without queries of its own, for how busy the machine is), the
// statements per request and the EXPLAIN QUERY PLAN of the default view's statements, and
// writes tests/.artifacts/bench-inbox.json. BENCH_TICKETS changes the size.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { buildIfNeeded } from '@/cli/build-if-needed';
import { createUser } from '@/server/accounts/users';
import { defaultCategoryTags, defaultTeams } from '@/server/settings/settings';
import { staffInbox } from '@/server/tickets/inbox';
import { explainQueries } from '../support/query-plans';
import { startTestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';

const root = resolve(import.meta.dirname, '../..');
const ticketCount = Number(process.env.BENCH_TICKETS ?? 30_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 50);
const PASSWORD = 'inbox bench password 1';
buildIfNeeded(root);

// 1. The data, live now.
const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-inbox-'));
const databasePath = join(dir, 'hearth.db');
const now = Date.now();
const { db } = openDatabase(databasePath);
await migrateToLatest(db);
const agent = await createUser(db, { email: 'inbox-bench@example.com', displayName: 'Bench Agent', password: PASSWORD, role: 'staff' });
const generated = await generateScaleTickets(db, { tickets: ticketCount, now });
console.log(
  `${ticketCount.toLocaleString('en')} tickets in ${generated.seconds} s: ${Object.entries(generated.statuses)
    .map(([status, n]) => `${status} ${n.toLocaleString('en')}`)
    .join(', ')}; ${generated.messages.toLocaleString('en')} messages, ${generated.tags.toLocaleString('en')} tags`,
);
await db.destroy();

// 2. The plan of the default view's statements, on the same file.
const sqlite = new SQLite(databasePath, { readonly: true });
const desk = { categoryTags: defaultCategoryTags, teams: defaultTeams };
const plans = await explainQueries(sqlite, (d) => staffInbox(d, desk, agent, {}, now));
sqlite.close();

// 3. The pages, one request at a time.
const server = await startTestServer({ DATABASE_PATH: databasePath, HEARTH_QUERY_LOG: 'true', MEILISEARCH_URL: '', SEED_DEMO: 'never' });
interface Row {
  label: string;
  path: string;
  serverMedianMs: number;
  serverP90Ms: number;
  clientMedianMs: number;
  queries: number;
  bytes: number;
}
const rows: Row[] = [];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
try {
  const { cookie } = await signInCookie(server, agent.email, PASSWORD);
  for (const [label, path] of [
    // A signed-in page with no query of its own: what the session, header and layout cost on this machine now.
    ['baseline: the staff area page', '/staff'],
    ['default view (all unsolved by SLA due), page 1', '/staff/tickets'],
    ['default view, page 10', '/staff/tickets?page=10'],
    ['SLA at risk', '/staff/tickets?view=at-risk'],
    ['long-running', '/staff/tickets?view=long-running'],
    ['open, category "bug", newest', '/staff/tickets?view=open&category=bug&sort=newest'],
    ['solved', '/staff/tickets?view=solved'],
    ['search "calendar sync"', '/staff/tickets?q=calendar+sync'],
  ] as const) {
    const server_: number[] = [];
    const client: number[] = [];
    let queries = 0;
    let bytes = 0;
    for (let i = 0; i < 5 + requests; i++) {
      const before = server.output().length;
      const started = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
      const body = await response.text();
      const took = performance.now() - started;
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      // The request log line: "GET /staff/tickets 200 12.3ms 9 queries".
      let line: RegExpExecArray | null = null;
      for (let wait = 0; !line && wait < 100; wait++) {
        line = /GET \S+ 200 ([\d.]+)ms (\d+) queries/.exec(server.output().slice(before));
        if (!line) await new Promise((r) => setTimeout(r, 5));
      }
      if (!line) throw new Error(`No request log line for ${path}`);
      if (i < 5) continue;
      server_.push(Number(line[1]));
      client.push(took);
      queries = Number(line[2]);
      bytes = body.length;
    }
    const row: Row = {
      label,
      path,
      serverMedianMs: percentile(server_, 0.5),
      serverP90Ms: percentile(server_, 0.9),
      clientMedianMs: Math.round(percentile(client, 0.5) * 10) / 10,
      queries,
      bytes,
    };
    rows.push(row);
    console.log(
      `  ${label.padEnd(48)} server p50 ${String(row.serverMedianMs).padStart(5)} ms  p90 ${String(row.serverP90Ms).padStart(5)} ms  (client p50 ${row.clientMedianMs} ms)  ${row.queries} statements  ${Math.round(row.bytes / 1024)} KiB`,
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log('\nEXPLAIN QUERY PLAN, default view, page 1:');
for (const { sql, plan } of plans) {
  console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 160)}${sql.length > 160 ? '…' : ''}`);
  for (const line of plan) console.log(`    ${line}`);
}
mkdirSync(join(root, 'tests/.artifacts'), { recursive: true });
writeFileSync(
  join(root, 'tests/.artifacts/bench-inbox.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, tickets: ticketCount, statuses: generated.statuses, requests, rows, plans }, null, 2),
);
