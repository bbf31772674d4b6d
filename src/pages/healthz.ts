import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { countPendingIndexChanges } from '@search/indexer';
import { appDb } from '@/server/db';
import { appSearchEngine } from '@/server/search/engine';

export const GET: APIRoute = async () => {
  const db = appDb();
  let dbStatus: 'ok' | 'error' = 'ok';
  let pending: number | null = null;
  try {
    await sql`select 1`.execute(db);
    pending = await countPendingIndexChanges(db);
  } catch {
    dbStatus = 'error';
  }
  const engine = appSearchEngine();
  const searchStatus = (await engine.isHealthy()) ? 'ok' : 'unavailable';
  // A search outage degrades the site but does not make it unhealthy: writes go on and the index catches up.
  const status = dbStatus === 'ok' ? (searchStatus === 'ok' ? 'ok' : 'degraded') : 'error';
  const body = { status, db: dbStatus, search: { engine: engine.name, status: searchStatus, pending_changes: pending } };
  return new Response(JSON.stringify(body), {
    status: dbStatus === 'ok' ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};
