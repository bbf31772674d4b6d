// The session cookie, as the Lucia guide sets it: HttpOnly, SameSite=Lax,
// Path=/, Secure when the site is served over https.
import type { AstroCookies } from 'astro';
import type { DB } from '@db/connection';
import { config } from '@/config';
import { createSession, generateSessionToken } from '@/server/accounts/sessions';

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

/** Starts a session for a user who just signed in or up, and sets its cookie. */
export async function startSession(db: DB, cookies: AstroCookies, userId: number): Promise<void> {
  const token = generateSessionToken();
  const session = await createSession(db, token, userId);
  setSessionCookie(cookies, token, session.expiresAt);
}
