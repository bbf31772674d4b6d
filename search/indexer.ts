// The search indexer. Owns `search_index_changes` (the outbox of pending index
// changes, written by domain modules in the same transaction as their change)
// and `search_index_entries` (what the index holds, whatever the engine). A
// worker claims due changes (locked_until, as the email outbox does) and
// applies them in batches with retry and backoff, so writes never wait for the
// engine and the index catches up after an outage; a document the engine
// keeps refusing is parked with its error for staff to see and retry.
import type { DB } from '@db/connection';
import { sha256Hex } from '@/lib/crypto';
import type { SearchIndexChange } from '@db/schema';
import { SearchEngineUnavailableError, type SearchDocType, type SearchDocument, type SearchEngine } from './types';

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
  await db
    .insertInto('search_index_changes')
    .values({ doc_id: docId, action, next_attempt_at: now, last_error: null, created_at: now, locked_until: null })
    .execute();
}

/** A change the engine refused this many times is parked (status "failed") until staff retry it. */
export const MAX_INDEX_ATTEMPTS = 6;
/** How long a worker holds the changes it claimed; a worker that died is taken over after this. */
const CLAIM_LOCK_MS = 2 * 60_000;

/** 5 s, 10 s, 20 s … capped at 5 minutes: an engine outage is retried steadily, not hammered. */
export function indexBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export interface ApplyOutcome {
  upserted: number;
  removed: number;
  /** Changes that failed this run: retried after a backoff, or parked. */
  failed: number;
  /** Of those, changes parked now (too many attempts). */
  parked: number;
}

/**
 * Due changes that no other worker holds, oldest due first. Uses the index
 * search_index_changes_due (status, next_attempt_at, id); a document another
 * worker holds is left alone, so two workers never write it out of order.
 * (PostgreSQL would add `for update skip locked`.)
 */
export function dueIndexChanges(db: DB, now: number, limit: number) {
  return db
    .selectFrom('search_index_changes as c')
    .selectAll('c')
    .where('c.status', '=', 'pending')
    .where('c.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('c.locked_until', 'is', null), eb('c.locked_until', '<', now)]))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('search_index_changes as h').select('h.id').whereRef('h.doc_id', '=', 'c.doc_id').where('h.locked_until', '>=', now))),
    )
    .orderBy('c.next_attempt_at')
    .orderBy('c.id')
    .limit(limit);
}

/** Picks due changes and locks them for a while, so two workers never apply the same document at once. */
export async function claimIndexChanges(db: DB, now = Date.now(), limit = 200): Promise<SearchIndexChange[]> {
  return db.transaction().execute(async (trx) => {
    const due = await dueIndexChanges(trx, now, limit).execute();
    if (due.length === 0) return [];
    await trx
      .updateTable('search_index_changes')
      .set({ locked_until: now + CLAIM_LOCK_MS })
      .where(
        'id',
        'in',
        due.map((c) => c.id),
      )
      .execute();
    return due;
  });
}

