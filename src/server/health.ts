// What /healthz reports: the database answers, and the search engine with its
// backlog of pending index changes and the changes parked after failing.
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import { countFailedIndexChanges, countPendingIndexChanges } from '@search/indexer';
import type { SearchEngine } from '@search/types';

export interface Health {
  status: 'ok' | 'degraded' | 'error';
  db: 'ok' | 'error';
  search: {
    engine: SearchEngine['name'];
    status: 'ok' | 'unavailable';
    pending_changes: number | null;
    /** Parked after the engine refused them too often; staff retry them on /staff/search. */
    failed_changes: number | null;
  };
}

export async function checkHealth(db: DB, engine: SearchEngine): Promise<Health> {
  let dbStatus: Health['db'] = 'ok';
  let pending: number | null = null;
  let failed: number | null = null;
  try {
    await sql`select 1`.execute(db);
    pending = await countPendingIndexChanges(db);
    failed = await countFailedIndexChanges(db);
  } catch {
    dbStatus = 'error';
  }
  const searchStatus = (await engine.isHealthy()) ? 'ok' : 'unavailable';
  // A search outage degrades the site but does not make it unhealthy: writes go on and the index catches up.
  // Parked changes degrade it too: those documents stay stale until someone looks.
  const status = dbStatus === 'ok' ? (searchStatus === 'ok' && failed === 0 ? 'ok' : 'degraded') : 'error';
  return { status, db: dbStatus, search: { engine: engine.name, status: searchStatus, pending_changes: pending, failed_changes: failed } };
}
