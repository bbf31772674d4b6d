// "How did we do?" links (issue 11): each satisfaction request carries a random
// token that lets whoever holds the email rate one public staff reply, without
// signing in. Only the token's SHA-256 is stored, as for sessions and ticket
// access keys; the token grants rating that reply and nothing else.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_rating_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    // The public staff reply the token rates.
    .addColumn('message_id', 'integer', (c) => c.notNull().references('ticket_messages.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_rating_tokens_message').on('ticket_rating_tokens').column('message_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_rating_tokens').execute();
}
