// Admins invite staff by email (issue 11, administration): a one-time link
// whose token is stored only as its SHA-256, valid for 7 days. Accepting it
// creates the account (the link proves the address) or raises the role of the
// account that already uses the address. Used and revoked invitations stay as
// a record of who invited whom.
import { type Kysely, sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_invitations')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('staff', 'admin')`))
    .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('staff_invitations_email').on('staff_invitations').columns(['email', 'accepted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('staff_invitations_email').execute();
  await db.schema.dropTable('staff_invitations').execute();
}
