// A ticket is a conversation: the requester's description (on the ticket row)
// first, then messages — public replies from staff or the requester, and
// internal notes only staff see. Every change of a ticket is an event (who,
// when, from, to). Tickets remember when they were solved (solved tickets close
// after 7 days), their first public staff reply, how often they were reopened,
// and the closed ticket a follow-up continues.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_role', 'text', (c) => c.notNull().check(sql`author_role in ('requester', 'staff')`))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'internal')`))
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_messages_ticket').on('ticket_messages').columns(['ticket_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'created_at', 'id']).execute();

  await db.schema.alterTable('tickets').addColumn('solved_at', 'bigint').execute();
  await db.schema.alterTable('tickets').addColumn('first_response_at', 'bigint').execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('follow_up_of', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('tickets_status_solved').on('tickets').columns(['status', 'solved_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_status_solved').execute();
  for (const column of ['follow_up_of', 'reopened_count', 'first_response_at', 'solved_at']) await db.schema.alterTable('tickets').dropColumn(column).execute();
  await db.schema.dropTable('ticket_events').execute();
  await db.schema.dropTable('ticket_messages').execute();
}
