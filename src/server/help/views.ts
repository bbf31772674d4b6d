// Owns `help_article_views`: how often each help article was read, per UTC day.
// Daily rows keep "popular this month" and the monthly report cheap to compute.
import { sql } from 'kysely';
import type { DB } from '@db/connection';

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function recordArticleView(db: DB, slug: string, now = Date.now(), count = 1): Promise<void> {
  await db
    .insertInto('help_article_views')
    .values({ article_slug: slug, day: utcDay(now), views: count })
    .onConflict((oc) => oc.columns(['article_slug', 'day']).doUpdateSet({ views: sql`help_article_views.views + ${count}` }))
    .execute();
}

export interface ArticleViews {
  slug: string;
  views: number;
}

/** Most-read articles over the last `days` days, most views first. */
export async function mostViewedArticles(db: DB, options: { days: number; limit: number; now?: number }): Promise<ArticleViews[]> {
  const since = utcDay((options.now ?? Date.now()) - options.days * 24 * 60 * 60_000);
  const rows = await db
    .selectFrom('help_article_views')
    .select(['article_slug', (eb) => eb.fn.sum<number>('views').as('views')])
    .where('day', '>=', since)
    .groupBy('article_slug')
    .orderBy('views', 'desc')
    .orderBy('article_slug')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ slug: r.article_slug, views: Number(r.views) }));
}

/** Views per article over the last `days` days, for sorting lists. */
export async function viewsByArticle(db: DB, options: { days: number; now?: number }): Promise<Map<string, number>> {
  const rows = await mostViewedArticles(db, { ...options, limit: 100_000 });
  return new Map(rows.map((r) => [r.slug, r.views]));
}
