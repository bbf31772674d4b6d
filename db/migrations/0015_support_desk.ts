// The support desk behind the contact form (issue 11). Tickets gain what staff
// work with (assignee, tier, team, tags), the SLA clock (the first response's
// due time, stored and recomputed on an urgency change, and its outcome), the
// metrics the report reads (first response in wall-clock and support-hours
// minutes, resolution, public staff replies, rating), a merge target, the text
// staff search, and a version that every change bumps (a reply form sent
// against an older version warns). Saved replies, ratings per public staff
// reply, and agent notifications (with per-kind settings) get tables of their
// own.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn } from '../dialect';

const ticketColumns: [string, 'integer' | 'bigint' | 'text', (c: any) => any][] = [
  ['assignee_id', 'integer', (c) => c.references('users.id').onDelete('set null')],
  [
    'tier',
    'integer',
    (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`tier in (1, 2, 3)`),
  ],
  ['team', 'text', (c) => c],
  ['first_response_due_at', 'bigint', (c) => c],
  ['sla_outcome', 'text', (c) => c.check(sql`sla_outcome in ('met', 'breached')`)],
  ['sla_late_minutes', 'integer', (c) => c],
  ['first_response_minutes', 'integer', (c) => c],
  ['first_response_support_minutes', 'integer', (c) => c],
  ['resolution_minutes', 'integer', (c) => c],
  ['staff_reply_count', 'integer', (c) => c.notNull().defaultTo(0)],
  ['merged_into', 'integer', (c) => c.references('tickets.id').onDelete('set null')],
  ['rating', 'text', (c) => c.check(sql`rating in ('great', 'okay', 'not_good')`)],
  ['rated_at', 'bigint', (c) => c],
  ['waiting_since', 'bigint', (c) => c],
  ['search_text', 'text', (c) => c.notNull().defaultTo('')],
  ['version', 'integer', (c) => c.notNull().defaultTo(0)],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type, build] of ticketColumns) await db.schema.alterTable('tickets').addColumn(name, type, build).execute();
  // Tickets written before this migration wait since they were created (or last answered).
  await sql`update tickets set waiting_since = created_at where status in ('new', 'open') and first_response_at is null`.execute(db);
  await db.schema.createIndex('tickets_assignee_status').on('tickets').columns(['assignee_id', 'status']).execute();
  await db.schema.createIndex('tickets_status_due').on('tickets').columns(['status', 'first_response_due_at']).execute();
  // A private link to a merged duplicate opens the ticket it was merged into.
  await db.schema.createIndex('tickets_merged_into').on('tickets').column('merged_into').execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  await db.schema
    .createTable('saved_replies')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ticket_ratings')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    // The public staff reply that was rated.
    .addColumn('message_id', 'integer', (c) => c.notNull().references('ticket_messages.id').onDelete('cascade'))
    .addColumn('rating', 'text', (c) => c.notNull().check(sql`rating in ('great', 'okay', 'not_good')`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('ticket_ratings_message', ['message_id'])
    .execute();
  await db.schema.createIndex('ticket_ratings_ticket').on('ticket_ratings').columns(['ticket_id', 'updated_at']).execute();

  await db.schema
    .createTable('staff_notifications')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('urgent_ticket', 'assigned', 'customer_reply')`))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('read_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_notifications_user').on('staff_notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('staff_notification_settings')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('urgent_ticket', 'assigned', 'customer_reply')`))
    .addColumn('in_site', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('by_email', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('staff_notification_settings_pk', ['user_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['staff_notification_settings', 'staff_notifications', 'ticket_ratings', 'saved_replies', 'ticket_tags'])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('tickets_merged_into').execute();
  await db.schema.dropIndex('tickets_status_due').execute();
  await db.schema.dropIndex('tickets_assignee_status').execute();
  for (const [name] of [...ticketColumns].reverse()) await db.schema.alterTable('tickets').dropColumn(name).execute();
}
