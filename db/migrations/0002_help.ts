// Help hub: daily view counts and "Was this helpful?" feedback per article.
// Articles themselves are files (content/help), keyed here by their slug.
import { type Kysely, sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('help_article_views')
    .addColumn('article_slug', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD, UTC
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('help_article_views_pk', ['article_slug', 'day'])
    .execute();
  await db.schema.createIndex('help_article_views_day').on('help_article_views').column('day').execute();

  await db.schema
    .createTable('help_feedback')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('article_slug', 'text', (c) => c.notNull())
    // A signed-in user's id ("u:42") or a random visitor cookie's hash ("v:…"): one vote each.
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('helpful', 'integer', (c) => c.notNull().check(sql`helpful in (0, 1)`))
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('help_feedback_one_vote', ['article_slug', 'voter_key'])
    .execute();
  await db.schema.createIndex('help_feedback_created').on('help_feedback').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('help_feedback').execute();
  await db.schema.dropTable('help_article_views').execute();
}
