// The help articles read during this visit (a session cookie of slugs), so the
// contact form can tell support what the customer already read.
import type { AstroCookies } from 'astro';

const TRAIL_COOKIE = 'hearth_read';
const MAX = 5;

export function readArticles(cookies: AstroCookies): string[] {
  const value = cookies.get(TRAIL_COOKIE)?.value ?? '';
  return value
    .split('.')
    .filter((slug) => /^[a-z0-9-]{1,80}$/.test(slug))
    .slice(0, MAX);
}

export function rememberArticleRead(cookies: AstroCookies, slug: string): void {
  const trail = [slug, ...readArticles(cookies).filter((s) => s !== slug)].slice(0, MAX);
  cookies.set(TRAIL_COOKIE, trail.join('.'), { httpOnly: true, sameSite: 'lax', path: '/' });
}
