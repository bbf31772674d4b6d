// Popular help articles for a search that found nothing: the help category
// closest to the query's words, and its most-read articles (or the most-read
// overall when no category shares a word with the query).
import type { DB } from '@db/connection';
import { analyzeQuery, indexTerms } from '@search/analysis';
import type { HelpArticle, HelpCategory } from './content';
import { viewsByArticle } from './views';

/** The distinct terms of a text, by the analysis search uses (stems, synonyms, Chinese words; see search/analysis.ts). */
export function topicWords(text: string): Set<string> {
  return new Set(indexTerms(text).split(' ').filter(Boolean));
}

/** The query's terms as search matches them: stop words dropped, synonyms replaced. */
function queryTopics(query: string): Set<string> {
  const analyzed = analyzeQuery(query);
  return new Set(analyzed.onlyStopWords ? [] : analyzed.terms.map((t) => t.term));
}

export interface HelpTopics {
  categories: readonly HelpCategory[];
  articles: readonly HelpArticle[];
}

/**
 * The category sharing the most words with the query. A word in the category's
 * title, an article title or a tag counts twice, a word only in the description
 * once (descriptions are long and general); the earlier category (hub order)
 * wins a tie. Undefined when no category shares a word.
 */
export function closestCategory(query: string, topics: HelpTopics): HelpCategory | undefined {
  const wanted = queryTopics(query);
  if (wanted.size === 0) return undefined;
  let best: HelpCategory | undefined;
  let bestScore = 0;
  for (const category of topics.categories) {
    const articles = topics.articles.filter((a) => a.category === category.slug);
    const named = topicWords([category.title, ...articles.flatMap((a) => [a.title, a.tags.join(' ').replaceAll('-', ' ')])].join(' '));
    const described = topicWords(category.description);
    let score = 0;
    for (const word of wanted) score += named.has(word) ? 2 : described.has(word) ? 1 : 0;
    if (score > bestScore) {
      best = category;
      bestScore = score;
    }
  }
  return best;
}

export interface PopularArticles {
  /** The closest category, or undefined when the articles are the most popular overall. */
  category: HelpCategory | undefined;
  articles: HelpArticle[];
}

/** The most-read articles (views over the last `days` days) of the category closest to the query. */
export async function popularArticlesForQuery(
  db: DB,
  topics: HelpTopics,
  query: string,
  options: { limit?: number; days?: number; now?: number } = {},
): Promise<PopularArticles> {
  const category = closestCategory(query, topics);
  const views = await viewsByArticle(db, { days: options.days ?? 90, now: options.now });
  const articles = topics.articles
    .filter((a) => !category || a.category === category.slug)
    .sort((a, b) => (views.get(b.slug) ?? 0) - (views.get(a.slug) ?? 0) || a.title.localeCompare(b.title))
    .slice(0, options.limit ?? 5);
  return { category, articles };
}
