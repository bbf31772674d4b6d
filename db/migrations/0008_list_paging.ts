// Community lists that cost the same on page 1 and deep down, whatever the
// table size: question_tags carries a copy of each question's list columns, so
// tag pages are read from question_tags in index order; question_counts holds
// the totals the lists show. This migration fills both once from the existing
// rows, in plain SQL that SQLite and PostgreSQL both run; from then on the
// writers in src/server/community/questions.ts (the tables' one owner) keep
// them in step, in the writing transaction. No triggers.
import { type Kysely, sql } from 'kysely';

// Whether a question row counts as a visible question, and as an unanswered one (the "unanswered" tab's filter).
const visible = (row: string) => `case when ${row}.visibility = 'visible' then 1 else 0 end`;
const unanswered = (row: string) => `case when ${row}.visibility = 'visible' and ${row}.answer_count = 0 and ${row}.status = 'open' then 1 else 0 end`;

const copied = ['visibility', 'status', 'score', 'answer_count', 'last_activity_at', 'asked_at'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('question_tags')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('visible'))
    .execute();
  await db.schema
    .alterTable('question_tags')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .execute();
  await db.schema
    .alterTable('question_tags')
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('question_tags')
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('question_tags')
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // The question's created_at (question_tags.created_at is when the tag was set).
  await db.schema
    .alterTable('question_tags')
    .addColumn('asked_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql
    .raw(
      `update question_tags set (${copied.join(', ')}) =
         (select q.visibility, q.status, q.score, q.answer_count, q.last_activity_at, q.created_at from questions q where q.id = question_tags.question_id)`,
    )
    .execute(db);
  // One index per tab, each ending in the tie-breaker the list sorts by.
  await db.schema.dropIndex('question_tags_tag').execute();
  await db.schema.createIndex('question_tags_newest').on('question_tags').columns(['tag', 'visibility', 'asked_at', 'question_id']).execute();
  await db.schema.createIndex('question_tags_active').on('question_tags').columns(['tag', 'visibility', 'last_activity_at', 'question_id']).execute();
  await db.schema.createIndex('question_tags_votes').on('question_tags').columns(['tag', 'visibility', 'score', 'question_id']).execute();
  await db.schema
    .createIndex('question_tags_unanswered')
    .on('question_tags')
    .columns(['tag', 'visibility', 'answer_count', 'asked_at', 'question_id'])
    .execute();

  // The notifications list sorts by time alone; notifications_user (user, read_at, …) stays for the unread count.
  await db.schema.createIndex('notifications_user_newest').on('notifications').columns(['user_id', 'created_at', 'id']).execute();

  // Totals per scope: '*' for every question, else a tag (tags never contain '*').
  await db.schema
    .createTable('question_counts')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('questions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unanswered', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The tags index page: most used first.
  await sql.raw('create index question_counts_popular on question_counts (questions desc, scope)').execute(db);
  await sql
    .raw(
      `insert into question_counts (scope, questions, unanswered) select '*', coalesce(sum(${visible('q')}), 0), coalesce(sum(${unanswered('q')}), 0) from questions q`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into question_counts (scope, questions, unanswered) select t.tag, sum(${visible('t')}), sum(${unanswered('t')}) from question_tags t group by t.tag`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('question_counts_popular').execute();
  await db.schema.dropTable('question_counts').execute();
  await db.schema.dropIndex('notifications_user_newest').execute();
  for (const index of ['question_tags_newest', 'question_tags_active', 'question_tags_votes', 'question_tags_unanswered'])
    await db.schema.dropIndex(index).execute();
  for (const column of copied) await db.schema.alterTable('question_tags').dropColumn(column).execute();
  await db.schema.createIndex('question_tags_tag').on('question_tags').columns(['tag', 'created_at', 'question_id']).execute();
}
