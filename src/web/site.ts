// Small web-layer helpers shared by pages.
import { config } from '@/config';
import type { SiteContext } from '@/server/email/templates';
import { safeLocalPath } from '@/web/safe-path';

export function siteContext(): SiteContext {
  const cfg = config();
  return { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME };
}

/** A same-site path to return to after signing in; anything else becomes "/". */
export function safeNextPath(next: string | null | undefined): string {
  return safeLocalPath(next, config().SITE_URL) ?? '/';
}
