// Community Q&A: questions, answers, comments, votes, the reputation ledger,
// revisions, flags, badges and notifications; suspension fields on users.
import { type Kysely, sql } from 'kysely';
import { idColumn } from '../dialect';

const postType = (c: any) => c.notNull().check(sql`post_type in ('question', 'answer')`);
const visibility = (c: any) =>
  c
    .notNull()
    .defaultTo('visible')
    .check(sql`visibility in ('visible', 'hidden', 'deleted')`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('reputation', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('users').addColumn('suspended_until', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('suspension_reason', 'text').execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull()) // JSON array, for display; question_tags for lookups
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'closed')`),
    )
    .addColumn('close_reason', 'text', (c) => c.check(sql`close_reason in ('duplicate', 'off-topic')`))
    .addColumn('duplicate_of_id', 'integer', (c) => c.references('questions.id'))
    .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('closed_at', 'bigint')
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visibility', 'text', visibility)
    .addColumn('hidden_reason', 'text')
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_answer_id', 'integer')
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One index per list tab, so deep pages stay fast.
  await db.schema.createIndex('questions_newest').on('questions').columns(['visibility', 'created_at', 'id']).execute();
  await db.schema.createIndex('questions_active').on('questions').columns(['visibility', 'last_activity_at', 'id']).execute();
  await db.schema.createIndex('questions_votes').on('questions').columns(['visibility', 'score', 'id']).execute();
  await db.schema.createIndex('questions_unanswered').on('questions').columns(['visibility', 'answer_count', 'created_at', 'id']).execute();
  await db.schema.createIndex('questions_author').on('questions').columns(['author_id', 'created_at']).execute();

  await db.schema
    .createTable('question_tags')
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_tags_pk', ['question_id', 'tag'])
    .execute();
  await db.schema.createIndex('question_tags_tag').on('question_tags').columns(['tag', 'created_at', 'question_id']).execute();

  await db.schema
    .createTable('answers')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_by', 'integer', (c) => c.references('users.id'))
    .addColumn('verified_at', 'bigint')
    .addColumn('visibility', 'text', visibility)
    .addColumn('hidden_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('answers_question').on('answers').columns(['question_id', 'visibility']).execute();
  await db.schema.createIndex('answers_author').on('answers').columns(['author_id', 'created_at']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_type', 'text', postType)
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', visibility)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_post').on('comments').columns(['post_type', 'post_id', 'created_at']).execute();

  await db.schema
    .createTable('votes')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('post_type', 'text', postType)
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull().check(sql`value in (-1, 1)`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('votes_one_per_post', ['user_id', 'post_type', 'post_id'])
    .execute();
  await db.schema.createIndex('votes_post').on('votes').columns(['post_type', 'post_id']).execute();

  await db.schema
    .createTable('reputation_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    // The change actually applied (after the daily cap and the floor of 1) and the rule's nominal change.
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('rule_delta', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('post_type', 'text')
    .addColumn('post_id', 'integer')
    // What caused it ("vote:12", "accept:7"); an undo reverses every live event of its source.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reversed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reputation_events_user').on('reputation_events').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('reputation_events_source').on('reputation_events').column('source').execute();

  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_type', 'text', postType)
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('editor_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text')
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('tags', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_revisions_post').on('post_revisions').columns(['post_type', 'post_id', 'created_at']).execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('post_type', 'text', postType)
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
    .addUniqueConstraint('flags_one_per_user', ['flagger_id', 'post_type', 'post_id'])
    .execute();
  await db.schema.createIndex('flags_open').on('flags').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('flags_post').on('flags').columns(['post_type', 'post_id']).execute();

  await db.schema
    .createTable('user_badges')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('badge', 'text', (c) => c.notNull())
    .addColumn('post_type', 'text')
    .addColumn('post_id', 'integer')
    .addColumn('awarded_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('user_badges_once', ['user_id', 'badge'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('answer', 'comment', 'accepted')`))
    .addColumn('actor_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id'))
    .addColumn('answer_id', 'integer')
    .addColumn('comment_id', 'integer')
    .addColumn('read_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'user_badges',
    'flags',
    'post_revisions',
    'reputation_events',
    'votes',
    'comments',
    'answers',
    'question_tags',
    'questions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('users').dropColumn('suspension_reason').execute();
  await db.schema.alterTable('users').dropColumn('suspended_until').execute();
  await db.schema.alterTable('users').dropColumn('reputation').execute();
}
