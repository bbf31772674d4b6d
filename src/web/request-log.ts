// The request log line's path and query, with secrets taken out: a log is
// read by more people, and kept longer, than the links it records.

const REDACTED = '[redacted]';

/** Query parameters that carry a credential: ticket keys, reset, sign-in and verification tokens. */
const SECRET_PARAMS = /^(key|token|code|secret|sig|signature|password)$/i;

/** Paths whose next segment is a token (reset and one-time links). */
const SECRET_PATH_PREFIXES = /^\/(reset-password|verify-email|verify|sign-in-link|signin-link|magic-link)\/[^/]+/;

/** Looks like a token from src/lib/crypto.ts (base32, 16 bytes or more) or a hex digest, wherever it appears. */
const TOKEN_SHAPED = /^([a-z2-7]{26,}|[a-f0-9]{32,})$/i;

function redactQueryPart(part: string): string {
  const eq = part.indexOf('=');
  if (eq < 0) return part;
  const name = part.slice(0, eq);
  const value = part.slice(eq + 1);
  let decodedName = name;
  try {
    decodedName = decodeURIComponent(name);
  } catch {
    // left as sent
  }
  return SECRET_PARAMS.test(decodedName) || TOKEN_SHAPED.test(value) ? `${name}=${REDACTED}` : part;
}

/** `url`'s path and query as the request log prints them. */
export function loggedPathOf(url: URL): string {
  const path = url.pathname
    .replace(SECRET_PATH_PREFIXES, (match) => `${match.slice(0, match.indexOf('/', 1) + 1)}${REDACTED}`)
    .split('/')
    .map((segment) => (TOKEN_SHAPED.test(segment) ? REDACTED : segment))
    .join('/');
  const query = url.search === '' ? '' : `?${url.search.slice(1).split('&').map(redactQueryPart).join('&')}`;
  return `${path}${query}`;
}
