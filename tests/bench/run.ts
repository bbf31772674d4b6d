// `npm run bench`: page throughput beside a trivial Astro page, and embedded
// search latency on 50,000 documents. Prints a table and writes JSON to
// tests/.artifacts/bench.json. BENCH_SECONDS sets the seconds per page (default 5).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIfNeeded } from '@/cli/build-if-needed';
import { loadHelpContent } from '@/server/help/content';
import { startTestServer } from '../support/server';
import { fillCommunity } from './community';
import { measurePage, type HttpResult } from './http';
import { benchmarkSearch } from './search';

const root = resolve(import.meta.dirname, '../..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
buildIfNeeded(root);

console.log(`Pages: ${seconds} s each, 10 connections, after a 1 s warm-up.`);
const server = await startTestServer({ BENCH_ROUTES: 'true', LOG_REQUESTS: 'false' });
const pages: HttpResult[] = [];
try {
  console.log('Adding 4,200 questions and a question with 20 answers…');
  const { bigQuestionUrl } = await fillCommunity(server.db);
  // Let the search worker index them first, so it does not compete with the measurement.
  for (let i = 0; i < 600; i++) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { search: { pending_changes: number } };
    if (health.search.pending_changes === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const [label, path] of [
    ['trivial Astro page', '/bench/trivial'],
    ['help article', '/help/notes-sharing/export-notes'],
    ['help home', '/help'],
    ['search page', '/search?q=calendar+sync'],
    ['search API', '/api/search?q=export&limit=5'],
    ['question, 20 answers', bigQuestionUrl],
    ['questions list p.1', '/community'],
    ['questions list, votes', '/community?tab=votes'],
  ] as const) {
    const result = await measurePage(server.url, label, path, seconds);
    pages.push(result);
    console.log(
      `  ${label.padEnd(20)} ${String(result.requestsPerSecond).padStart(6)} req/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms   errors ${result.errors}`,
    );
  }
} finally {
  await server.stop();
}

console.log('Embedded search engine, 50,000 documents…');
const search = await benchmarkSearch(loadHelpContent(join(root, 'content/help')).articles);
console.log(`  indexed ${search.documents} documents in ${search.indexSeconds} s`);
console.log(`  ${search.queries} queries: p50 ${search.p50Ms} ms, p95 ${search.p95Ms} ms, p99 ${search.p99Ms} ms, max ${search.maxMs} ms`);

mkdirSync(join(root, 'tests/.artifacts'), { recursive: true });
writeFileSync(join(root, 'tests/.artifacts/bench.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, pages, search }, null, 2));
