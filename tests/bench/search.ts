// Search latency of the embedded engine on a large index: builds 50,000
// realistic documents (articles, questions, known issues, some Chinese), then
// times a mix of queries: words, phrases, prefixes, typos, filters and CJK.
import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureSqlite, createDb } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { createRandom } from '@db/seed/random';
import { createEmbeddedEngine } from '@search/engines/embedded';
import type { SearchDocType, SearchDocument, SearchQuery } from '@search/types';
import type { HelpArticle } from '@/server/help/content';

export interface SearchBenchResult {
  documents: number;
  indexSeconds: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const topics = [
  'calendar',
  'sync',
  'export',
  'invoice',
  'billing',
  'workspace',
  'notebook',
  'template',
  'slack',
  'zapier',
  'webhook',
  'token',
  'offline',
  'android',
  'iphone',
  'widget',
  'scanner',
  'password',
  'two-factor',
  'sso',
  'outlook',
  'google',
  'icloud',
  'pdf',
  'markdown',
  'guest',
  'permission',
  'comment',
  'mention',
  'history',
  'trash',
  'import',
  'evernote',
  'notion',
  'search',
  'performance',
];
const verbs = [
  'stopped working',
  'shows an error',
  'is slow',
  'is missing',
  'does not update',
  'fails after update',
  'needs admin consent',
  'duplicates entries',
  'cannot be found',
  'works only on desktop',
];
const zhPhrases = [
  '同步 Google 日曆',
  '匯出筆記為 PDF',
  '帳單與發票',
  '離線模式無法使用',
  '共用筆記本權限',
  '会议记录自动创建',
  '导出失败怎么办',
  '双重验证换手机',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function sentence(random: ReturnType<typeof createRandom>, words: string[]): string {
  const length = random.int(8, 20);
  return Array.from({ length }, () => random.pick(words)).join(' ');
}

export async function benchmarkSearch(articles: HelpArticle[], count = 50_000, queryCount = 600): Promise<SearchBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  const sqlite = new SQLite(join(dir, 'bench.db'));
  configureSqlite(sqlite);
  const db = createDb(sqlite);
  await migrateToLatest(db);
  const engine = createEmbeddedEngine(db);
  await engine.setup();
  const random = createRandom(7);
  // Vocabulary from the real help articles, so term frequencies look like real text.
  const vocabulary = articles.flatMap((a) => a.text.toLowerCase().split(/[^\p{L}\p{N}-]+/u)).filter((w) => w.length > 2);
  const types: SearchDocType[] = ['article', 'question', 'question', 'question', 'known_issue'];

  const started = performance.now();
  const batch: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const type = random.pick(types);
    const topic = random.pick(topics);
    const chinese = random.chance(0.08);
    const title = chinese ? `${random.pick(zhPhrases)} ${i}` : `${topic[0]!.toUpperCase()}${topic.slice(1)} ${random.pick(verbs)} (${i})`;
    const body = [
      sentence(random, vocabulary),
      chinese ? random.pick(zhPhrases) + '，' + random.pick(zhPhrases) : sentence(random, vocabulary),
      `${topic} ${random.pick(topics)}`,
      sentence(random, vocabulary),
    ].join('. ');
    batch.push({
      id: `${type}-bench${i}`,
      type,
      title,
      text: body,
      url: `/bench/${i}`,
      tags: [topic, random.pick(topics)],
      category: topic,
      status: 'open',
      popularity: random.int(0, 500),
      updated: Date.now() - random.int(0, 365) * 86_400_000,
    });
    if (batch.length === 1000) {
      await engine.upsert(batch.splice(0));
    }
  }
  await engine.upsert(batch.splice(0));
  const indexSeconds = (performance.now() - started) / 1000;

  const queries: SearchQuery[] = [];
  for (let i = 0; i < queryCount; i++) {
    const kind = i % 6;
    const topic = random.pick(topics);
    if (kind === 0) queries.push({ q: topic });
    else if (kind === 1) queries.push({ q: `${topic} ${random.pick(verbs).split(' ')[0]}` });
    else if (kind === 2) queries.push({ q: topic.slice(0, Math.max(3, topic.length - 2)) });
    else if (kind === 3) queries.push({ q: topic.length > 5 ? topic.slice(0, 2) + topic[3] + topic[2] + topic.slice(4) : `${topic}x` });
    else if (kind === 4) queries.push({ q: topic, type: 'question', tags: [topic] });
    else queries.push({ q: random.pick(['日曆', '同步', '匯出', '发票', '離線', '权限']) });
  }
  const timings: number[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    await engine.search({ ...query, limit: 10 });
    timings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    documents: count,
    indexSeconds: round(indexSeconds),
    queries: timings.length,
    p50Ms: round(percentile(timings, 50)),
    p95Ms: round(percentile(timings, 95)),
    p99Ms: round(percentile(timings, 99)),
    maxMs: round(timings[timings.length - 1]!),
  };
}
