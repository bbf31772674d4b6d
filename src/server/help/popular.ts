// Popular help articles for a search that found nothing: the help category
// closest to the query's words, and its most-read articles (or the most-read
// overall when no category shares a word with the query).
import type { DB } from '@db/connection';
import type { HelpArticle, HelpCategory } from './content';
import { viewsByArticle } from './views';

/** Words too common to say anything about a topic. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can cannot do does doing did for from get got has have how i if in into is it its me my no not of on or our ' +
    'keep please so that the their them then there these this to too us was we were what when where which who why will with you your ' +
    'help fieldnote work working works'
  ).split(' '),
);

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** "calendars" → "calendar", "syncing" → "sync", "libraries" → "library": enough for topic matching, not a stemmer. */
export function wordStem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The distinct topic words of a text: lower-case stems without stop words; Chinese as two-character pairs. */
export function topicWords(text: string): Set<string> {
  const words = new Set<string>();
  const lower = text.normalize('NFKC').toLowerCase();
  for (const [run] of lower.matchAll(CJK_RUN)) {
    const chars = [...run];
    if (chars.length === 1) words.add(run);
    for (let i = 0; i + 1 < chars.length; i++) words.add(chars[i]! + chars[i + 1]!);
  }
  for (const [word] of lower.replace(CJK_RUN, ' ').matchAll(WORD)) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    words.add(wordStem(word));
  }
  return words;
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
  const wanted = topicWords(query);
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
