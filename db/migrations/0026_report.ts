// The happiness report (issue 14). A published month is a frozen snapshot:
// the figures and the definitions they were computed with, as the exact JSON
// text served at /report/<YYYY-MM>.json, so later changes to tickets never
// change it; re-publishing is refused (the month is the key) and a correction
// is a dated note appended to the month. The weekly voice-of-the-customer
// digest keeps one row per week (Monday, UTC): the solved conversation picked
// for it, redacted when picked, which a staff member approves before it goes.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_months')
    // "2026-10": a UTC calendar month.
    .addColumn('month', 'text', (c) => c.primaryKey())
    // The frozen figures, as the JSON text the month's .json serves (byte for byte).
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('definitions_version', 'text', (c) => c.notNull())
    .addColumn('note_source', 'text', (c) => c.notNull())
    .addColumn('note_html', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_corrections')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('month', 'text', (c) => c.notNull().references('report_months.month').onDelete('cascade'))
    .addColumn('note_source', 'text', (c) => c.notNull())
    .addColumn('note_html', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_corrections_month').on('report_corrections').columns(['month', 'created_at']).execute();

  await db.schema
    .createTable('digest_weeks')
    // The Monday (UTC) the week starts: "2026-11-30".
    .addColumn('week', 'text', (c) => c.primaryKey())
    // The solved conversation picked for the week (null: none was solved that week).
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    // The conversation as it will be sent, already redacted (JSON), so staff approve exactly what goes out.
    .addColumn('conversation', 'text')
    .addColumn('picked_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('approved_at', 'bigint')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'sent')`),
    )
    .addColumn('sent_at', 'bigint')
    .execute();

  // The report's month figures read these by time (tickets by created_at and solved_at, help views by day and known issues by fix time already have theirs).
  await db.schema.createIndex('answers_created').on('answers').columns(['created_at', 'question_id']).execute();
  await db.schema.createIndex('known_issues_created').on('known_issues').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['known_issues_created', 'answers_created']) await db.schema.dropIndex(index).execute();
  await db.schema.dropTable('digest_weeks').execute();
  await db.schema.dropIndex('report_corrections_month').execute();
  await db.schema.dropTable('report_corrections').execute();
  await db.schema.dropTable('report_months').execute();
}
