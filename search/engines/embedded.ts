// The embedded engine: SQLite FTS5 inside the app database, so Hearth searches
// with no other server. Owns `search_documents`, one FTS table per document type
// (`search_fts_<type>`) with its vocabulary view, and `search_embedded_meta`
// (created by setup(), not by the shared migrations; rebuilt from the stored
// documents when ANALYSIS_VERSION changes).
//
// It indexes and matches the shared analysis (search/analysis.ts) and ranks by
// the shared rules (search/settings.ts), as Meilisearch does:
// - every query word must match; when too few documents match, one word at a
//   time is left out (the one whose absence finds the most, the last of
//   equals), and documents matching more words stay first;
// - a word the index does not know is matched through its closest indexed
//   words (typo tolerance, search/spelling.ts) and the corrected query is
//   offered; a half-typed last word matches its most common completions;
// - within each group: articles before answered questions before other
//   questions, then a title holding more of the words, the exact title or the
//   words as a phrase in it, the share of the title they cover, bm25 and
//   popularity.
// Broad queries stay cheap: counts stop at 1,000 ("1,000+"); a type filter, a
// count per type or the articles' ranking never read the questions' table;
// bm25 (which reads every document holding a word) is used only when the words
// are rare enough, otherwise the most recently stored matches (and every
// matching article) are ranked by the rules alone; counts and ranking facts are
// remembered until the index changes; the vocabulary for typos and completions
// is held in memory, never read per request.
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import { ANALYSIS_VERSION, analyzeQuery, indexTerms, indexWords, tokenize, type QueryTerm } from '../analysis';
import { documentBoost, maxTotalHits } from '../settings';
import { Speller, correctedQuery } from '../spelling';
import { highlight, matcherFor, snippet } from '../text';
import { searchDocTypes, type SearchDocType, type SearchDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from '../types';

/** bm25 with the weights of the FTS columns (title, tags, body, words). */
function bm25(type: SearchDocType) {
  return sql`bm25(${ftsTable(type)}, 10.0, 4.0, 1.0, 0.5)`;
}
const MAX_LIMIT = 50;
/** bm25 is used when a group has at most this many matches… */
const SCORE_CAP = 1000;
/** …and none of its words is in more documents than this (bm25 reads all of them). */
const BM25_MAX_DOCS = 3000;
/** Otherwise this many of the most recently indexed questions are ranked (articles are few: all of them are). */
const RECENT_WINDOW = 30;
/** While choosing which word to leave out, matches are counted up to this many. */
const LEVEL_COUNT_CAP = 200;
/** Words whose completions a half-typed last word matches. */
const MAX_COMPLETIONS = 5;
/** How many of the best-scored candidates of a group are ranked by the full rules. */
const RANK_WINDOW = 30;
/** The vocabulary is reloaded from the index this often (other processes may have changed it). */
const VOCABULARY_REFRESH_MS = 10 * 60_000;
/** Each type's documents have an FTS table of their own: a small type is searched without reading the big one. */
function ftsTable(type: SearchDocType) {
  return sql.table(`search_fts_${type}`);
}
function ftsTableName(type: SearchDocType): string {
  return `search_fts_${type}`;
}

/**
 * FTS rowids count down from a constant as documents are stored: FTS5 reads
 * matches in rowid order, so the first it reads are the most recently stored.
 */
const ROWID_TOP = 2 ** 50;
function ftsRowid(seq: number): number {
  return ROWID_TOP - seq;
}

function ftsQuote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

interface PlannedTerm extends QueryTerm {
  /** The half-typed last word: also matched by its completions. */
  prefix: boolean;
  /** Terms of the indexed words that complete a half-typed last word, or of the closest indexed words for a word the index does not know. */
  alternatives: string[];
  /** The closest indexed word, for the corrected query. */
  correction?: string | undefined;
}

function termExpression(term: PlannedTerm): string {
  const options = [ftsQuote(term.term), ...term.alternatives.map(ftsQuote)];
  return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
}

/** The FTS expression for all the terms. */
function levelExpression(terms: PlannedTerm[]): string {
  return terms.map(termExpression).join(' AND ');
}

/** A title's terms (with its stop words) and how many of its words are not stop words, for the title rules; remembered. */
const titles = new Map<string, { terms: string[]; words: number }>();
function analyzedTitle(title: string): { terms: string[]; words: number } {
  let known = titles.get(title);
  if (!known) {
    known = { terms: indexTerms(title).split(' ').filter(Boolean), words: tokenize(title).filter((t) => !t.stop).length };
    if (titles.size >= 50_000) titles.clear();
    titles.set(title, known);
  }
  return known;
}

/** The query with each misspelled word replaced by its correction, keeping everything else as typed. */
function corrections(terms: PlannedTerm[]): Map<string, string> {
  const fixes = new Map<string, string>();
  for (const t of terms) if (t.correction) fixes.set(t.words[0]!, t.correction);
  return fixes;
}

/**
 * The engine's own tables, in the app database. They are SQLite-only (FTS5),
 * so they live here rather than in the shared migrations. Idempotent; an index
 * made by an older analysis is rebuilt from the stored documents.
 */
export async function createEmbeddedTables(db: DB): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .ifNotExists()
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull()) // JSON array
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('popularity', 'real', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Known issues' severity (filterable) came later: added to new and older tables alike, so both have one shape.
  const columns = await sql<{ name: string }>`select name from pragma_table_info('search_documents')`.execute(db);
  if (!columns.rows.some((c) => c.name === 'severity')) await sql`alter table search_documents add column severity text not null default ''`.execute(db);
  await sql`create table if not exists search_embedded_meta (key text primary key, value text not null)`.execute(db);
  // What the ranking reads of each candidate, without the long text.
  await sql`create index if not exists search_documents_rank on search_documents (seq, type, status, popularity, title)`.execute(db);
  const version = await sql<{ value: string }>`select value from search_embedded_meta where key = 'analysis'`.execute(db);
  const current = version.rows[0]?.value === String(ANALYSIS_VERSION);
  if (!current) {
    // Made by an older analysis (or never): drop the index and rebuild it from the stored documents.
    for (const old of ['search_fts_vocab', 'search_fts_words', 'search_fts']) await sql`drop table if exists ${sql.table(old)}`.execute(db);
    for (const type of searchDocTypes) {
      await sql`drop table if exists ${sql.table(`${ftsTableName(type)}_words`)}`.execute(db);
      await sql`drop table if exists ${ftsTable(type)}`.execute(db);
    }
  }
  for (const type of searchDocTypes) {
    await sql`create virtual table if not exists ${ftsTable(type)} using fts5(title_terms, tags_terms, body_terms, words, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create virtual table if not exists ${sql.table(`${ftsTableName(type)}_words`)} using fts5vocab(${sql.raw(ftsTableName(type))}, 'col')`.execute(
      db,
    );
  }
  if (!current) {
    await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('search_documents').selectAll().execute();
      for (const row of rows)
        await insertFts(trx, row.seq, { type: row.type as SearchDocType, title: row.title, text: row.text, tags: JSON.parse(row.tags) as string[] });
      await sql`insert into search_embedded_meta (key, value) values ('analysis', ${String(ANALYSIS_VERSION)}) on conflict (key) do update set value = excluded.value`.execute(
        trx,
      );
    });
  }
}

