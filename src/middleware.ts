// Every request passes here: the cross-site write check (the one place: Astro's
// own origin check is off, see astro.config.mjs), the session (Lucia design)
// with the member's visit times, the header's unread count, the "since your
// last visit" panel at the start of a visit, domain errors a page let through
// turned into HTTP (the one place), security headers and a one-line request log.
import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { config } from '@/config';
import { recordVisit, validateSessionToken } from '@/server/accounts/sessions';
import { unreadNotificationCount } from '@/server/community/notifications';
import { appDb } from '@/server/db';
import { UNSUBSCRIBE_PATH } from '@/server/email/preferences';
import { sinceLastVisitPanel } from '@/server/known-issues/since-last-visit';
import { withQueryTally, type QueryTally } from '@/server/query-log';
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError, httpStatusOf, publicMessageOf } from '@/server/errors';
import { loggedPathOf } from '@/web/request-log';
import { noteRetryAfter, withRetryAfterNote } from '@/web/retry-after';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from '@/web/session-cookie';
import { isCrossSiteForm, isCrossSiteWrite, securityHeaders } from '@/web/security-headers';

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
  // RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` as a form from their
  // own servers (no Origin, or theirs). The signed token in the URL is the whole authority, the request
  // carries no cookies by the RFC and the page uses none, and all it can do is stop emails.
  const oneClickUnsubscribe = url.pathname === UNSUBSCRIBE_PATH && url.searchParams.has('token');
  if (!ownSecret && !oneClickUnsubscribe && (isCrossSiteForm(request, url) || isCrossSiteWrite(request, url))) {
    response = new Response('Cross-site request refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  } else {
    const token = cookies.get(SESSION_COOKIE)?.value;
    let panel: VisitPanel | undefined;
    if (token) {
      const { session, user, visit } = await validateSessionToken(appDb(), token);
      if (session) {
        locals.session = session;
        locals.user = user;
        if (session.renewed) setSessionCookie(cookies, token, session.expiresAt);
        panel = await startOfVisit(context, user.id, visit);
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
    if (panel) response = rememberVisitPanel(response, panel, cfg.SITE_URL.startsWith('https://'));
  }

  response = withHeaders(response, securityHeaders(cfg.SITE_URL));
  // Astro sends pages as bare text/html; say the charset so no browser guesses it.
  if (response.headers.get('content-type') === 'text/html') response.headers.set('Content-Type', 'text/html; charset=utf-8');
  if (locals.user && !response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store');
  return response;
}

/**
 * "Since your last visit" is looked up once per visit, not per request: when
 * a visit starts (or is still waiting for its first page), on a page request.
 * A visit that started on a request that was not a page (a form post, a
 * script's fetch) leaves a cookie with the visit's start time, and the first
 * page shows the panel and clears it. Every other request costs no query.
 */
const VISIT_PANEL_COOKIE = 'hearth_visit_panel';

interface VisitPanel {
  visitStartedAt: number;
  /** The cookie says this visit's panel is still to show. */
  pending: boolean;
  /** This request looked it up (and renders it when it is a page). */
  looked: boolean;
}

async function startOfVisit(context: APIContext, userId: number, visit: Parameters<typeof recordVisit>[2]): Promise<VisitPanel | undefined> {
  const { request, cookies, locals } = context;
  const now = Date.now();
  const { times, started } = await recordVisit(appDb(), userId, visit, now);
  if (times.previousSeenAt === null || times.visitStartedAt === null) return undefined;
  const pending = cookies.get(VISIT_PANEL_COOKIE)?.value === String(times.visitStartedAt);
  if (!started && !pending) return undefined;
  const isPageRequest = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  if (isPageRequest) {
    const shown = await sinceLastVisitPanel(appDb(), { id: userId, previousSeenAt: times.previousSeenAt }, now);
    if (shown) locals.sinceLastVisit = shown;
  }
  return { visitStartedAt: times.visitStartedAt, pending, looked: isPageRequest };
}

/** Clears the waiting cookie once a page showed the panel, or sets it when this request was not a page. */
function rememberVisitPanel(response: Response, panel: VisitPanel, secure: boolean): Response {
  const shown = panel.looked && response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/html');
  if (shown === !panel.pending) return response;
  const value = shown ? '; Max-Age=0' : `${panel.visitStartedAt}; Max-Age=${12 * 60 * 60}`;
  const cookie = `${VISIT_PANEL_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const target = mutable(response);
  target.headers.append('Set-Cookie', cookie);
  return target;
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

/** The response, or a copy of it when its headers are immutable. */
function mutable(response: Response): Response {
  try {
    response.headers.set('X-Content-Type-Options', 'nosniff');
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

/** Adds headers the response does not set itself; copies responses whose headers are immutable. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const target = mutable(response);
  for (const [name, value] of Object.entries(headers)) {
    if (!target.headers.has(name)) target.headers.set(name, value);
  }
  return target;
}
