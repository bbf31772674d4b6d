// End-to-end: a visitor on a phone-sized screen, without JavaScript, sees the
// banner of an active major issue on /help, opens the issue, says it affects
// them, reads the board, and dismisses the banner for the visit. Nothing
// scrolls sideways at 390 px.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { insertKnownIssue } from '../support/known-issues';

const suite = useServerAndBrowser({ SEED_DEMO: 'never' });
const now = Date.now();
const HOUR = 60 * 60_000;

beforeAll(async () => {
  await insertKnownIssue(suite.server.db, {
    slug: 'google-calendar-stops-syncing-after-password-change',
    title: 'Google Calendar events stop syncing after password change',
    summary: 'After a Google password change, new events no longer appear in Fieldnote until the calendar is reconnected.',
    severity: 'major',
    status: 'identified',
    areas: ['calendar sync', 'integrations'],
    workaroundHtml: '<p>Open <strong>Settings → Calendars</strong> and choose <em>Reconnect</em> next to your Google account.</p>',
    createdAt: now - 4 * HOUR,
    updates: [
      { status: 'investigating', html: '<p>We are looking into reports that Google Calendar events stopped appearing.</p>', at: now - 4 * HOUR },
      { status: 'identified', html: '<p>We found the cause: the sign-in token is not refreshed after a password change.</p>', at: now - HOUR },
    ],
  });
  await insertKnownIssue(suite.server.db, {
    slug: 'pdf-exports-missed-images',
    title: 'PDF exports missed images in long notes',
    severity: 'minor',
    status: 'fixed',
    areas: ['exports'],
    fixedAt: now - 2 * 24 * HOUR,
  });
});

const fits = (page: import('playwright').Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the known-issues board in the browser', () => {
  it('shows the banner, counts "I\'m affected too" and dismisses the banner, all without JavaScript at 390 px', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await page.goto('/help');
    const banner = page.getByRole('complementary', { name: 'Service notices' });
    await banner.getByRole('link', { name: 'Google Calendar events stop syncing after password change' }).waitFor();
    expect(await fits(page)).toBeLessThanOrEqual(390);

    await banner.getByRole('link', { name: 'Google Calendar events stop syncing after password change' }).click();
    await page.getByRole('heading', { level: 1, name: 'Google Calendar events stop syncing after password change' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Workaround' }).isVisible()).toBe(true);
    expect(await fits(page)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'I’m affected too' }).click();
    await page.getByText('You reported this affects you.').waitFor();
    expect(await page.getByText('1 person has reported this affects them.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'I’m affected too' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Known issues', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Known issues' }).waitFor();
    expect(await page.getByText('Calendar sync — Partial outage: 1 open issue').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Recently fixed' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'PDF exports missed images in long notes' }).isVisible()).toBe(true);
    expect(await fits(page)).toBeLessThanOrEqual(390);

    // Filter to fixed issues with the plain form.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Fixed' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=fixed/);
    expect(
      await page
        .getByRole('region', { name: 'Open issues' })
        .getByRole('link', { name: /Google Calendar/ })
        .count(),
    ).toBe(0);

    await page.goto('/help');
    await page.getByRole('button', { name: 'Dismiss the notice about Google Calendar events stop syncing after password change' }).click();
    await page.waitForURL(/\/help$/);
    expect(await page.getByRole('complementary', { name: 'Service notices' }).count()).toBe(0);
    await page.goto('/community');
    expect(await page.getByRole('complementary', { name: 'Service notices' }).count()).toBe(0);
  });
});
