// End-to-end, the known-issues board's whole journey in Chromium, with email
// read from a real SMTP server: staff post a major issue and the banner
// appears on /help; a member follows it; a visitor writing a request about the
// same problem sees it suggested and follows it instead (confirming from the
// emailed link); another customer sends the request anyway and it is linked;
// staff reply to all linked tickets; staff post "fixed": the banner is gone,
// the member sees "Fixed since your last visit", and the follower emails, the
// bulk reply and the fix notice arrive.
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
// Registered after the SMTP server's hook, so its address is known when the suite starts. No demo data: no banner before ours.
const suite = useServerAndBrowser(() => ({ SMTP_URL: smtp.url, SEED_DEMO: 'never' }));
afterAll(async () => {
  await smtp?.close();
});

const TITLE = 'Note changes take hours to sync between devices';
const bannerLink = (page: Page) => page.getByRole('complementary', { name: 'Service notices' }).getByRole('link', { name: TITLE });
const toAddress = (mail: { to?: unknown }) => JSON.stringify(mail.to ?? '');

describe('the known-issues board, from posting to fixed', () => {
  it('banner, follow, follow instead of a ticket, bulk reply, fixed, since your last visit, and the emails', async () => {
    const db = suite.server.db;
    const agent = await makeUser(db, { role: 'staff', displayName: 'Kenji Board' });
    const member = await makeUser(db, { displayName: 'Marta Member', email: 'marta.member@example.com' });

    // 1. Staff post a major issue.
    const staff = await signedInPage(suite, agent.email, GOOD_PASSWORD);
    await staff.goto('/staff/known-issues/new');
    await staff.getByLabel('Title').fill(TITLE);
    await staff.getByLabel('Summary').fill('Edits made on one device take up to three hours to appear on your other devices.');
    await staff.getByRole('radio', { name: 'Major' }).check();
    await staff.getByRole('checkbox', { name: 'web app' }).check();
    await staff.getByRole('checkbox', { name: 'mobile' }).check();
    await staff.getByLabel('First update').fill('We are investigating reports that note changes take hours to sync between devices.');
    await staff.getByRole('button', { name: 'Post the known issue' }).click();
    await expect.poll(() => staff.getByRole('heading', { level: 1, name: TITLE }).isVisible()).toBe(true);
    const issueId = Number(/\/staff\/known-issues\/(\d+)/.exec(staff.url())![1]);
    const { slug } = await db.selectFrom('known_issues').select('slug').where('id', '=', issueId).executeTakeFirstOrThrow();

    // The banner is on /help for everyone.
    const visitor = await suite.newPage();
    await visitor.goto('/help');
    await expect.poll(() => bannerLink(visitor).isVisible()).toBe(true);

    // 2. A member follows it with one click.
    const memberPage = await signedInPage(suite, member.email, GOOD_PASSWORD);
    await memberPage.goto(`/known-issues/${slug}`);
    await memberPage.getByRole('region', { name: 'Follow this issue' }).getByRole('button', { name: 'Follow' }).click();
    await expect.poll(() => memberPage.getByText('You follow this issue').isVisible()).toBe(true);

    // 3. A visitor writing a request about the same problem follows the issue instead.
    await visitor.goto('/contact');
    await visitor.getByLabel('Your name').fill('Vera Visitor');
    await visitor.getByRole('textbox', { name: 'Email' }).fill('vera.visitor@example.com');
    await visitor.getByLabel('Subject').fill('Note changes not syncing to my phone');
    const followInstead = visitor.getByRole('button', { name: /Follow this issue instead/ });
    await expect.poll(() => followInstead.isVisible(), { timeout: 15_000 }).toBe(true);
    await followInstead.click();
    await expect.poll(() => visitor.locator('[data-follow-status]').textContent()).toContain('Check your inbox to confirm');
    const confirmation = await smtp.waitFor((m) => toAddress(m).includes('vera.visitor@example.com') && /Confirm/.test(m.subject ?? ''));
    const confirmUrl = /https?:\/\/\S+\/known-issues\/follow\/confirm\?token=[a-z2-7]+/.exec(confirmation.text ?? '')![0];
    await visitor.goto(confirmUrl);
    await visitor.getByRole('button', { name: /Confirm/ }).click();
    await expect.poll(() => visitor.getByText(/^Confirmed: you will get an email with each update/).isVisible()).toBe(true);
    expect(await db.selectFrom('tickets').select('id').where('requester_email', '=', 'vera.visitor@example.com').execute()).toEqual([]);

    // Another customer sends the request anyway: it is linked to the issue.
    const customer = await suite.newPage();
    await customer.goto('/contact');
    await customer.getByLabel('Your name').fill('Colin Customer');
    await customer.getByRole('textbox', { name: 'Email' }).fill('colin.customer@example.com');
    await customer.getByLabel('Subject').fill('Note changes not syncing between my laptop and phone');
    await expect.poll(() => customer.getByRole('button', { name: /Follow this issue instead/ }).isVisible(), { timeout: 15_000 }).toBe(true);
    await customer.getByLabel('What happened?').fill('I edited a meeting note on my laptop this morning and my phone still shows the old version.');
    await customer.getByLabel('What is it about?').selectOption('bug');
    await customer.getByRole('button', { name: 'Send to support', exact: true }).click();
    await expect.poll(() => customer.getByRole('status').first().textContent()).toContain('We received your request');
    const ticket = await db
      .selectFrom('tickets')
      .select(['id', 'known_issue_id'])
      .where('requester_email', '=', 'colin.customer@example.com')
      .executeTakeFirstOrThrow();
    expect(ticket.known_issue_id).toBe(issueId);

    // 4. Staff reply to all linked tickets.
    await staff.goto(`/staff/known-issues/${issueId}`);
    const linked = staff.getByRole('region', { name: /Linked tickets/ });
    expect(await linked.textContent()).toContain('Note changes not syncing between my laptop and phone');
    await staff
      .getByLabel(/Reply to every requester/)
      .fill('Hello {{requester_name}}, this is a known issue: our engineers are on it and we will write again when it is fixed.');
    await staff.getByRole('radio', { name: /^Pending/ }).check();
    await staff.getByRole('button', { name: 'Reply to 1 ticket' }).click();
    await expect.poll(() => staff.url()).toContain('replied=1');
    const bulkReply = await smtp.waitFor((m) => toAddress(m).includes('colin.customer@example.com') && (m.text ?? '').includes('this is a known issue'));
    expect(bulkReply.text).toContain('Hello Colin Customer');
    expect((await db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('pending');

    // 5. Staff post "fixed".
    await staff.getByRole('radio', { name: /^Fixed/ }).check();
    await staff
      .getByLabel('Message', { exact: true })
      .fill('Fixed: a faulty sync queue was replaced, and every change made meanwhile has reached all devices.');
    await staff.getByRole('button', { name: 'Post the update' }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Update posted.');

    // The banner is gone.
    await expect
      .poll(async () => {
        await visitor.goto('/help');
        return bannerLink(visitor).count();
      })
      .toBe(0);

    // The member comes back after two hours away: "Fixed since your last visit", once.
    await db
      .updateTable('users')
      .set({ last_seen_at: Date.now() - 2 * 60 * 60_000 })
      .where('id', '=', member.id)
      .execute();
    await memberPage.goto('/help');
    const panel = memberPage.getByRole('region', { name: 'Fixed since your last visit' });
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.textContent()).toContain(TITLE);
    await memberPage.goto('/community');
    expect(await memberPage.getByRole('region', { name: 'Fixed since your last visit' }).count()).toBe(0);

    // The emails: each follower's "fixed" update (with one-click unsubscribe), and the linked ticket's fix notice.
    for (const address of ['marta.member@example.com', 'vera.visitor@example.com']) {
      const fixed = await smtp.waitFor((m) => toAddress(m).includes(address) && /^Fixed/.test(m.subject ?? ''));
      expect(fixed.text).toContain('a faulty sync queue was replaced');
      const header = (name: string) => (fixed.headerLines.find((h) => h.key === name)?.line ?? '').replace(/\r?\n\s+/g, ' ');
      expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/email\/unsubscribe\?token=[^>]+>$/);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    }
    const notice = await smtp.waitFor((m) => toAddress(m).includes('colin.customer@example.com') && /^Fixed/.test(m.subject ?? ''));
    expect(notice.subject).toBe(`Fixed: ${TITLE}`);
    expect(notice.text).toContain('a faulty sync queue was replaced');
    // Each arrived once.
    const count = (address: string, subject: RegExp) => smtp.messages.filter((m) => toAddress(m).includes(address) && subject.test(m.subject ?? '')).length;
    expect(count('marta.member@example.com', /^Fixed/)).toBe(1);
    expect(count('vera.visitor@example.com', /^Fixed/)).toBe(1);
    expect(count('colin.customer@example.com', /^Fixed/)).toBe(1);
  });
});
