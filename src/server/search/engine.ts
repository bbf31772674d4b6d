// The search engine of this process, chosen from the configuration.
import { createSearchEngine } from '@search/engines/index';
import type { SearchEngine } from '@search/types';
import { config } from '@/config';
import { appDb } from '@/server/db';

let engine: SearchEngine | undefined;

export function appSearchEngine(): SearchEngine {
  const cfg = config();
  engine ??= createSearchEngine({ meilisearchUrl: cfg.MEILISEARCH_URL, meilisearchApiKey: cfg.MEILISEARCH_API_KEY }, appDb());
  return engine;
}
