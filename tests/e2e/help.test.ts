// End-to-end: a customer browses the help hub, follows a related article,
// says an article did not help (with a comment), and lands on /help from /faq.
import type { Page } from 'playwright';
import { beforeEach, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';

let page: Page;

const suite = useServerAndBrowser();
beforeEach(async () => {
  page = await suite.newPage();
});

describe('help hub in the browser', () => {
  it('browses from /help to an article through its category, then follows a related link', async () => {
    await page.goto('/help');
    await page
      .getByRole('link', { name: /Calendar sync/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Calendar sync');
    await page.getByRole('link', { name: 'Connect Google Calendar' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Connect Google Calendar');
    const breadcrumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await breadcrumbs.getByRole('link', { name: 'Calendar sync' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'On this page' }).isVisible()).toBe(true);

    const related = page.getByRole('complementary', { name: 'Related' }).getByRole('link').first();
    const relatedTitle = (await related.textContent())!.trim();
    await related.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(relatedTitle);
  });

  it('votes No with a comment and sees the thanks message, without JavaScript', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.server.url, javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto('/help/troubleshooting/export-failed');
    await noJs.getByRole('button', { name: 'No', exact: true }).click();
    await noJs.getByLabel('What was missing or unclear?').fill('It does not say what to do when the ZIP is empty.');
    await noJs.getByRole('button', { name: 'Send feedback' }).click();
    await expect.poll(() => noJs.getByRole('status').filter({ hasText: 'Thanks for your feedback!' }).isVisible()).toBe(true);
    const saved = await suite.server.db
      .selectFrom('help_feedback')
      .select(['helpful', 'comment'])
      .where('article_slug', '=', 'export-failed')
      .where('comment', 'like', '%ZIP is empty%')
      .executeTakeFirst();
    expect(saved).toEqual({ helpful: 0, comment: 'It does not say what to do when the ZIP is empty.' });
    await context.close();
  });

  it('lands on /help from a guessed address', async () => {
    await page.goto('/faq');
    expect(new URL(page.url()).pathname).toBe('/help');
    expect(await page.getByRole('heading', { level: 1, name: 'Help centre' }).isVisible()).toBe(true);
  });
});
