// Fills the benchmark server with enough community content for the measured
// pages: a question with 20 answers, and 4,200 questions for the lists.
import type { DB } from '@db/connection';
import { postAnswer } from '@/server/community/answers';
import { askQuestion, questionUrl } from '@/server/community/questions';
import { defaultRules, type CommunityRules } from '@/server/community/rules';
import { getUser } from '@/server/accounts/users';

// Bulk content, not people typing: no rate limits or privilege thresholds.
export const bulkRules: CommunityRules = {
  ...defaultRules,
  privileges: { flag: 0, 'vote.up': 0, comment: 0, 'vote.down': 0, 'edit.others': 0, close: 0 },
  limits: { ...defaultRules.limits, newUserPostsPerHour: 1e9, postsPerHour: 1e9, commentsPerHour: 1e9, votesPerDay: 1e9, flagsPerDay: 1e9 },
};
const site = { siteUrl: 'http://localhost', siteName: 'Bench' };

export async function fillCommunity(db: DB, totalQuestions = 4200): Promise<{ bigQuestionUrl: string }> {
  const members = await db.selectFrom('users').select('id').where('role', '=', 'member').orderBy('id').execute();
  const users = await Promise.all(members.map((m) => getUser(db, m.id)));
  const existing = Number(
    (
      await db
        .selectFrom('questions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const start = Date.now() - totalQuestions * 60_000;
  for (let i = existing; i < totalQuestions; i++) {
    await askQuestion(
      db,
      users[i % users.length]!,
      {
        title: `Benchmark question number ${i} about calendar sync and exports`,
        body: `This is question ${i}. It has **some Markdown**, a list:\n\n- one\n- two\n\nand a [link](/help).`,
        tags: ['bench', `topic-${i % 30}`],
      },
      { rules: bulkRules, now: start + i * 60_000 },
    );
  }
  const asker = users[0]!;
  const big = await askQuestion(
    db,
    asker,
    {
      title: 'Benchmark question with twenty answers from the community',
      body: 'Which of these twenty approaches works best for a large team? Please explain with steps.',
      tags: ['bench'],
    },
    { rules: bulkRules },
  );
  for (let i = 0; i < 20; i++) {
    const author = users[(i % (users.length - 1)) + 1]!;
    await postAnswer(
      db,
      site,
      author,
      big.id,
      `Answer ${i}: here is how our team does it.\n\n1. Open **Settings → Calendar**.\n2. Choose the calendars.\n3. Press *Sync now*.\n\n> Tip: check the [help article](/help/calendar-sync/connect-google-calendar).`,
      { rules: bulkRules },
    );
  }
  return { bigQuestionUrl: questionUrl(big.id, big.slug) };
}
