// The email channel and attachments (issue 12). Attachments are stored in the
// database (so every server of a deployment sees them), with the type detected
// from their bytes, their SHA-256, size, sanitized name and, for images, a
// thumbnail made once at upload; they belong to a ticket message, a community
// post or an avatar. Inbound messages are kept raw (viewable by staff) with
// what became of them: appended, a new ticket, quarantined for review, or
// ignored (auto-replies, bounces, duplicates). Ticket messages remember their
// channel and the Message-ID of the email sent for them (replies are matched
// by In-Reply-To/References); the outbox carries headers and attachments.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { blobType, idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  const blob = blobType(db);
  await db.schema
    .createTable('inbound_emails')
    .addColumn('id', 'integer', idColumn(db))
    // The Message-ID, or the SHA-256 of the raw message when it has none: the same message is taken once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('raw', blob, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // SPF / DKIM / DMARC verdicts (JSON) and whether the sender counts as authenticated.
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('authenticated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('appended', 'created', 'quarantined', 'ignored', 'discarded')`))
    .addColumn('reason', 'text')
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'bigint')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbound_emails_status').on('inbound_emails').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('inbound_emails_ticket').on('inbound_emails').column('ticket_id').execute();

  await db.schema
    .alterTable('ticket_messages')
    .addColumn('channel', 'text', (c) =>
      c
        .notNull()
        .defaultTo('web')
        .check(sql`channel in ('web', 'email')`),
    )
    .execute();
  await db.schema
    .alterTable('ticket_messages')
    .addColumn('inbound_email_id', 'integer', (c) => c.references('inbound_emails.id').onDelete('set null'))
    .execute();
  // The Message-ID of the email sent for this message (staff replies), for matching In-Reply-To / References.
  await db.schema.alterTable('ticket_messages').addColumn('email_message_id', 'text').execute();
  await db.schema.createIndex('ticket_messages_email_message_id').on('ticket_messages').column('email_message_id').execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('unverified_sender', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Extra headers (JSON: messageId, inReplyTo, references, replyTo) and attachment ids (JSON) of an outgoing email.
  await db.schema.alterTable('email_outbox').addColumn('headers', 'text').execute();
  await db.schema.alterTable('email_outbox').addColumn('attachment_ids', 'text').execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('ticket', 'post', 'avatar')`))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('ticket_message_id', 'integer', (c) => c.references('ticket_messages.id').onDelete('set null'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // Detected from the bytes, never from the client or the name.
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('data', blob)
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('thumbnail', blob)
    .addColumn('thumbnail_type', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Deleted by staff or by retention: the row stays (the conversation says a file was removed), the bytes go.
    .addColumn('deleted_at', 'bigint')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('attachments_ticket').on('attachments').columns(['ticket_id', 'ticket_message_id']).execute();
  await db.schema.createIndex('attachments_uploader').on('attachments').columns(['uploaded_by', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachments').execute();
  await db.schema.alterTable('email_outbox').dropColumn('attachment_ids').execute();
  await db.schema.alterTable('email_outbox').dropColumn('headers').execute();
  await db.schema.alterTable('tickets').dropColumn('unverified_sender').execute();
  await db.schema.dropIndex('ticket_messages_email_message_id').execute();
  for (const column of ['email_message_id', 'inbound_email_id', 'channel']) await db.schema.alterTable('ticket_messages').dropColumn(column).execute();
  await db.schema.dropTable('inbound_emails').execute();
}
