// The embedded engine: SQLite FTS5 inside the app database, so Hearth searches
// with no other server. Owns `search_documents` and the `search_fts` index
// (created by setup(), not by the shared migrations).
// bm25 ranking with a title boost, prefix matching on the last word, synonyms,
// CJK as overlapping bigrams, and a typo fallback (edit distance against the
// index vocabulary) when the exact query finds nothing.
import { sql } from 'kysely';
import type { DB } from '@db/connection';
import { synonymGroups } from '../settings';
import { allowedTypos, cjkBigrams, editDistance, highlight, normalizeQuery, queryTerms, snippet, toIndexText, type QueryTerm } from '../text';
import { searchDocTypes, type SearchDocType, type SearchEngine, type SearchHit, type SearchQuery, type SearchResult } from '../types';

/** Weights of the FTS columns (title, tags, body) in bm25. */
const BM25 = sql`bm25(search_fts, 10.0, 4.0, 1.0)`;
const MAX_LIMIT = 50;
/** How many bm25 candidates are re-ranked by title match. */
const RERANK_WINDOW = 200;

function foldDiacritics(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '')}"`;
}

/** Single-word and phrase synonyms of a single query word. */
function synonymsOf(word: string): string[] {
  const group = synonymGroups.find((g) => g.includes(word));
  return group ? group.filter((w) => w !== word) : [];
}

interface Clause {
  match: string;
  /** Words to highlight for this clause. */
  words: string[];
}

function clauseFor(term: QueryTerm, isLast: boolean, alternatives: string[] = []): Clause {
  if (term.cjk) {
    const grams = cjkBigrams(term.text);
    const single = [...term.text].length === 1;
    return { match: single ? `${quote(term.text)}*` : quote(grams.join(' ')), words: [term.text] };
  }
  const word = foldDiacritics(term.text);
  const options = [
    isLast && word.length >= 2 ? `${quote(word)}*` : quote(word),
    ...[...synonymsOf(word), ...alternatives].map((s) => quote(toIndexText(s).trim())),
  ];
  return { match: options.length === 1 ? options[0]! : `(${options.join(' OR ')})`, words: [term.text, ...synonymsOf(word), ...alternatives] };
}

