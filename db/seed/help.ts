// Demo traffic for the help hub: six months of daily views and a realistic
// spread of "Was this helpful?" votes and comments, so popularity, insights and
// the report have something to show.
import { resolve } from 'node:path';
import { loadHelpContent } from '@/server/help/content';
import { commentOnFeedback, recordFeedback, voterKey } from '@/server/help/feedback';
import { recordArticleView } from '@/server/help/views';
import type { SeedContext } from './index';

const DAY = 24 * 60 * 60_000;
const DAYS = 180;

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

export async function seedHelpTraffic({ db, random, now }: SeedContext): Promise<string> {
  const existing = await db.selectFrom('help_article_views').select('article_slug').limit(1).executeTakeFirst();
  if (existing) return 'already seeded';
  const { articles } = loadHelpContent(resolve(process.cwd(), 'content/help'));
  let viewRows = 0;
  let votes = 0;
  await db.transaction().execute(async (trx) => {
    for (const article of articles) {
      // A few articles are much more popular than the rest, as in real help centres.
      const popularity = 2 + Math.floor(random.next() ** 3 * 60);
      const helpfulShare = 0.55 + random.next() * 0.4;
      for (let d = DAYS; d >= 0; d--) {
        const day = now - d * DAY;
        const weekday = new Date(day).getUTCDay();
        const weekFactor = weekday === 0 || weekday === 6 ? 0.45 : 1;
        const views = Math.round(popularity * weekFactor * (0.6 + random.next() * 0.8));
        if (views === 0) continue;
        await recordArticleView(trx, article.slug, day, views);
        viewRows++;
        // Roughly one reader in forty answers "Was this helpful?".
        const voters = Math.floor(views / 40 + random.next());
        for (let v = 0; v < voters; v++) {
          const voter = voterKey(null, `seed-${article.slug}-${d}-${v}`)!;
          const helpful = random.chance(helpfulShare);
          const at = day - random.int(0, DAY - 1);
          await recordFeedback(trx, { slug: article.slug, voter, userId: null, helpful, ip: null }, at);
          if (!helpful && random.chance(0.35)) await commentOnFeedback(trx, { slug: article.slug, voter, comment: random.pick(comments) }, at + 60_000);
          votes++;
        }
      }
    }
  });
  return `${viewRows} daily view rows, ${votes} feedback votes over ${articles.length} articles`;
}
