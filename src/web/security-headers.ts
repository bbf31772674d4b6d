// Security headers every page carries. The CSP allows no inline script:
// every script Hearth ships is a bundled file served from this origin.
import { config } from '@/config';

export function securityHeaders(siteUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      ["img-src 'self' data:", ...config().IMAGE_HOSTS.map((host) => `https://${host}`)].join(' '),
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (siteUrl.startsWith('https://')) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Astro's origin check, as the middleware applies it (astro.config.mjs turns
 * Astro's own off so the middleware can spare the one-click unsubscribe): an
 * unsafe request with a form content type, or none, must carry this site's Origin.
 */
export function isCrossSiteForm(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const type = request.headers.get('content-type');
  const formLike = type === null || FORM_TYPES.some((t) => type.toLowerCase().includes(t));
  return formLike && request.headers.get('origin') !== url.origin;
}

/**
 * A cross-site request check for every unsafe method and every content type
 * (isCrossSiteForm covers form posts). Requests that carry no Origin and no
 * Sec-Fetch-Site header come from non-browser clients and pass.
 */
export function isCrossSiteWrite(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (origin !== null) return origin !== url.origin;
  const fetchSite = request.headers.get('sec-fetch-site');
  return fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none';
}
