// End-to-end: an admin invites a new agent from /admin, the agent opens the
// emailed link in their own browser, chooses a name and password and lands in
// the staff area; an admin saves the site settings through the form. Every
// administration page fits a 390 px phone without sideways scrolling.
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();

describe('administration in the browser', () => {
  it('invites an agent who accepts from the emailed link and works as staff', async () => {
    const admin = await makeUser(suite.server.db, { role: 'admin', displayName: 'Eve Admin' });
    const page = await signedInPage(suite, admin.email, GOOD_PASSWORD);
    await page.goto('/staff');
    await page.getByRole('link', { name: /Administration/ }).click();
    await page.getByLabel('Email address').fill('new.agent@fieldnote.example');
    await page.getByLabel('Invite as').selectOption('staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to new.agent@fieldnote.example').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Withdraw the invitation to new.agent@fieldnote.example' }).count()).toBe(1);

    const email = await suite.server.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', 'new.agent@fieldnote.example')
      .executeTakeFirstOrThrow();
    const link = /\/invitations\/[a-z2-7]+/.exec(email.text_body)![0];
    const agent = await suite.newPage();
    await agent.goto(link);
    await agent.getByText('Eve Admin invited').waitFor();
    await agent.getByLabel('Your name').fill('Nia Agent');
    await agent.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
    await agent.getByLabel('Repeat the password').fill(GOOD_PASSWORD);
    await agent.getByRole('button', { name: 'Create my account' }).click();
    await agent.waitForURL((url) => url.pathname === '/staff');
    await agent.getByRole('heading', { name: 'Staff area' }).waitFor();
    // Staff, not admin: administration stays closed to the new agent.
    expect((await agent.goto('/admin'))!.status()).toBe(403);
    expect((await agent.goto(link))!.status()).toBe(404);
  });

  it('saves the support hours and SLA targets through the form, without JavaScript', async () => {
    const admin = await makeUser(suite.server.db, { role: 'admin' });
    const page = await signedInPage(suite, admin.email, GOOD_PASSWORD, { javaScriptEnabled: false });
    await page.goto('/admin/settings');
    await page.getByLabel('Saturday').check();
    await page.getByLabel('Closes at').fill('18:30');
    await page.getByLabel('High: minutes').fill('90');
    await page.getByLabel('Holidays').fill('2026-12-25\n2026-12-26');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await expect.poll(() => page.getByLabel('Closes at').inputValue()).toBe('18:30');
    expect(await page.getByLabel('Saturday').isChecked()).toBe(true);
    expect(await page.getByLabel('High: minutes').inputValue()).toBe('90');
  });

  it('fits every administration page into 390 px', async () => {
    const admin = await makeUser(suite.server.db, { role: 'admin', displayName: 'Narrow Admin' });
    const member = await makeUser(suite.server.db, { email: 'a.very.long.address.for.wrapping.checks@subdomain.fieldnote.example' });
    const page = await signedInPage(suite, admin.email, GOOD_PASSWORD, { viewport: { width: 390, height: 800 } });
    for (const path of ['/admin', '/admin/settings', `/admin/users/${member.id}`, `/admin/users/${admin.id}`, '/staff', '/staff/notifications']) {
      await page.goto(path);
      expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 390 });
    }
  });
});
