// The help hub as the running server sees it: the content collections, read
// once per process into lookup maps. Articles were rendered at build time.
import { getCollection } from 'astro:content';
import type { HelpArticle, HelpCategory } from '@/server/help/content';

export interface HelpCatalog {
  categories: HelpCategory[];
  articles: HelpArticle[];
  article(slug: string): HelpArticle | undefined;
  category(slug: string): HelpCategory | undefined;
  articlesIn(category: string): HelpArticle[];
}

let catalog: Promise<HelpCatalog> | undefined;

async function buildCatalog(): Promise<HelpCatalog> {
  const categories = (await getCollection('helpCategories')).map((entry) => entry.data as HelpCategory);
  categories.sort((a, b) => a.order - b.order);
  const articles = (await getCollection('helpArticles')).map((entry) => entry.data as HelpArticle);
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const byCategory = new Map<string, HelpArticle[]>();
  for (const article of articles) {
    const list = byCategory.get(article.category) ?? [];
    list.push(article);
    byCategory.set(article.category, list);
  }
  const categoryBySlug = new Map(categories.map((c) => [c.slug, c]));
  return {
    categories,
    articles,
    article: (slug) => bySlug.get(slug),
    category: (slug) => categoryBySlug.get(slug),
    articlesIn: (category) => byCategory.get(category) ?? [],
  };
}

export function helpCatalog(): Promise<HelpCatalog> {
  catalog ??= buildCatalog();
  return catalog;
}