/** One document of a batch: its claimed changes and what the index should hold (undefined: remove it). */
interface PlannedDocument {
  docId: string;
  changes: SearchIndexChange[];
  doc: SearchDocument | undefined;
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Loads the current documents of the claimed changes; a source that fails is asked key by key, so one bad row fails alone. */
async function planDocuments(db: DB, sources: DocumentSource[], changes: SearchIndexChange[]) {
  const byDoc = new Map<string, SearchIndexChange[]>();
  for (const change of [...changes].sort((a, b) => a.id - b.id)) byDoc.set(change.doc_id, [...(byDoc.get(change.doc_id) ?? []), change]);
  const planned: PlannedDocument[] = [];
  const failed: Array<{ changes: SearchIndexChange[]; error: string }> = [];
  const wanted = new Map<DocumentSource, Array<{ docId: string; key: string }>>();
  for (const [docId, docChanges] of byDoc) {
    // The last change to a document wins.
    const parsed = parseSearchDocId(docId);
    const source = parsed && docChanges.at(-1)!.action === 'upsert' ? sources.find((s) => s.type === parsed.type) : undefined;
    if (!parsed || !source) planned.push({ docId, changes: docChanges, doc: undefined });
    else wanted.set(source, [...(wanted.get(source) ?? []), { docId, key: parsed.key }]);
  }
  for (const [source, items] of wanted) {
    let loaded: Map<string, SearchDocument> | undefined;
    try {
      loaded = await source.load(
        db,
        items.map((i) => i.key),
      );
    } catch {
      loaded = undefined;
    }
    for (const item of items) {
      const docChanges = byDoc.get(item.docId)!;
      if (loaded) {
        planned.push({ docId: item.docId, changes: docChanges, doc: loaded.get(item.key) });
        continue;
      }
      try {
        planned.push({ docId: item.docId, changes: docChanges, doc: (await source.load(db, [item.key])).get(item.key) });
      } catch (error) {
        failed.push({ changes: docChanges, error: errorMessage(error) });
      }
    }
  }
  return { planned, failed };
}

async function writeToEngine(engine: SearchEngine, planned: PlannedDocument[]): Promise<void> {
  await engine.upsert(planned.flatMap((p) => (p.doc ? [p.doc] : [])));
  await engine.remove(planned.filter((p) => !p.doc).map((p) => p.docId));
}

/** The documents are in the engine: forget their changes (and older ones still waiting or parked) and update the ledger. */
async function markApplied(db: DB, planned: PlannedDocument[], now: number): Promise<void> {
  if (planned.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const p of planned) {
      // Changes recorded before this claim are satisfied by the document just loaded; newer ones stay.
      const lastId = Math.max(...p.changes.map((c) => c.id));
      await trx.deleteFrom('search_index_changes').where('doc_id', '=', p.docId).where('id', '<=', lastId).execute();
      if (p.doc) {
        const values = { doc_id: p.docId, content_hash: documentHash(p.doc), indexed_at: now };
        await trx
          .insertInto('search_index_entries')
          .values(values)
          .onConflict((oc) => oc.column('doc_id').doUpdateSet({ content_hash: values.content_hash, indexed_at: now }))
          .execute();
      } else {
        await trx.deleteFrom('search_index_entries').where('doc_id', '=', p.docId).execute();
      }
    }
  });
}

/** Backs the changes off; a change the engine refused MAX_INDEX_ATTEMPTS times is parked. An unavailable engine parks nothing. */
async function markFailed(db: DB, changes: SearchIndexChange[], error: string, options: { now: number; mayPark: boolean }): Promise<number> {
  let parked = 0;
  await db.transaction().execute(async (trx) => {
    for (const change of changes) {
      const attempts = change.attempts + 1;
      const park = options.mayPark && attempts >= MAX_INDEX_ATTEMPTS;
      if (park) parked++;
      await trx
        .updateTable('search_index_changes')
        .set({ attempts, status: park ? 'failed' : 'pending', next_attempt_at: options.now + indexBackoffMs(attempts), locked_until: null, last_error: error })
        .where('id', '=', change.id)
        .execute();
    }
  });
  return parked;
}

/**
 * Applies one batch of due changes, claimed first. When the engine refuses
 * the batch, each document is retried alone, so one bad document fails alone;
 * when the engine is unreachable, the whole batch waits for the next try.
 * Throws nothing: failures are recorded for retry.
 */