async function insertFts(db: DB, seq: number, doc: Pick<SearchDocument, 'type' | 'title' | 'text' | 'tags'>): Promise<void> {
  const tags = doc.tags.join(' ');
  await sql`insert into ${ftsTable(doc.type)} (rowid, title_terms, tags_terms, body_terms, words) values (${ftsRowid(seq)}, ${indexTerms(doc.title)}, ${indexTerms(tags)}, ${indexTerms(doc.text)}, ${indexWords(`${doc.title} ${tags} ${doc.text}`)})`.execute(
    db,
  );
}

interface Candidate {
  seq: number;
  score: number;
  level: number;
}

type RankInfo = { type: string; status: string; title: string; popularity: number };

export function createEmbeddedEngine(db: DB): SearchEngine {
  // Every use makes sure the tables exist (once per engine), so a process that skipped setup() still works.
  let tables: Promise<void> | undefined;
  const ready = () =>
    (tables ??= createEmbeddedTables(db).catch((error: unknown) => {
      tables = undefined;
      throw error;
    }));

  // The vocabulary: folded words (for typos and completions) and, per indexed term, how many questions hold it.
  let speller: Speller | undefined;
  let termDocs = new Map<string, number>();
  let spellerLoadedAt = 0;
  let spellerLoading: Promise<Speller> | undefined;

  function loadSpeller(): Promise<Speller> {
    spellerLoading ??= (async () => {
      await ready();
      const loaded = new Speller();
      const docs = new Map<string, number>();
      for (const type of searchDocTypes) {
        const rows = await sql<{ term: string; col: string; doc: number }>`select term, col, doc from ${sql.table(`${ftsTableName(type)}_words`)}`.execute(db);
        for (const r of rows.rows) {
          if (r.col === 'words') loaded.add(r.term, Number(r.doc));
          else if (type === 'question') docs.set(r.term, Math.max(docs.get(r.term) ?? 0, Number(r.doc)));
        }
      }
      speller = loaded;
      termDocs = docs;
      spellerLoadedAt = Date.now();
      return loaded;
    })().finally(() => {
      spellerLoading = undefined;
    });
    return spellerLoading;
  }

  /** Loaded once, kept current by upserts, reloaded in the background now and then. */
  async function currentSpeller(): Promise<Speller> {
    if (!speller) return loadSpeller();
    if (Date.now() - spellerLoadedAt > VOCABULARY_REFRESH_MS && !spellerLoading) void loadSpeller().catch(() => {});
    return speller;
  }

  // Counts are remembered until the index changes: by this engine (generation) or another connection (data_version).
  const counts = new Map<string, number>();
  let countsVersion = '';
  let generation = 0;
  async function checkCounts(): Promise<void> {
    const row = await sql<{ data_version: number }>`pragma data_version`.execute(db);
    const version = `${generation}:${row.rows[0]?.data_version ?? 0}`;
    if (version !== countsVersion) {
      counts.clear();
      rankInfo.clear();
      countsVersion = version;
    }
  }
  function changed(): void {
    generation++;
    counts.clear();
    rankInfo.clear();
  }
  // What the ranking reads of each candidate (title, type, status, popularity), remembered like the counts.
  const rankInfo = new Map<number, RankInfo>();
  async function rankInfoOf(seqs: number[]): Promise<Map<number, RankInfo>> {
    const missing = [...new Set(seqs.filter((seq) => !rankInfo.has(seq)))];
    if (missing.length) {
      const rows = await db.selectFrom('search_documents').select(['seq', 'type', 'status', 'title', 'popularity']).where('seq', 'in', missing).execute();
      if (rankInfo.size + rows.length > 100_000) rankInfo.clear();
      for (const row of rows) rankInfo.set(row.seq, row);
    }
    return rankInfo;
  }

  /** The query's filters other than its type (tags, status, severity): every tag, and one of the statuses and severities given. */
  function hasFilters(query: SearchQuery): boolean {
    return (query.tags ?? []).length > 0 || query.status !== undefined || query.severity !== undefined;
  }
  function documentFilter(query: SearchQuery) {
    const parts = (query.tags ?? []).map((tag) => sql`exists (select 1 from json_each(d.tags) where json_each.value = ${tag})`);
    // An empty list of statuses or severities matches nothing, as Meilisearch's `IN []` does.
    if (query.status !== undefined) parts.push(query.status.length ? sql`d.status in (${sql.join(query.status)})` : sql`0`);
    if (query.severity !== undefined) parts.push(query.severity.length ? sql`d.severity in (${sql.join(query.severity)})` : sql`0`);
    return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
  }
  /** The filters as part of a cache key. */
  function filterKey(query: SearchQuery): string {
    return JSON.stringify([query.tags ?? [], query.status ?? null, query.severity ?? null]);
  }

  /** `from … where` for an FTS expression in one type's table, with the query's tags, statuses and severities. */
  function fromMatch(match: string, query: SearchQuery, type: SearchDocType) {
    const table = ftsTable(type);
    return hasFilters(query)
      ? sql`${table} join search_documents d on d.seq = ${ROWID_TOP} - ${table}.rowid where ${table} match ${match}${documentFilter(query)}`
      : sql`${table} where ${table} match ${match}`;
  }

  /** Matches of an expression among one type's documents, counted up to `cap` + 1. */
  async function countOf(match: string, query: SearchQuery, type: SearchDocType, cap = maxTotalHits): Promise<number> {
    const key = `${type}|${cap}|${filterKey(query)}|${match}`;
    const known = counts.get(key);
    if (known !== undefined) return known;
    const row = await sql<{
      n: number;
    }>`select count(*) as n from (select ${ftsTable(type)}.rowid from ${fromMatch(match, query, type)} limit ${cap + 1})`.execute(db);
    const n = Number(row.rows[0]?.n ?? 0);
    if (counts.size > 5000) counts.clear();
    counts.set(key, n);
    return n;
  }

  /** The types with documents (remembered like the counts): an empty type's table is not asked. */
  async function typesWithDocuments(): Promise<SearchDocType[]> {
    const types: SearchDocType[] = [];
    for (const type of searchDocTypes) {
      const key = `documents|${type}`;
      let n = counts.get(key);
      if (n === undefined) {
        const row = await sql<{ n: number }>`select count(*) as n from (select 1 from search_documents where type = ${type} limit 1)`.execute(db);
        n = Number(row.rows[0]?.n ?? 0);
        counts.set(key, n);
      }
      if (n > 0) types.push(type);
    }
    return types;
  }

  /** Matches among the query's type, or among all types (each counted up to `cap` + 1, in one statement). */
  async function count(match: string, query: SearchQuery, cap = maxTotalHits): Promise<number> {
    if (query.type) return countOf(match, query, query.type, cap);
    const types = await typesWithDocuments();
    const keys = types.map((type) => `${type}|${cap}|${filterKey(query)}|${match}`);
    if (keys.every((key) => counts.has(key))) return keys.reduce((sum, key) => sum + counts.get(key)!, 0);
    const parts = types.map((type) => sql`(select count(*) from (select ${ftsTable(type)}.rowid from ${fromMatch(match, query, type)} limit ${cap + 1}))`);
    const row = await sql<Record<string, number>>`select ${sql.join(
      parts.map((part, i) => sql`${part} as ${sql.ref(`n${i}`)}`),
      sql`, `,
    )}`.execute(db);
    let n = 0;
    types.forEach((_, i) => {
      const found = Number(row.rows[0]?.[`n${i}`] ?? 0);
      counts.set(keys[i]!, found);
      n += found;
    });
    if (counts.size > 5000) counts.clear();
    return n;
  }

  /**
   * Candidates of one group in one type: bm25's best when its words are rare
   * enough (always for the small types), else the most recently indexed matches.
   */
  async function candidatesOf(
    match: string,
    query: SearchQuery,
    type: SearchDocType,
    limit: number,
    terms: PlannedTerm[],
  ): Promise<Array<{ seq: number; score: number }>> {
    if (type !== 'question' || (rare(terms) && (await countOf(match, query, type, SCORE_CAP)) <= SCORE_CAP)) {
      const rows = await sql<{
        seq: number;
        score: number;
      }>`select ${ROWID_TOP} - ${ftsTable(type)}.rowid as seq, ${bm25(type)} as score from ${fromMatch(match, query, type)} order by score limit ${limit}`.execute(
        db,
      );
      return rows.rows;
    }
    const recent = await sql<{
      seq: number;
    }>`select ${ROWID_TOP} - ${ftsTable(type)}.rowid as seq from ${fromMatch(match, query, type)} limit ${Math.max(RECENT_WINDOW, limit)}`.execute(db);
    return recent.rows.map((r) => ({ seq: r.seq, score: 0 }));
  }

  async function planTerms(q: string): Promise<PlannedTerm[]> {
    const analyzed = analyzeQuery(q);
    const vocabulary = await currentSpeller();
    return analyzed.terms.map((term, i): PlannedTerm => {
      const last = i === analyzed.terms.length - 1;
      const word = term.words[0]!;
      const planned: PlannedTerm = { ...term, prefix: false, alternatives: [] };
      if (term.han || term.synonym || term.words.length > 1 || /\d/.test(word) || vocabulary.documents(word) > 0) return planned;
      // The last word, not a word of its own: the start of longer words (while typing)…
      const completions = last && word.length >= 2 ? vocabulary.completions(word, MAX_COMPLETIONS) : [];
      if (completions.length > 0) {
        planned.prefix = true;
        planned.alternatives = [...new Set(completions.map((c) => tokenize(c)[0]?.term ?? c))].filter((t) => t !== term.term);
        return planned;
      }
      // …or a misspelling of the closest indexed words.
      const corrections = vocabulary.corrections(word, { prefix: last });
      planned.alternatives = [...new Set(corrections.map((c) => tokenize(c.word)[0]?.term ?? c.word))];
      planned.correction = corrections[0]?.word;
      return planned;
    });
  }

  /** True when every word of the group is in few enough questions for bm25. */
  function rare(terms: PlannedTerm[]): boolean {
    return terms.every((t) => [t.term, ...t.alternatives].reduce((sum, x) => sum + (termDocs.get(x) ?? 0), 0) <= BM25_MAX_DOCS);
  }

  /** Orders candidates by the ranking rules after "words" (search/settings.ts). */
  function rank(candidates: Candidate[], docs: Map<number, RankInfo>, levels: PlannedTerm[][]): Candidate[] {
    const keyed = candidates.map((c) => {
      const doc = docs.get(c.seq)!;
      const { terms: title, words } = analyzedTitle(doc.title);
      const used = levels[c.level]!;
      const at = (t: PlannedTerm) => title.findIndex((w) => w === t.term || t.alternatives.includes(w));
      const positions = used.map(at);
      const titleMatches = positions.filter((p) => p >= 0).length;
      const phrase = positions.every((p, i) => p >= 0 && (i === 0 || p === positions[i - 1]! + 1));
      const exact = phrase && title.length === used.length ? 2 : phrase ? 1 : 0;
      // The share of the title the words cover: "Welcome to Fieldnote" before "Connect Zapier to Fieldnote".
      const coverage = words ? Math.round((10 * titleMatches) / words) : 0;
      return { c, titleMatches, exact, coverage, boost: documentBoost({ type: doc.type as SearchDocType, status: doc.status }), popularity: doc.popularity };
    });
    keyed.sort(
      (a, b) =>
        a.c.level - b.c.level ||
        b.boost - a.boost ||
        b.titleMatches - a.titleMatches ||
        b.exact - a.exact ||
        b.coverage - a.coverage ||
        a.c.score - b.c.score ||
        b.popularity - a.popularity ||
        a.c.seq - b.c.seq,
    );
    return keyed.map((k) => k.c);
  }

  return {
    name: 'embedded',

    async setup() {
      await ready();
      await loadSpeller();
    },

    async upsert(documents) {
      if (documents.length === 0) return;
      await ready();
      await db.transaction().execute(async (trx) => {
        for (const doc of documents) {
          const row = {
            id: doc.id,
            type: doc.type,
            title: doc.title,
            text: doc.text,
            url: doc.url,
            tags: JSON.stringify(doc.tags),
            category: doc.category,
            status: doc.status,
            severity: doc.severity ?? '',
            popularity: doc.popularity,
            updated_at: doc.updated,
          };
          const existing = await trx.selectFrom('search_documents').select(['seq', 'type']).where('id', '=', doc.id).executeTakeFirst();
          let seq: number;
          if (existing) {
            seq = existing.seq;
            await trx.updateTable('search_documents').set(row).where('seq', '=', seq).execute();
            await sql`delete from ${ftsTable(existing.type as SearchDocType)} where rowid = ${ftsRowid(seq)}`.execute(trx);
          } else {
            seq = (await trx.insertInto('search_documents').values(row).returning('seq').executeTakeFirstOrThrow()).seq;
          }
          await insertFts(trx, seq, doc);
        }
      });
      changed();
      // New words are known at once; removed ones leave at the next reload.
      if (speller) {
        for (const doc of documents) {
          const text = `${doc.title} ${doc.tags.join(' ')} ${doc.text}`;
          for (const word of indexWords(text).split(' ')) speller.add(word);
          for (const term of new Set(indexTerms(text).split(' '))) termDocs.set(term, (termDocs.get(term) ?? 0) + 1);
        }
      }
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await ready();
      await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('search_documents').select(['seq', 'type']).where('id', 'in', ids).execute();
        for (const { seq, type } of rows) await sql`delete from ${ftsTable(type as SearchDocType)} where rowid = ${ftsRowid(seq)}`.execute(trx);
        await trx.deleteFrom('search_documents').where('id', 'in', ids).execute();
      });
      changed();
    },

    async clear() {
      await ready();
      await db.transaction().execute(async (trx) => {
        for (const type of searchDocTypes) await sql`delete from ${ftsTable(type)}`.execute(trx);
        await trx.deleteFrom('search_documents').execute();
      });
      changed();
      speller = new Speller();
      termDocs = new Map();
      spellerLoadedAt = Date.now();
    },

    async search(query): Promise<SearchResult> {
      const empty: SearchResult = { hits: [], total: 0, totalCapped: false, typeCounts: { article: 0, question: 0, known_issue: 0 }, typoFallback: false };
      if (query.q.trim() === '') return empty;
      await ready();
      await checkCounts();
      const terms = await planTerms(query.q);
      if (terms.length === 0) return empty;
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 10), 1), MAX_LIMIT);
      const offset = Math.min(Math.max(Math.trunc(query.offset ?? 0), 0), maxTotalHits);
      const wanted = offset + limit;

      // Every word first; while too few documents match, leave out the word whose absence finds the most (the last of equals).
      const levels: PlannedTerm[][] = [terms];
      let matches = await count(levelExpression(terms), query);
      while (matches < wanted && levels.at(-1)!.length > 1) {
        const current = levels.at(-1)!;
        let best: { terms: PlannedTerm[]; matches: number } | undefined;
        for (let i = current.length - 1; i >= 0; i--) {
          const without = current.filter((_, j) => j !== i);
          // Counted only up to LEVEL_COUNT_CAP: enough to tell which word to leave out (the total is counted below).
          const found = await count(levelExpression(without), query, LEVEL_COUNT_CAP);
          if (!best || found > best.matches) best = { terms: without, matches: found };
          // Nothing counts past the cap: a word whose absence reaches it is the one to leave out.
          if (found > LEVEL_COUNT_CAP) break;
        }
        levels.push(best!.terms);
        matches = best!.matches;
      }
      const level = levels.length - 1;
      const corrected = correctedQuery(query.q, corrections(terms));
      const typoFallback = terms.some((t) => t.correction !== undefined);
      if (matches === 0) return { ...empty, typoFallback, corrected };

      const typeCounts = Object.fromEntries(searchDocTypes.map((t) => [t, 0])) as Record<SearchDocType, number>;
      const loosest = levelExpression(levels[level]!);
      const present = await typesWithDocuments();
      for (const type of present) typeCounts[type] = await countOf(loosest, query, type);
      const counted = query.type ? typeCounts[query.type] : Object.values(typeCounts).reduce((a, b) => a + b, 0);
      for (const type of searchDocTypes) typeCounts[type] = Math.min(typeCounts[type], maxTotalHits);

      // Each group (all words, then one word fewer, …) holds the documents the previous groups did not.
      const candidates: Candidate[] = [];
      for (let k = 0; k <= level && candidates.length < wanted + RANK_WINDOW; k++) {
        let match = levelExpression(levels[k]!);
        if (k > 0) match = `(${match}) NOT (${levelExpression(levels[k - 1]!)})`;
        for (const type of query.type ? [query.type] : present.filter((t) => typeCounts[t] > 0)) {
          for (const row of await candidatesOf(match, query, type, Math.max(RANK_WINDOW, wanted), levels[k]!))
            candidates.push({ seq: row.seq, score: row.score, level: k });
        }
      }
      const bySeq = await rankInfoOf(candidates.map((c) => c.seq));
      const page = rank(
        candidates.filter((c) => bySeq.has(c.seq)),
        bySeq,
        levels,
      ).slice(offset, offset + limit);
      const rows = page.length
        ? await db
            .selectFrom('search_documents')
            .selectAll()
            .where(
              'seq',
              'in',
              page.map((c) => c.seq),
            )
            .execute()
        : [];
      const docs = new Map(rows.map((r) => [r.seq, r]));
      const matcher = matcherFor(
        { terms, onlyStopWords: false },
        terms.flatMap((t) => (t.correction ? [t.correction] : t.prefix ? t.alternatives : [])),
      );
      const hits: SearchHit[] = page
        .map((c) => docs.get(c.seq))
        .filter((row) => row !== undefined)
        .map((row) => ({
          id: row.id,
          type: row.type as SearchDocType,
          title: row.title,
          url: row.url,
          titleHtml: highlight(row.title, matcher),
          snippet: snippet(row.text, matcher),
          tags: JSON.parse(row.tags) as string[],
          category: row.category,
          status: row.status,
          ...(row.severity ? { severity: row.severity } : {}),
        }));
      return {
        hits,
        total: Math.min(counted, maxTotalHits),
        totalCapped: counted > maxTotalHits,
        typeCounts,
        typoFallback,
        corrected,
      };
    },

    async isHealthy() {
      try {
        await ready();
        for (const type of searchDocTypes) await sql`select count(*) from ${ftsTable(type)} where rowid = 0`.execute(db);
        return true;
      } catch {
        return false;
      }
    },

    async count() {
      await ready();
      const row = await db
        .selectFrom('search_documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
