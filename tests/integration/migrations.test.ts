import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { DummyDriver, Kysely, Migrator, NO_MIGRATIONS, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSqlite, createDb, type DB } from '@db/connection';
import { dialectOf } from '@db/dialect';
import { migrateToLatest } from '@db/migrate';
import { migrationProvider, migrations } from '@db/migrations/index';
import { createEmbeddedEngine } from '@search/engines/embedded';

let db: DB | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

function columnsOf(sqlite: SQLite.Database, table: string): string[] {
  return (sqlite.prepare(`pragma table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

function schemaOf(sqlite: SQLite.Database): SchemaObject[] {
  return sqlite.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all() as SchemaObject[];
}

function freshDb(): { db: DB; sqlite: SQLite.Database } {
  const sqlite = new SQLite(':memory:');
  configureSqlite(sqlite);
  return { db: createDb(sqlite), sqlite };
}

/** A Kysely that compiles for PostgreSQL and records the SQL instead of running it. */
function postgresRecorder(): { db: Kysely<any>; statements: string[] } {
  const statements: string[] = [];
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') statements.push(event.query.sql);
    },
  });
  return { db, statements };
}

describe('migrations', () => {
  it('migrate an empty database to the expected schema, and a second run does nothing', async () => {
    const fresh = freshDb();
    const sqlite = fresh.sqlite;
    db = fresh.db;

    const first = await migrateToLatest(db);
    expect(first.applied).toEqual(Object.keys(migrations));

    const tables = (
      sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'").all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'sessions',
        'password_reset_tokens',
        'email_outbox',
        'rate_limit_events',
        'help_article_views',
        'help_feedback',
        'search_index_changes',
        'search_index_entries',
        'search_queries',
        'tickets',
        'questions',
        'question_tags',
        'answers',
        'comments',
        'votes',
        'reputation_events',
        'post_revisions',
        'flags',
        'user_badges',
        'notifications',
        'known_issues',
        'known_issue_updates',
        'known_issue_followers',
        'email_preferences',
      ]),
    );
    expect(columnsOf(sqlite, 'users')).toEqual([
      'id',
      'email',
      'display_name',
      'password_hash',
      'role',
      'created_at',
      'password_changed_at',
      'reputation',
      'suspended_until',
      'suspension_reason',
      'email_verified_at',
      'avatar_attachment_id',
      'last_seen_at',
      'visit_started_at',
      'previous_seen_at',
    ]);
    expect(columnsOf(sqlite, 'account_tokens')).toEqual(['id', 'user_id', 'purpose', 'expires_at', 'created_at']);
    expect(columnsOf(sqlite, 'sessions')).toEqual(['id', 'user_id', 'expires_at', 'created_at']);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);

    const second = await migrateToLatest(db);
    expect(second.applied).toEqual([]);
  });

  it('produce exactly the SQLite schema of the migrations as they were before they became dialect-aware', async () => {
    const fresh = freshDb();
    db = fresh.db;
    const upTo0005 = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005_community');
    expect(upTo0005.error).toBeUndefined();
    await createEmbeddedEngine(db).setup();
    // The embedded search engine's own tables are its business (search-embedded-setup.test.ts): it rebuilds them when its analysis changes.
    const engineOwned = (o: SchemaObject) => /^search_(fts|documents|embedded_meta)/.test(o.name) || /^search_(fts|documents|embedded_meta)/.test(o.tbl_name);
    const snapshot = JSON.parse(readFileSync(new URL('../fixtures/sqlite-schema-0005.json', import.meta.url), 'utf8')) as SchemaObject[];
    expect(schemaOf(fresh.sqlite).filter((o) => !engineOwned(o))).toEqual(snapshot.filter((o) => !engineOwned(o)));
    expect(schemaOf(fresh.sqlite).some(engineOwned)).toBe(true);
  });

  it('roll back all the way through the Migrator and apply again to the same schema', async () => {
    const fresh = freshDb();
    db = fresh.db;
    await migrateToLatest(db);
    const before = schemaOf(fresh.sqlite);

    const migrator = new Migrator({ db, provider: migrationProvider });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
      Object.keys(migrations)
        .reverse()
        .map((name) => [name, 'Down', 'Success']),
    );
    const left = schemaOf(fresh.sqlite).filter((o) => !o.name.startsWith('kysely_') && !o.tbl_name.startsWith('kysely_') && o.name !== 'sqlite_sequence');
    expect(left).toEqual([]);

    const again = await migrateToLatest(db);
    expect(again.applied).toEqual(Object.keys(migrations));
    expect(schemaOf(fresh.sqlite)).toEqual(before);
  });

  it('compile for PostgreSQL with identity id columns instead of SQLite autoincrement', async () => {
    const { db: pg, statements } = postgresRecorder();
    expect(dialectOf(pg)).toBe('postgres');
    for (const migration of Object.values(migrations)) await migration.up(pg);
    const creates = statements.filter((s) => /^create table/.test(s));
    // The embedded search engine's tables are SQLite only and move to its own setup.
    const portable = creates.filter((s) => !/^create table "search_documents"/.test(s));
    expect(portable.length).toBeGreaterThanOrEqual(20);
    for (const statement of portable) expect(statement).not.toMatch(/auto_?increment/);
    const users = portable.find((s) => s.startsWith('create table "users"'))!;
    expect(users).toContain('"id" integer generated by default as identity primary key');
    await pg.destroy();
  });

  it('uses WAL on a database file', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const sqlite = new SQLite(join(mkdtempSync(join(tmpdir(), 'hearth-wal-')), 'x.db'));
    configureSqlite(sqlite);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    sqlite.close();
  });
});
