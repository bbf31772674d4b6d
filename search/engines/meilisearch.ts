// The Meilisearch engine: owns the Hearth index on a Meilisearch server (creating it, its settings,
// document writes that wait for their tasks) and turns a SearchQuery into one multi-search request
// whose highlights come back as safe HTML. Network failures surface as SearchEngineUnavailableError.
import { escapeHtml } from '@/lib/html';
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
import { INDEX_NAME, filterableAttributes, minWordSizeForTypos, rankingRules, searchableAttributes, sortableAttributes, synonymMap } from '../settings';
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
/** Words kept around the first match in `text`. */
const SNIPPET_WORDS = 30;
/** Per HTTP request; a timeout counts as the engine being unavailable. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long a write waits for Meilisearch to process its task. */
const TASK_TIMEOUT_MS = 60_000;

/** The fields a hit needs; `title` and `text` are retrieved so `_formatted` always carries them. */
const HIT_ATTRIBUTES: (keyof SearchDocument)[] = ['id', 'type', 'title', 'text', 'url', 'tags', 'category', 'status'];

// Meilisearch inserts highlight tags into the raw document text without escaping it, so matches are
// marked with control characters and the text is HTML-escaped before they become <mark> tags.
const MARK_START = '\u0001';
const MARK_END = '\u0002';
// eslint-disable-next-line no-control-regex -- the control characters are the markers
const MARKED_SPAN = /\u0001([^\u0001\u0002]*)\u0002/g;
// eslint-disable-next-line no-control-regex -- the control characters are the markers
const STRAY_MARKS = /[\u0001\u0002]/g;

/** Escapes Meilisearch's formatted text, then turns our markers into <mark> (unpaired markers are dropped). */
function formattedToHtml(formatted: string): string {
  return escapeHtml(formatted).replace(MARKED_SPAN, '<mark>$1</mark>').replace(STRAY_MARKS, '');
}

/** A filter value as a Meilisearch double-quoted string (`"` and `\` backslash-escaped). */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `a = "x" AND b = "y"`, or undefined when there is nothing to filter on. */
function equalityFilter(clauses: [attribute: string, value: string][]): string | undefined {
  return clauses.length === 0 ? undefined : clauses.map(([attribute, value]) => `${attribute} = ${quote(value)}`).join(' AND ');
}

/** A whole number in [0, max], or the fallback when missing or not a number. */
function wholeNumber(value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.min(Math.max(Math.trunc(value), 0), max);
}

function emptyTypeCounts(): Record<SearchDocType, number> {
  return Object.fromEntries(searchDocTypes.map((type) => [type, 0])) as Record<SearchDocType, number>;
}

function toSearchHit(hit: Hit<SearchDocument>): SearchHit {
  const formatted = hit._formatted ?? {};
  const html = (field: 'title' | 'text') => {
    const value = formatted[field];
    return typeof value === 'string' ? formattedToHtml(value) : escapeHtml(hit[field]);
  };
  return {
    id: hit.id,
    type: hit.type,
    title: hit.title,
    url: hit.url,
    snippet: html('text'),
    titleHtml: html('title'),
    tags: hit.tags,
    category: hit.category,
    status: hit.status,
  };
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
    synonyms: synonymMap(),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: minWordSizeForTypos.oneTypo, twoTypos: minWordSizeForTypos.twoTypos } },
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
        if (documents.length > 0) await settle(index.addDocuments(documents, { primaryKey: 'id' }));
      }),

    remove: (ids) =>
      reachable('remove', async () => {
        if (ids.length > 0) await settle(index.deleteDocuments(ids));
      }),

    clear: () => reachable('clear', () => settle(index.deleteAllDocuments())),

    async search(query: SearchQuery): Promise<SearchResult> {
      // Meilisearch answers a blank query with every document (placeholder search); we answer nothing.
      if (query.q.trim() === '') return { hits: [], total: 0, typeCounts: emptyTypeCounts(), typoFallback: false };

      const tagClauses = (query.tags ?? []).map((tag): [string, string] => ['tags', tag]);
      const typeClauses: [string, string][] = query.type === undefined ? [] : [['type', query.type]];
      const hitsQuery: MultiSearchQuery = {
        indexUid: indexName,
        q: query.q,
        limit: wholeNumber(query.limit, DEFAULT_LIMIT, MAX_LIMIT),
        offset: wholeNumber(query.offset, 0),
        attributesToRetrieve: HIT_ATTRIBUTES,
        attributesToHighlight: ['title', 'text'],
        attributesToCrop: ['text'],
        cropLength: SNIPPET_WORDS,
        cropMarker: '…',
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
      };
      const hitsFilter = equalityFilter([...typeClauses, ...tagClauses]);
      if (hitsFilter !== undefined) hitsQuery.filter = hitsFilter;
      // Same words and tags but every type, only to count matches per type for the filter tabs.
      const countsQuery: MultiSearchQuery = { indexUid: indexName, q: query.q, limit: 0, facets: ['type'] };
      const countsFilter = equalityFilter(tagClauses);
      if (countsFilter !== undefined) countsQuery.filter = countsFilter;

      const { results } = await reachable('search', () => client.multiSearch<MultiSearchParams, SearchDocument>({ queries: [hitsQuery, countsQuery] }));
      const [hits, counts] = results;
      if (!hits || !counts) throw new Error(`Meilisearch multi-search returned ${results.length} results for 2 queries`);

      const typeCounts = emptyTypeCounts();
      const distribution = counts.facetDistribution?.type ?? {};
      for (const type of searchDocTypes) typeCounts[type] = distribution[type] ?? 0;
      return {
        hits: hits.hits.map(toSearchHit),
        total: hits.estimatedTotalHits ?? hits.hits.length,
        typeCounts,
        typoFallback: false,
      };
    },

    isHealthy: () => client.isHealthy(),

    count: () => reachable('count', async () => (await index.getStats()).numberOfDocuments),
  };
}