export async function applyPendingIndexChanges(
  db: DB,
  engine: SearchEngine,
  sources: DocumentSource[],
  options: { now?: number; batchSize?: number } = {},
): Promise<ApplyOutcome> {
  const now = options.now ?? Date.now();
  const outcome: ApplyOutcome = { upserted: 0, removed: 0, failed: 0, parked: 0 };
  const changes = await claimIndexChanges(db, now, options.batchSize ?? 200);
  if (changes.length === 0) return outcome;

  const { planned, failed } = await planDocuments(db, sources, changes);
  const fail = async (items: SearchIndexChange[], error: string, mayPark = true) => {
    outcome.failed += items.length;
    outcome.parked += await markFailed(db, items, error, { now, mayPark });
  };
  const applied = async (items: PlannedDocument[]) => {
    await markApplied(db, items, now);
    for (const p of items) {
      if (p.doc) outcome.upserted++;
      else outcome.removed++;
    }
  };
  for (const f of failed) await fail(f.changes, f.error);

  try {
    await writeToEngine(engine, planned);
    await applied(planned);
    return outcome;
  } catch (error) {
    if (error instanceof SearchEngineUnavailableError) {
      await fail(
        planned.flatMap((p) => p.changes),
        errorMessage(error),
        false,
      );
      return outcome;
    }
  }
  for (const [index, p] of planned.entries()) {
    try {
      await writeToEngine(engine, [p]);
      await applied([p]);
    } catch (error) {
      if (error instanceof SearchEngineUnavailableError) {
        await fail(
          planned.slice(index).flatMap((r) => r.changes),
          errorMessage(error),
          false,
        );
        break;
      }
      await fail(p.changes, errorMessage(error));
    }
  }
  return outcome;
}

/** Applies batches until nothing more can be applied now (for the reindex command and tests). */
export async function drainIndexChanges(db: DB, engine: SearchEngine, sources: DocumentSource[], now = Date.now()): Promise<ApplyOutcome> {
  const total: ApplyOutcome = { upserted: 0, removed: 0, failed: 0, parked: 0 };
  for (;;) {
    const outcome = await applyPendingIndexChanges(db, engine, sources, { now });
    total.upserted += outcome.upserted;
    total.removed += outcome.removed;
    total.failed += outcome.failed;
    total.parked += outcome.parked;
    // Failed changes are backed off (not due again at `now`): stop once a batch applies nothing.
    if (outcome.upserted + outcome.removed === 0) return total;
  }
}

export async function countPendingIndexChanges(db: DB): Promise<number> {
  const row = await db
    .selectFrom('search_index_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countFailedIndexChanges(db: DB): Promise<number> {
  const row = await db
    .selectFrom('search_index_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'failed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ParkedIndexChange {
  id: number;
  docId: string;
  action: 'upsert' | 'remove';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  /** When it was last tried (and parked). */
  lastAttemptAt: number;
}

/** Parked changes, newest first. */
export async function listParkedIndexChanges(db: DB, limit = 100): Promise<ParkedIndexChange[]> {
  const rows = await db.selectFrom('search_index_changes').selectAll().where('status', '=', 'failed').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    docId: r.doc_id,
    action: r.action,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.next_attempt_at - indexBackoffMs(r.attempts),
  }));
}

/** Puts parked changes (these ids, or all) back in the queue with a fresh count of attempts. Returns how many. */
export async function requeueParkedIndexChanges(db: DB, which: number[] | 'all', now = Date.now()): Promise<number> {
  if (which !== 'all' && which.length === 0) return 0;
  let query = db
    .updateTable('search_index_changes')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, locked_until: null })
    .where('status', '=', 'failed');
  if (which !== 'all') query = query.where('id', 'in', which);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records changes for documents that live outside the database (help
 * articles, which change with a deploy): new or edited ones are upserted,
 * ones that disappeared are removed. Returns how many changes were recorded.
 */
export async function syncDocuments(db: DB, type: SearchDocType, documents: SearchDocument[], now = Date.now()): Promise<number> {
  const entries = await db.selectFrom('search_index_entries').selectAll().where('doc_id', 'like', `${type}-%`).execute();
  const indexed = new Map(entries.map((e) => [e.doc_id, e.content_hash]));
  // Documents with a change waiting, or parked (staff retry those), get no second one.
  const pending = new Set((await db.selectFrom('search_index_changes').select('doc_id').where('doc_id', 'like', `${type}-%`).execute()).map((r) => r.doc_id));
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
