// The session cookie, as the Lucia guide sets it: HttpOnly, SameSite=Lax,
// Path=/, Secure when the site is served over https.
import type { AstroCookies } from 'astro';
import { config } from '@/config';

export const SESSION_COOKIE = 'hearth_session';

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: number): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https://'),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https://'),
    path: '/',
    maxAge: 0,
  });
}
