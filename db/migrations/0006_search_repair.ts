// Search repair: posts keep their plain text beside their HTML (rendered once,
// at write time, for the index), and pending index changes can be claimed by a
// worker (`locked_until`) and parked after too many failures (`status`).
// Existing posts get their text from the app at start (backfillPostText): a
// migration never imports app code such as the Markdown renderer.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('questions').addColumn('body_text', 'text').execute();
  await db.schema.alterTable('answers').addColumn('body_text', 'text').execute();

  await db.schema
    .alterTable('search_index_changes')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'failed')`),
    )
    .execute();
  await db.schema.alterTable('search_index_changes').addColumn('locked_until', 'bigint').execute();
  // The due query is `status = 'pending' and next_attempt_at <= now order by next_attempt_at, id`.
  await db.schema.dropIndex('search_index_changes_due').execute();
  await db.schema.createIndex('search_index_changes_due').on('search_index_changes').columns(['status', 'next_attempt_at', 'id']).execute();
  // Claiming skips documents another worker holds; applying clears a document's older changes.
  await db.schema.createIndex('search_index_changes_doc').on('search_index_changes').columns(['doc_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_index_changes_doc').execute();
  await db.schema.dropIndex('search_index_changes_due').execute();
  await db.schema.createIndex('search_index_changes_due').on('search_index_changes').columns(['next_attempt_at', 'id']).execute();
  await db.schema.alterTable('search_index_changes').dropColumn('locked_until').execute();
  await db.schema.alterTable('search_index_changes').dropColumn('status').execute();
  await db.schema.alterTable('answers').dropColumn('body_text').execute();
  await db.schema.alterTable('questions').dropColumn('body_text').execute();
}
