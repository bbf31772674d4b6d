// Owns `user_badges`: recognition for good answers, awarded once each, checked
// after the events that can earn them.
import type { DB } from '@db/connection';

export const badgeDefinitions = {
  'first-answer': { name: 'First answer', description: 'Answered a question for the first time.' },
  teacher: { name: 'Teacher', description: 'Answered a question with a score of 1 or more.' },
  'first-accepted': { name: 'First accepted answer', description: 'Wrote an answer the asker accepted.' },
  helpful: { name: 'Helpful', description: 'Wrote an answer with 10 or more up-votes.' },
} as const;
export type Badge = keyof typeof badgeDefinitions;

/** Awards every badge the user now qualifies for and does not have yet. Returns the new ones. */
export async function awardBadges(db: DB, userId: number, now = Date.now()): Promise<Badge[]> {
  const answers = db.selectFrom('answers').where('author_id', '=', userId).where('visibility', '=', 'visible');
  const [first, teacher, helpful, accepted] = await Promise.all([
    answers.select('id').orderBy('id').limit(1).executeTakeFirst(),
    answers.select('id').where('score', '>=', 1).orderBy('id').limit(1).executeTakeFirst(),
    answers.select('id').where('score', '>=', 10).orderBy('id').limit(1).executeTakeFirst(),
    db
      .selectFrom('questions')
      .innerJoin('answers', 'answers.id', 'questions.accepted_answer_id')
      .select('answers.id')
      .where('answers.author_id', '=', userId)
      .where('questions.author_id', '!=', userId)
      .orderBy('answers.id')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const earned: Array<[Badge, { id: number } | undefined]> = [
    ['first-answer', first],
    ['teacher', teacher],
    ['first-accepted', accepted],
    ['helpful', helpful],
  ];
  const have = new Set((await db.selectFrom('user_badges').select('badge').where('user_id', '=', userId).execute()).map((b) => b.badge));
  const awarded: Badge[] = [];
  for (const [badge, post] of earned) {
    if (!post || have.has(badge)) continue;
    await db
      .insertInto('user_badges')
      .values({ user_id: userId, badge, post_type: 'answer', post_id: post.id, awarded_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'badge']).doNothing())
      .execute();
    awarded.push(badge);
  }
  return awarded;
}

export async function listBadges(db: DB, userId: number): Promise<Array<{ badge: Badge; name: string; description: string; awardedAt: number }>> {
  const rows = await db.selectFrom('user_badges').select(['badge', 'awarded_at']).where('user_id', '=', userId).orderBy('awarded_at').execute();
  return rows
    .filter((r): r is typeof r & { badge: Badge } => r.badge in badgeDefinitions)
    .map((r) => ({ badge: r.badge, ...badgeDefinitions[r.badge], awardedAt: r.awarded_at }));
}