/**
 * The engine's own tables, in the app database. They are SQLite-only (FTS5),
 * so they live here rather than in the shared migrations; idempotent, and the
 * SQL stored in sqlite_master is the same as when migration 0003 made them.
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
  await sql`create virtual table if not exists search_fts using fts5(title, tags, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`.execute(
    db,
  );
  await sql`create virtual table if not exists search_fts_vocab using fts5vocab(search_fts, 'row')`.execute(db);
}

export function createEmbeddedEngine(db: DB): SearchEngine {
  let vocabulary: Array<{ term: string; docs: number }> | undefined;
  // Every use makes sure the tables exist (once per engine), so a process that skipped setup() still works.
  let tables: Promise<void> | undefined;
  const ready = () =>
    (tables ??= createEmbeddedTables(db).catch((error: unknown) => {
      tables = undefined;
      throw error;
    }));
  let vocabularyLoadedAt = 0;

  async function loadVocabulary() {
    // Another process (the reindex command) may have changed the index: refresh now and then.
    if (!vocabulary || Date.now() - vocabularyLoadedAt > 60_000) {
      vocabularyLoadedAt = Date.now();
      const rows = await sql<{ term: string; doc: number }>`select term, doc from search_fts_vocab`.execute(db);
      vocabulary = rows.rows.map((r) => ({ term: r.term, docs: r.doc }));
    }
    return vocabulary;
  }

  /**
   * The closest indexed words to a misspelled word, best first. The last word
   * of a query may also be the misspelled start of a longer word.
   */
  async function corrections(word: string, isLast: boolean): Promise<string[]> {
    const max = allowedTypos(word);
    if (max === 0 || /\d/.test(word)) return [];
    const candidates: Array<{ term: string; distance: number; docs: number }> = [];
    for (const entry of await loadVocabulary()) {
      if (entry.term === word) continue;
      let distance = Math.abs(entry.term.length - word.length) > max ? max + 1 : editDistance(word, entry.term, max);
      if (distance > max && isLast && entry.term.length > word.length) distance = editDistance(word, entry.term.slice(0, word.length), max);
      if (distance <= max) candidates.push({ term: entry.term, distance, docs: entry.docs });
    }
    candidates.sort((a, b) => a.distance - b.distance || b.docs - a.docs);
    return candidates.slice(0, 4).map((c) => c.term);
  }

  function filters(query: SearchQuery, withType: boolean) {
    const parts = [];
    if (withType && query.type) parts.push(sql`d.type = ${query.type}`);
    for (const tag of query.tags ?? []) parts.push(sql`exists (select 1 from json_each(d.tags) where json_each.value = ${tag})`);
    return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
  }

  async function run(match: string, query: SearchQuery, exactTitle: string, titleWords: string[]) {
    const limit = Math.min(Math.max(query.limit ?? 10, 1), MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const counts = await sql<{ type: SearchDocType; n: number }>`
      select d.type as type, count(*) as n from search_fts join search_documents d on d.seq = search_fts.rowid
      where search_fts match ${match}${filters(query, false)} group by d.type`.execute(db);
    const typeCounts = Object.fromEntries(searchDocTypes.map((t) => [t, 0])) as Record<SearchDocType, number>;
    for (const row of counts.rows) typeCounts[row.type] = Number(row.n);
    const total = query.type ? typeCounts[query.type] : Object.values(typeCounts).reduce((a, b) => a + b, 0);
    if (total === 0) return { rows: [], total, typeCounts };
    // bm25 picks the candidates; then, as Meilisearch's "attribute" and
    // "exactness" rules do, a title holding every query word goes first.
    const candidates = await sql<{ seq: number; title: string }>`
      select d.seq as seq, d.title as title from search_fts join search_documents d on d.seq = search_fts.rowid
      where search_fts match ${match}${filters(query, true)}
      order by ${BM25}, d.popularity desc
      limit ${Math.max(RERANK_WINDOW, offset + limit)}`.execute(db);
    const titleRank = (title: string) => {
      const folded = foldDiacritics(title.toLowerCase());
      if (folded === exactTitle) return 0;
      return titleWords.every((w) => folded.includes(w)) ? 1 : 2;
    };
    const seqs = candidates.rows
      .map((row, position) => ({ seq: row.seq, rank: titleRank(row.title), position }))
      .sort((a, b) => a.rank - b.rank || a.position - b.position)
      .slice(offset, offset + limit)
      .map((r) => r.seq);
    const docs = seqs.length ? await db.selectFrom('search_documents').selectAll().where('seq', 'in', seqs).execute() : [];
    const bySeq = new Map(docs.map((d) => [d.seq, d]));
    return { rows: seqs.map((s) => bySeq.get(s)!).filter(Boolean), total, typeCounts };
  }

  return {
    name: 'embedded',

    setup: () => ready(),

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
          await sql`insert into search_fts (rowid, title, tags, body) values (${seq}, ${toIndexText(doc.title)}, ${doc.tags.join(' ')}, ${toIndexText(doc.text)})`.execute(
            trx,
          );
        }
      });
      vocabulary = undefined;
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await ready();
      await db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('search_documents').select('seq').where('id', 'in', ids).execute();
        for (const { seq } of rows) await sql`delete from search_fts where rowid = ${seq}`.execute(trx);
        await trx.deleteFrom('search_documents').where('id', 'in', ids).execute();
      });
      vocabulary = undefined;
    },

    async clear() {
      await ready();
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_fts`.execute(trx);
        await trx.deleteFrom('search_documents').execute();
      });
      vocabulary = undefined;
    },

    async search(query): Promise<SearchResult> {
      const terms = queryTerms(query.q);
      const empty = { hits: [], total: 0, typeCounts: { article: 0, question: 0, known_issue: 0 }, typoFallback: false };
      if (terms.length === 0) return empty;
      await ready();
      const exactTitle = foldDiacritics(normalizeQuery(query.q));
      const titleWords = terms.map((t) => foldDiacritics(t.text));
      let clauses = terms.map((term, i) => clauseFor(term, i === terms.length - 1));
      let result = await run(clauses.map((c) => c.match).join(' AND '), query, exactTitle, titleWords);
      let typoFallback = false;
      if (Object.values(result.typeCounts).every((n) => n === 0)) {
        // Nothing matched exactly: allow typos in words long enough to have them.
        const fixes = await Promise.all(
          terms.map((term, i) => (term.cjk ? Promise.resolve([]) : corrections(foldDiacritics(term.text), i === terms.length - 1))),
        );
        if (fixes.some((f) => f.length > 0)) {
          clauses = terms.map((term, i) => clauseFor(term, i === terms.length - 1, fixes[i]));
          result = await run(clauses.map((c) => c.match).join(' AND '), query, exactTitle, titleWords);
          typoFallback = true;
        }
      }
      const words = clauses.flatMap((c) => c.words);
      const hits: SearchHit[] = result.rows.map((row) => ({
        id: row.id,
        type: row.type as SearchDocType,
        title: row.title,
        url: row.url,
        titleHtml: highlight(row.title, words),
        snippet: snippet(row.text, words),
        tags: JSON.parse(row.tags) as string[],
        category: row.category,
        status: row.status,
      }));
      return { hits, total: result.total, typeCounts: result.typeCounts, typoFallback };
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
