// Deflection on the contact form (issue 11 item 3): each suggestion a visitor
// opened while writing a request is a row, keyed by the form's random visit
// id; sending the form stamps that visit's rows with the ticket. A visit whose
// rows never get a ticket was deflected. Also an index for the expected reply
// time, which reads the last 30 days of tickets' first responses.
import type { Kysely } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_deflections')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('visit_id', 'text', (c) => c.notNull())
    // The visitor (member id or anonymous cookie, as help feedback keys them), when known.
    .addColumn('visitor_key', 'text')
    // The local path opened, e.g. /help/calendar-sync/fix-calendar-sync-errors.
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    // Opening the same suggestion again in one visit is one attempt.
    .addUniqueConstraint('contact_deflections_visit_url', ['visit_id', 'url'])
    .execute();
  await db.schema.createIndex('contact_deflections_created').on('contact_deflections').column('created_at').execute();
  await db.schema
    .createIndex('tickets_created_first_response')
    .on('tickets')
    .columns(['created_at', 'urgency', 'first_response_minutes', 'first_response_support_minutes'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_created_first_response').execute();
  await db.schema.dropTable('contact_deflections').execute();
}
