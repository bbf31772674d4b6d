// Small web-layer helpers shared by pages.
import { config } from '@/config';
import type { SiteContext } from '@/server/email/templates';

export function siteContext(): SiteContext {
  const cfg = config();
  return { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME };
}

/** A same-site path to return to after signing in; anything else becomes "/". */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
