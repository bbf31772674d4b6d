// /healthz's search part: the engine, and the index changes still pending and
// those parked after the engine refused them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { recordIndexChange } from '@search/indexer';
import { checkHealth } from '@/server/health';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe('health of search', () => {
  it('counts pending and parked index changes, and a parked change degrades search', async () => {
    const engine = createEmbeddedEngine(t.db);
    expect(await checkHealth(t.db, engine)).toEqual({
      status: 'ok',
      db: 'ok',
      search: { engine: 'embedded', status: 'ok', pending_changes: 0, failed_changes: 0 },
    });

    await recordIndexChange(t.db, 'question-1', 'upsert');
    await recordIndexChange(t.db, 'question-2', 'upsert');
    await t.db.updateTable('search_index_changes').set({ status: 'failed', attempts: 6, last_error: 'refused' }).where('doc_id', '=', 'question-2').execute();
    expect(await checkHealth(t.db, engine)).toEqual({
      status: 'degraded',
      db: 'ok',
      search: { engine: 'embedded', status: 'ok', pending_changes: 1, failed_changes: 1 },
    });
  });

  it('reports an unusable database as an error, without counts', async () => {
    const engine = createEmbeddedEngine(t.db);
    t.sqlite.close();
    const health = await checkHealth(t.db, engine);
    expect(health).toEqual({
      status: 'error',
      db: 'error',
      search: { engine: 'embedded', status: 'unavailable', pending_changes: null, failed_changes: null },
    });
  });
});
