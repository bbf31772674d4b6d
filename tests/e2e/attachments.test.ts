// End-to-end: a visitor attaches a screenshot on the contact form; the request
// page shows its thumbnail, and staff see the thumbnail (linked to the full
// file) on the staff ticket page.
import sharp from 'sharp';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();

/** The image has loaded and decoded (a broken thumbnail has no natural width). */
const loadedWidth = (page: Page, alt: string) => page.getByAltText(alt).evaluate((img) => (img as HTMLImageElement).naturalWidth);

describe('attachments in the browser', () => {
  it('a visitor attaches a PNG on /contact and staff see its thumbnail on the staff page', async () => {
    const screenshot = await sharp({ create: { width: 900, height: 500, channels: 3, background: { r: 240, g: 90, b: 30 } } })
      .png()
      .toBuffer();
    const page = await suite.newPage();
    await page.goto('/contact');
    await page.getByLabel('Your name').fill('Robin Hale');
    await page.getByLabel('Email').fill('robin.attach@example.com');
    await page.getByLabel('Subject').fill('Widget shows a blank square');
    await page.getByLabel('What happened?').fill('Since the update the widget shows a blank square; screenshot attached.');
    await page.getByLabel('What is it about?').selectOption('calendar-sync');
    await page.locator('input[type=file][name=attachments]').setInputFiles({ name: 'blank-widget.png', mimeType: 'image/png', buffer: screenshot });
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('We received your request');
    await expect.poll(() => loadedWidth(page, 'blank-widget.png (thumbnail)')).toBe(320);
    expect(
      await page
        .getByRole('list', { name: 'Attached files' })
        .getByRole('link', { name: /blank-widget\.png/ })
        .last()
        .textContent(),
    ).toMatch(/blank-widget\.png \(\d+ KB\)/);
    const ref = /FN-\d+/.exec(page.url())![0];

    const staff = await makeUser(suite.server.db, { role: 'staff', displayName: 'Thumb Agent' });
    const staffPage = await signedInPage(suite, staff.email, GOOD_PASSWORD);
    await staffPage.goto(`/staff/tickets/${ref}`);
    await expect.poll(() => loadedWidth(staffPage, 'blank-widget.png (thumbnail)')).toBe(320);
    const link = staffPage.getByRole('link', { name: 'blank-widget.png (thumbnail)' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^/tickets/${ref}/attachments/\\d+$`));
    const full = await staffPage.request.get(href);
    expect(full.headers()['content-type']).toBe('image/png');
    expect((await full.body()).byteLength).toBe(screenshot.byteLength);
    // Nothing scrolls sideways at 390 px with the thumbnail and chips.
    await staffPage.setViewportSize({ width: 390, height: 800 });
    expect(await staffPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
