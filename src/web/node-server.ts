// The Node HTTP server in front of Astro's handler (`npm start`). It does what
// must happen before Astro sees a request: the client address from the socket
// or the trusted proxies (TRUST_PROXY), methods Hearth does not serve refused,
// and the security headers on static files, which Astro serves without
// running the middleware.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { clientAddressOf, type TrustProxy } from '@/lib/client-address';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HearthServerOptions {
  /** Astro's standalone handler (static files, then the app). */
  handler: NodeHandler;
  trustProxy: TrustProxy;
  /** Headers every response carries unless it sets its own (the page security headers). */
  defaultHeaders: Record<string, string>;
}

/** Every route is GET/HEAD (pages) or POST (forms and actions); anything else, TRACE included, is refused here. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const;
const allowed = new Set<string>(ALLOWED_METHODS);

/** Headers a proxy sets about the original request; believed only from a trusted proxy. */
const FORWARDED_DETAILS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

export function createHearthServer(options: HearthServerOptions): Server {
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(options.defaultHeaders)) res.setHeader(name, value);
    if (!allowed.has(req.method ?? '')) {
      res.writeHead(405, { Allow: ALLOWED_METHODS.join(', '), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The ${req.method} method is not allowed here. Hearth answers ${ALLOWED_METHODS.join(', ')}.`);
      return;
    }
    // Astro reads the first X-Forwarded-For entry as Astro.clientAddress: leave it exactly one, the one we believe.
    req.headers['x-forwarded-for'] = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], options.trustProxy);
    if (options.trustProxy.kind === 'none') for (const name of FORWARDED_DETAILS) delete req.headers[name];
    void options.handler(req, res);
  });
}
