// Comments are flagged and moderated like questions and answers: the flags
// table's post_type also takes 'comment', and a comment remembers why it was
// hidden. PostgreSQL swaps the check constraint in place; SQLite cannot alter
// a constraint, so there the flags table is rebuilt with the same columns,
// keys and indexes.
import { type Kysely, sql } from 'kysely';
import { dialectOf, idColumn } from '../dialect';

async function allowFlagsOn(db: Kysely<any>, postTypes: string[]): Promise<void> {
  const allowed = sql.join(postTypes.map((t) => sql.lit(t)));
  if (dialectOf(db) === 'postgres') {
    if (!postTypes.includes('comment')) await db.deleteFrom('flags').where('post_type', 'not in', postTypes).execute();
    await sql`alter table flags drop constraint if exists flags_post_type_check`.execute(db);
    await sql`alter table flags add constraint flags_post_type_check check (post_type in (${allowed}))`.execute(db);
    return;
  }
  await db.schema
    .createTable('flags_rebuilt')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_type', 'text', (c) => c.notNull().check(sql`post_type in (${allowed})`))
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('flagger_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('spam', 'rude', 'off-topic', 'needs-staff')`))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'resolved', 'dismissed')`),
    )
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('flags_one_per_user_rebuilt', ['flagger_id', 'post_type', 'post_id'])
    .execute();
  const columns = ['id', 'post_type', 'post_id', 'flagger_id', 'reason', 'note', 'status', 'resolved_by', 'resolved_at', 'created_at'];
  await db
    .insertInto('flags_rebuilt')
    .columns(columns)
    .expression(db.selectFrom('flags').select(columns).where('post_type', 'in', postTypes))
    .execute();
  await db.schema.dropTable('flags').execute();
  await db.schema.alterTable('flags_rebuilt').renameTo('flags').execute();
  await db.schema.createIndex('flags_open').on('flags').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('flags_post').on('flags').columns(['post_type', 'post_id']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('hidden_reason', 'text').execute();
  await allowFlagsOn(db, ['question', 'answer', 'comment']);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Flags on comments have nowhere to go in the old table.
  await allowFlagsOn(db, ['question', 'answer']);
  await db.schema.alterTable('comments').dropColumn('hidden_reason').execute();
}
