// End-to-end: every place that searches. The header's suggestions (wide enough
// for five results, titles at most two lines, inside the window), the
// zero-result page (popular articles, ask and contact with the query), "Did you
// mean", the contact form's suggestions (typed, and the no-JavaScript button),
// and "Similar questions" while asking.
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { useServerAndBrowser } from '../support/browser-suite';
import { signedInPage } from '../support/sign-in';

const MEMBER = { email: 'jordan.reyes@example.com', password: 'fieldnote-demo' };

const suite = useServerAndBrowser();
beforeAll(async () => {
  // The worker indexes the demo content just after start: wait until nothing is pending.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(`${suite.server.url}/healthz`)).json()) as { search: { pending_changes: number } };
    if (health.search.pending_changes === 0) break;
    if (Date.now() > deadline) throw new Error('The demo content was not indexed in time');
    await new Promise((r) => setTimeout(r, 100));
  }
});

async function typeInHeader(page: Page, text: string) {
  const box = page.getByRole('combobox', { name: 'Search help and community' });
  await box.fill(text);
  const listbox = page.getByRole('listbox', { name: 'Suggestions' });
  await expect.poll(() => listbox.isVisible()).toBe(true);
  return listbox;
}

/** The suggestions' results (without the last "See all results" option), as titles. */
const suggestedTitles = (page: Page) => page.locator('[role="option"]:not(.see-all) .suggestion-title').allTextContents();

