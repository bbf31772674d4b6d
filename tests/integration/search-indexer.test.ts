// The index never loses an update: writes record pending changes, a worker
// applies them, and an engine outage only delays them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import {
  MAX_INDEX_ATTEMPTS,
  applyPendingIndexChanges,
  countFailedIndexChanges,
  countPendingIndexChanges,
  drainIndexChanges,
  dueIndexChanges,
  indexBackoffMs,
  listParkedIndexChanges,
  recordIndexChange,
  requestFullReindex,
  searchDocId,
  syncDocuments,
  type DocumentSource,
} from '@search/indexer';
import { SearchEngineUnavailableError, type SearchDocument, type SearchEngine } from '@search/types';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '@/server/errors';
import { parkedIndexChanges, retryParkedIndexChanges } from '@/server/search/index-status';
import { makeUser } from '../support/factories';
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
  return {
    id: searchDocId('question', id),
    type: 'question',
    title,
    text: `${title} — details`,
    url: `/community/questions/${id}`,
    tags: [],
    category: '',
    status: 'open',
    popularity: 0,
    updated: 0,
  };
}

/** Wraps an engine so that it refuses (as Meilisearch fails a whole task) any write holding one of `refused`. */
function refusing(engine: SearchEngine, refused: Set<string>) {
  const calls: string[][] = [];
  const check = (ids: string[]) => {
    calls.push(ids);
    const bad = ids.find((id) => refused.has(id));
    if (bad) throw new Error(`Meilisearch documentAdditionOrUpdate task 12 failed: Document \`${bad}\` is invalid (invalid_document_fields)`);
  };
  const wrapped: SearchEngine = {
    ...engine,
    upsert: async (docs) => (check(docs.map((d) => d.id)), engine.upsert(docs)),
    remove: async (ids) => (check(ids), engine.remove(ids)),
  };
  return { engine: wrapped, calls };
}

/** Wraps an engine so a test can take it down and bring it back. */
function switchable(engine: SearchEngine) {
  let down = false;
  const guard = () => {
    if (down) throw new SearchEngineUnavailableError('Meilisearch upsert failed: connect ECONNREFUSED 127.0.0.1:7700');
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
    const docs = new Map([
      ['1', question(1, 'Calendar sync stopped')],
      ['2', question(2, 'Export to PDF fails')],
    ]);
    const engine = createEmbeddedEngine(t.db);
    await recordIndexChange(t.db, 'question-1', 'upsert');
    await recordIndexChange(t.db, 'question-2', 'upsert');
    await recordIndexChange(t.db, 'question-2', 'remove');
    const outcome = await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)]);
    expect(outcome).toEqual({ upserted: 1, removed: 1, failed: 0, parked: 0 });
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
    expect(await applyPendingIndexChanges(t.db, engine, sources, { now: now + 1000 })).toEqual({ upserted: 0, removed: 0, failed: 0, parked: 0 });

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
    const docs = new Map([
      ['first', a],
      ['second', b],
    ]);
    const source: DocumentSource = {
      type: 'article',
      load: async (_db, keys) => new Map(keys.filter((k) => docs.has(k)).map((k) => [k, docs.get(k)!])),
      allKeys: async () => [...docs.keys()],
    };
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
    const docs = new Map([
      ['1', question(1, 'Alpha topic')],
      ['2', question(2, 'Beta topic')],
    ]);
    const engine = createEmbeddedEngine(t.db);
    expect(await requestFullReindex(t.db, [fakeSource(docs)])).toBe(2);
    await drainIndexChanges(t.db, engine, [fakeSource(docs)]);
    expect((await engine.search({ q: 'topic' })).total).toBe(2);
  });
});

