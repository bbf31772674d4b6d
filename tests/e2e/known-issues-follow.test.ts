// End-to-end in Chromium, with JavaScript off and on a phone (390 px): a
// visitor follows a known issue by email (a mistake keeps what was typed), opens
// the emailed link and confirms; a member follows with one click and unfollows;
// back after two hours, the member sees "Fixed since your last visit" once and
// dismisses it. Nothing scrolls sideways.
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();
let issue: { id: number; slug: string; title: string };

beforeAll(async () => {
  const now = Date.now();
  issue = await suite.server.db
    .insertInto('known_issues')
    .values({
      slug: `e2e-follow-${now}`,
      title: 'Calendar sync is delayed for Outlook accounts',
      summary: 'Events created in Outlook take up to an hour to appear in Fieldnote.',
      severity: 'major',
      status: 'fixing',
      owner_id: null,
      eta_at: null,
      starts_at: null,
      ends_at: null,
      github_repo: null,
      github_issue_number: null,
      created_by: null,
      created_at: now - 3 * 60 * 60_000,
      updated_at: now,
      last_update_at: now,
      fixed_at: null,
      update_due_notified_at: null,
    })
    .returning(['id', 'slug', 'title'])
    .executeTakeFirstOrThrow();
});

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('following a known issue', () => {
  it('a visitor follows by email and confirms from the emailed link, without JavaScript', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await page.goto(`/known-issues/${issue.slug}/follow`);
    await page.getByLabel('Your email address').fill('not an address');
    await page.getByRole('button', { name: 'Follow by email' }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    expect(await page.getByLabel('Your email address').inputValue()).toBe('not an address');
    await page.getByLabel('Your email address').fill('e2e.visitor@example.com');
    await page.getByRole('button', { name: 'Follow by email' }).click();
    await page.getByText('Check your inbox').waitFor();
    expect(await noSideways(page)).toBeLessThanOrEqual(390);

    const mail = await suite.server.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', 'e2e.visitor@example.com')
      .executeTakeFirstOrThrow();
    const link = /http:\/\/\S+\/known-issues\/follow\/confirm\?token=[a-z2-7]+/.exec(mail.text_body)![0];
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Confirmed: you will get an email with each update').waitFor();
    expect(await noSideways(page)).toBeLessThanOrEqual(390);
    const row = await suite.server.db
      .selectFrom('known_issue_followers')
      .select('confirmed_at')
      .where('known_issue_id', '=', issue.id)
      .where('email', '=', 'e2e.visitor@example.com')
      .executeTakeFirstOrThrow();
    expect(row.confirmed_at).not.toBeNull();
  });

  it('a member follows with one click, unfollows, follows again, and after two hours away sees "Fixed since your last visit" once', async () => {
    const member = await makeUser(suite.server.db, { displayName: 'Jordan Follower' });
    const page = await signedInPage(suite, member.email, GOOD_PASSWORD, { viewport: { width: 390, height: 844 } });
    const followPage = `/known-issues/${issue.slug}/follow`;
    // Back to this form after each click (from the issue page, a click leads back to the issue page).
    const click = async (name: string) => {
      await page.goto(`${followPage}?next=${encodeURIComponent(followPage)}`);
      await page.getByRole('button', { name, exact: true }).click();
      await page.waitForURL(`**${followPage}`);
    };
    await click('Follow');
    await page.getByText('You follow this issue').waitFor();
    await click('Unfollow');
    await page.getByText('Get an email with each update').waitFor();
    await click('Follow');
    await page.getByText('You follow this issue').waitFor();

    // Staff fix it (the core's postUpdate does this); the member comes back two hours after last being seen.
    await suite.server.db.updateTable('known_issues').set({ status: 'fixed', fixed_at: Date.now() }).where('id', '=', issue.id).execute();
    await suite.server.db
      .updateTable('users')
      .set({ last_seen_at: Date.now() - 2 * 60 * 60_000 })
      .where('id', '=', member.id)
      .execute();
    await page.goto('/help');
    const panel = page.getByRole('region', { name: 'Fixed since your last visit' });
    await panel.waitFor();
    expect(await panel.getByRole('link', { name: issue.title }).getAttribute('href')).toBe(`/known-issues/${issue.slug}`);
    expect(await noSideways(page)).toBeLessThanOrEqual(390);
    await panel.getByRole('link', { name: /Dismiss/ }).click();
    await page.waitForURL('**/help');
    expect(await page.getByRole('region', { name: 'Fixed since your last visit' }).count()).toBe(0);
    await page.goto('/community');
    expect(await page.getByRole('region', { name: 'Fixed since your last visit' }).count()).toBe(0);
  });
});