describe('header suggestions', () => {
  for (const width of [1366, 390]) {
    it(`show at least five results for "calendar" at ${width} px, no title over three lines, inside the window`, async () => {
      const page = await suite.newPage({ viewport: { width, height: 900 } });
      await page.goto('/');
      const listbox = await typeInHeader(page, 'calendar');
      await expect.poll(async () => (await suggestedTitles(page)).length).toBeGreaterThanOrEqual(5);
      const lines = await page
        .locator('.suggestions .suggestion-title')
        .evaluateAll((titles) => titles.map((t) => t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)));
      expect(lines.length).toBeGreaterThanOrEqual(6);
      expect(Math.max(...lines)).toBeLessThanOrEqual(3);
      const box = (await listbox.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      if (width === 390) expect(Math.round(box.width)).toBe(390);
      else expect(box.width).toBeGreaterThanOrEqual(28 * 16);
      // All five results are in view without scrolling the list.
      const fifth = (await page.getByRole('option').nth(4).boundingBox())!;
      expect(fifth.y + fifth.height).toBeLessThanOrEqual(box.y + box.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }

  it('show "Fix calendar sync errors" among the first three for "google calendar not syncing"', async () => {
    const page = await suite.newPage();
    await page.goto('/');
    await typeInHeader(page, 'google calendar not syncing');
    await expect.poll(async () => (await suggestedTitles(page)).slice(0, 3)).toContain('Fix calendar sync errors');
  });
});

describe('the search page', () => {
  it('helps when nothing is found: popular articles, ask with the title, contact with the query', async () => {
    const page = await suite.newPage();
    await page.goto('/search?q=xylophone+zeppelin');
    expect(await page.getByRole('status').textContent()).toContain('No results for “xylophone zeppelin”');
    const popular = page.getByRole('region', { name: 'Popular articles' });
    const links = popular.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(3);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/help\/[a-z-]+\/[a-z0-9-]+$/);

    const escalation = page.getByRole('region', { name: 'We could not find an answer' });
    expect(await escalation.getByRole('link', { name: 'Ask the community' }).getAttribute('href')).toBe('/community/ask?title=xylophone+zeppelin');
    expect(await escalation.getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe('/contact?q=xylophone+zeppelin');

    const member = await signedInPage(suite, MEMBER.email, MEMBER.password);
    await member.goto('/search?q=xylophone+zeppelin');
    await member.getByRole('link', { name: 'Ask the community' }).click();
    await expect.poll(() => new URL(member.url()).pathname).toBe('/community/ask');
    expect(await member.getByLabel('Title').inputValue()).toBe('xylophone zeppelin');
  });

  it('offers "Did you mean" for a typo, keeping the type filter', async () => {
    const page = await suite.newPage();
    await page.goto('/search?q=invocie&type=article');
    const line = page.locator('p.did-you-mean');
    expect(await line.count()).toBe(1);
    expect((await line.innerText()).trim()).toMatch(/^Did you mean invoice\?/);
    expect(await line.getByRole('link', { name: 'invoice' }).getAttribute('href')).toBe('/search?q=invoice&type=article');
    await line.getByRole('link', { name: 'invoice' }).click();
    expect((await page.getByRole('status').innerText()).replace(/\s+/g, ' ')).toMatch(/results? for “invoice” in help articles/);
  });
});

describe('the contact form suggests answers', () => {
  it('while the subject is typed', async () => {
    const page = await suite.newPage();
    await page.goto('/contact');
    const region = page.getByRole('region', { name: 'These may solve it right away' });
    expect(await region.isVisible()).toBe(false);
    await page.getByLabel('Subject').pressSequentially('export notes', { delay: 20 });
    await expect.poll(() => region.getByRole('link').first().isVisible()).toBe(true);
    // The script builds each link through /contact/open with the form's visit id, so opening it counts as a deflection attempt.
    const href = new URL((await region.getByRole('link', { name: 'Export notes and notebooks' }).getAttribute('href'))!, suite.server.url);
    expect(href.pathname).toBe('/contact/open');
    expect(href.searchParams.get('to')).toBe('/help/notes-sharing/export-notes');
    expect(href.searchParams.get('visit')).toBe(await page.locator('input[name="visit"]').inputValue());
    expect(await region.getByRole('link').first().getAttribute('target')).toBe('_blank');
  });

  it('without JavaScript through "Find answers first", keeping everything typed and sending nothing', async () => {
    const page = await suite.newPage({ javaScriptEnabled: false });
    await page.goto('/contact');
    await page.getByLabel('Your name').fill('Noa Script');
    await page.getByLabel('Email').fill('noa@example.com');
    await page.getByLabel('Subject').fill('export notes');
    await page.getByLabel('What happened?').fill('I need all my notes as files before our audit next week.');
    await page.getByLabel('What is it about?').selectOption('notes-sharing');
    await page.getByRole('radio', { name: /^High/ }).check();
    await page.getByRole('radio', { name: 'Confused' }).check();
    const ticketsBefore = await suite.server.db.selectFrom('tickets').select('id').execute();
    await page.getByRole('button', { name: 'Find answers first' }).click();

    const region = page.getByRole('region', { name: 'These may solve it right away' });
    await expect.poll(() => region.isVisible()).toBe(true);
    expect(await region.getByRole('link', { name: 'Export notes and notebooks' }).count()).toBe(1);
    // Opening the suggestion records a deflection attempt for this visit and leads on to the article.
    const link = await region.getByRole('link', { name: 'Export notes and notebooks' }).getAttribute('href');
    const visit = new URL(link!, suite.server.url).searchParams.get('visit')!;
    const opened = await page.request.get(link!, { maxRedirects: 0 });
    expect(opened.status()).toBe(303);
    expect(opened.headers()['location']).toBe('/help/notes-sharing/export-notes');
    const attempts = () => suite.server.db.selectFrom('contact_deflections').select(['url', 'ticket_id']).where('visit_id', '=', visit).execute();
    expect(await attempts()).toEqual([{ url: '/help/notes-sharing/export-notes', ticket_id: null }]);
    expect(await page.getByLabel('Your name').inputValue()).toBe('Noa Script');
    expect(await page.getByLabel('Email').inputValue()).toBe('noa@example.com');
    expect(await page.getByLabel('Subject').inputValue()).toBe('export notes');
    expect(await page.getByLabel('What happened?').inputValue()).toBe('I need all my notes as files before our audit next week.');
    expect(await page.getByLabel('What is it about?').inputValue()).toBe('notes-sharing');
    expect(await page.getByRole('radio', { name: /^High/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Confused' }).isChecked()).toBe(true);
    expect(await suite.server.db.selectFrom('tickets').select('id').execute()).toEqual(ticketsBefore);

    // Still not solved: the same form sends the request.
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('We received your request');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('export notes');
    // The visit sent a request after all: its attempt belongs to the ticket and is no deflection.
    const ticket = await suite.server.db.selectFrom('tickets').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(await attempts()).toEqual([{ url: '/help/notes-sharing/export-notes', ticket_id: ticket.id }]);
  });
});

describe('similar questions while asking', () => {
  it('appear as the title is typed (needs the new engine for this sentence)', async () => {
    const page = await signedInPage(suite, MEMBER.email, MEMBER.password);
    await page.goto('/community/ask');
    await page.getByLabel('Title').pressSequentially('Google Calendar events not showing up in Fieldnote', { delay: 10 });
    const region = page.getByRole('region', { name: 'Similar questions — is yours already answered?' });
    await expect.poll(() => region.isVisible(), { timeout: 5000 }).toBe(true);
    const count = await region.getByRole('link').count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(5);
  });

  it('appear without JavaScript through "Find similar questions", keeping what was typed', async () => {
    const page = await signedInPage(suite, MEMBER.email, MEMBER.password, { javaScriptEnabled: false });
    await page.goto('/community/ask');
    await page.getByLabel('Title').fill('Google Calendar');
    await page.getByLabel('Details (Markdown)').fill('Events from my work calendar stopped appearing yesterday.');
    await page.getByLabel('Tags').fill('calendar-sync google');
    await page.getByRole('button', { name: 'Find similar questions' }).click();
    const region = page.getByRole('region', { name: 'Similar questions — is yours already answered?' });
    await expect.poll(() => region.isVisible()).toBe(true);
    const links = region.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(1);
    expect(await links.count()).toBeLessThanOrEqual(5);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/community\/questions\/\d+\//);
    expect(await page.getByLabel('Title').inputValue()).toBe('Google Calendar');
    expect(await page.getByLabel('Details (Markdown)').inputValue()).toBe('Events from my work calendar stopped appearing yesterday.');
    expect(await page.getByLabel('Tags').inputValue()).toBe('calendar-sync google');
  });
});

// Last: it empties the search index.
describe('the search page with an empty index', () => {
  it('names the help topic closest to the query for the popular articles', async () => {
    await createEmbeddedEngine(suite.server.db).clear();
    const page = await suite.newPage();
    await page.goto('/search?q=my+calendars+are+not+syncing');
    expect(await page.getByRole('status').textContent()).toContain('No results');
    const popular = page.getByRole('region', { name: 'Popular articles in Calendar sync' });
    const links = popular.getByRole('link');
    expect(await links.count()).toBe(6);
    expect(await popular.getByRole('link', { name: 'All Calendar sync articles' }).getAttribute('href')).toBe('/help/calendar-sync');
    for (const href of (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).slice(0, 5)) expect(href).toMatch(/^\/help\/calendar-sync\//);
  });
});
