// Banner notices a visitor dismissed this visit: the issue ids in a session
// cookie (gone when the browser closes), so dismissing needs no JavaScript and
// no account, and the banner's cached list is filtered per request without a query.
import type { AstroCookies } from 'astro';
import { config } from '@/config';

export const DISMISSED_COOKIE = 'hearth_ki_dismissed';
/** More than this many dismissed ids keeps the newest (there are never that many banners at once). */
const MAX_IDS = 30;

export function dismissedIssueIds(cookies: AstroCookies): Set<number> {
  const value = cookies.get(DISMISSED_COOKIE)?.value ?? '';
  if (!/^\d{1,12}(\.\d{1,12})*$/.test(value)) return new Set();
  return new Set(value.split('.').map(Number));
}

export function dismissIssue(cookies: AstroCookies, issueId: number): void {
  const ids = [...dismissedIssueIds(cookies)].filter((id) => id !== issueId);
  ids.push(issueId);
  // A session cookie (no maxAge): the notice returns on the next visit.
  cookies.set(DISMISSED_COOKIE, ids.slice(-MAX_IDS).join('.'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https://'),
    path: '/',
  });
}
