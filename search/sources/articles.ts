// Help articles as search documents. Articles are files, loaded once per
// process; their popularity is their views over the last 90 days.
import type { DB } from '@db/connection';
import type { HelpArticle } from '@/server/help/content';
import { viewsByArticle } from '@/server/help/views';
import { searchDocId, type DocumentSource } from '../indexer';
import type { SearchDocument } from '../types';

/** Views are bucketed (powers of two) so a daily trickle of views does not re-index every article. */
function popularityBucket(views: number): number {
  return views <= 0 ? 0 : 2 ** Math.floor(Math.log2(views));
}

export function articleDocument(article: HelpArticle, views: number): SearchDocument {
  return {
    id: searchDocId('article', article.slug),
    type: 'article',
    title: article.title,
    text: `${article.summary} ${article.text}`,
    url: article.path,
    tags: article.tags,
    category: article.category,
    status: 'published',
    popularity: popularityBucket(views),
    updated: Date.parse(`${article.updated}T00:00:00Z`),
  };
}

export async function articleDocuments(db: DB, articles: HelpArticle[]): Promise<SearchDocument[]> {
  const views = await viewsByArticle(db, { days: 90 });
  return articles.map((a) => articleDocument(a, views.get(a.slug) ?? 0));
}

export function createArticleSource(articles: HelpArticle[]): DocumentSource {
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  return {
    type: 'article',
    async load(db, keys) {
      const docs = await articleDocuments(
        db,
        keys.map((k) => bySlug.get(k)).filter((a) => a !== undefined),
      );
      return new Map(docs.map((d) => [d.id.slice('article-'.length), d]));
    },
    async allKeys() {
      return [...bySlug.keys()];
    },
  };
}
