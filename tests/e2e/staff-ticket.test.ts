// End-to-end in Chromium: an agent answers a ticket with two saved replies
// inserted and edited before sending (no JavaScript needed), escalates it with
// a note, and neither staff page scrolls sideways at 390 px, in either scheme.
import { describe, expect, it } from 'vitest';
import { createSavedReply } from '@/server/tickets/saved-replies';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeTicket, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();
const teams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];

describe('the staff ticket page in the browser', () => {
  it('answers with saved replies edited before sending, then escalates with a note', async () => {
    const db = suite.server.db;
    const agent = await makeUser(db, { role: 'staff', displayName: 'Robin Agent' });
    await createSavedReply(db, agent, { title: 'E2E greeting', body: 'Hi {{requester_name}},', team: null }, teams);
    await createSavedReply(
      db,
      agent,
      { title: 'E2E reconnect steps', body: 'Open **Settings → Calendar** and select Reconnect.', team: 'calendar sync' },
      teams,
    );
    const { ref } = await makeTicket(db, { name: 'Noor Haddad', subject: 'Calendar stopped syncing on Monday' });

    const page = await signedInPage(suite, agent.email, GOOD_PASSWORD, { javaScriptEnabled: false });
    await page.goto(`/staff/tickets/${ref}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendar stopped syncing on Monday');
    await page.getByLabel('Your reply').fill('Thanks for the details.');
    await page.getByLabel('Search saved replies').fill('E2E');
    const reply = page.getByRole('region', { name: 'Reply' });
    await reply.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Insert “E2E greeting”' }).click();
    await page.getByRole('button', { name: 'Insert “E2E reconnect steps”' }).click();
    const box = page.getByLabel('Your reply');
    expect(await box.inputValue()).toBe('Thanks for the details.\n\nHi Noor Haddad,\n\nOpen **Settings → Calendar** and select Reconnect.');
    await box.fill('Hi Noor Haddad,\n\nOpen **Settings → Calendar** and select Reconnect. That fixes the Monday sync.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Sent.');
    const conversation = page.getByRole('region', { name: 'Conversation' });
    expect(await conversation.textContent()).toContain('That fixes the Monday sync.');
    expect(await conversation.locator('strong').allTextContents()).toContain('Settings → Calendar');
    const counts = await db.selectFrom('saved_replies').select(['title', 'usage_count']).where('title', 'like', 'E2E%').orderBy('title').execute();
    expect(counts).toEqual([
      { title: 'E2E greeting', usage_count: 1 },
      { title: 'E2E reconnect steps', usage_count: 1 },
    ]);

    await page.getByLabel('Tier (now 1)').selectOption('2');
    await page.getByRole('button', { name: 'Change tier' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Say why you escalate' }).count()).toBe(1);
    await page.getByLabel('Note for the next tier').fill('Token refresh fails for this workspace; needs the integrations team.');
    await page.getByRole('button', { name: 'Change tier' }).click();
    expect(await page.getByRole('region', { name: 'History' }).textContent()).toContain('Tier 1 → tier 2');
    expect(await conversation.textContent()).toContain('Escalated to tier 2.');
  });

  it('with JavaScript, inserts a saved reply without leaving the page, keeps the draft across an escalation, and counts the saved reply when sent', async () => {
    const db = suite.server.db;
    const agent = await makeUser(db, { role: 'staff', displayName: 'Kai Agent' });
    await createSavedReply(db, agent, { title: 'JS sign-off', body: 'Best wishes, {{agent_name}} ({{ticket_ref}})', team: null }, teams);
    const { ref } = await makeTicket(db, { name: 'Ines Duarte' });
    const page = await signedInPage(suite, agent.email, GOOD_PASSWORD);
    await page.goto(`/staff/tickets/${ref}`);
    const reply = page.getByRole('region', { name: 'Reply' });
    await reply.getByLabel('Search saved replies').fill('JS sign-off');
    await reply.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('Your reply').fill('It works again.');
    let navigated = false;
    page.on('framenavigated', () => (navigated = true));
    await page.getByRole('button', { name: 'Insert “JS sign-off”' }).click();
    expect(await page.getByLabel('Your reply').inputValue()).toBe(`It works again.\n\nBest wishes, Kai Agent (${ref})`);
    expect(navigated).toBe(false);
    // Escalating (refused without a note, then with one) posts another form: the reply being written stays.
    await page.getByLabel('Tier (now 1)').selectOption('2');
    await page.getByRole('button', { name: 'Change tier' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Say why you escalate' }).count()).toBe(1);
    expect(await page.getByLabel('Your reply').inputValue()).toBe(`It works again.\n\nBest wishes, Kai Agent (${ref})`);
    await page.getByLabel('Note for the next tier').fill('Needs the sync team to look at the token.');
    await page.getByRole('button', { name: 'Change tier' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'History' }).textContent()).toContain('Tier 1 → tier 2');
    expect(await page.getByLabel('Your reply').inputValue()).toBe(`It works again.\n\nBest wishes, Kai Agent (${ref})`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Conversation' }).textContent()).toContain(`Best wishes, Kai Agent (${ref})`);
    expect((await db.selectFrom('saved_replies').select('usage_count').where('title', '=', 'JS sign-off').executeTakeFirstOrThrow()).usage_count).toBe(1);
    // Sent: the box starts empty again.
    expect(await page.getByLabel('Your reply').inputValue()).toBe('');
  });

  for (const colorScheme of ['light', 'dark'] as const)
    it(`does not scroll sideways at 390 px (${colorScheme})`, async () => {
      const db = suite.server.db;
      const agent = await makeUser(db, { role: 'staff' });
      const { ref } = await makeTicket(db, {
        subject: 'A very long subject line without spaces: ' + 'x'.repeat(120),
        email: `${'long'.repeat(12)}@example.com`,
        context: { searches: ['y'.repeat(150)], articles: [] },
      });
      const page = await signedInPage(suite, agent.email, GOOD_PASSWORD, { viewport: { width: 390, height: 900 }, colorScheme });
      for (const path of [`/staff/tickets/${ref}`, '/staff/saved-replies']) {
        await page.goto(path);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > 391)
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
        );
        expect(wide, path).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      }
    });
});
