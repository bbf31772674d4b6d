// `npm run search:reindex`: empties the search index and rebuilds it from every
// source (help articles, questions, known issues).
import { resolve } from 'node:path';
import { MAX_INDEX_ATTEMPTS, drainIndexChanges, requestFullReindex } from '@search/indexer';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';
import { searchSetup } from './search-setup';

const root = resolve(import.meta.dirname, '../..');
loadConfigOrExit();
const { db } = await openMigratedDatabase();
const { engine, sources } = searchSetup(root);
const started = Date.now();
try {
  await engine.setup();
  await engine.clear();
} catch (error) {
  console.error(`The ${engine.name} search engine is not reachable: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const queued = await requestFullReindex(db, sources);
const outcome = await drainIndexChanges(db, engine, sources);
console.log(`Reindexed ${outcome.upserted} of ${queued} documents into the ${engine.name} engine in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
if (outcome.failed > 0) {
  console.error(
    `${outcome.failed} change(s) failed and stay queued; the server's worker retries them, and parks those refused ${MAX_INDEX_ATTEMPTS} times (see /staff/search).`,
  );
  process.exitCode = 1;
}
await db.destroy();
