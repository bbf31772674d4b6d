import { afterEach } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { describeSearchEngineContract } from '../support/search-contract';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describeSearchEngineContract('embedded (SQLite FTS5)', async () => {
  t = await createTestDb();
  return createEmbeddedEngine(t.db);
});
