// The application's database handle: ONE Kysely instance (one SQLite
// connection) per process, opened lazily from DATABASE_PATH. `npm start` runs
// the background workers and the bundled Astro server in one process, each
// with its own copy of this module, so the handle is kept on globalThis: two
// connections in one process would block each other (better-sqlite3 waits for
// a lock synchronously, stopping the very event loop that would release it).
import { openDatabase, type DB } from '@db/connection';
import { config } from '@/config';
import { recordQuery } from '@/server/query-log';

const KEY = Symbol.for('hearth.appDb');

export function appDb(): DB {
  const shared = globalThis as { [KEY]?: DB };
  if (!shared[KEY]) {
    const cfg = config();
    shared[KEY] = openDatabase(cfg.DATABASE_PATH, cfg.HEARTH_QUERY_LOG ? { log: () => recordQuery() } : {}).db;
  }
  return shared[KEY];
}
