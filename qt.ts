import SQLite from 'better-sqlite3';
import { join } from 'node:path';
import { configureSqlite, createDb } from '@db/connection';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { articleDocuments } from '@search/sources/articles';
import { loadHelpContent } from '@/server/help/content';
import { benchQueries } from './tests/bench/scale-queries';
const sqlite = new SQLite('/tmp/scale.db');
configureSqlite(sqlite);
const db = createDb(sqlite);
const engine = createEmbeddedEngine(db);
await engine.setup();
const { articles } = loadHelpContent(join(process.cwd(), 'content/help'));
await engine.upsert(await articleDocuments(db, articles));
const queries = benchQueries();
const times: Array<[number, string]> = [];
for (const q of queries.slice(0, Number(process.env.N ?? 2000))) {
  const t = performance.now();
  await engine.search({ q, limit: 5 });
  times.push([performance.now() - t, q]);
}
const sorted = times.map((t) => t[0]).sort((a, b) => a - b);
const p = (x: number) => sorted[Math.floor(x * (sorted.length - 1))]!.toFixed(2);
console.log(`n=${sorted.length} mean=${(sorted.reduce((a, b) => a + b, 0) / sorted.length).toFixed(2)} p50=${p(0.5)} p90=${p(0.9)} p99=${p(0.99)} max=${p(1)}`);
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 15).map(([t, q]) => `${t.toFixed(1)}ms ${q}`).join('\n'));
