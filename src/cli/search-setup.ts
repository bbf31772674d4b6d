// The search engine and document sources for CLI processes (start, reindex).
import { resolve } from 'node:path';
import type { DocumentSource } from '@search/indexer';
import { createArticleSource } from '@search/sources/articles';
import { knownIssueSource } from '@search/sources/known-issues';
import { questionSource } from '@search/sources/questions';
import { loadHelpContent } from '@/server/help/content';
import { appSearchEngine } from '@/server/search/engine';

/** Uses the process's shared engine and database handle (see src/server/search/engine.ts). */
export function searchSetup(root: string) {
  const { articles } = loadHelpContent(resolve(root, 'content/help'));
  const engine = appSearchEngine();
  const sources: DocumentSource[] = [createArticleSource(articles), questionSource, knownIssueSource];
  return { engine, sources, articles };
}
