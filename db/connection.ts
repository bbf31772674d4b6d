// Opens the SQLite database through Kysely with the pragmas Hearth relies on:
// WAL for concurrent readers, foreign keys, and a busy timeout for writers.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type LogConfig } from 'kysely';
import type { Database } from './schema';

export type DB = Kysely<Database>;

export function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  configureSqlite(sqlite);
  return sqlite;
}

export function configureSqlite(sqlite: SQLite.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/**
 * Transactions start with BEGIN IMMEDIATE: they take the write lock up front
 * and wait for it (busy_timeout), instead of failing with SQLITE_BUSY when a
 * transaction that has read tries to write while another connection (the
 * worker, a second server) committed in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * Prepared statements are kept and reused (up to 500 distinct SQL texts):
 * Kysely prepares every statement anew, and preparing costs as much as running
 * a small query. Nothing here streams (iterate), so a statement is never busy.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      let statement = statements.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (statements.size >= 500) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: withStatementCache(this.sqlite) });
  }
}

/** `log` is Kysely's hook, called after every statement: query counts per request (HEARTH_QUERY_LOG), tests and diagnostics. */
export function createDb(sqlite: SQLite.Database, options: { log?: LogConfig } = {}): DB {
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite), ...(options.log ? { log: options.log } : {}) });
}

/** Opens (creating if needed) the database file at `path`. */
export function openDatabase(path: string, options: { log?: LogConfig } = {}): { db: DB; sqlite: SQLite.Database } {
  const sqlite = openSqlite(path);
  return { db: createDb(sqlite, options), sqlite };
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
export function withTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
