// The shape of everything search knows: documents, queries, results, and the
// one interface every engine implements (Meilisearch and the embedded FTS5).

export const searchDocTypes = ['article', 'question', 'known_issue'] as const;
export type SearchDocType = (typeof searchDocTypes)[number];

export interface SearchDocument {
  /** `${type}-${key}`, e.g. "article-export-notes", "question-42": letters, digits, "-" and "_" only (Meilisearch's rule). */
  id: string;
  type: SearchDocType;
  title: string;
  /** Plain text (no HTML, no Markdown): body, plus the accepted answer for questions. */
  text: string;
  /** Path on this site, e.g. "/help/notes-sharing/export-notes". */
  url: string;
  tags: string[];
  /** Help category slug for articles, affected area for known issues; "" when none. */
  category: string;
  /** "published" for articles; "open" / "answered" / "closed" for questions; known-issue status. */
  status: string;
  /** Known issues: "critical" / "major" / "minor" (filterable); absent for other documents. */
  severity?: string | undefined;
  /** Larger is more popular (views, votes); a tie-breaker after relevance. */
  popularity: number;
  /** Last update, ms since epoch (UTC). */
  updated: number;
}

export interface SearchQuery {
  q: string;
  type?: SearchDocType | undefined;
  tags?: string[] | undefined;
  /** Only documents with one of these statuses (e.g. the open known-issue statuses). */
  status?: string[] | undefined;
  /** Only documents with one of these severities (known issues). */
  severity?: string[] | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface SearchHit {
  id: string;
  type: SearchDocType;
  title: string;
  url: string;
  /** Safe HTML: the text is escaped, matches are wrapped in <mark>…</mark>. */
  snippet: string;
  /** The title as safe HTML with matches in <mark>. */
  titleHtml: string;
  tags: string[];
  category: string;
  status: string;
  /** Known issues' severity. */
  severity?: string | undefined;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of matching documents (for this type filter), counted up to maxTotalHits (search/settings.ts). */
  total: number;
  /** True when there are more than `total` matches ("1,000+"). */
  totalCapped: boolean;
  /** Matching documents per type, ignoring the type filter (for the filter tabs). */
  typeCounts: Record<SearchDocType, number>;
  /** True when some query word matched only through typo tolerance. */
  typoFallback: boolean;
  /** The query with each misspelled word replaced by the closest indexed word, when any was misspelled. */
  corrected?: string | undefined;
}

export interface SearchEngine {
  readonly name: 'meilisearch' | 'embedded';
  /** Creates and configures the index (idempotent). */
  setup(): Promise<void>;
  /** Adds or replaces documents by id. Resolves once they are searchable. */
  upsert(documents: SearchDocument[]): Promise<void>;
  /** Removes documents by id (unknown ids are ignored). Resolves once applied. */
  remove(ids: string[]): Promise<void>;
  /** Removes every document. */
  clear(): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** True when the engine answers. */
  isHealthy(): Promise<boolean>;
  /** Number of documents in the index. */
  count(): Promise<number>;
}

export class SearchEngineUnavailableError extends Error {
  override name = 'SearchEngineUnavailableError';
}
