// The judged query set (tests/fixtures/search/judged-queries.tsv) run against
// a search engine holding the demo content: the help articles and the seeded
// community. Used by the relevance test (npm test) and `npm run search:eval`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedDemoData } from '@db/seed/index';
import { drainIndexChanges, requestFullReindex } from '@search/indexer';
import { createArticleSource } from '@search/sources/articles';
import { knownIssueSource } from '@search/sources/known-issues';
import { questionSource } from '@search/sources/questions';
import type { SearchEngine, SearchHit } from '@search/types';
import { loadHelpContent } from '@/server/help/content';
import type { DB } from '@db/connection';

const root = resolve(import.meta.dirname, '../..');

export interface JudgedQuery {
  id: string;
  split: 'tune' | 'holdout';
  kind: string;
  query: string;
  /** `article:<slug>`, `question:<seed key>` or `known_issue:<slug>`, best first. */
  accept: string[];
}

export function loadJudgedQueries(file = join(root, 'tests/fixtures/search/judged-queries.tsv')): JudgedQuery[] {
  const lines = readFileSync(file, 'utf8').split('\n').slice(1);
  const queries: JudgedQuery[] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [id, split, kind, query, accept] = line.split('\t');
    if (!id || (split !== 'tune' && split !== 'holdout') || !kind || !query || !accept) throw new Error(`Bad judged query line: ${line}`);
    queries.push({ id, split, kind, query, accept: accept.trim().split(/\s+/) });
  }
  return queries;
}

/** Seed thread keys by question title, from the seed's thread files. */
function threadKeysByTitle(): Map<string, string> {
  const byTitle = new Map<string, string>();
  for (const file of ['community-threads-a.json', 'community-threads-b.json']) {
    const threads = JSON.parse(readFileSync(join(root, 'db/seed/data', file), 'utf8')) as Array<{ key: string; title: string }>;
    for (const t of threads) byTitle.set(t.title, t.key);
  }
  return byTitle;
}

/** Fills the engine with the demo content (articles, the seeded community and known issues) through the indexer. */
export async function indexDemoContent(db: DB, engine: SearchEngine): Promise<void> {
  await seedDemoData(db, { now: Date.UTC(2026, 10, 20) });
  const { articles } = loadHelpContent(join(root, 'content/help'));
  const sources = [createArticleSource(articles), questionSource, knownIssueSource];
  await engine.setup();
  await requestFullReindex(db, sources);
  await drainIndexChanges(db, engine, sources);
}

export interface QueryOutcome {
  query: JudgedQuery;
  /** Result labels (`article:<slug>`, `question:<key>` or the URL), in rank order, at most 10. */
  results: string[];
  /** 1-based rank of the first accepted result within the top 10, or null. */
  rank: number | null;
  total: number;
}

export interface RelevanceSummary {
  queries: number;
  top3: number;
  mrr10: number;
  zeroResults: number;
}

function labelOf(hit: SearchHit, keys: Map<string, string>): string {
  if (hit.type === 'article') return `article:${hit.url.split('/').pop()}`;
  if (hit.type === 'question') return `question:${keys.get(hit.title) ?? hit.url}`;
  if (hit.type === 'known_issue') return `known_issue:${hit.url.split('/').pop()}`;
  return `${hit.type}:${hit.url}`;
}

export async function runJudgedQueries(engine: SearchEngine, queries: JudgedQuery[]): Promise<QueryOutcome[]> {
  const keys = threadKeysByTitle();
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const result = await engine.search({ q: query.query, limit: 10 });
    const results = result.hits.map((h) => labelOf(h, keys));
    const at = results.findIndex((r) => query.accept.includes(r));
    outcomes.push({ query, results, rank: at < 0 ? null : at + 1, total: result.total });
  }
  return outcomes;
}

export function summarize(outcomes: QueryOutcome[]): RelevanceSummary {
  const n = outcomes.length || 1;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    queries: outcomes.length,
    top3: round(outcomes.filter((o) => o.rank !== null && o.rank <= 3).length / n),
    mrr10: round(outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n),
    zeroResults: round(outcomes.filter((o) => o.total === 0).length / n),
  };
}

/** The relevance bar of issue 10. */
export const relevanceBar = { top3: 0.9, mrr10: 0.8, zeroResults: 0.02 } as const;

export function meetsBar(s: RelevanceSummary): boolean {
  return s.top3 >= relevanceBar.top3 && s.mrr10 >= relevanceBar.mrr10 && s.zeroResults <= relevanceBar.zeroResults;
}

export function formatSummary(label: string, s: RelevanceSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return `${label.padEnd(8)} ${String(s.queries).padStart(4)} queries   top-3 ${pct(s.top3).padStart(7)}   MRR@10 ${s.mrr10.toFixed(3)}   zero results ${pct(s.zeroResults).padStart(6)}`;
}

/** A miss: the query, what was accepted, and what came back first. */
export function formatMiss(o: QueryOutcome): string {
  return `  ${o.query.id} [${o.query.split}/${o.query.kind}] "${o.query.query}" → rank ${o.rank ?? '–'} (total ${o.total}); wanted ${o.query.accept.join(' ')}; got ${o.results.slice(0, 3).join(', ') || 'nothing'}`;
}
