// End-to-end: while a visitor types a request about an ongoing problem, the
// contact form suggests the open known issue with its status; "Follow this
// issue instead" asks for the email when there is none, then follows it in
// one click with no request sent; a request sent anyway is linked to the issue.
import type { Page } from 'playwright';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKnownIssue } from '@/server/known-issues/known-issues';
import { makeUser } from '../support/factories';
import { useServerAndBrowser } from '../support/browser-suite';

let page: Page;
let issue: { id: number; slug: string };

const suite = useServerAndBrowser({ SEED_DEMO: 'never' });
beforeAll(async () => {
  const db = suite.server.db;
  const staff = await makeUser(db, { role: 'staff' });
  issue = await createKnownIssue(db, staff, {
    kind: 'incident',
    title: 'Outlook calendar events arrive hours late',
    summary: 'Events from Outlook calendars reach Fieldnote hours after they are created.',
    severity: 'major',
    areas: ['calendar sync'],
    ownerId: null,
    workaround: '',
    etaAt: null,
    startsAt: null,
    endsAt: null,
    githubRepo: null,
    githubIssueNumber: null,
    articleSlugs: [],
    status: 'fixing',
    message: 'A fix for late Outlook events is rolling out.',
  });
  // The worker indexes the issue through the known-issue search source before the form is opened.
  const deadline = Date.now() + 30_000;
  while ((await db.selectFrom('search_index_changes').select('id').where('doc_id', '=', `known_issue-${issue.id}`).execute()).length > 0) {
    if (Date.now() > deadline) throw new Error('The index change was not applied in time');
    await new Promise((r) => setTimeout(r, 200));
  }
});
beforeEach(async () => {
  page = await suite.newPage();
});

describe('known issues on the contact form', () => {
  it('follows the suggested issue instead of writing: the email asked for first, then one click', async () => {
    await page.goto('/contact');
    await page.getByLabel('Your name').fill('Robin Hale');
    await page.getByLabel('Subject').fill('Outlook events late');
    const follow = page.getByRole('button', { name: /Follow this issue instead/ });
    await expect.poll(() => follow.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('region', { name: 'These may solve it right away' }).innerText()).toContain(
      'Outlook calendar events arrive hours late · Fix in progress',
    );
    expect(await page.locator('input[name="knownIssueId"]').inputValue()).toBe(String(issue.id));

    await follow.click();
    const status = page.locator('[data-follow-status]');
    await expect.poll(() => status.textContent()).toBe('Type your email address to follow this issue.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    expect(page.url()).toMatch(/\/contact$/);

    await page.getByRole('textbox', { name: 'Email' }).fill('robin.hale@example.com');
    await follow.click();
    await expect.poll(() => status.textContent()).toContain('Check your inbox to confirm: we sent a link to robin.hale@example.com.');
    expect(await page.getByText('Following', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('Subject').inputValue()).toBe('Outlook events late');
    const tickets = await suite.server.db.selectFrom('tickets').select('id').where('requester_email', '=', 'robin.hale@example.com').execute();
    expect(tickets).toEqual([]);
  });

  it('links a request sent anyway to the suggested issue', async () => {
    await page.goto('/contact');
    await page.getByLabel('Your name').fill('Kim Lee');
    await page.getByRole('textbox', { name: 'Email' }).fill('kim.lee@example.com');
    await page.getByLabel('Subject').fill('Outlook events late');
    await expect.poll(() => page.getByRole('button', { name: /Follow this issue instead/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByLabel('What happened?').fill('Meetings I add in Outlook show up in Fieldnote only the next day.');
    await page.getByLabel('What is it about?').selectOption('calendar-sync');
    await page.getByRole('button', { name: 'Send to support', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('We received your request');
    const ticket = await suite.server.db
      .selectFrom('tickets')
      .select('known_issue_id')
      .where('requester_email', '=', 'kim.lee@example.com')
      .executeTakeFirstOrThrow();
    expect(ticket.known_issue_id).toBe(issue.id);
  });
});
