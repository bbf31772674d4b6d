// Counts the SQL statements each request runs (HEARTH_QUERY_LOG=true): the
// shared database handle reports every statement here, the middleware opens a
// counter per request and prints it in the request log line. Kept on
// globalThis because `npm start` loads this module twice (CLI and bundle).
import { AsyncLocalStorage } from 'node:async_hooks';

export interface QueryTally {
  queries: number;
}

const KEY = Symbol.for('hearth.queryLog');

function storage(): AsyncLocalStorage<QueryTally> {
  const shared = globalThis as { [KEY]?: AsyncLocalStorage<QueryTally> };
  shared[KEY] ??= new AsyncLocalStorage<QueryTally>();
  return shared[KEY];
}

/** Runs `fn` with a fresh tally; statements run by anything it starts are counted. */
export function withQueryTally<T>(tally: QueryTally, fn: () => T): T {
  return storage().run(tally, fn);
}

/** Kysely's `log` hook: one statement ran (outside a tally, e.g. in a worker, it is ignored). */
export function recordQuery(): void {
  const tally = storage().getStore();
  if (tally) tally.queries++;
}