describe('search indexer failures and claims', () => {
  const ids = async (engine: SearchEngine, q: string) => (await engine.search({ q, limit: 50 })).hits.map((h) => h.id).sort();

  it('retries a failed batch one document at a time, so one refused document does not block the others', async () => {
    const docs = new Map([
      ['1', question(1, 'Offline mode one')],
      ['2', question(2, 'Offline mode two')],
      ['3', question(3, 'Offline mode three')],
    ]);
    const { engine } = refusing(createEmbeddedEngine(t.db), new Set(['question-2']));
    const now = Date.now();
    for (const id of ['question-1', 'question-2', 'question-3']) await recordIndexChange(t.db, id, 'upsert', now);

    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toEqual({ upserted: 2, removed: 0, failed: 1, parked: 0 });
    expect(await ids(engine, 'offline')).toEqual(['question-1', 'question-3']);
    const left = await t.db.selectFrom('search_index_changes').select(['doc_id', 'attempts', 'status', 'last_error', 'locked_until']).execute();
    expect(left).toEqual([
      { doc_id: 'question-2', attempts: 1, status: 'pending', last_error: expect.stringContaining('invalid_document_fields'), locked_until: null },
    ]);
  });

  it('loads documents one at a time when a source fails, so one unreadable row fails alone', async () => {
    const docs = new Map([
      ['1', question(1, 'Offline mode one')],
      ['2', question(2, 'Offline mode two')],
    ]);
    const healthy = fakeSource(docs);
    const source: DocumentSource = {
      ...healthy,
      async load(db, keys) {
        if (keys.includes('2')) throw new SyntaxError('Unexpected token in JSON at position 0 (questions.tags of 2)');
        return healthy.load(db, keys);
      },
    };
    const engine = createEmbeddedEngine(t.db);
    const now = Date.now();
    await recordIndexChange(t.db, 'question-1', 'upsert', now);
    await recordIndexChange(t.db, 'question-2', 'upsert', now);
    expect(await applyPendingIndexChanges(t.db, engine, [source], { now })).toEqual({ upserted: 1, removed: 0, failed: 1, parked: 0 });
    expect(await ids(engine, 'offline')).toEqual(['question-1']);
    expect(await t.db.selectFrom('search_index_changes').select(['doc_id', 'last_error']).execute()).toEqual([
      { doc_id: 'question-2', last_error: expect.stringContaining('questions.tags of 2') },
    ]);
  });

  it('parks a change the engine keeps refusing after MAX_INDEX_ATTEMPTS, with its error, and staff can retry it', async () => {
    const docs = new Map([['2', question(2, 'Offline mode two')]]);
    const refused = new Set(['question-2']);
    const { engine } = refusing(createEmbeddedEngine(t.db), refused);
    let now = Date.now();
    await recordIndexChange(t.db, 'question-2', 'upsert', now);
    for (let attempt = 1; attempt < MAX_INDEX_ATTEMPTS; attempt++) {
      expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toMatchObject({ failed: 1, parked: 0 });
      now += indexBackoffMs(attempt);
    }
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toMatchObject({ failed: 1, parked: 1 });
    expect(await countPendingIndexChanges(t.db)).toBe(0);
    expect(await countFailedIndexChanges(t.db)).toBe(1);
    // Parked: never due again on its own.
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now: now + 24 * 3_600_000 })).toEqual({
      upserted: 0,
      removed: 0,
      failed: 0,
      parked: 0,
    });
    const [parked] = await listParkedIndexChanges(t.db);
    expect(parked).toMatchObject({
      docId: 'question-2',
      action: 'upsert',
      attempts: MAX_INDEX_ATTEMPTS,
      lastError: expect.stringContaining('invalid_document_fields'),
    });

    const staff = await makeUser(t.db, { role: 'staff' });
    expect(await parkedIndexChanges(t.db, staff)).toEqual([parked]);
    refused.clear();
    expect(await retryParkedIndexChanges(t.db, staff, { id: parked!.id }, now)).toBe(1);
    expect(await countFailedIndexChanges(t.db)).toBe(0);
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toEqual({ upserted: 1, removed: 0, failed: 0, parked: 0 });
    expect(await ids(engine, 'offline')).toEqual(['question-2']);
  });

  it('refuses retries to anyone but staff, and explains a change that is not parked', async () => {
    await recordIndexChange(t.db, 'question-5', 'upsert');
    const [pending] = await t.db.selectFrom('search_index_changes').select('id').execute();
    const member = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    await expect(parkedIndexChanges(t.db, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(parkedIndexChanges(t.db, member)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(retryParkedIndexChanges(t.db, member, 'all')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(retryParkedIndexChanges(t.db, staff, { id: pending!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(retryParkedIndexChanges(t.db, staff, { id: 999_999 })).rejects.toThrow('No failed index change');
    expect(await retryParkedIndexChanges(t.db, staff, 'all')).toBe(0);
    expect(await t.db.selectFrom('search_index_changes').select(['attempts', 'status']).execute()).toEqual([{ attempts: 0, status: 'pending' }]);
  });

  it('keeps retrying while the engine is unavailable: one request per run, never parked', async () => {
    const docs = new Map([
      ['1', question(1, 'Offline mode one')],
      ['2', question(2, 'Offline mode two')],
    ]);
    const { engine, stop, start } = switchable(createEmbeddedEngine(t.db));
    let calls = 0;
    const counted: SearchEngine = { ...engine, upsert: async (d) => (calls++, engine.upsert(d)) };
    let now = Date.now();
    await recordIndexChange(t.db, 'question-1', 'upsert', now);
    await recordIndexChange(t.db, 'question-2', 'upsert', now);
    stop();
    for (let attempt = 1; attempt <= MAX_INDEX_ATTEMPTS + 3; attempt++) {
      expect(await applyPendingIndexChanges(t.db, counted, [fakeSource(docs)], { now })).toEqual({ upserted: 0, removed: 0, failed: 2, parked: 0 });
      now += indexBackoffMs(attempt);
    }
    expect(calls).toBe(MAX_INDEX_ATTEMPTS + 3);
    expect(await countFailedIndexChanges(t.db)).toBe(0);
    start();
    await drainIndexChanges(t.db, counted, [fakeSource(docs)], now);
    expect(await ids(engine, 'offline')).toEqual(['question-1', 'question-2']);
  });

  it('a later successful change of a document clears its older failed changes', async () => {
    const docs = new Map([['2', question(2, 'Offline mode two')]]);
    const refused = new Set(['question-2']);
    const { engine } = refusing(createEmbeddedEngine(t.db), refused);
    const now = Date.now();
    await recordIndexChange(t.db, 'question-2', 'upsert', now);
    await t.db.updateTable('search_index_changes').set({ status: 'failed', attempts: MAX_INDEX_ATTEMPTS, last_error: 'refused' }).execute();
    // The question is edited (fixing what the engine refused): a new change is recorded.
    refused.clear();
    await recordIndexChange(t.db, 'question-2', 'upsert', now);
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toMatchObject({ upserted: 1, failed: 0 });
    expect(await t.db.selectFrom('search_index_changes').selectAll().execute()).toEqual([]);
  });

  it('claims its changes: a second worker leaves alone a document another worker is applying, so the newest version wins', async () => {
    const docs = new Map([['1', question(1, 'Offline mode, first version')]]);
    const inner = createEmbeddedEngine(t.db);
    let reached!: () => void;
    const upsertReached = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Worker A's engine is slow: it has loaded the first version and waits before writing it.
    const slow: SearchEngine = { ...inner, upsert: async (d) => (reached(), await gate, inner.upsert(d)) };
    const now = Date.now();
    await recordIndexChange(t.db, 'question-1', 'upsert', now);
    const workerA = applyPendingIndexChanges(t.db, slow, [fakeSource(docs)], { now });
    await upsertReached;

    // Meanwhile the question is edited and worker B runs.
    docs.set('1', question(1, 'Offline mode, second version'));
    await recordIndexChange(t.db, 'question-1', 'upsert', now);
    expect(await applyPendingIndexChanges(t.db, inner, [fakeSource(docs)], { now })).toEqual({ upserted: 0, removed: 0, failed: 0, parked: 0 });

    release();
    expect(await workerA).toMatchObject({ upserted: 1 });
    // A's claim is done; the edit is still pending and wins.
    expect(await countPendingIndexChanges(t.db)).toBe(1);
    await drainIndexChanges(t.db, inner, [fakeSource(docs)], now);
    expect((await inner.search({ q: 'offline' })).hits.map((h) => h.title)).toEqual(['Offline mode, second version']);
  });

  it('takes over the changes of a worker that died once their lock expires', async () => {
    const docs = new Map([['1', question(1, 'Offline mode one')]]);
    const engine = createEmbeddedEngine(t.db);
    const now = Date.now();
    await recordIndexChange(t.db, 'question-1', 'upsert', now);
    await t.db
      .updateTable('search_index_changes')
      .set({ locked_until: now + 60_000 })
      .execute();
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now })).toMatchObject({ upserted: 0 });
    expect(await applyPendingIndexChanges(t.db, engine, [fakeSource(docs)], { now: now + 60_001 })).toMatchObject({ upserted: 1 });
  });

  it('finds due changes through the index that matches the query', async () => {
    const now = Date.now();
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 500; i++) await recordIndexChange(trx, searchDocId('question', i), 'upsert', now + (i % 7) * 1000);
    });
    await t.sqlite.exec('analyze');
    const compiled = dueIndexChanges(t.db, now, 200).compile();
    const plan = (t.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>).map(
      (r) => r.detail,
    );
    expect(plan.join('\n')).toMatch(/SEARCH (c|search_index_changes) USING INDEX search_index_changes_due \(status=\? AND next_attempt_at<\?\)/);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX search_index_changes_doc \(doc_id=\?/);
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});
