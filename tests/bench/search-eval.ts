// `npm run search:eval`: the judged query set against the embedded engine (and
// Meilisearch when MEILISEARCH_URL is set), every query with its rank, then the
// summary for the tuning part, the held-out part and both. SEARCH_EVAL_SPLIT=tune
// prints only the tuning part's rows (tune without looking at the held-out rows).
import SQLite from 'better-sqlite3';
import { configureSqlite, createDb, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { createMeilisearchEngine } from '@search/engines/meilisearch';
import type { SearchEngine } from '@search/types';
import { formatMiss, formatSummary, indexDemoContent, loadJudgedQueries, runJudgedQueries, summarize } from '../support/relevance';

const only = process.env.SEARCH_EVAL_SPLIT;
const queries = loadJudgedQueries();
const engines: Array<{ name: string; make: (db: DB) => SearchEngine }> = [{ name: 'embedded', make: (db) => createEmbeddedEngine(db) }];
const meilisearchUrl = process.env.MEILISEARCH_URL;
if (meilisearchUrl) {
  engines.push({
    name: 'meilisearch',
    make: () => createMeilisearchEngine({ url: meilisearchUrl, apiKey: process.env.MEILISEARCH_API_KEY, indexName: `hearth_eval_${process.pid}` }),
  });
}
for (const { make } of engines) {
  // Each engine gets its own copy of the demo content.
  const sqlite = new SQLite(':memory:');
  configureSqlite(sqlite);
  const db = createDb(sqlite);
  await migrateToLatest(db);
  const engine = make(db);
  await indexDemoContent(db, engine);
  const outcomes = await runJudgedQueries(engine, queries);
  console.log(`\n${engine.name} engine`);
  for (const o of outcomes) {
    if (only && o.query.split !== only) continue;
    console.log(`${o.rank === null || o.rank > 3 ? 'MISS' : 'ok  '} ${formatMiss(o).trim()}`);
  }
  for (const split of ['tune', 'holdout'] as const) {
    if (only && split !== only) continue;
    console.log(formatSummary(split, summarize(outcomes.filter((o) => o.query.split === split))));
  }
  if (!only) console.log(formatSummary('all', summarize(outcomes)));
  if (engine.name === 'meilisearch') await engine.clear();
  await db.destroy();
}
