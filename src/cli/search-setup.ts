// The search engine and document sources for CLI processes (start, reindex).
import { resolve } from 'node:path';
import type { DB } from '@db/connection';
import { createSearchEngine } from '@search/engines/index';
import type { DocumentSource } from '@search/indexer';
import { createArticleSource } from '@search/sources/articles';
import type { Config } from '@/config';
import { loadHelpContent } from '@/server/help/content';

export function searchSetup(cfg: Config, db: DB, root: string) {
  const { articles } = loadHelpContent(resolve(root, 'content/help'));
  const engine = createSearchEngine({ meilisearchUrl: cfg.MEILISEARCH_URL, meilisearchApiKey: cfg.MEILISEARCH_API_KEY }, db);
  const sources: DocumentSource[] = [createArticleSource(articles)];
  return { engine, sources, articles };
}
