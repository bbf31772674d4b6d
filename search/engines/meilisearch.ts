// The Meilisearch engine: owns the Hearth index on a Meilisearch server (creating it, its settings,
// document writes that wait for their tasks) and turns a SearchQuery into one multi-search request.
// Documents carry the shared analysis (search/analysis.ts: stems, synonyms, Chinese folded and
// segmented) in fields of their own, the query is sent analysed, and hits are highlighted here with
// the same code as the embedded engine's, so both engines match and mark the same words.
// Network failures surface as SearchEngineUnavailableError.
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchTaskTimeOutError,
  type Config,
  type EnqueuedTaskPromise,
  type Hit,
  type MultiSearchParams,
  type MultiSearchQuery,
  type Settings,
} from 'meilisearch';
import { analyzeQuery, analyzedQueryText, indexTerms, indexWords, type AnalyzedQuery } from '../analysis';
import { correctedQuery, typoDistance } from '../spelling';
import {
  INDEX_NAME,
  allowedTypos,
  documentBoost,
  filterableAttributes,
  matchingStrategy,
  maxTotalHits,
  minWordSizeForTypos,
  rankingRules,
  searchableAttributes,
  sortableAttributes,
} from '../settings';
import { highlight, matcherFor, snippet, type Matcher } from '../text';
import {
  SearchEngineUnavailableError,
  searchDocTypes,
  type SearchDocType,
  type SearchDocument,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '../types';

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string | undefined;
  indexName?: string;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
/** Per HTTP request; a timeout counts as the engine being unavailable. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a write waits for Meilisearch to process its task. */
const TASK_TIMEOUT_MS = 60_000;

/** The fields a hit needs (the text for the snippet, the plain words for "Did you mean"). */
const HIT_ATTRIBUTES = ['id', 'type', 'title', 'text', 'url', 'tags', 'category', 'status', 'severity', 'words'];

/** A filter value as a Meilisearch double-quoted string (`"` and `\` backslash-escaped). */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `a = "x" AND b = "y"`, or undefined when there is nothing to filter on. */
function equalityFilter(clauses: [attribute: string, value: string][]): string | undefined {
  return clauses.length === 0 ? undefined : clauses.map(([attribute, value]) => `${attribute} = ${quote(value)}`).join(' AND ');
}

/** `attr IN ["a", "b"]`: any of the values (an empty list matches nothing). */
function anyOfFilter(attribute: string, values: string[]): string {
  return `${attribute} IN [${values.map(quote).join(', ')}]`;
}

/** The clauses joined with AND, or undefined when there are none. */
function allOf(clauses: Array<string | undefined>): string | undefined {
  const present = clauses.filter((c): c is string => c !== undefined);
  return present.length === 0 ? undefined : present.join(' AND ');
}

/** A whole number in [0, max], or the fallback when missing or not a number. */
function wholeNumber(value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.min(Math.max(Math.trunc(value), 0), max);
}

function emptyTypeCounts(): Record<SearchDocType, number> {
  return Object.fromEntries(searchDocTypes.map((type) => [type, 0])) as Record<SearchDocType, number>;
}

/** A document as stored in Meilisearch: the document, its analysed fields and its ranking boost. */
export function meilisearchDocument(doc: SearchDocument) {
  const tags = doc.tags.join(' ');
  return {
    ...doc,
    title_terms: indexTerms(doc.title),
    tags_terms: indexTerms(tags),
    body_terms: indexTerms(doc.text),
    words: indexWords(`${doc.title} ${tags} ${doc.text}`),
    severity: doc.severity ?? '',
    boost: documentBoost(doc),
  };
}

function toSearchHit(hit: Hit<SearchDocument>, matcher: Matcher): SearchHit {
  return {
    id: hit.id,
    type: hit.type,
    title: hit.title,
    url: hit.url,
    snippet: snippet(hit.text, matcher),
    titleHtml: highlight(hit.title, matcher),
    tags: hit.tags,
    category: hit.category,
    status: hit.status,
    ...(hit.severity ? { severity: hit.severity } : {}),
  };
}

/**
 * The words Meilisearch matched with a typo, from the plain words of the hits
 * (`_matchesPosition` in `words`): the corrected query for "Did you mean", as
 * the embedded engine gives it.
 */
export function typoMatches(analyzed: AnalyzedQuery, q: string, hits: Hit<SearchDocument>[]): { typoFallback: boolean; corrected?: string | undefined } {
  const fixes = new Map<string, string>();
  for (const term of analyzed.terms) {
    const word = term.words[0]!;
    const max = allowedTypos(word);
    if (term.han || term.synonym || term.words.length !== 1 || max === 0 || /\d/.test(word)) continue;
    let best: { word: string; distance: number } | undefined;
    let exact = false;
    for (const hit of hits as unknown as Array<{ words?: string; _matchesPosition?: Record<string, Array<{ start: number; length: number }>> }>) {
      const words = hit.words ?? '';
      for (const at of hit._matchesPosition?.words ?? []) {
        const matched = words.slice(at.start, at.start + at.length);
        if (matched === word || matched.startsWith(word)) exact = true;
        const distance = typoDistance(word, matched, max);
        if (distance > 0 && distance <= max && (!best || distance < best.distance)) best = { word: matched, distance };
      }
    }
    if (!exact && best) fixes.set(word, best.word);
  }
  return fixes.size ? { typoFallback: true, corrected: correctedQuery(q, fixes) } : { typoFallback: false };
}

/** Runs a Meilisearch call, turning "could not reach it (in time)" into SearchEngineUnavailableError. */
async function reachable<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MeilisearchRequestError || error instanceof MeilisearchTaskTimeOutError) {
      throw new SearchEngineUnavailableError(`Meilisearch ${action} failed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Waits for an enqueued task and throws Meilisearch's error unless it succeeded (or failed with `tolerated`). */
async function settle(task: EnqueuedTaskPromise, tolerated?: string): Promise<void> {
  const done = await task.waitTask();
  if (done.status === 'succeeded' || (tolerated !== undefined && done.error?.code === tolerated)) return;
  const reason = done.error ? `${done.error.message} (${done.error.code})` : 'no error given';
  throw new Error(`Meilisearch ${done.type} task ${done.uid} ${done.status}: ${reason}`);
}

export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const indexName = options.indexName ?? INDEX_NAME;
  const config: Config = {
    host: options.url,
    timeout: REQUEST_TIMEOUT_MS,
    defaultWaitOptions: { timeout: TASK_TIMEOUT_MS },
  };
  if (options.apiKey !== undefined) config.apiKey = options.apiKey;
  const client = new Meilisearch(config);
  const index = client.index<SearchDocument>(indexName);

  const settings: Settings = {
    searchableAttributes: [...searchableAttributes],
    filterableAttributes: [...filterableAttributes],
    sortableAttributes: [...sortableAttributes],
    rankingRules: [...rankingRules],
    // Synonyms and stop words are applied by the shared analysis, before Meilisearch sees the text.
    synonyms: {},
    stopWords: [],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: minWordSizeForTypos.oneTypo, twoTypos: minWordSizeForTypos.twoTypos } },
    pagination: { maxTotalHits },
  };

  async function indexExists(): Promise<boolean> {
    try {
      await index.getRawInfo();
      return true;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  return {
    name: 'meilisearch',

    setup: () =>
      reachable('setup', async () => {
        // Another process may create the index between our check and our request: that is fine.
        if (!(await indexExists())) await settle(client.createIndex(indexName, { primaryKey: 'id' }), 'index_already_exists');
        await settle(index.updateSettings(settings));
      }),

    upsert: (documents) =>
      reachable('upsert', async () => {
        if (documents.length > 0) await settle(index.addDocuments(documents.map(meilisearchDocument), { primaryKey: 'id' }));
      }),

    remove: (ids) =>
      reachable('remove', async () => {
        if (ids.length > 0) await settle(index.deleteDocuments(ids));
      }),

    clear: () => reachable('clear', () => settle(index.deleteAllDocuments())),

    async search(query: SearchQuery): Promise<SearchResult> {
      // Meilisearch answers a blank query with every document (placeholder search); we answer nothing.
      const analyzed = analyzeQuery(query.q);
      const q = analyzedQueryText(analyzed);
      if (q === '') return { hits: [], total: 0, totalCapped: false, typeCounts: emptyTypeCounts(), typoFallback: false };

      const tagClauses = (query.tags ?? []).map((tag): [string, string] => ['tags', tag]);
      const typeClauses: [string, string][] = query.type === undefined ? [] : [['type', query.type]];
      const hitsQuery: MultiSearchQuery = {
        indexUid: indexName,
        q,
        matchingStrategy,
        limit: wholeNumber(query.limit, DEFAULT_LIMIT, MAX_LIMIT),
        offset: wholeNumber(query.offset, 0),
        attributesToRetrieve: HIT_ATTRIBUTES,
        showMatchesPosition: true,
      };
      const statusFilter = query.status === undefined ? undefined : anyOfFilter('status', query.status);
      const severityFilter = query.severity === undefined ? undefined : anyOfFilter('severity', query.severity);
      const hitsFilter = allOf([equalityFilter([...typeClauses, ...tagClauses]), statusFilter, severityFilter]);
      if (hitsFilter !== undefined) hitsQuery.filter = hitsFilter;
      // Same words and filters but every type, only to count matches per type for the filter tabs.
      const countsQuery: MultiSearchQuery = { indexUid: indexName, q, matchingStrategy, limit: 0, facets: ['type'] };
      const countsFilter = allOf([equalityFilter(tagClauses), statusFilter, severityFilter]);
      if (countsFilter !== undefined) countsQuery.filter = countsFilter;

      const { results } = await reachable('search', () => client.multiSearch<MultiSearchParams, SearchDocument>({ queries: [hitsQuery, countsQuery] }));
      const [hits, counts] = results;
      if (!hits || !counts) throw new Error(`Meilisearch multi-search returned ${results.length} results for 2 queries`);

      const typeCounts = emptyTypeCounts();
      const distribution = counts.facetDistribution?.type ?? {};
      for (const type of searchDocTypes) typeCounts[type] = distribution[type] ?? 0;
      const matcher = matcherFor(analyzed);
      const total = hits.estimatedTotalHits ?? hits.hits.length;
      return {
        hits: hits.hits.map((hit) => toSearchHit(hit, matcher)),
        total: Math.min(total, maxTotalHits),
        // Meilisearch stops counting at maxTotalHits.
        totalCapped: total >= maxTotalHits,
        typeCounts,
        ...typoMatches(analyzed, query.q, hits.hits),
      };
    },

    isHealthy: () => client.isHealthy(),

    count: () => reachable('count', async () => (await index.getStats()).numberOfDocuments),
  };
}
