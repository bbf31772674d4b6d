// The embedded engine: SQLite FTS5 inside the app database, so Hearth searches
// with no other server. Owns `search_documents`, the `search_fts` index and its
// vocabulary view (created by setup(), not by the shared migrations).
//
// It indexes and matches the shared analysis (search/analysis.ts) and ranks by
// the shared rules (search/settings.ts), as Meilisearch does:
// - every query word must match; when too few documents match, words are
//   dropped from the end of the query, one at a time (Meilisearch's "last"),
//   and documents matching more words stay first;
// - a word the index does not know is matched through its closest indexed
//   words (typo tolerance, search/spelling.ts), and the corrected query is
//   offered; the last word also matches as the start of a longer word;
// - within each group, a title holding more of the words first, then the exact
//   title or the words as a phrase in it, then articles before answered
//   questions before other questions, then bm25 and popularity.
// Broad queries stay cheap: counts stop at 1,000 ("1,000+"), and when more
// than 1,000 documents match, only the 1,000 most recently indexed (and every
// matching article) are scored.
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import { ANALYSIS_VERSION, analyzeQuery, fold, indexTerms, indexWords, tokenize, type QueryTerm } from '../analysis';
import { documentBoost, maxTotalHits } from '../settings';
import { Speller } from '../spelling';
import { highlight, matcherFor, snippet } from '../text';
import { searchDocTypes, type SearchDocType, type SearchDocument, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from '../types';

/** Weights of the FTS columns (title, tags, body, words, kind) in bm25. */
const BM25 = sql`bm25(search_fts, 10.0, 4.0, 1.0, 0.5, 0.0)`;
const MAX_LIMIT = 50;
/** At most this many matches of one group are scored (the most recently indexed). */
const SCORE_CAP = 1000;
/** How many of the best-scored candidates of a group are ranked by the full rules. */
const RANK_WINDOW = 60;
/** The vocabulary is reloaded from the index this often (other processes may have changed it). */
const VOCABULARY_REFRESH_MS = 10 * 60_000;
const CONTENT_COLUMNS = '{title_terms tags_terms body_terms}';

function ftsQuote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function kindToken(type: SearchDocType): string {
  return `type${type.replace(/_/g, '')}`;
}

interface PlannedTerm extends QueryTerm {
  prefix: boolean;
  /** Terms of the closest indexed words, for a word the index does not know. */
  alternatives: string[];
  /** The closest indexed word, for the corrected query. */
  correction?: string | undefined;
}

function termExpression(term: PlannedTerm): string {
  const options = [`${CONTENT_COLUMNS} : ${ftsQuote(term.term)}${term.prefix ? '*' : ''}`];
  if (term.prefix) for (const word of term.words) options.push(`words : ${ftsQuote(word)}*`);
  for (const alternative of term.alternatives) options.push(`${CONTENT_COLUMNS} : ${ftsQuote(alternative)}`);
  return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
}

/** The FTS expression for all the terms, optionally for one type. */
function levelExpression(terms: PlannedTerm[], type?: SearchDocType): string {
  const parts = terms.map(termExpression);
  if (type) parts.unshift(`kind : ${kindToken(type)}`);
  return parts.join(' AND ');
}

/** Terms of a title, with its stop words, for the title rules. */
function titleTerms(title: string): string[] {
  return indexTerms(title).split(' ').filter(Boolean);
}

/** The query with each misspelled word replaced by its correction, keeping everything else as typed. */
function correctedQuery(q: string, terms: PlannedTerm[]): string | undefined {
  const fixes = new Map<string, string>();
  for (const t of terms) if (t.correction) fixes.set(t.words[0]!, t.correction);
  if (fixes.size === 0) return undefined;
  return q.replace(/[\p{L}\p{N}]+/gu, (word) => fixes.get(fold(word)) ?? word);
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
  await sql`create table if not exists search_embedded_meta (key text primary key, value text not null)`.execute(db);
  const version = await sql<{ value: string }>`select value from search_embedded_meta where key = 'analysis'`.execute(db);
  const current = version.rows[0]?.value === String(ANALYSIS_VERSION);
  if (!current) {
    // Made by an older analysis (or never): drop the index and rebuild it from the stored documents.
    await sql`drop table if exists search_fts_vocab`.execute(db);
    await sql`drop table if exists search_fts_words`.execute(db);
    await sql`drop table if exists search_fts`.execute(db);
  }
  await sql`create virtual table if not exists search_fts using fts5(title_terms, tags_terms, body_terms, words, kind, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(
    db,
  );
  await sql`create virtual table if not exists search_fts_words using fts5vocab(search_fts, 'col')`.execute(db);
  if (!current) {
    await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('search_documents').selectAll().execute();
      for (const row of rows) await insertFts(trx, row.seq, { type: row.type as SearchDocType, title: row.title, text: row.text, tags: JSON.parse(row.tags) as string[] });
      await sql`insert into search_embedded_meta (key, value) values ('analysis', ${String(ANALYSIS_VERSION)}) on conflict (key) do update set value = excluded.value`.execute(
        trx,
      );
    });
  }
}

async function insertFts(db: DB, seq: number, doc: Pick<SearchDocument, 'type' | 'title' | 'text' | 'tags'>): Promise<void> {
  const tags = doc.tags.join(' ');
  await sql`insert into search_fts (rowid, title_terms, tags_terms, body_terms, words, kind) values (${seq}, ${indexTerms(doc.title)}, ${indexTerms(tags)}, ${indexTerms(doc.text)}, ${indexWords(`${doc.title} ${tags} ${doc.text}`)}, ${kindToken(doc.type)})`.execute(
    db,
  );
}

interface Candidate {
  seq: number;
  score: number;
  level: number;
}

export function createEmbeddedEngine(db: DB): SearchEngine {
  // Every use makes sure the tables exist (once per engine), so a process that skipped setup() still works.
  let tables: Promise<void> | undefined;
  const ready = () =>
    (tables ??= createEmbeddedTables(db).catch((error: unknown) => {
      tables = undefined;
      throw error;
    }));

  let speller: Speller | undefined;
  let spellerLoadedAt = 0;
  let spellerLoading: Promise<Speller> | undefined;

  function loadSpeller(): Promise<Speller> {
    spellerLoading ??= (async () => {
      await ready();
      const rows = await sql<{ term: string; doc: number }>`select term, doc from search_fts_words where col = 'words'`.execute(db);
      const loaded = new Speller(rows.rows.map((r) => [r.term, Number(r.doc)] as const));
      speller = loaded;
      spellerLoadedAt = Date.now();
      return loaded;
    })().finally(() => {
      spellerLoading = undefined;
    });
    return spellerLoading;
  }

  /** The vocabulary: loaded once, kept current by upserts, reloaded in the background now and then. */
  async function currentSpeller(): Promise<Speller> {
    if (!speller) return loadSpeller();
    if (Date.now() - spellerLoadedAt > VOCABULARY_REFRESH_MS && !spellerLoading) void loadSpeller().catch(() => {});
    return speller;
  }

  function tagFilter(query: SearchQuery) {
    const parts = (query.tags ?? []).map((tag) => sql`exists (select 1 from json_each(d.tags) where json_each.value = ${tag})`);
    return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
  }

  function fromMatch(match: string, query: SearchQuery) {
    return (query.tags ?? []).length
      ? sql`search_fts join search_documents d on d.seq = search_fts.rowid where search_fts match ${match}${tagFilter(query)}`
      : sql`search_fts where search_fts match ${match}`;
  }

  /** Matches of an expression, counted up to `cap` + 1. */
  async function count(match: string, query: SearchQuery, cap = maxTotalHits): Promise<number> {
    const row = await sql<{ n: number }>`select count(*) as n from (select search_fts.rowid from ${fromMatch(match, query)} limit ${cap + 1})`.execute(db);
    return Number(row.rows[0]?.n ?? 0);
  }

  /** The best-scored matches of an expression, scoring at most SCORE_CAP of them. */
  async function scored(match: string, query: SearchQuery, limit: number, matches: number): Promise<Array<{ seq: number; score: number }>> {
    if (matches <= SCORE_CAP) {
      const rows = await sql<{ seq: number; score: number }>`select search_fts.rowid as seq, ${BM25} as score from ${fromMatch(match, query)} order by score limit ${limit}`.execute(
        db,
      );
      return rows.rows;
    }
    const recent = await sql<{ seq: number; score: number }>`
      select seq, score from (select search_fts.rowid as seq, ${BM25} as score from ${fromMatch(match, query)} order by search_fts.rowid desc limit ${SCORE_CAP})
      order by score limit ${limit}`.execute(db);
    if (query.type && query.type !== 'article') return recent.rows;
    // Articles rank before questions of equal match: never leave one out for being old.
    const articles = await sql<{ seq: number; score: number }>`select search_fts.rowid as seq, ${BM25} as score from ${fromMatch(`kind : ${kindToken('article')} AND (${match})`, query)} order by score limit ${limit}`.execute(
      db,
    );
    const seen = new Set(recent.rows.map((r) => r.seq));
    return [...recent.rows, ...articles.rows.filter((r) => !seen.has(r.seq))];
  }

  async function planTerms(q: string): Promise<PlannedTerm[]> {
    const analyzed = analyzeQuery(q);
    const vocabulary = await currentSpeller();
    return analyzed.terms.map((term, i): PlannedTerm => {
      const last = i === analyzed.terms.length - 1;
      const word = term.words[0]!;
      const prefix = last && !term.han && !term.synonym && word.length >= 1;
      const planned: PlannedTerm = { ...term, prefix, alternatives: [] };
      if (term.han || term.synonym || term.words.length > 1 || /\d/.test(word)) return planned;
      const known = vocabulary.documents(word) > 0 || (prefix && vocabulary.hasCompletion(word));
      if (known) return planned;
      const corrections = vocabulary.corrections(word, { prefix });
      planned.alternatives = [...new Set(corrections.map((c) => tokenize(c.word)[0]?.term ?? c.word))];
      planned.correction = corrections[0]?.word;
      return planned;
    });
  }

  /** Orders candidates by the ranking rules after "words" (search/settings.ts). */
  function rank(
    candidates: Candidate[],
    docs: Map<number, { type: string; status: string; title: string; popularity: number }>,
    levels: PlannedTerm[][],
  ): Candidate[] {
    const keyed = candidates.map((c) => {
      const doc = docs.get(c.seq)!;
      const title = titleTerms(doc.title);
      const used = levels[c.level]!;
      const inTitle = (t: PlannedTerm) => title.some((w) => w === t.term || t.alternatives.includes(w) || (t.prefix && w.startsWith(t.term)));
      const titleMatches = used.filter(inTitle).length;
      const positions = used.map((t) => title.findIndex((w) => w === t.term || t.alternatives.includes(w) || (t.prefix && w.startsWith(t.term))));
      const phrase = positions.every((p, i) => p >= 0 && (i === 0 || p === positions[i - 1]! + 1));
      const exact = phrase && title.length === used.length ? 2 : phrase ? 1 : 0;
      // The share of the title the words cover: "Welcome to Fieldnote" before "Connect Zapier to Fieldnote".
      const words = tokenize(doc.title).filter((t) => !t.stop).length;
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
            popularity: doc.popularity,
            updated_at: doc.updated,
          };
          const existing = await trx.selectFrom('search_documents').select('seq').where('id', '=', doc.id).executeTakeFirst();
          let seq: number;
          if (existing) {
            seq = existing.seq;
            await trx.updateTable('search_documents').set(row).where('seq', '=', seq).execute();
            await sql`delete from search_fts where rowid = ${seq}`.execute(trx);
          } else {
            seq = (await trx.insertInto('search_documents').values(row).returning('seq').executeTakeFirstOrThrow()).seq;
          }
          await insertFts(trx, seq, doc);
        }
      });
      // New words are known at once; removed ones leave at the next reload.
      if (speller) for (const doc of documents) for (const word of indexWords(`${doc.title} ${doc.tags.join(' ')} ${doc.text}`).split(' ')) speller.add(word);
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await ready();
      await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('search_documents').select('seq').where('id', 'in', ids).execute();
        for (const { seq } of rows) await sql`delete from search_fts where rowid = ${seq}`.execute(trx);
        await trx.deleteFrom('search_documents').where('id', 'in', ids).execute();
      });
    },

    async clear() {
      await ready();
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_fts`.execute(trx);
        await trx.deleteFrom('search_documents').execute();
      });
      speller = new Speller();
      spellerLoadedAt = Date.now();
    },

    async search(query): Promise<SearchResult> {
      const empty: SearchResult = { hits: [], total: 0, totalCapped: false, typeCounts: { article: 0, question: 0, known_issue: 0 }, typoFallback: false };
      if (query.q.trim() === '') return empty;
      await ready();
      const terms = await planTerms(query.q);
      if (terms.length === 0) return empty;
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 10), 1), MAX_LIMIT);
      const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
      const wanted = offset + limit;

      // Every word first; while too few documents match, leave out the word whose absence finds the most (the last of equals).
      const levels: PlannedTerm[][] = [terms];
      let matches = await count(levelExpression(terms, query.type), query);
      while (matches < wanted && levels.at(-1)!.length > 1) {
        const current = levels.at(-1)!;
        let best: { terms: PlannedTerm[]; matches: number } | undefined;
        for (let i = current.length - 1; i >= 0; i--) {
          const without = current.filter((_, j) => j !== i);
          const found = await count(levelExpression(without, query.type), query);
          if (!best || found > best.matches) best = { terms: without, matches: found };
        }
        levels.push(best!.terms);
        matches = best!.matches;
      }
      const level = levels.length - 1;
      const corrected = correctedQuery(query.q, terms);
      const typoFallback = terms.some((t) => t.alternatives.length > 0);
      if (matches === 0) return { ...empty, typoFallback, corrected };

      const typeCounts = Object.fromEntries(searchDocTypes.map((t) => [t, 0])) as Record<SearchDocType, number>;
      for (const type of searchDocTypes) typeCounts[type] = Math.min(await count(levelExpression(levels[level]!, type), query), maxTotalHits + 1);
      const counted = query.type ? typeCounts[query.type] : Object.values(typeCounts).reduce((a, b) => a + b, 0);
      for (const type of searchDocTypes) typeCounts[type] = Math.min(typeCounts[type], maxTotalHits);

      // Each group (all words, then one word fewer, …) holds the documents the previous groups did not.
      const candidates: Candidate[] = [];
      for (let k = 0; k <= level && candidates.length < wanted + RANK_WINDOW; k++) {
        let match = levelExpression(levels[k]!, query.type);
        if (k > 0) match = `(${match}) NOT (${levelExpression(levels[k - 1]!, query.type)})`;
        const groupMatches = k === level && k === 0 ? matches : await count(match, query, SCORE_CAP);
        if (groupMatches === 0) continue;
        for (const row of await scored(match, query, Math.max(RANK_WINDOW, wanted), groupMatches)) candidates.push({ seq: row.seq, score: row.score, level: k });
      }
      const info = candidates.length
        ? await db
            .selectFrom('search_documents')
            .select(['seq', 'type', 'status', 'title', 'popularity'])
            .where(
              'seq',
              'in',
              candidates.map((c) => c.seq),
            )
            .execute()
        : [];
      const bySeq = new Map(info.map((d) => [d.seq, d]));
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
      const matcher = matcherFor({ terms, onlyStopWords: false }, terms.flatMap((t) => (t.correction ? [t.correction] : [])));
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
        await sql`select count(*) from search_fts where rowid = 0`.execute(db);
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
