// The index never loses an update: writes record pending changes, a worker
// applies them, and an engine outage only delays them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import {
  applyPendingIndexChanges,
  countPendingIndexChanges,
  drainIndexChanges,
  indexBackoffMs,
  recordIndexChange,
  requestFullReindex,
  searchDocId,
  syncDocuments,
  type DocumentSource,
} from '@search/indexer';
import type { SearchDocument, SearchEngine } from '@search/types';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

/** A document store standing in for a domain table (questions, known issues). */
function fakeSource(docs: Map<string, SearchDocument>): DocumentSource {
  return {
    type: 'question',
    async load(_db, keys) {
      return new Map(keys.filter((k) => docs.has(k)).map((k) => [k, docs.get(k)!]));
    },
    async allKeys() {
      return [...docs.keys()];
    },
  };
}

function question(id: number, title: string): SearchDocument {
  return { id: searchDocId('question', id), type: 'question', title, text: `${title} — details`, url: `/community/questions/${id}`, tags: [], category: '', status: 'open', popularity: 0, updated: 0 };
}

/** Wraps an engine so a test can take it down and bring it back. */
function switchable(engine: SearchEngine) {
  let down = false;
  const guard = () => {
    if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:7700');
  };
  const wrapped: SearchEngine = {
    name: engine.name,
    setup: async () => (guard(), engine.setup()),
    upsert: async (d) => (guard(), engine.upsert(d)),
    remove: async (ids) => (guard(), engine.remove(ids)),
    clear: async () => (guard(), engine.clear()),
    search: async (q) => (guard(), engine.search(q)),
    isHealthy: async () => !down && engine.isHealthy(),
    count: () => engine.count(),
  };
  return { engine: wrapped, stop: () => (down = true), start: () => (down = false) };
}

describe('search indexer', () => {
  it('applies recorded changes, the last change to a document winning', async () => {
    const docs = new Map([['1', question(1, 'Calendar sync stopped')], ['2', question(2, 'Export to PDF fails')]]);
    const engine = createEmbeddedEngine(t.db);
    await recordIndexChange(t.db, 'question-1', 'upsert');
    await recordIndexChange(t.db, 'question-2', 'upsert');
    await recordIndexChange(t.db, 'question-2', 'remove');
    const outcome = await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)]);
    expect(outcome).toEqual({ upserted: 1, removed: 1, failed: 0 });
    expect((await engine.search({ q: 'calendar' })).hits.map((h) => h.id)).toEqual(['question-1']);
    expect((await engine.search({ q: 'pdf' })).hits).toEqual([]);
    expect(await countPendingIndexChanges(t.db)).toBe(0);
    expect((await t.db.selectFrom('search_index_entries').select('doc_id').execute()).map((r) => r.doc_id)).toEqual(['question-1']);
  });

  it('loses nothing while the engine is down and catches up when it returns', async () => {
    const docs = new Map<string, SearchDocument>();
    const { engine, stop, start } = switchable(createEmbeddedEngine(t.db));
    const sources = [fakeSource(docs)];
    const now = Date.now();

    stop();
    // Writes keep succeeding: each records its change, as a domain module does in its transaction.
    for (let i = 1; i <= 30; i++) {
      await t.db.transaction().execute(async (trx) => {
        docs.set(String(i), question(i, `Question number ${i} about offline mode`));
        await recordIndexChange(trx, searchDocId('question', i), 'upsert', now);
      });
    }
    docs.delete('7');
    await recordIndexChange(t.db, 'question-7', 'remove', now);

    const failed = await applyPendingIndexChanges(t.db, engine, sources, { now });
    expect(failed.failed).toBe(31);
    const retry = await t.db.selectFrom('search_index_changes').select(['attempts', 'next_attempt_at', 'last_error']).executeTakeFirstOrThrow();
    expect(retry).toMatchObject({ attempts: 1, next_attempt_at: now + indexBackoffMs(1) });
    expect(retry.last_error).toContain('ECONNREFUSED');
    // Not due yet: the worker waits for the backoff.
    expect(await applyPendingIndexChanges(t.db, engine, sources, { now: now + 1000 })).toEqual({ upserted: 0, removed: 0, failed: 0 });

    start();
    await drainIndexChanges(t.db, engine, sources, now + indexBackoffMs(1));
    expect(await countPendingIndexChanges(t.db)).toBe(0);
    const result = await engine.search({ q: 'offline', limit: 50 });
    expect(result.total).toBe(29);
    expect(result.hits.map((h) => h.id)).not.toContain('question-7');
  });

  it('syncs file-based documents by content hash: new and edited ones are upserted, vanished ones removed', async () => {
    const engine = createEmbeddedEngine(t.db);
    const a = { ...question(1, 'First'), id: 'article-first', type: 'article' as const };
    const b = { ...question(2, 'Second'), id: 'article-second', type: 'article' as const };
    const docs = new Map([['first', a], ['second', b]]);
    const source: DocumentSource = { type: 'article', load: async (_db, keys) => new Map(keys.filter((k) => docs.has(k)).map((k) => [k, docs.get(k)!])), allKeys: async () => [...docs.keys()] };
    expect(await syncDocuments(t.db, 'article', [a, b])).toBe(2);
    await drainIndexChanges(t.db, engine, [source]);
    expect(await syncDocuments(t.db, 'article', [a, b])).toBe(0);
    const edited = { ...a, title: 'First, edited' };
    docs.set('first', edited);
    docs.delete('second');
    expect(await syncDocuments(t.db, 'article', [edited])).toBe(2);
    await drainIndexChanges(t.db, engine, [source]);
    expect((await engine.search({ q: 'edited' })).hits.map((h) => h.id)).toEqual(['article-first']);
    expect(await engine.count()).toBe(1);
  });

  it('rebuilds everything on a full reindex', async () => {
    const docs = new Map([['1', question(1, 'Alpha topic')], ['2', question(2, 'Beta topic')]]);
    const engine = createEmbeddedEngine(t.db);
    expect(await requestFullReindex(t.db, [fakeSource(docs)])).toBe(2);
    await drainIndexChanges(t.db, engine, [fakeSource(docs)]);
    expect((await engine.search({ q: 'topic' })).total).toBe(2);
  });
});
