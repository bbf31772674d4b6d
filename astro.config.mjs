// @ts-check
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Origin check for form posts (Astro's CSRF protection): the middleware applies
  // the very same rule (isCrossSiteForm in src/web/security-headers.ts) plus its
  // check for every other content type, because Astro's runs before any
  // middleware and cannot spare one route: RFC 8058 one-click unsubscribe
  // (POST /email/unsubscribe?token=…) comes from mail providers' servers.
  // allowedDomains: since Astro 5.15 the Host header is ignored unless listed,
  // which turns every request URL into http://localhost and breaks the origin
  // check on any other host or port. Hearth never builds links from the Host
  // header (absolute URLs come from SITE_URL), so any host is accepted here.
  security: { checkOrigin: false, allowedDomains: [{ protocol: 'http' }, { protocol: 'https' }] },
  // No sharp on these machines: images are served as they are.
  // Friendly addresses people guess, moved permanently to the real pages.
  redirects: Object.fromEntries(
    [
      ...['/support', '/faq', '/kb', '/docs', '/helpdesk'].map((from) => [from, '/help']),
      ['/contact-us', '/contact'],
      ...['/status', '/incidents'].map((from) => [from, '/known-issues']),
    ].map(([from, to]) => [from, { status: 301, destination: to }]),
  ),
  image: { service: passthroughImageService() },
  // CSP forbids inline styles and scripts: keep every asset an external file.
  build: { inlineStylesheets: 'never' },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
});
