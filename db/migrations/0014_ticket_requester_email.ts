// A member sees the requests sent from their proven address before they had an
// account: looked up by the requester's address.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tickets_requester_email').on('tickets').columns(['requester_email', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_requester_email').execute();
}
