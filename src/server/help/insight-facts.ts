// What the staff insights (src/server/report/insights.ts) read from the help
// feedback: the articles readers found least helpful, with what they wrote
// after "No". A vote counts by when it was last cast (updated_at).
import type { DB } from '@db/connection';

export interface ArticleFeedbackFacts {
  slug: string;
  yes: number;
  no: number;
  /** no / (yes + no). */
  unhelpfulShare: number;
  /** The "No" comments, newest first (at most `commentsPerArticle`). */
  comments: { text: string; at: number }[];
}

/**
 * Articles with at least `minVotes` votes since `since`, the largest share of
 * "No" first (then the most "No" votes, then the slug), and their latest "No"
 * comments: two queries.
 */
export async function leastHelpfulArticles(
  db: DB,
  options: { since: number; minVotes: number; limit: number; commentsPerArticle: number },
): Promise<ArticleFeedbackFacts[]> {
  const rows = await db
    .selectFrom('help_feedback')
    .select((eb) => ['article_slug', eb.fn.sum<number>('helpful').as('yes'), eb.fn.countAll<number>().as('votes')])
    .where('updated_at', '>=', options.since)
    .groupBy('article_slug')
    .having((eb) => eb.fn.countAll(), '>=', options.minVotes)
    .execute();
  const articles = rows
    .map((r) => {
      const votes = Number(r.votes);
      const yes = Number(r.yes);
      return { slug: r.article_slug, yes, no: votes - yes, unhelpfulShare: (votes - yes) / votes };
    })
    .filter((a) => a.no > 0)
    .sort((a, b) => b.unhelpfulShare - a.unhelpfulShare || b.no - a.no || a.slug.localeCompare(b.slug))
    .slice(0, options.limit);
  if (articles.length === 0) return [];
  const comments = await db
    .selectFrom('help_feedback')
    .select(['article_slug', 'comment', 'updated_at'])
    .where(
      'article_slug',
      'in',
      articles.map((a) => a.slug),
    )
    .where('helpful', '=', 0)
    .where('comment', 'is not', null)
    .where('updated_at', '>=', options.since)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const bySlug = new Map<string, { text: string; at: number }[]>();
  for (const c of comments) {
    const list = bySlug.get(c.article_slug) ?? [];
    if (list.length < options.commentsPerArticle) list.push({ text: c.comment!, at: Number(c.updated_at) });
    bySlug.set(c.article_slug, list);
  }
  return articles.map((a) => ({ ...a, comments: bySlug.get(a.slug) ?? [] }));
}
