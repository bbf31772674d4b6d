// Every request passes here: a cross-site write check, the session (Lucia
// design), the header's unread count, domain errors a page let through turned
// into HTTP (the one place), security headers and a one-line request log.
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { config } from '@/config';
import { validateSessionToken } from '@/server/accounts/sessions';
import { unreadNotificationCount } from '@/server/community/notifications';
import { appDb } from '@/server/db';
import { withQueryTally, type QueryTally } from '@/server/query-log';
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError, httpStatusOf, publicMessageOf } from '@/server/errors';
import { loggedPathOf } from '@/web/request-log';
import { noteRetryAfter, withRetryAfterNote } from '@/web/retry-after';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from '@/web/session-cookie';
import { isCrossSiteWrite, securityHeaders } from '@/web/security-headers';

export const onRequest = defineMiddleware(async (context, next) => {
  const started = performance.now();
  const { request, url } = context;
  const cfg = config();
  // HEARTH_QUERY_LOG: count every statement, including those of components
  // rendered while the body streams, so the body is read inside the tally.
  const tally: QueryTally | null = cfg.HEARTH_QUERY_LOG ? { queries: 0 } : null;
  const response = tally
    ? await withQueryTally(tally, async () => {
        const streamed = await handle(context, next);
        return streamed.body ? new Response(await streamed.arrayBuffer(), streamed) : streamed;
      })
    : await handle(context, next);
  if (tally) response.headers.set('X-Query-Count', String(tally.queries));
  if (cfg.LOG_REQUESTS || tally) {
    const ms = (performance.now() - started).toFixed(1);
    console.log(`${request.method} ${loggedPathOf(url)} ${response.status} ${ms}ms${tally ? ` ${tally.queries} queries` : ''}`);
  }
  return response;
});

async function handle(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { request, url, cookies, locals } = context;
  const cfg = config();
  locals.user = null;
  locals.session = null;
  locals.unreadNotifications = 0;

  let response: Response;
  // The inbound email webhook is called by a mail provider, not a browser, and carries its own secret
  // (Authorization: Bearer INBOUND_EMAIL_SECRET): only then is it spared the cross-site check.
  // The GitHub webhook likewise: it is signed with GITHUB_WEBHOOK_SECRET (X-Hub-Signature-256).
  const ownSecret =
    (url.pathname === '/api/inbound-email' && cfg.INBOUND_EMAIL_SECRET !== undefined) ||
    (url.pathname === '/api/webhooks/github' && cfg.GITHUB_WEBHOOK_SECRET !== undefined);
  if (!ownSecret && isCrossSiteWrite(request, url)) {
    response = new Response('Cross-site request refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  } else {
    const token = cookies.get(SESSION_COOKIE)?.value;
    if (token) {
      const { session, user } = await validateSessionToken(appDb(), token);
      if (session) {
        locals.session = session;
        locals.user = user;
        if (session.renewed) setSessionCookie(cookies, token, session.expiresAt);
      } else {
        deleteSessionCookie(cookies);
      }
    }
    if (locals.user) locals.unreadNotifications = await unreadNotificationCount(appDb(), locals.user.id);
    const handled = await withRetryAfterNote(async () => {
      try {
        return await next();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        noteRetryAfter(error);
        return responseForDomainError(context, error);
      }
    });
    response = handled.result;
    if (response.status === 429 && handled.retryAfterSeconds !== undefined)
      response = withHeaders(response, { 'Retry-After': String(handled.retryAfterSeconds) });
  }

  response = withHeaders(response, securityHeaders(cfg.SITE_URL));
  // Astro sends pages as bare text/html; say the charset so no browser guesses it.
  if (response.headers.get('content-type') === 'text/html') response.headers.set('Content-Type', 'text/html; charset=utf-8');
  if (locals.user && !response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store');
  return response;
}

/**
 * A domain error that reached here (a page called the domain and did not
 * handle the refusal itself): a visitor is sent to sign in and comes back,
 * "not found" is the 404 page, anything else the refusal page with its
 * status and message.
 */
async function responseForDomainError(context: APIContext, error: DomainError): Promise<Response> {
  const { request, url, locals } = context;
  if (error instanceof UnauthenticatedError) {
    const back = request.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname;
    return new Response(null, { status: 303, headers: { Location: `/signin?next=${encodeURIComponent(back)}` } });
  }
  // The request body is already read: the error page gets a bodiless GET with the same headers (the session).
  const errorPage = (path: string) => context.rewrite(new Request(new URL(path, url), { headers: request.headers }));
  if (error instanceof NotFoundError) return errorPage('/404');
  locals.problem = { status: error instanceof ForbiddenError ? 403 : httpStatusOf(error), message: publicMessageOf(error) };
  return errorPage('/403');
}

/** Adds headers the response does not set itself; copies responses whose headers are immutable. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response;
  try {
    target.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    target = new Response(response.body, response);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!target.headers.has(name)) target.headers.set(name, value);
  }
  return target;
}
