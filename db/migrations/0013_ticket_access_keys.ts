// Every email to a requester carries a private link of its own: more keys per
// ticket besides the one from the confirmation (tickets.access_key_hash). Only
// each key's SHA-256 is stored.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_access_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_access_keys_ticket').on('ticket_access_keys').column('ticket_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_access_keys').execute();
}
