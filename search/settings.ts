// Index settings shared by both engines: what is searched, filtered and how
// results are ranked. The synonyms are in search/synonyms.ts; the analysis
// both engines share (stemming, stop words, Chinese) in search/analysis.ts.
import type { SearchDocument } from './types';

export { synonymGroups } from './synonyms';

export const INDEX_NAME = 'hearth';

/**
 * The analysed fields each engine searches, most important first (see
 * search/analysis.ts): title terms, tag terms, body terms, and the plain
 * words of the document (for a half-typed last word and typos).
 */
export const searchableAttributes = ['title_terms', 'tags_terms', 'body_terms', 'words'] as const;
export const filterableAttributes = ['type', 'tags', 'category', 'status', 'severity'] as const;
export const sortableAttributes = ['popularity', 'updated'] as const;

/**
 * Ranking, in order (Meilisearch's rules; the embedded engine sorts by the same
 * keys, see search/README.md): more query words matched, fewer typos, then the
 * kind of document (an official article before an answered question before
 * other questions, when they match the same words), then words close together,
 * matches in the title before the body, the exact title or phrase, popularity.
 */
export const rankingRules = ['words', 'typo', 'boost:desc', 'proximity', 'attribute', 'exactness', 'popularity:desc'] as const;

/** Meilisearch's matching strategy: when not every word matches, drop words from the end of the query. */
export const matchingStrategy = 'last' as const;

/** More matches than this are counted as "1,000+" (Meilisearch's maxTotalHits default). */
export const maxTotalHits = 1000;

/**
 * Typo tolerance, one setting for both engines (Meilisearch's defaults): a
 * word may have one typo from 5 letters and two from 9. Shorter words must be
 * exact: one typo in "sync" or "note" would match too many other words.
 */
export const minWordSizeForTypos = { oneTypo: 5, twoTypos: 9 } as const;

/** How many typos a word of this length may contain. */
export function allowedTypos(word: string): number {
  const length = [...word].length;
  if (length >= minWordSizeForTypos.twoTypos) return 2;
  if (length >= minWordSizeForTypos.oneTypo) return 1;
  return 0;
}

/**
 * The "boost" ranking key: help articles and open known issues 2, answered
 * questions (accepted or staff-verified answer) 1, others (and fixed known
 * issues) 0. "words" and "typo" rank before it, and proximity and matches in
 * the title after it, so an open issue comes first when its title is about the
 * query ("calendar sync not working" while "Calendar sync delayed…" is open),
 * while a how-to article whose title is the query ("export notes") still leads
 * over an open export incident that mentions notes. The contact form, where
 * people report problems, lists open issues first on its own
 * (src/server/search/answer-suggestions.ts).
 */
export function documentBoost(doc: Pick<SearchDocument, 'type' | 'status'>): number {
  if (doc.type === 'known_issue') return doc.status === 'fixed' ? 0 : 2;
  if (doc.type === 'article') return 2;
  return doc.status === 'answered' ? 1 : 0;
}
