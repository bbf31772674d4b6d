// End-to-end: an agent works the inbox on a phone-sized screen, as staff
// would between meetings: nothing scrolls sideways at 390 px, the filter form
// sorts newest first, two requests are picked and assigned in one go, and the
// "Mine" tab then holds them. The bulk form is a plain form (no script).
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeTicket, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();

describe('the staff inbox in the browser', () => {
  it('fits a 390 px screen and assigns two picked requests to me', async () => {
    const agent = await makeUser(suite.server.db, { role: 'staff', displayName: 'Pia Phone' });
    const urgent = await makeTicket(suite.server.db, {
      subject: 'Everyone in our team is signed out and cannot get back in',
      urgency: 'urgent',
      emotion: 'frustrated',
    });
    const other = await makeTicket(suite.server.db, { subject: 'How do I change the week start to Monday?', urgency: 'low' });
    const page = await signedInPage(suite, agent.email, GOOD_PASSWORD, { viewport: { width: 390, height: 844 } });
    await page.goto('/staff/tickets');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Ticket inbox' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Newest first (whatever else the demo data holds, these two lead), through the filter form.
    await page.getByText('Filter and sort').click();
    await page.getByLabel('Sort by').selectOption({ label: 'Newest' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('sort=newest');
    const rows = page.getByRole('list', { name: 'Requests' }).getByRole('listitem');
    expect(await rows.nth(0).getByRole('link').first().textContent()).toBe('How do I change the week start to Monday?');
    const urgentRow = rows.filter({ has: page.getByRole('checkbox', { name: `Select ${urgent.ref}` }) });
    expect(await urgentRow.textContent()).toMatch(/due in \d+ min/);
    expect(await urgentRow.textContent()).toContain('feels frustrated');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('checkbox', { name: `Select ${urgent.ref}` }).check();
    await page.getByRole('checkbox', { name: `Select ${other.ref}` }).check();
    await page.getByLabel('Assign to').selectOption({ label: 'Me' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('2 requests assigned.');

    await page.getByRole('link', { name: /^Mine \d+$/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^Mine/ }).isVisible()).toBe(true);
    const mine = await page.getByRole('list', { name: 'Requests' }).getByRole('listitem').allTextContents();
    expect(mine).toHaveLength(2);
    expect(mine.every((row) => row.includes('Pia Phone'))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
