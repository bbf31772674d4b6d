// End-to-end: a member asks, a second member answers, the first up-votes and
// accepts, and both profiles show the new reputation; a spam post disappears
// after three flags and comes back when staff restore it.
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';


const suite = useServerAndBrowser();

async function signedIn(email: string): Promise<Page> {
  const page = await suite.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('fieldnote-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  return page;
}

async function reputationOf(email: string): Promise<number> {
  return (await suite.server.db.selectFrom('users').select('reputation').where('email', '=', email).executeTakeFirstOrThrow()).reputation;
}

/** Two seeded members: an asker who may vote up (≥ 15) and an answerer. */
async function pickMembers(): Promise<[string, string, string, string]> {
  const rows = await suite.server.db.selectFrom('users').select(['email', 'display_name', 'reputation']).where('role', '=', 'member').where('reputation', '>=', 15).orderBy('reputation', 'desc').limit(2).execute();
  return [rows[0]!.email, rows[0]!.display_name, rows[1]!.email, rows[1]!.display_name];
}

describe('community in the browser', () => {
  it('asks, answers, up-votes and accepts; both profiles show the reputation earned', async () => {
    const [askerEmail, askerName, answererEmail, answererName] = await pickMembers();
    const askerBefore = await reputationOf(askerEmail);
    const answererBefore = await reputationOf(answererEmail);

    const asker = await signedIn(askerEmail);
    await asker.goto('/community');
    await asker.getByRole('link', { name: 'Ask a question' }).click();
    await asker.getByLabel('Title').fill('How do I pin a notebook to the top of the sidebar?');
    await asker.getByLabel('Details (Markdown)').fill('We have 40 notebooks and the **team handbook** keeps sliding down the list. Is there a way to pin it?');
    await asker.getByLabel('Tags').fill('notebooks sidebar');
    await asker.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => asker.getByRole('region', { name: 'Preview of your question' }).locator('strong').textContent()).toBe('team handbook');
    await asker.getByRole('button', { name: 'Post your question' }).click();
    await expect.poll(() => asker.getByRole('heading', { level: 1 }).textContent()).toBe('How do I pin a notebook to the top of the sidebar?');
    const questionUrl = asker.url();

    const answerer = await signedIn(answererEmail);
    await answerer.goto(questionUrl);
    await answerer.getByLabel('Your answer (Markdown)').fill('Open the notebook menu (⋯) and choose **Pin to top**. Pinned notebooks stay above the others for everyone in the workspace.');
    await answerer.getByRole('button', { name: 'Post your answer' }).click();
    await expect.poll(() => answerer.getByRole('heading', { name: '1 answer' }).isVisible()).toBe(true);

    await asker.reload();
    const answer = asker.getByRole('article', { name: `Answer by ${answererName}` });
    await answer.getByRole('button', { name: 'Vote up this answer' }).click();
    await expect.poll(() => asker.getByRole('article', { name: `Answer by ${answererName}` }).getByLabel('Score 1').isVisible()).toBe(true);
    await asker.getByRole('article', { name: `Answer by ${answererName}` }).getByRole('button', { name: 'Accept this answer' }).click();
    await expect.poll(() => asker.getByText('✓ Accepted answer').isVisible()).toBe(true);

    expect(await reputationOf(answererEmail)).toBe(answererBefore + 10 + 15);
    expect(await reputationOf(askerEmail)).toBe(askerBefore + 2);
    await answerer.getByRole('link', { name: answererName }).first().click();
    await expect.poll(() => answerer.getByRole('heading', { level: 1 }).textContent()).toContain(answererName);
    const shown = (n: number) => new Intl.NumberFormat('en').format(n);
    expect(await answerer.locator(`data[value="${answererBefore + 25}"]`).textContent()).toBe(shown(answererBefore + 25));
    await answerer.goto(questionUrl);
    await answerer.getByRole('link', { name: askerName }).first().click();
    await expect.poll(() => answerer.getByRole('heading', { level: 1 }).textContent()).toContain(askerName);
    expect(await answerer.locator(`data[value="${askerBefore + 2}"]`).textContent()).toBe(shown(askerBefore + 2));
  });

  it('hides a post after three spam flags and shows it again when staff restore it', async () => {
    const spammerEmail = 'tom.gallagher@example.com';
    const spammer = await signedIn(spammerEmail);
    await spammer.goto('/community/ask');
    await spammer.getByLabel('Title').fill('Cheap watches and sunglasses, best prices online now');
    await spammer.getByLabel('Details (Markdown)').fill('Visit our shop for the best prices on watches and sunglasses, free shipping worldwide today.');
    await spammer.getByLabel('Tags').fill('offers');
    await spammer.getByRole('button', { name: 'Post your question' }).click();
    await expect.poll(() => spammer.getByRole('heading', { level: 1 }).textContent()).toContain('Cheap watches');
    const url = spammer.url();

    for (const email of ['lena.fischer@example.com', 'wei.zhang@example.com', 'aiko.tanaka@example.com']) {
      const member = await signedIn(email);
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

    const staff = await signedIn('sam@fieldnote.example');
    await staff.goto('/staff/moderation');
    const item = staff.getByRole('listitem').filter({ hasText: 'Cheap watches' });
    await item.getByRole('button', { name: 'Restore' }).click();
    await staff.waitForURL(/done=/);
    expect((await visitor.goto(url))!.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toContain('Cheap watches');
  });
});
