// The search engine of this process, chosen from the configuration. Shared on
// globalThis like the database handle, so the worker and the pages use one
// engine (and one vocabulary cache) in `npm start`.
import { createSearchEngine } from '@search/engines/index';
import type { SearchEngine } from '@search/types';
import { config } from '@/config';
import { appDb } from '@/server/db';

const KEY = Symbol.for('hearth.searchEngine');

export function appSearchEngine(): SearchEngine {
  const cfg = config();
  const shared = globalThis as { [KEY]?: SearchEngine };
  shared[KEY] ??= createSearchEngine({ meilisearchUrl: cfg.MEILISEARCH_URL, meilisearchApiKey: cfg.MEILISEARCH_API_KEY }, appDb());
  return shared[KEY];
}
