// The search indexer. Owns `search_index_changes` (the outbox of pending index
// changes, written by domain modules in the same transaction as their change)
// and `search_index_entries` (what the index holds, whatever the engine). A
// worker applies pending changes in batches with retry and backoff, so writes
// never wait for the engine and the index catches up after an outage.
import type { DB } from '@db/connection';
import { sha256Hex } from '@/lib/crypto';
import type { SearchDocType, SearchDocument, SearchEngine } from './types';

export interface DocumentSource {
  type: SearchDocType;
  /** The current documents for these keys; a key missing from the map is no longer searchable. */
  load(db: DB, keys: string[]): Promise<Map<string, SearchDocument>>;
  /** Every key that should be in the index (for a full reindex). */
  allKeys(db: DB): Promise<string[]>;
}

export function searchDocId(type: SearchDocType, key: string | number): string {
  return `${type}-${key}`;
}

export function parseSearchDocId(id: string): { type: SearchDocType; key: string } | undefined {
  const match = /^(article|question|known_issue)-(.+)$/.exec(id);
  return match ? { type: match[1] as SearchDocType, key: match[2]! } : undefined;
}

export function documentHash(doc: SearchDocument): string {
  return sha256Hex(JSON.stringify(doc));
}

/** Records that a document changed. Call it inside the transaction that changes the document. */
export async function recordIndexChange(db: DB, docId: string, action: 'upsert' | 'remove', now = Date.now()): Promise<void> {
  await db.insertInto('search_index_changes').values({ doc_id: docId, action, next_attempt_at: now, last_error: null, created_at: now }).execute();
}

/** 5 s, 10 s, 20 s … capped at 5 minutes: an engine outage is retried steadily, not hammered. */
export function indexBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export interface ApplyOutcome {
  upserted: number;
  removed: number;
  failed: number;
}

/** Applies one batch of due changes. Throws nothing: an engine failure is recorded for retry. */
export async function applyPendingIndexChanges(
  db: DB,
  engine: SearchEngine,
  sources: DocumentSource[],
  options: { now?: number; batchSize?: number } = {},
): Promise<ApplyOutcome> {
  const now = options.now ?? Date.now();
  const changes = await db
    .selectFrom('search_index_changes')
    .selectAll()
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(options.batchSize ?? 200)
    .execute();
  if (changes.length === 0) return { upserted: 0, removed: 0, failed: 0 };

  // The last change to a document wins.
  const latest = new Map<string, 'upsert' | 'remove'>();
  for (const change of changes) latest.set(change.doc_id, change.action);

  const wanted = new Map<SearchDocType, string[]>();
  const removals = new Set<string>();
  for (const [docId, action] of latest) {
    const parsed = parseSearchDocId(docId);
    if (!parsed || action === 'remove') {
      removals.add(docId);
      continue;
    }
    wanted.set(parsed.type, [...(wanted.get(parsed.type) ?? []), parsed.key]);
  }
  const documents: SearchDocument[] = [];
  for (const [type, keys] of wanted) {
    const source = sources.find((s) => s.type === type);
    const loaded = source ? await source.load(db, keys) : new Map<string, SearchDocument>();
    for (const key of keys) {
      const doc = loaded.get(key);
      if (doc) documents.push(doc);
      else removals.add(searchDocId(type, key));
    }
  }

  const ids = changes.map((c) => c.id);
  try {
    await engine.upsert(documents);
    await engine.remove([...removals]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.transaction().execute(async (trx) => {
      for (const change of changes) {
        const attempts = change.attempts + 1;
        await trx
          .updateTable('search_index_changes')
          .set({ attempts, next_attempt_at: now + indexBackoffMs(attempts), last_error: message.slice(0, 500) })
          .where('id', '=', change.id)
          .execute();
      }
    });
    return { upserted: 0, removed: 0, failed: changes.length };
  }

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_index_changes').where('id', 'in', ids).execute();
    for (const doc of documents) {
      const values = { doc_id: doc.id, content_hash: documentHash(doc), indexed_at: now };
      await trx
        .insertInto('search_index_entries')
        .values(values)
        .onConflict((oc) => oc.column('doc_id').doUpdateSet({ content_hash: values.content_hash, indexed_at: now }))
        .execute();
    }
    if (removals.size > 0) await trx.deleteFrom('search_index_entries').where('doc_id', 'in', [...removals]).execute();
  });
  return { upserted: documents.length, removed: removals.size, failed: 0 };
}

/** Applies batches until nothing is due (for the reindex command and tests). */
export async function drainIndexChanges(db: DB, engine: SearchEngine, sources: DocumentSource[], now = Date.now()): Promise<ApplyOutcome> {
  const total: ApplyOutcome = { upserted: 0, removed: 0, failed: 0 };
  for (;;) {
    const outcome = await applyPendingIndexChanges(db, engine, sources, { now });
    total.upserted += outcome.upserted;
    total.removed += outcome.removed;
    total.failed += outcome.failed;
    if (outcome.upserted + outcome.removed === 0 || outcome.failed > 0) return total;
  }
}

export async function countPendingIndexChanges(db: DB): Promise<number> {
  const row = await db.selectFrom('search_index_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Records changes for documents that live outside the database (help
 * articles, which change with a deploy): new or edited ones are upserted,
 * ones that disappeared are removed. Returns how many changes were recorded.
 */
export async function syncDocuments(db: DB, type: SearchDocType, documents: SearchDocument[], now = Date.now()): Promise<number> {
  const entries = await db.selectFrom('search_index_entries').selectAll().where('doc_id', 'like', `${type}-%`).execute();
  const indexed = new Map(entries.map((e) => [e.doc_id, e.content_hash]));
  const pending = new Set(
    (await db.selectFrom('search_index_changes').select('doc_id').where('doc_id', 'like', `${type}-%`).execute()).map((r) => r.doc_id),
  );
  let recorded = 0;
  await db.transaction().execute(async (trx) => {
    for (const doc of documents) {
      if (indexed.get(doc.id) === documentHash(doc) || pending.has(doc.id)) continue;
      await recordIndexChange(trx, doc.id, 'upsert', now);
      recorded++;
    }
    const present = new Set(documents.map((d) => d.id));
    for (const docId of indexed.keys()) {
      if (present.has(docId)) continue;
      await recordIndexChange(trx, docId, 'remove', now);
      recorded++;
    }
  });
  return recorded;
}

/** Forgets what the index holds and records an upsert for every document of every source. */
export async function requestFullReindex(db: DB, sources: DocumentSource[], now = Date.now()): Promise<number> {
  let recorded = 0;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_index_changes').execute();
    await trx.deleteFrom('search_index_entries').execute();
    for (const source of sources) {
      for (const key of await source.allKeys(trx)) {
        await recordIndexChange(trx, searchDocId(source.type, key), 'upsert', now);
        recorded++;
      }
    }
  });
  return recorded;
}
