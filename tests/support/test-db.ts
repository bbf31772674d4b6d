// Fast test databases (the Epic Stack way): migrate one in-memory SQLite once,
// then give each test its own copy from the serialized bytes.
import SQLite from 'better-sqlite3';
import { configureSqlite, createDb, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { createEmbeddedTables } from '@search/engines/embedded';

let template: Buffer | undefined;

async function migratedTemplate(): Promise<Buffer> {
  if (!template) {
    const sqlite = new SQLite(':memory:');
    configureSqlite(sqlite);
    const db = createDb(sqlite);
    await migrateToLatest(db);
    // As the app runs on SQLite by default: with the embedded search engine's tables.
    await createEmbeddedTables(db);
    template = sqlite.serialize();
    await db.destroy();
  }
  return template;
}

export interface TestDb {
  db: DB;
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const sqlite = new SQLite(await migratedTemplate());
  configureSqlite(sqlite);
  const db = createDb(sqlite);
  return { db, sqlite, close: () => db.destroy() };
}
