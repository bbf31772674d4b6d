// Signing in through the real /signin form: over HTTP (a cookie for fetch)
// and in the browser (a page whose context holds the session).
import type { Page } from 'playwright';
import type { BrowserSuite } from './browser-suite';

export interface SignedIn {
  /** The whole Set-Cookie header, to check its attributes. */
  setCookie: string;
  /** The session token, as the browser would hold it. */
  token: string;
  /** A `Cookie` header value for later requests. */
  cookie: string;
}

/** Posts the sign-in form to a running server; throws with the page's answer when sign-in fails. */
export async function signInCookie(server: { url: string }, email: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${server.url}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const setCookie = response.headers.get('set-cookie') ?? '';
  const token = /hearth_session=([a-z2-7]+)/.exec(setCookie)?.[1];
  if (response.status !== 303 || !token) throw new Error(`Sign-in as ${email} failed with ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return { setCookie, token, cookie: `hearth_session=${token}` };
}

/** Fills and sends the sign-in form on `page`, without waiting for the outcome (use it for refusals too). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A page in a fresh browser context, signed in and past the sign-in page. */
export async function signedInPage(suite: BrowserSuite, email: string, password: string, options: Parameters<BrowserSuite['newPage']>[0] = {}): Promise<Page> {
  const page = await suite.newPage(options);
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  return page;
}
