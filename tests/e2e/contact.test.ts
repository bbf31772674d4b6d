// End-to-end: a visitor reads an article, searches, then contacts support; the
// form keeps what was typed on an error, and the ticket carries what they tried.
import type { Page } from 'playwright';
import { beforeEach, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';

let page: Page;

const suite = useServerAndBrowser();
beforeEach(async () => {
  page = await suite.newPage();
});

describe('contact support in the browser', () => {
  it('sends a request that carries the article read, keeping typed text after an error', async () => {
    await page.goto('/help/calendar-sync/fix-calendar-sync-errors');
    await page.getByRole('region', { name: 'Still need help?' }).getByRole('link', { name: 'Contact support' }).click();
    expect(await page.getByText('You read Fix calendar sync errors').isVisible()).toBe(true);

    await page.getByLabel('Your name').fill('Robin Hale');
    await page.getByLabel('Email').fill('robin@example.com');
    await page.getByLabel('Subject').fill('CAL-403 after reconnecting');
    await page.getByLabel('What happened?').fill('Too short');
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => page.locator('#field-description-error').textContent()).toContain('at least 20 characters');
    expect(await page.getByLabel('Subject').inputValue()).toBe('CAL-403 after reconnecting');
    expect(await page.getByText('You read Fix calendar sync errors').isVisible()).toBe(true);

    await page.getByLabel('What happened?').fill('Our admin reconnected Outlook and now every sync fails with CAL-403.');
    await page.getByLabel('What is it about?').selectOption('calendar-sync');
    // Each urgency says when to expect the first reply: the last 30 days' median, or the SLA target.
    expect(await page.getByRole('radio', { name: /^High/ }).locator('xpath=..').innerText()).toMatch(
      /Expected first reply: (usually )?within \d+ (minutes?|hours? during support hours|business days?)\./,
    );
    expect(
      await page
        .getByRole('radio', { name: /^Urgent/ })
        .locator('xpath=..')
        .innerText(),
    ).toMatch(/Expected first reply: (usually )?within \d+ (minutes?|hours?), day or night\./);
    await page.getByRole('radio', { name: /^High/ }).check();
    await page.getByRole('radio', { name: 'Frustrated' }).check();
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('We received your request');
    expect(await page.getByRole('status').textContent()).toMatch(
      /Expected first reply: (usually )?within \d+ (minutes?|hours?); we answer Monday to Friday, 09:00–17:00 Amsterdam time, (and we are open now|it is now outside those hours)\./,
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('CAL-403 after reconnecting');
    // The ticket stored the slug; the page links the article from the site's own catalog.
    expect(await page.getByText('Read the help article Fix calendar sync errors').isVisible()).toBe(true);
    expect(await page.getByRole('listitem').getByRole('link', { name: 'Fix calendar sync errors' }).getAttribute('href')).toBe(
      '/help/calendar-sync/fix-calendar-sync-errors',
    );
    const ticket = await suite.server.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ urgency: 'high', emotion: 'frustrated', category: 'calendar-sync' });
  });
});
