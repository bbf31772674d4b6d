// The demo's moderation queue: what staff find on /staff/moderation on a
// normal Monday. A promoter's answer that three established members flagged as
// spam from their own networks (hidden until staff decide), his follow-up comment (one spam flag, still
// visible), and a billing question a member flagged for staff. Everything goes
// through the domain functions, so the flag rules decide what is hidden.
import type { DB } from '../connection';
import { insertUser, prepareAccount, toSessionUser } from '@/server/accounts/users';
import { postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { flagPost } from '@/server/community/moderation';
import { seedRules, seedSite } from './community';
import { DEMO_PASSWORD, demoMembers } from './people';
import type { SeedContext } from './index';

const HOUR = 60 * 60_000;

export const demoPromoter = { email: 'deals@nimbus-growth.example', displayName: 'Nimbus Growth Partners' };

const SPAM_ANSWER =
  'Struggling to get your team to actually use Fieldnote? Nimbus Growth Partners sets up your whole workspace in 24 hours: templates, integrations and training. ' +
  'This week only we offer 50% off for community members. Book a free call at nimbus-growth.example/fieldnote-deal and mention this thread!';
const SPAM_COMMENT = 'Only three onboarding slots left this month. Message me for the coupon code before it expires.';

async function questionByTitle(db: DB, title: string) {
  const row = await db.selectFrom('questions').select(['id', 'author_id']).where('title', '=', title).executeTakeFirst();
  if (!row) throw new Error(`The demo seed's moderation step needs the thread “${title}”, which the community step did not create.`);
  return row;
}

export async function seedModeration({ db, now }: SeedContext): Promise<string> {
  if (await db.selectFrom('flags').select('id').limit(1).executeTakeFirst()) return 'already seeded';
  if (await db.selectFrom('users').select('id').where('email', '=', demoPromoter.email).executeTakeFirst()) return 'already seeded';
  const site = seedSite;
  const ctx = (at: number) => ({ now: at, rules: seedRules });

  // Established members flag (most reputation first, never the people involved).
  const members = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'email_verified_at'])
    .where(
      'email',
      'in',
      demoMembers.map((m) => m.email),
    )
    .orderBy('reputation', 'desc')
    .orderBy('id')
    .execute();
  const asUser = (r: (typeof members)[number]) => toSessionUser(r);

  const { passwordHash } = await prepareAccount({ ...demoPromoter, password: DEMO_PASSWORD });
  const promoter = await insertUser(db, { ...demoPromoter, passwordHash, role: 'member' }, now - 3 * 24 * HOUR);

  const target = await questionByTitle(db, 'Card keeps getting declined when upgrading to Business');
  const spamAt = now - 30 * HOUR;
  const { id: answerId } = await postAnswer(db, site, promoter, target.id, SPAM_ANSWER, ctx(spamAt));
  const { id: commentId } = await addComment(db, site, promoter, { postType: 'answer', postId: answerId }, SPAM_COMMENT, ctx(spamAt + 10 * 60_000));

  const flaggers = members.filter((m) => m.id !== target.author_id).slice(0, 3);
  const notes = ['Advertising, not an answer: it has nothing to do with the declined card.', null, 'Same text was posted on two other sites I follow. Spam.'];
  // The comment is flagged while its answer is still visible (a hidden answer's comments cannot be flagged).
  await flagPost(db, asUser(flaggers[0]!), { postType: 'comment', postId: commentId, reason: 'spam', note: null }, ctx(spamAt + 1.5 * HOUR));
  let hidden = 0;
  for (const [index, flagger] of flaggers.entries()) {
    // Each from home: the flag rules want more than one network before spam flags hide a post (documentation addresses).
    const address = `203.0.113.${10 + index}`;
    const outcome = await flagPost(
      db,
      asUser(flagger),
      { postType: 'answer', postId: answerId, reason: 'spam', note: notes[index] ?? null, address },
      ctx(spamAt + (index + 1) * 2 * HOUR),
    );
    if (outcome.hidden) hidden++;
  }

  const billing = await questionByTitle(db, 'Still being charged for a member we removed three weeks ago');
  const helper = members.find((m) => m.id !== billing.author_id)!;
  await flagPost(
    db,
    asUser(helper),
    {
      postType: 'question',
      postId: billing.id,
      reason: 'needs-staff',
      note: 'They are billed for a seat they removed: only support can check the invoice and refund it. Could someone from the team take this over?',
    },
    ctx(now - 5 * HOUR),
  );
  return `5 flags on 3 posts (${hidden} post hidden by spam flags)`;
}
