// Search: the outbox of pending index changes and the ledger of what is in the
// index (engine-independent), and the search analytics log. The embedded
// engine's own tables (search_documents, FTS5) are created by its setup().
import { type Kysely, sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_index_changes')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('upsert', 'remove')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_index_changes_due').on('search_index_changes').columns(['next_attempt_at', 'id']).execute();

  await db.schema
    .createTable('search_index_entries')
    .addColumn('doc_id', 'text', (c) => c.primaryKey())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('indexed_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_queries')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('query', 'text', (c) => c.notNull()) // normalized
    .addColumn('type_filter', 'text')
    .addColumn('result_count', 'integer', (c) => c.notNull())
    .addColumn('visitor_key', 'text')
    .addColumn('clicked_url', 'text')
    .addColumn('clicked_at', 'bigint')
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_queries_created').on('search_queries').column('created_at').execute();
  await db.schema.createIndex('search_queries_visitor').on('search_queries').columns(['visitor_key', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_queries').execute();
  // Databases migrated before the embedded engine created its own tables got them from here.
  await sql`drop table if exists search_fts_vocab`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_documents').ifExists().execute();
  for (const table of ['search_index_entries', 'search_index_changes']) await db.schema.dropTable(table).execute();
}
