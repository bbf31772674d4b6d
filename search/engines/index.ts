// Picks the engine: Meilisearch when a URL is configured, otherwise the
// embedded SQLite FTS5 engine in the app database.
import type { DB } from '@db/connection';
import type { SearchEngine } from '../types';
import { createEmbeddedEngine } from './embedded';
import { createMeilisearchEngine } from './meilisearch';

export function createSearchEngine(options: { meilisearchUrl?: string | undefined; meilisearchApiKey?: string | undefined }, db: DB): SearchEngine {
  if (options.meilisearchUrl) return createMeilisearchEngine({ url: options.meilisearchUrl, apiKey: options.meilisearchApiKey });
  return createEmbeddedEngine(db);
}
