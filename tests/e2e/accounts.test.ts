// End-to-end: a customer signs up and confirms the address through the emailed
// link, signs out and in, mistypes, forgets the password and resets it through
// the emailed link, hits the sign-in rate limit and gets in with a sign-in link.
// The suite makes its own people (no demo data needed).
import type { Page } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { submitSignIn } from '../support/sign-in';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
let page: Page;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
// Registered after the SMTP server's hook, so its address is known when the suite starts.
const suite = useServerAndBrowser(() => ({ SMTP_URL: smtp.url, SEED_DEMO: 'never' }));
afterAll(async () => {
  await smtp?.close();
});
beforeAll(async () => {
  for (const [displayName, email] of [
    ['Jordan Reyes', 'jordan.reyes@example.com'],
    ['Lena Fischer', 'lena.fischer@example.com'],
    ['Marcus Bell', 'marcus.bell@example.com'],
  ] as const) {
    await makeUser(suite.server.db, { displayName, email });
  }
});
beforeEach(async () => {
  // Every browser request comes from 127.0.0.1: start each test with a clean per-IP rate-limit log.
  await suite.server.db.deleteFrom('rate_limit_events').execute();
  page = await suite.newPage();
});

async function signUp(displayName: string, email: string, password: string) {
  await page.goto('/signup');
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

const signIn = (email: string, password: string) => submitSignIn(page, email, password);

describe('accounts in the browser', () => {
  it('signs up, signs out and signs in again', async () => {
    await signUp('Robin Hale', 'robin.hale@example.com', 'a quiet walk home');
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true);
    const mail = await smtp.waitFor(
      (m) => m.subject === 'Confirm your email address for Fieldnote Support' && (m.to as { text: string }).text === 'robin.hale@example.com',
    );
    await page.goto(/(http:\/\/\S+\/verify\/[a-z2-7]+)/.exec(mail.text ?? '')![1]!);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Account settings' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Welcome, Robin Hale!').isVisible()).toBe(true);

    await page.getByText('Account menu for Robin Hale').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You are signed out.').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);

    await signIn('robin.hale@example.com', 'a quiet walk home');
    await page.goto('/account');
    expect(await page.getByRole('main').getByText('robin.hale@example.com').isVisible()).toBe(true);
  });

  it('explains a wrong password and keeps the email that was typed', async () => {
    await signIn('jordan.reyes@example.com', 'definitely wrong');
    const alert = page.getByRole('alert').first();
    await expect.poll(() => alert.textContent()).toContain('The email or password is incorrect');
    expect(await page.getByLabel('Email').inputValue()).toBe('jordan.reyes@example.com');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  });

  it('answers a known email like a new one (the owner is told by email), and refuses a password that is too short, keeping what was typed', async () => {
    await signUp('Second Jordan', 'jordan.reyes@example.com', 'another fine password');
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true);
    await smtp.waitFor(
      (m) => m.subject === 'Someone tried to sign up for Fieldnote Support with your address' && (m.to as { text: string }).text === 'jordan.reyes@example.com',
    );

    await signUp('Short Pat', 'short.pat@example.com', 'abc123');
    await expect.poll(() => page.locator('#field-password-error').textContent()).toContain('at least 8 characters');
    expect(await page.getByLabel('Email').inputValue()).toBe('short.pat@example.com');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
  });

  it('resets a forgotten password through the emailed link, which works only once', async () => {
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('lena.fischer@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('we have sent it a link');

    const mail = await smtp.waitFor((m) => m.subject === 'Reset your Fieldnote Support password');
    const link = /(http:\/\/\S+\/reset-password\/[a-z2-7]+)/.exec(mail.text ?? '')![1]!;
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('lena resets it now');
    await page.getByLabel('Repeat the new password').fill('lena resets it now');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByText('Your password was changed. Sign in with your new password.').isVisible()).toBe(true);

    await signIn('lena.fischer@example.com', 'lena resets it now');
    await page.goto('/account');
    expect(await page.getByRole('main').getByText('lena.fischer@example.com').isVisible()).toBe(true);

    await page.goto(link);
    expect(await page.getByText('This reset link has expired or was already used.').isVisible()).toBe(true);
  });

  it('stops sign-in attempts after 5 failures with a clear message', async () => {
    for (let i = 0; i < 5; i++) {
      await signIn('marcus.bell@example.com', `guess number ${i}`);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('incorrect');
    }
    await signIn('marcus.bell@example.com', GOOD_PASSWORD);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Too many failed sign-in attempts');
    expect(await page.getByRole('alert').first().textContent()).toContain('15 minutes');
    expect(await page.getByLabel('Email').inputValue()).toBe('marcus.bell@example.com');

    // The owner still gets in once with an emailed sign-in link.
    await page.getByRole('link', { name: 'Email me a sign-in link' }).click();
    await page.getByLabel('Email').fill('marcus.bell@example.com');
    await page.getByRole('button', { name: 'Send sign-in link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('a link that signs you in once');
    const mail = await smtp.waitFor((m) => m.subject === 'Your Fieldnote Support sign-in link');
    await page.goto(/(http:\/\/\S+\/signin\/link\/[a-z2-7]+)/.exec(mail.text ?? '')![1]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Account settings' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').getByText('marcus.bell@example.com').isVisible()).toBe(true);
  });
});
