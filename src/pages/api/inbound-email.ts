import { timingSafeEqual, createHash } from 'node:crypto';
import type { APIRoute } from 'astro';
import { config } from '@/config';
import { appDb } from '@/server/db';
import { mailauthAuthenticator, receiveInboundEmail } from '@/server/email/inbound';
import { siteContext } from '@/web/site';
import { readLimited } from '@/web/request-body';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

function rightSecret(header: string | null, secret: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  // Hashes of equal length, so the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return given !== '' && timingSafeEqual(a, b);
}

const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');

// Inbound email from a provider's webhook: the raw RFC 822 message as the body
// (message/rfc822 or application/octet-stream), "Authorization: Bearer
// <INBOUND_EMAIL_SECRET>". Off (404) without the secret. The envelope, when the
// provider gives it: X-Envelope-To / ?to= (comma-separated) and X-Envelope-From / ?from=;
// otherwise the message's own To and Cc.
export const POST: APIRoute = async ({ request, url }) => {
  const cfg = config();
  if (!cfg.INBOUND_EMAIL_SECRET) return text('Not found.', 404);
  if (!rightSecret(request.headers.get('authorization'), cfg.INBOUND_EMAIL_SECRET)) return text('Wrong or missing secret.', 401);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'message/rfc822' && type !== 'application/octet-stream') return text('Send the raw message as message/rfc822 or application/octet-stream.', 415);
  const raw = await readLimited(request, cfg.INBOUND_MAX_BYTES);
  if (raw === undefined) return text(`Message too large: the limit is ${cfg.INBOUND_MAX_BYTES} bytes.`, 413);
  if (raw.length === 0) return text('Empty message.', 400);
  const to = list(request.headers.get('x-envelope-to') ?? url.searchParams.get('to'));
  const from = request.headers.get('x-envelope-from') ?? url.searchParams.get('from') ?? undefined;
  const outcome = await receiveInboundEmail(
    appDb(),
    siteContext(),
    raw,
    { to, ...(from !== undefined && { from }) },
    { authenticate: mailauthAuthenticator() },
  );
  return new Response(JSON.stringify(outcome), { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
};
