// End-to-end: an agent posts planned maintenance from a phone-sized screen.
// With JavaScript the maintenance window shows only once "Planned maintenance"
// is chosen; nothing scrolls sideways at 390 px on the list, the form or the
// issue's page; an update posted there leads the timeline.
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();
const scrollWidth = (page: import('playwright').Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the staff known-issue pages in the browser', () => {
  it('post planned maintenance on a 390 px screen and then an update', async () => {
    const agent = await makeUser(suite.server.db, { role: 'staff', displayName: 'Kenji Phone' });
    const page = await signedInPage(suite, agent.email, GOOD_PASSWORD, { viewport: { width: 390, height: 844 } });
    await page.goto('/staff/known-issues');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Known issues' }).isVisible()).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    await page.getByRole('link', { name: 'Post a known issue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Post a known issue' }).isVisible()).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    // An incident (the default) has no window to fill in.
    expect(await page.getByLabel('Starts (UTC)').isVisible()).toBe(false);
    await page.getByRole('radio', { name: 'Planned maintenance' }).check();
    expect(await page.getByLabel('Starts (UTC)').isVisible()).toBe(true);

    await page.getByLabel('Title').fill('Database upgrade on Saturday morning');
    await page.getByLabel('Summary').fill('Fieldnote is read-only for up to 30 minutes while we upgrade the database.');
    await page.getByRole('radio', { name: 'Minor' }).check();
    await page.getByRole('checkbox', { name: 'web app' }).check();
    await page.getByLabel('Starts (UTC)').fill('2030-06-01T06:00');
    await page.getByLabel('Ends (UTC)').fill('2030-06-01T05:30');
    await page.getByLabel('First update').fill('We will upgrade the database on Saturday; notes stay readable throughout.');
    await page.getByRole('button', { name: 'Post the known issue' }).click();
    // Refused by the server: the window is shown again (maintenance still chosen) with the message and the times typed.
    await expect.poll(() => page.getByText('The maintenance must end after it starts.').isVisible()).toBe(true);
    expect(await page.getByLabel('Starts (UTC)').inputValue()).toBe('2030-06-01T06:00');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.getByLabel('Ends (UTC)').fill('2030-06-01T06:30');
    await page.getByRole('button', { name: 'Post the known issue' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Database upgrade on Saturday morning' }).isVisible()).toBe(true);
    expect(await page.getByRole('status').textContent()).toContain('The known issue is on the public board');
    expect(await page.locator('.ki-facts').textContent()).toContain('Jun 1, 2030, 6:00 AM UTC to Jun 1, 2030, 6:30 AM UTC');
    expect(await page.locator('.ki-badges').textContent()).toContain('Planned maintenance');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    await page.getByRole('radio', { name: /^Monitoring/ }).check();
    await page.getByLabel('Message').fill('The upgrade is done; we are watching that everything stays fast.');
    await page.getByRole('button', { name: 'Post the update' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Update posted.');
    const timeline = page.getByRole('region', { name: /Timeline/ }).getByRole('listitem');
    expect(await timeline.first().textContent()).toContain('The upgrade is done');
    expect(await timeline.nth(1).textContent()).toContain('We will upgrade the database on Saturday');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'tests/.artifacts/known-issue-staff-390.png', fullPage: true });
  });
});
