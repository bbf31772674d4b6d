// The one check for a redirect target that came with the request (`next`,
// `back`, `to`): it must be a path on this site. Browsers strip tabs and
// newlines from a Location and read `\` as `/`, so `/\t/evil.example` and
// `/\evil.example` leave the site although they start with one slash; the
// target is therefore parsed the way a browser parses it and refused unless
// it stays on SITE_URL's origin.
import { z } from 'zod';
import { config } from '@/config';

/** Longest target accepted; real paths on this site are far shorter. */
const MAX_LENGTH = 2000;

// Control characters (C0, DEL, C1), Unicode line/paragraph separators and
// backslashes, raw or percent-encoded: none belongs in a path we link to.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]|%(?:[01][0-9a-f]|7f|5c)/i;

/**
 * `value` as `pathname + search + hash` on this site, or undefined when it is
 * not a local path: another origin, a scheme like `javascript:`, `//host`,
 * control characters or backslashes (also percent-encoded). A relative value
 * resolves against the site root; an absolute URL on SITE_URL's origin is kept as its path.
 */
export function safeLocalPath(value: string | null | undefined, siteUrl: string): string | undefined {
  if (!value || value.length > MAX_LENGTH || UNSAFE.test(value)) return undefined;
  let url: URL;
  let site: URL;
  try {
    site = new URL(siteUrl);
    url = new URL(value, site);
  } catch {
    return undefined;
  }
  if (url.origin !== site.origin) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//host` normalizes to `//host`: on this origin, yet a Location a browser would leave by.
  if (!path.startsWith('/') || path.startsWith('//')) return undefined;
  return path;
}

/** A form or query field holding a redirect target: parsed to its local path, or refused with a message. */
export const localPathField = z.string().transform((value, ctx) => {
  const path = safeLocalPath(value, config().SITE_URL);
  if (path === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Not a path on this site.' });
    return z.NEVER;
  }
  return path;
});
