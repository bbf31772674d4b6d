// The judged query set (tests/fixtures/search/judged-queries.tsv) against the
// demo content: an acceptable result in the top 3 for ≥ 90 % of queries,
// MRR@10 ≥ 0.8 and at most 2 % of queries without results, on the tuning part
// and on the held-out part alike. Misses are printed; `npm run search:eval`
// prints every query. Runs against Meilisearch too when MEILISEARCH_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { createMeilisearchEngine } from '@search/engines/meilisearch';
import type { SearchEngine } from '@search/types';
import { createTestDb, type TestDb } from '../support/test-db';
import {
  formatMiss,
  formatSummary,
  indexDemoContent,
  loadJudgedQueries,
  meetsBar,
  relevanceBar,
  runJudgedQueries,
  summarize,
  type QueryOutcome,
} from '../support/relevance';

const queries = loadJudgedQueries();
const meilisearchUrl = process.env.MEILISEARCH_URL;
const engines: Array<[string, (testDb: TestDb) => SearchEngine]> = [['embedded', (t) => createEmbeddedEngine(t.db)]];
if (meilisearchUrl)
  engines.push([
    'meilisearch',
    () => createMeilisearchEngine({ url: meilisearchUrl, apiKey: process.env.MEILISEARCH_API_KEY, indexName: `hearth_relevance_${process.pid}` }),
  ]);

describe('the judged query set', () => {
  it('has at least 150 queries, 30 % of them held out', () => {
    expect(queries.length).toBeGreaterThanOrEqual(150);
    const held = queries.filter((q) => q.split === 'holdout').length / queries.length;
    expect(held).toBeGreaterThanOrEqual(0.28);
    expect(held).toBeLessThanOrEqual(0.32);
  });
});

describe.each(engines)('search relevance: %s engine', (_name, make) => {
  let testDb: TestDb;
  let engine: SearchEngine;
  let outcomes: QueryOutcome[];
  beforeAll(async () => {
    testDb = await createTestDb();
    engine = make(testDb);
    await indexDemoContent(testDb.db, engine);
    outcomes = await runJudgedQueries(engine, queries);
    const misses = outcomes.filter((o) => o.rank === null || o.rank > 3);
    console.log(
      [
        `Relevance (${engine.name}), bar: top-3 ≥ ${relevanceBar.top3 * 100} %, MRR@10 ≥ ${relevanceBar.mrr10}, zero results ≤ ${relevanceBar.zeroResults * 100} %`,
        formatSummary('tune', summarize(outcomes.filter((o) => o.query.split === 'tune'))),
        formatSummary('holdout', summarize(outcomes.filter((o) => o.query.split === 'holdout'))),
        formatSummary('all', summarize(outcomes)),
        `Misses (not in the top 3): ${misses.length}`,
        ...misses.map(formatMiss),
      ].join('\n'),
    );
  }, 120_000);
  afterAll(async () => {
    if (engine?.name === 'meilisearch') await engine.clear();
    await testDb?.close();
  });

  it.each(['tune', 'holdout'] as const)('meets the bar on the %s part', (split) => {
    const summary = summarize(outcomes.filter((o) => o.query.split === split));
    expect(summary, formatSummary(split, summary)).toSatisfy(meetsBar);
  });

  it('meets the bar on the whole set', () => {
    const summary = summarize(outcomes);
    expect(summary.top3).toBeGreaterThanOrEqual(relevanceBar.top3);
    expect(summary.mrr10).toBeGreaterThanOrEqual(relevanceBar.mrr10);
    expect(summary.zeroResults).toBeLessThanOrEqual(relevanceBar.zeroResults);
  });
});
