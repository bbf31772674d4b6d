// Support tickets created from the contact form. The public reference (FN-1042)
// is derived from the id, so it never needs storing.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('low', 'normal', 'high', 'urgent')`))
    .addColumn('emotion', 'text', (c) => c.check(sql`emotion in ('happy', 'confused', 'frustrated', 'angry', 'sad')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new', 'open', 'pending', 'solved', 'closed')`),
    )
    // What the customer already tried: searches and articles read (JSON).
    .addColumn('context', 'text', (c) => c.notNull())
    // SHA-256 of the private link's key, for requesters without an account.
    .addColumn('access_key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tickets_user').on('tickets').column('user_id').execute();
  await db.schema.createIndex('tickets_status_created').on('tickets').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tickets').execute();
}
