// A random, anonymous visitor id kept in a cookie, so a visitor without an
// account votes once per article. It carries no personal data.
import type { AstroCookies } from 'astro';
import { randomToken } from '@/lib/crypto';
import { config } from '@/config';

const VISITOR_COOKIE = 'hearth_vid';

export function visitorId(cookies: AstroCookies): string | undefined {
  const value = cookies.get(VISITOR_COOKIE)?.value;
  return value && /^[a-z2-7]{16,64}$/.test(value) ? value : undefined;
}

export function ensureVisitorId(cookies: AstroCookies): string {
  const existing = visitorId(cookies);
  if (existing) return existing;
  const id = randomToken(16);
  cookies.set(VISITOR_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https://'),
    path: '/',
    maxAge: 365 * 24 * 60 * 60,
  });
  return id;
}
