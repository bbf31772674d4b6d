// Indexes for the happiness report's self-service, community and known-issues
// figures (src/server/report/metrics-content.ts): the answers posted in a
// month (community vs staff share) and the incidents opened in a month. The
// other figures read existing indexes (help_article_views_day,
// help_feedback_created, search_queries_created, questions_newest,
// contact_deflections_created, known_issues_fixed).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('answers_created').on('answers').columns(['created_at', 'visibility']).execute();
  await db.schema.createIndex('known_issues_created').on('known_issues').columns(['created_at', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('known_issues_created').execute();
  await db.schema.dropIndex('answers_created').execute();
}
