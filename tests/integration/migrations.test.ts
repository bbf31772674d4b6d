import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSqlite, createDb, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { migrations } from '@db/migrations/index';

let db: DB | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

function columnsOf(sqlite: SQLite.Database, table: string): string[] {
  return (sqlite.prepare(`pragma table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

describe('migrations', () => {
  it('migrate an empty database to the expected schema, and a second run does nothing', async () => {
    const sqlite = new SQLite(':memory:');
    configureSqlite(sqlite);
    db = createDb(sqlite);

    const first = await migrateToLatest(db);
    expect(first.applied).toEqual(Object.keys(migrations));

    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'password_reset_tokens', 'email_outbox', 'rate_limit_events', 'help_article_views', 'help_feedback', 'search_index_changes', 'search_index_entries', 'search_queries', 'tickets', 'questions', 'question_tags', 'answers', 'comments', 'votes', 'reputation_events', 'post_revisions', 'flags', 'user_badges', 'notifications']));
    expect(columnsOf(sqlite, 'users')).toEqual(['id', 'email', 'display_name', 'password_hash', 'role', 'created_at', 'password_changed_at', 'reputation', 'suspended_until', 'suspension_reason']);
    expect(columnsOf(sqlite, 'sessions')).toEqual(['id', 'user_id', 'expires_at', 'created_at']);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);

    const second = await migrateToLatest(db);
    expect(second.applied).toEqual([]);
  });

  it('every migration can be rolled back (down) and applied again', async () => {
    const sqlite = new SQLite(':memory:');
    db = createDb(sqlite);
    await migrateToLatest(db);
    for (const name of Object.keys(migrations).reverse()) await migrations[name]!.down!(db);
    const left = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'").get() as { n: number };
    expect(left.n).toBe(0);
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
