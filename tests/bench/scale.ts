// `npm run bench:scale`: the search API at scale (issue 10). Builds, in a temp
// dir, the demo seed grown to 50,000 questions and 150,000 answers (db/seed/
// scale.ts) with every question indexed by the embedded engine, starts the
// built server on it, and measures with autocannon at 32 connections, each
// for BENCH_SECONDS (default 10) after a 2 s warm-up: the trivial page, the
// search API rotating over 1,000+ distinct customer queries, and the search
// API on the broad "calendar"; then one request at a time (median of 50).
// Prints a table, writes tests/.artifacts/bench-scale.json, and adds the
// table to tests/bench/RESULTS.md (newest first). Loopback only.
// BENCH_QUESTIONS / BENCH_ANSWERS change the size (for a quick try).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { format, resolveConfig } from 'prettier';
import { openDatabase } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { seedDemoData } from '@db/seed/index';
import { generateScaleData, indexScaleData, verifyScaleData } from '@db/seed/scale';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { buildIfNeeded } from '@/cli/build-if-needed';
import { startTestServer } from '../support/server';
import { benchQueries } from './scale-queries';

const root = resolve(import.meta.dirname, '../..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const questions = Number(process.env.BENCH_QUESTIONS ?? 50_000);
const answers = Number(process.env.BENCH_ANSWERS ?? 150_000);
// One web process per core (WEB_PROCESSES, README): the measured server is what a 2-core deployment would run.
const webProcesses = Number(process.env.BENCH_WEB_PROCESSES ?? Math.min(2, cpus().length));
const CONNECTIONS = 32;
buildIfNeeded(root);

interface Row {
  label: string;
  path: string;
  connections: number;
  requestsPerSecond: number | null;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

const fmt = (n: number) => n.toLocaleString('en');

// 1. The data.
const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-scale-'));
const databasePath = join(dir, 'hearth.db');
const { db } = openDatabase(databasePath);
await migrateToLatest(db);
const t0 = performance.now();
await seedDemoData(db);
const seedSeconds = (performance.now() - t0) / 1000;
console.log(`Demo seed in ${seedSeconds.toFixed(1)} s; growing to ${fmt(questions)} questions and ${fmt(answers)} answers…`);
const generated = await generateScaleData(db, { questions, answers, log: (line) => console.log(`  ${line}`) });
const verification = await verifyScaleData(db);
if (verification.problems.length) throw new Error(`The scale data is inconsistent: ${verification.problems.join('; ')}`);
console.log(`  generated in ${generated.seconds} s, verified`);
const engine = createEmbeddedEngine(db);
await engine.setup();
const indexed = await indexScaleData(db, engine);
console.log(`  indexed ${fmt(indexed.documents)} questions in ${indexed.seconds} s`);
await db.destroy();

// 2. The server on it (the embedded engine, whatever the environment says), once the worker has indexed the demo's own changes.
const server = await startTestServer({
  DATABASE_PATH: databasePath,
  BENCH_ROUTES: 'true',
  LOG_REQUESTS: 'false',
  MEILISEARCH_URL: '',
  SEED_DEMO: 'never',
  WEB_PROCESSES: String(webProcesses),
});
const rows: Row[] = [];
let single!: { medianMs: number; p90Ms: number; tookMsMedian: number; total: number };
let documents: number;
let loadBefore: number;
try {
  for (let i = 0; i < 600; i++) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } };
    if (health.search.pending_changes === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // server.db is the test server's own (unused) file: count on the benchmark database itself.
  const reader = openDatabase(databasePath).db;
  documents = await createEmbeddedEngine(reader).count();
  await reader.destroy();
  const queries = benchQueries(1_000);
  const searchPath = (q: string) => `/api/search?q=${encodeURIComponent(q)}&limit=5`;
  const paths = queries.map(searchPath);

  const measure = async (label: string, path: string, rotate?: string[]) => {
    let next = 0;
    const options = {
      url: server.url + path,
      connections: CONNECTIONS,
      ...(rotate
        ? { requests: [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: rotate[next++ % rotate.length]! }) }] }
        : {}),
    };
    await autocannon({ ...options, duration: 2 });
    const result = await autocannon({ ...options, duration: seconds });
    const row: Row = {
      label,
      path,
      connections: CONNECTIONS,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
    rows.push(row);
    console.log(
      `  ${label.padEnd(44)} ${String(row.requestsPerSecond).padStart(6)} req/s   p50 ${row.p50Ms} ms   p99 ${row.p99Ms} ms   errors ${row.errors}   non-2xx ${row.non2xx}`,
    );
  };
  loadBefore = loadavg()[0]!;
  console.log(
    `Server (${webProcesses} web processes) on ${fmt(documents)} search documents; ${CONNECTIONS} connections, ${seconds} s each after a 2 s warm-up:`,
  );
  await measure('trivial Astro page', '/bench/trivial');
  await measure(`search API, ${fmt(queries.length)} rotating queries`, searchPath('…'), paths);
  await measure('search API, "calendar"', searchPath('calendar'));

  // One request at a time: what a single visitor waits.
  const times: number[] = [];
  const took: number[] = [];
  let total = 0;
  for (let i = 0; i < 55; i++) {
    const start = performance.now();
    const response = await fetch(server.url + searchPath('calendar'));
    const body = (await response.json()) as { took_ms?: number; total?: number };
    if (i < 5) continue; // warm-up
    times.push(performance.now() - start);
    took.push(body.took_ms ?? NaN);
    total = body.total ?? 0;
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  single = {
    medianMs: round(sorted(times)[Math.floor(times.length / 2)]!),
    p90Ms: round(sorted(times)[Math.floor(times.length * 0.9)]!),
    tookMsMedian: round(sorted(took)[Math.floor(took.length / 2)]!),
    total,
  };
  rows.push({
    label: 'search API, "calendar", one at a time (50)',
    path: searchPath('calendar'),
    connections: 1,
    requestsPerSecond: null,
    p50Ms: single.medianMs,
    p99Ms: NaN,
    errors: 0,
    non2xx: 0,
  });
  console.log(
    `  one request at a time, "calendar": median ${single.medianMs} ms, p90 ${single.p90Ms} ms (engine took ${single.tookMsMedian} ms; total ${fmt(total)})`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

// 3. The record.
const at = new Date();
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadBefore.toFixed(1)} before the measurements and ${loadavg()[0]!.toFixed(1)} after (other processes share the cores)`;
const data =
  `demo seed + ${fmt(generated.questions)} questions / ${fmt(generated.answers)} answers / ${fmt(generated.users)} users / ${fmt(generated.votes)} votes ` +
  `(totals ${fmt(verification.figures.questions!)} / ${fmt(verification.figures.answers!)}), ${fmt(documents)} search documents (embedded engine)`;
const table = [
  '| measured | connections | req/s | p50 ms | p99 ms | errors | non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.connections} | ${r.requestsPerSecond === null ? '–' : fmt(r.requestsPerSecond)} | ${r.p50Ms} | ${Number.isNaN(r.p99Ms) ? '–' : r.p99Ms} | ${r.errors} | ${r.non2xx} |`,
  ),
].join('\n');
const section = [
  `## ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${commit}`,
  '',
  `- Node ${process.version}; machine: ${machine}; server: ${webProcesses} web process${webProcesses === 1 ? '' : 'es'} (WEB_PROCESSES)`,
  `- Data: ${data}`,
  `- Generation ${generated.seconds} s (demo seed ${seedSeconds.toFixed(1)} s), indexing ${indexed.seconds} s; ${seconds} s per row after a 2 s warm-up`,
  `- One request at a time, "calendar": median ${single.medianMs} ms, p90 ${single.p90Ms} ms, engine time ${single.tookMsMedian} ms, total reported ${fmt(single.total)}`,
  '',
  table,
  '',
].join('\n');
const resultsPath = join(root, 'tests/bench/RESULTS.md');
const MARK = '<!-- newest first: npm run bench:scale adds its table below -->';
const current = existsSync(resultsPath)
  ? readFileSync(resultsPath, 'utf8')
  : `# Benchmark results\n\nThe search API on the demo grown to 50,000 questions and 150,000 answers (\`npm run bench:scale\`), beside a trivial Astro page on the same server. The goal of issue 10: ≥ 500 requests/s and p99 ≤ 100 ms for the search API at 32 connections. Errors are connection errors and timeouts (autocannon gives up on a request after 10 s); the trivial page shows how busy the machine was.\n\n${MARK}\n`;
const updated = current.includes(MARK) ? current.replace(MARK, `${MARK}\n\n${section}`) : `${current}\n${section}`;
// Formatted as `npm run lint` expects (prettier --check .), so the committed file passes.
writeFileSync(resultsPath, await format(updated, { ...(await resolveConfig(resultsPath)), filepath: resultsPath }));
mkdirSync(join(root, 'tests/.artifacts'), { recursive: true });
writeFileSync(
  join(root, 'tests/.artifacts/bench-scale.json'),
  JSON.stringify({ at: at.toISOString(), node: process.version, machine, commit, generated, indexed, figures: verification.figures, rows, single }, null, 2),
);
console.log(`Wrote tests/bench/RESULTS.md and tests/.artifacts/bench-scale.json.`);
