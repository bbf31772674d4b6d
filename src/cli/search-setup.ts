// The search engine and document sources for CLI processes (start, reindex).
import { resolve } from 'node:path';
import type { DB } from '@db/connection';
import type { DocumentSource } from '@search/indexer';
import { createArticleSource } from '@search/sources/articles';
import { questionSource } from '@search/sources/questions';
import type { Config } from '@/config';
import { loadHelpContent } from '@/server/help/content';
import { appSearchEngine } from '@/server/search/engine';

/** Uses the process's shared engine (see src/server/search/engine.ts); `db` must be the app handle. */
export function searchSetup(_cfg: Config, _db: DB, root: string) {
  const { articles } = loadHelpContent(resolve(root, 'content/help'));
  const engine = appSearchEngine();
  const sources: DocumentSource[] = [createArticleSource(articles), questionSource];
  return { engine, sources, articles };
}
