// Demo traffic for the help hub: a year of daily views (the same year as the
// demo tickets) and a realistic spread of "Was this helpful?" votes and
// comments, so popularity, insights and the report have something to show.
// Traffic grows with the customer base, dips over the winter holidays and on
// weekends, and an article reads more when a new set of articles links to it.
// Rows are computed in memory and bulk-inserted in one transaction (a year of
// single upserts would cost seconds); each (article, day) and each (article,
// voter) is written once, as recordArticleView and recordFeedback would leave them.
import { resolve } from 'node:path';
import { CompiledQuery } from 'kysely';
import type { DB } from '../connection';
import { loadHelpContent } from '@/server/help/content';
import { voterKey } from '@/server/help/feedback';
import { utcDay } from '@/server/help/views';
import type { SeedContext } from './index';

const DAY = 24 * 60 * 60_000;
/** As far back as the demo tickets go. */
export const HELP_HISTORY_DAYS = 365;

const comments = [
  'The steps mention a button I cannot find in the Windows app.',
  'I needed to know what happens to existing data, which this does not say.',
  'Screenshots would help, the menu looks different on my account.',
  'This did not cover the error I get (CAL-403).',
  'Too long. I just wanted the one setting.',
  'It says Team plan only but I am on Business and still do not see it.',
  'Nothing about doing this from the phone.',
  'I followed every step and it still does not work.',
  'The link at the bottom goes to a page that does not explain it either.',
  'Please add what to do when the admin is on holiday.',
];

async function bulkInsert(db: DB, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(30_000 / columns.length);
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const placeholders = part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await db.executeQuery(CompiledQuery.raw(head + placeholders, part.flat()));
  }
}

/** Late December and the first days of January read less, as offices close. */
function seasonFactor(day: number): number {
  const date = new Date(day);
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  if ((month === 11 && dayOfMonth >= 22) || (month === 0 && dayOfMonth <= 3)) return 0.55;
  if (month === 7) return 0.85;
  return 1;
}

export async function seedHelpTraffic({ db, random, now }: SeedContext): Promise<string> {
  const existing = await db.selectFrom('help_article_views').select('article_slug').limit(1).executeTakeFirst();
  if (existing) return 'already seeded';
  const { articles } = loadHelpContent(resolve(process.cwd(), 'content/help'));
  const viewRows: unknown[][] = [];
  const feedbackRows: unknown[][] = [];
  for (const article of articles) {
    // A few articles are much more popular than the rest, as in real help centres.
    const popularity = 2 + Math.floor(random.next() ** 3 * 60);
    const helpfulShare = 0.55 + random.next() * 0.4;
    // Some articles were rewritten part-way through the year and were found more helpful afterwards.
    const rewrittenDaysAgo = random.chance(0.3) ? random.int(30, 300) : null;
    for (let d = HELP_HISTORY_DAYS; d >= 0; d--) {
      const day = now - d * DAY;
      const weekday = new Date(day).getUTCDay();
      const weekFactor = weekday === 0 || weekday === 6 ? 0.45 : 1;
      // The customer base grows by about a half over the year.
      const growth = 0.65 + 0.35 * ((HELP_HISTORY_DAYS - d) / HELP_HISTORY_DAYS);
      const views = Math.round(popularity * weekFactor * growth * seasonFactor(day) * (0.6 + random.next() * 0.8));
      if (views === 0) continue;
      viewRows.push([article.slug, utcDay(day), views]);
      const share = rewrittenDaysAgo !== null && d < rewrittenDaysAgo ? Math.min(0.97, helpfulShare + 0.12) : helpfulShare;
      // Roughly one reader in forty answers "Was this helpful?".
      const voters = Math.floor(views / 40 + random.next());
      for (let v = 0; v < voters; v++) {
        const voter = voterKey(null, `seed-${article.slug}-${d}-${v}`)!;
        const helpful = random.chance(share);
        // On the day of the views, and never after the seed's clock.
        const at = Math.min(now - 60_000, Math.floor(day / DAY) * DAY + random.int(0, DAY - 1));
        const comment = !helpful && random.chance(0.35) ? random.pick(comments) : null;
        feedbackRows.push([article.slug, voter, null, helpful ? 1 : 0, comment, at, comment === null ? at : at + 60_000]);
      }
    }
  }
  feedbackRows.sort((x, y) => (x[5] as number) - (y[5] as number));
  await db.transaction().execute(async (trx) => {
    await bulkInsert(trx, 'help_article_views', ['article_slug', 'day', 'views'], viewRows);
    await bulkInsert(trx, 'help_feedback', ['article_slug', 'voter_key', 'user_id', 'helpful', 'comment', 'created_at', 'updated_at'], feedbackRows);
  });
  return `${viewRows.length} daily view rows, ${feedbackRows.length} feedback votes over ${articles.length} articles`;
}
