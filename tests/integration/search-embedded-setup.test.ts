// The embedded engine owns its SQLite-only tables: the shared migrations do not
// create them, its setup() does (idempotently), with the SQL the old migration used.
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSqlite, createDb, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { createEmbeddedEngine } from '@search/engines/embedded';

let db: DB | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

const ENGINE_TABLES = {
  search_documents:
    'CREATE TABLE "search_documents" ("seq" integer primary key autoincrement, "id" text not null unique, "type" text not null, "title" text not null, "text" text not null, "url" text not null, "tags" text not null, "category" text not null, "status" text not null, "popularity" real not null, "updated_at" bigint not null, severity text not null default \'\')',
  search_embedded_meta: 'CREATE TABLE search_embedded_meta (key text primary key, value text not null)',
  ...Object.fromEntries(
    ['article', 'question', 'known_issue'].flatMap((type) => [
      [
        `search_fts_${type}`,
        `CREATE VIRTUAL TABLE "search_fts_${type}" using fts5(title_terms, tags_terms, body_terms, words, tokenize = 'unicode61 remove_diacritics 2')`,
      ],
      [`search_fts_${type}_words`, `CREATE VIRTUAL TABLE "search_fts_${type}_words" using fts5vocab(search_fts_${type}, 'col')`],
    ]),
  ),
};
const TABLE_NAMES = [...Object.keys(ENGINE_TABLES), 'search_fts', 'search_fts_vocab', 'search_fts_words'];

function engineTables(sqlite: SQLite.Database): Record<string, string> {
  const rows = sqlite
    .prepare(`select name, sql from sqlite_master where name in (${TABLE_NAMES.map(() => '?').join(', ')}) order by name`)
    .all(...TABLE_NAMES) as Array<{ name: string; sql: string }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

describe('embedded engine setup', () => {
  it('creates its own tables after the migrations, idempotently', async () => {
    const sqlite = new SQLite(':memory:');
    configureSqlite(sqlite);
    db = createDb(sqlite);
    await migrateToLatest(db);
    expect(engineTables(sqlite)).toEqual({});

    const engine = createEmbeddedEngine(db);
    await engine.setup();
    await engine.setup();
    expect(engineTables(sqlite)).toEqual(ENGINE_TABLES);
    await engine.upsert([
      {
        id: 'article-x',
        type: 'article',
        title: 'Offline mode',
        text: 'Notes stay on the phone.',
        url: '/help/x',
        tags: [],
        category: '',
        status: 'published',
        popularity: 0,
        updated: 0,
      },
    ]);
    expect((await engine.search({ q: 'offline' })).hits.map((h) => h.id)).toEqual(['article-x']);
  });

  it('creates its tables on first use when nothing ran setup() (e.g. `astro dev` after db:migrate)', async () => {
    const sqlite = new SQLite(':memory:');
    configureSqlite(sqlite);
    db = createDb(sqlite);
    await migrateToLatest(db);
    const engine = createEmbeddedEngine(db);
    expect(await engine.search({ q: 'offline' })).toMatchObject({ hits: [], total: 0 });
    expect(await engine.isHealthy()).toBe(true);
    expect(Object.keys(engineTables(sqlite)).sort()).toEqual(Object.keys(ENGINE_TABLES).sort());
  });

  it('rebuilds an index made by an older analysis from the documents it stores', async () => {
    const sqlite = new SQLite(':memory:');
    configureSqlite(sqlite);
    db = createDb(sqlite);
    await migrateToLatest(db);
    // The tables as the engine made them before the shared analysis (no stems, no version).
    sqlite.exec(`${ENGINE_TABLES.search_documents};
      CREATE VIRTUAL TABLE search_fts using fts5(title, tags, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
      CREATE VIRTUAL TABLE search_fts_vocab using fts5vocab(search_fts, 'row');
      INSERT INTO search_documents (id, type, title, text, url, tags, category, status, popularity, updated_at)
        VALUES ('article-sync', 'article', 'Fix calendar sync errors', 'When a calendar stopped syncing, reconnect it.', '/help/sync', '[]', '', 'published', 0, 0);
      INSERT INTO search_fts (rowid, title, tags, body) VALUES (1, 'Fix calendar sync errors', '', 'When a calendar stopped syncing, reconnect it.');`);
    const engine = createEmbeddedEngine(db);
    await engine.setup();
    expect(engineTables(sqlite)).toEqual(ENGINE_TABLES);
    // Stemmed now: "synced" finds "sync" and "syncing".
    expect((await engine.search({ q: 'calendar synced' })).hits.map((h) => h.id)).toEqual(['article-sync']);
    expect(await engine.count()).toBe(1);
  });
});
