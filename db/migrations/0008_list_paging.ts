// Community lists that cost the same on page 1 and deep down, whatever the
// table size: question_tags carries a copy of each question's list columns, so
// tag pages are read from question_tags in index order; question_counts holds
// the totals the lists show. SQLite triggers keep both in step with
// `questions` in the writing transaction, whichever module writes (a
// PostgreSQL port needs the same triggers in PL/pgSQL).
import { type Kysely, sql } from 'kysely';

// Whether a question row counts as a visible question, and as an unanswered one (the "unanswered" tab's filter).
const visible = (row: string) => `case when ${row}.visibility = 'visible' then 1 else 0 end`;
const unanswered = (row: string) => `case when ${row}.visibility = 'visible' and ${row}.answer_count = 0 and ${row}.status = 'open' then 1 else 0 end`;

const copied = ['visibility', 'status', 'score', 'answer_count', 'last_activity_at', 'asked_at'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('question_tags').addColumn('visibility', 'text', (c) => c.notNull().defaultTo('visible')).execute();
  await db.schema.alterTable('question_tags').addColumn('status', 'text', (c) => c.notNull().defaultTo('open')).execute();
  await db.schema.alterTable('question_tags').addColumn('score', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('question_tags').addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('question_tags').addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // The question's created_at (question_tags.created_at is when the tag was set, which an edit renews).
  await db.schema.alterTable('question_tags').addColumn('asked_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
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
  await db.schema.createIndex('question_tags_unanswered').on('question_tags').columns(['tag', 'visibility', 'answer_count', 'asked_at', 'question_id']).execute();

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
  await sql.raw(`insert into question_counts (scope, questions, unanswered) select '*', coalesce(sum(${visible('q')}), 0), coalesce(sum(${unanswered('q')}), 0) from questions q`).execute(db);
  await sql.raw(`insert into question_counts (scope, questions, unanswered) select t.tag, sum(${visible('t')}), sum(${unanswered('t')}) from question_tags t group by t.tag`).execute(db);

  const triggers = [
    // A new tag row copies its question's columns and counts in its tag.
    `create trigger question_tags_added after insert on question_tags begin
       update question_tags set (${copied.join(', ')}) =
         (select q.visibility, q.status, q.score, q.answer_count, q.last_activity_at, q.created_at from questions q where q.id = new.question_id)
       where question_id = new.question_id and tag = new.tag;
       insert into question_counts (scope, questions, unanswered)
         select new.tag, ${visible('q')}, ${unanswered('q')} from questions q where q.id = new.question_id
         on conflict (scope) do update set questions = questions + excluded.questions, unanswered = unanswered + excluded.unanswered;
     end`,
    `create trigger question_tags_removed after delete on question_tags begin
       update question_counts set questions = questions - ${visible('old')}, unanswered = unanswered - ${unanswered('old')} where scope = old.tag;
     end`,
    `create trigger questions_added after insert on questions begin
       insert into question_counts (scope, questions, unanswered) values ('*', ${visible('new')}, ${unanswered('new')})
         on conflict (scope) do update set questions = questions + excluded.questions, unanswered = unanswered + excluded.unanswered;
     end`,
    `create trigger questions_list_columns after update of visibility, status, score, answer_count, last_activity_at, created_at on questions begin
       update question_tags set visibility = new.visibility, status = new.status, score = new.score, answer_count = new.answer_count,
         last_activity_at = new.last_activity_at, asked_at = new.created_at
       where question_id = new.id;
     end`,
    `create trigger questions_recounted after update of visibility, status, answer_count on questions
       when ${visible('old')} <> ${visible('new')} or ${unanswered('old')} <> ${unanswered('new')} begin
       update question_counts set questions = questions + ${visible('new')} - ${visible('old')}, unanswered = unanswered + ${unanswered('new')} - ${unanswered('old')}
       where scope = '*' or scope in (select tag from question_tags where question_id = new.id);
     end`,
    `create trigger questions_removed after delete on questions begin
       update question_counts set questions = questions - ${visible('old')}, unanswered = unanswered - ${unanswered('old')} where scope = '*';
     end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['question_tags_added', 'question_tags_removed', 'questions_added', 'questions_list_columns', 'questions_recounted', 'questions_removed']) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
  await db.schema.dropIndex('question_counts_popular').execute();
  await db.schema.dropTable('question_counts').execute();
  await db.schema.dropIndex('notifications_user_newest').execute();
  for (const index of ['question_tags_newest', 'question_tags_active', 'question_tags_votes', 'question_tags_unanswered']) await db.schema.dropIndex(index).execute();
  for (const column of copied) await db.schema.alterTable('question_tags').dropColumn(column).execute();
  await db.schema.createIndex('question_tags_tag').on('question_tags').columns(['tag', 'created_at', 'question_id']).execute();
}
