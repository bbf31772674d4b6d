// The search box takes anything: FTS5 syntax, control characters, lone
// surrogates and very long input never make the engine throw, never change
// the index, and always give a well-formed result with safe HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import type { SearchEngine } from '@search/types';
import { contractDocuments } from '../support/search-contract';
import { hostileQueries, randomHostileQueries } from '../support/search-fuzz';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let engine: SearchEngine;
beforeAll(async () => {
  t = await createTestDb();
  engine = createEmbeddedEngine(t.db);
  await engine.setup();
  await engine.upsert(contractDocuments);
});
afterAll(async () => t.close());

async function expectWellFormed(q: string) {
  const result = await engine.search({ q, limit: 5 });
  expect(Number.isInteger(result.total) && result.total >= 0, q).toBe(true);
  expect(result.hits.length, q).toBeLessThanOrEqual(5);
  for (const hit of result.hits) {
    for (const html of [hit.snippet, hit.titleHtml]) expect(html.replace(/<\/?mark>/g, ''), q).not.toMatch(/[<>]/);
  }
  const filtered = await engine.search({ q, type: 'question', limit: 5, offset: 3 });
  expect(
    filtered.hits.every((h) => h.type === 'question'),
    q,
  ).toBe(true);
}

describe('search box fuzzing (embedded engine)', () => {
  it('answers every hostile query with a well-formed result', async () => {
    for (const q of hostileQueries) await expectWellFormed(q);
  });

  it('answers seeded random mixes of FTS5 syntax and control characters', async () => {
    for (const q of randomHostileQueries(300)) await expectWellFormed(q);
  });

  it('treats syntax as text: the words in it still match, and nothing in the index changes', async () => {
    expect((await engine.search({ q: '((export' })).hits.map((h) => h.id)).toContain('article-export-notes');
    expect((await engine.search({ q: '"export" -notes* ^' })).hits.map((h) => h.id)).toContain('article-export-notes');
    // Operators are words like any other: no document has "near", so it is the word left out.
    expect((await engine.search({ q: 'NEAR(export' })).hits.map((h) => h.id)).toContain('article-export-notes');
    expect((await engine.search({ q: 'export NEAR' })).hits.map((h) => h.id)).toContain('article-export-notes');
    expect((await engine.search({ q: 'calendar: -' })).total).toBeGreaterThan(0);
    await engine.search({ q: "'; drop table search_documents; --" });
    expect(await engine.count()).toBe(contractDocuments.length);
  });
});
