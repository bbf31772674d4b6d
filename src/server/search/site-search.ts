// Searching the whole site for a visitor: asks the engine, logs the search for
// analytics, and turns an engine outage into a typed error the page can explain.
import type { DB } from '@db/connection';
import { analyzeQuery } from '@search/analysis';
import { normalizeQuery } from '@search/text';
import type { SearchDocType, SearchEngine, SearchHit, SearchResult } from '@search/types';
import { DomainError } from '@/server/errors';
import { recordSearch } from './analytics';

export class SearchUnavailableError extends DomainError {
  override name = 'SearchUnavailableError';
  constructor() {
    super('Search is not available right now. Browse the help centre or try again in a minute.');
  }
}

/** The result types this site has documents for, in tab order (their sources are in src/cli/search-setup.ts). */
export const siteSearchTypes: readonly SearchDocType[] = ['article', 'question', 'known_issue'];

export interface SiteSearch extends SearchResult {
  searchId: number | null;
  tookMs: number;
  /** A corrected spelling of the query that finds more than the query as typed ("Did you mean …"). */
  didYouMean?: { query: string; total: number } | undefined;
}

export async function searchSite(
  db: DB,
  engine: SearchEngine,
  input: {
    q: string;
    type?: SearchDocType | undefined;
    /** Only these statuses / severities (known issues). */
    status?: string[] | undefined;
    severity?: string[] | undefined;
    limit?: number;
    offset?: number;
    visitorKey: string | null;
    log?: boolean;
    /** Look for a corrected spelling (one more search when a word was misspelled): the results page shows it. */
    didYouMean?: boolean;
  },
): Promise<SiteSearch> {
  const started = performance.now();
  let result: SearchResult;
  try {
    result = await engine.search({ q: input.q, type: input.type, status: input.status, severity: input.severity, limit: input.limit, offset: input.offset });
  } catch (error) {
    console.error(`[search] ${engine.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    throw new SearchUnavailableError();
  }
  if ((input.offset ?? 0) === 0) result = { ...result, hits: withAreaIssueFirst(result.hits, input.q) };
  const didYouMean = input.didYouMean ? await correctedSearch(engine, input, result) : undefined;
  const tookMs = Math.round((performance.now() - started) * 10) / 10;
  const shouldLog = (input.log ?? true) && normalizeQuery(input.q) !== '' && (input.offset ?? 0) === 0;
  const searchId = shouldLog
    ? await recordSearch(db, { query: input.q, type: input.type ?? null, resultCount: result.total, visitorKey: input.visitorKey })
    : null;
  return { ...result, searchId, tookMs, didYouMean };
}

/**
 * When the query names the area of an open known issue among the results
 * ("calendar sync not working" while a calendar-sync incident is open), that
 * issue leads the first page: whoever asks about an area that is broken right
 * now learns it first. The engines rank open issues level with articles; this
 * lifts at most one, the highest ranked, and only on the first page. Areas
 * are the issue's tags; an area matches when every one of its words (stemmed,
 * as the engines match them) is in the query.
 */
export function withAreaIssueFirst(hits: SearchHit[], q: string): SearchHit[] {
  const queryTerms = new Set(analyzeQuery(q).terms.map((t) => t.term));
  const matchesArea = (area: string) => {
    const terms = analyzeQuery(area).terms;
    return terms.length > 0 && terms.every((t) => queryTerms.has(t.term));
  };
  const index = hits.findIndex((h) => h.type === 'known_issue' && h.status !== 'fixed' && h.tags.some(matchesArea));
  if (index <= 0) return hits;
  return [hits[index]!, ...hits.slice(0, index), ...hits.slice(index + 1)];
}

/**
 * "Did you mean …": the engine's spelling of the query with its misspelled
 * words corrected, when that finds at least as much as the query as typed
 * (typo tolerance may already have found the same documents; the corrected
 * words are still worth showing). Asked once, for a count only.
 */
async function correctedSearch(
  engine: SearchEngine,
  input: { q: string; type?: SearchDocType | undefined },
  result: SearchResult,
): Promise<SiteSearch['didYouMean']> {
  const corrected = result.corrected;
  if (!corrected || normalizeQuery(corrected) === normalizeQuery(input.q)) return undefined;
  try {
    const check = await engine.search({ q: corrected, type: input.type, limit: 1 });
    return check.total > 0 && check.total >= result.total ? { query: corrected, total: check.total } : undefined;
  } catch {
    return undefined;
  }
}
