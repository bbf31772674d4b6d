// Avatars (issue 12 item 3): a member's current avatar is an attachment with
// owner_kind 'avatar'; uploading a new one points here and retires the old one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('avatar_attachment_id', 'integer', (c) => c.references('attachments.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('avatar_attachment_id').execute();
}
