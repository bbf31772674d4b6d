// End-to-end: search from the header (with suggestions), filter by type, open
// a result (its click recorded by a beacon); a search that finds nothing leads
// to the contact form, query kept.
import type { Page } from 'playwright';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';

let page: Page;

const suite = useServerAndBrowser();
beforeAll(async () => {
  const deadline = Date.now() + 30_000;
  while (
    Number(
      (
        await suite.server.db
          .selectFrom('search_index_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ) === 0
  ) {
    if (Date.now() > deadline) throw new Error('The help articles were not indexed in time');
    await new Promise((r) => setTimeout(r, 200));
  }
});
beforeEach(async () => {
  page = await suite.newPage();
});

describe('search in the browser', () => {
  it('searches from the header, filters by type and opens a result', async () => {
    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search help and community' });
    await box.fill('invoice');
    await expect.poll(() => page.getByRole('listbox', { name: 'Suggestions' }).isVisible()).toBe(true);
    await box.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Search' }).isVisible()).toBe(true);
    expect(await page.getByRole('status').textContent()).toMatch(/results? for “invoice”/);

    await page
      .getByRole('navigation', { name: 'Filter results by type' })
      .getByRole('link', { name: /Help articles/ })
      .click();
    await expect.poll(() => page.url()).toContain('type=article');
    const first = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) })
      .first()
      .getByRole('link');
    const title = (await first.textContent())!.trim();
    await first.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  });

  it('records the result a searcher clicks, with a beacon, while the link goes straight to it', async () => {
    await page.goto('/search?q=share+a+note');
    const first = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) })
      .first()
      .getByRole('link');
    const href = (await first.getAttribute('href'))!;
    expect(href).toMatch(/^\/help\//);
    const { sid } = await suite.server.db
      .selectFrom('search_queries')
      .select((eb) => eb.fn.max('id').as('sid'))
      .where('query', '=', 'share a note')
      .executeTakeFirstOrThrow();
    await first.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(href);
    const clicked = async () =>
      (await suite.server.db.selectFrom('search_queries').select('clicked_url').where('id', '=', Number(sid)).executeTakeFirstOrThrow()).clicked_url;
    await expect.poll(clicked, { timeout: 5000 }).toBe(href);
  });

  it('picks a suggestion with the keyboard', async () => {
    await page.goto('/help');
    const box = page.getByRole('combobox', { name: 'Search help and community' });
    await box.pressSequentially('google cal', { delay: 20 });
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(1);
    await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    const target = await page.locator(`#${active}`).getAttribute('href');
    await box.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(new URL(target!, suite.server.url).pathname);
  });

  it('leads from a search that finds nothing to the contact form, carrying the query', async () => {
    await page.goto('/search?q=teleport+my+xylophone');
    expect(await page.getByText('No results for “teleport my xylophone”').isVisible()).toBe(true);
    await page.getByRole('region', { name: 'We could not find an answer' }).getByRole('link', { name: 'Contact support' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/contact');
    expect(await page.getByLabel('Subject').inputValue()).toBe('teleport my xylophone');
    expect(await page.getByText('You searched for “teleport my xylophone”').isVisible()).toBe(true);
  });
});
