// End-to-end: a member asks, a second member answers, the first up-votes and
// accepts, and both profiles show the new reputation; a spam post disappears
// after three flags and comes back when staff restore it. The suite makes its
// own people (no demo data needed).
import type { SessionUser } from '@/server/accounts/sessions';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { flagPost } from '@/server/community/moderation';
import { GOOD_PASSWORD, makeFlagger, makeMemberWithReputation, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser({ SEED_DEMO: 'never' });

let asker: SessionUser;
let answerer: SessionUser;
let spammer: SessionUser;
let flaggers: SessionUser[];
let moderator: SessionUser;
// Registered after the suite's own hook, so the server is running.
beforeAll(async () => {
  const db = suite.server.db;
  // The asker may vote up (15 reputation); everyone else is a new member.
  asker = await makeMemberWithReputation(db, 15, { displayName: 'Robin Asker', email: 'robin.asker@example.com' });
  answerer = await makeUser(db, { displayName: 'Alex Answerer', email: 'alex.answerer@example.com' });
  spammer = await makeUser(db, { displayName: 'Cheap Offers', email: 'offers@example.com' });
  flaggers = [];
  // Flagging needs 15 reputation, and spam flags only hide with a flagger who is not new.
  for (const name of ['Lena Flag', 'Wei Flag', 'Aiko Flag']) flaggers.push(await makeFlagger(db, { displayName: name }));
  moderator = await makeUser(db, { displayName: 'Sam Moderator', role: 'staff' });
});

const signedIn = (user: SessionUser) => signedInPage(suite, user.email, GOOD_PASSWORD);

async function reputationOf(email: string): Promise<number> {
  return (await suite.server.db.selectFrom('users').select('reputation').where('email', '=', email).executeTakeFirstOrThrow()).reputation;
}

describe('community in the browser', () => {
  it('asks, answers, up-votes and accepts; both profiles show the reputation earned', async () => {
    const [askerEmail, askerName, answererEmail, answererName] = [asker.email, asker.displayName, answerer.email, answerer.displayName];
    const askerBefore = await reputationOf(askerEmail);
    const answererBefore = await reputationOf(answererEmail);

    const askerPage = await signedIn(asker);
    await askerPage.goto('/community');
    await askerPage.getByRole('link', { name: 'Ask a question' }).click();
    await askerPage.getByLabel('Title').fill('How do I pin a notebook to the top of the sidebar?');
    await askerPage
      .getByLabel('Details (Markdown)')
      .fill('We have 40 notebooks and the **team handbook** keeps sliding down the list. Is there a way to pin it?');
    await askerPage.getByLabel('Tags').fill('notebooks sidebar');
    await askerPage.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => askerPage.getByRole('region', { name: 'Preview of your question' }).locator('strong').textContent()).toBe('team handbook');
    await askerPage.getByRole('button', { name: 'Post your question' }).click();
    await expect.poll(() => askerPage.getByRole('heading', { level: 1 }).textContent()).toBe('How do I pin a notebook to the top of the sidebar?');
    const questionUrl = askerPage.url();

    const answererPage = await signedIn(answerer);
    await answererPage.goto(questionUrl);
    await answererPage
      .getByLabel('Your answer (Markdown)')
      .fill('Open the notebook menu (⋯) and choose **Pin to top**. Pinned notebooks stay above the others for everyone in the workspace.');
    await answererPage.getByRole('button', { name: 'Post your answer' }).click();
    await expect.poll(() => answererPage.getByRole('heading', { name: '1 answer' }).isVisible()).toBe(true);

    await askerPage.reload();
    const answer = askerPage.getByRole('article', { name: `Answer by ${answererName}` });
    await answer.getByRole('button', { name: 'Vote up this answer' }).click();
    await expect
      .poll(() =>
        askerPage
          .getByRole('article', { name: `Answer by ${answererName}` })
          .getByLabel('Score 1')
          .isVisible(),
      )
      .toBe(true);
    await askerPage
      .getByRole('article', { name: `Answer by ${answererName}` })
      .getByRole('button', { name: 'Accept this answer' })
      .click();
    await expect.poll(() => askerPage.getByText('✓ Accepted answer').isVisible()).toBe(true);

    expect(await reputationOf(answererEmail)).toBe(answererBefore + 10 + 15);
    expect(await reputationOf(askerEmail)).toBe(askerBefore + 2);
    await answererPage.getByRole('link', { name: answererName }).first().click();
    await expect.poll(() => answererPage.getByRole('heading', { level: 1 }).textContent()).toContain(answererName);
    const shown = (n: number) => new Intl.NumberFormat('en').format(n);
    expect(await answererPage.locator(`data[value="${answererBefore + 25}"]`).textContent()).toBe(shown(answererBefore + 25));
    await answererPage.goto(questionUrl);
    await answererPage.getByRole('link', { name: askerName }).first().click();
    await expect.poll(() => answererPage.getByRole('heading', { level: 1 }).textContent()).toContain(askerName);
    expect(await answererPage.locator(`data[value="${askerBefore + 2}"]`).textContent()).toBe(shown(askerBefore + 2));
  });

  it('hides a post after three spam flags and shows it again when staff restore it', async () => {
    const spammerPage = await signedIn(spammer);
    await spammerPage.goto('/community/ask');
    await spammerPage.getByLabel('Title').fill('Cheap watches and sunglasses, best prices online now');
    await spammerPage.getByLabel('Details (Markdown)').fill('Visit our shop for the best prices on watches and sunglasses, free shipping worldwide today.');
    await spammerPage.getByLabel('Tags').fill('offers');
    await spammerPage.getByRole('button', { name: 'Post your question' }).click();
    await expect.poll(() => spammerPage.getByRole('heading', { level: 1 }).textContent()).toContain('Cheap watches');
    const url = spammerPage.url();

    // One flag from another network (the browser's all come from this machine: on their own they only queue the post).
    const questionId = Number(new URL(url).pathname.split('/')[3]);
    await flagPost(suite.server.db, flaggers[0]!, { postType: 'question', postId: questionId, reason: 'spam', address: '198.51.100.20' });
    for (const flagger of flaggers.slice(1)) {
      const member = await signedIn(flagger);
      await member.goto(url);
      await member.getByText('Flag', { exact: true }).first().click();
      await member.getByLabel('Why should staff look at this question?').selectOption('spam');
      await member.getByRole('button', { name: 'Send flag' }).click();
      await member.waitForURL(/flagged=1/);
    }
    const visitor = await suite.newPage();
    expect((await visitor.goto(url))!.status()).toBe(404);
    await visitor.goto('/community');
    expect(await visitor.getByText('Cheap watches').count()).toBe(0);

    const staff = await signedIn(moderator);
    await staff.goto('/staff/moderation');
    const item = staff.getByRole('listitem').filter({ hasText: 'Cheap watches' });
    await item.getByRole('button', { name: 'Restore' }).click();
    await staff.waitForURL(/done=/);
    expect((await visitor.goto(url))!.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toContain('Cheap watches');
  });
});
