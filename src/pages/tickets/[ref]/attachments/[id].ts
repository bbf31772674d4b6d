// One attachment of a ticket (`?thumb=1`: its thumbnail), for those who may
// read the ticket: its requester (account or private link `key`) and staff;
// files of internal notes for staff only. Anyone else, and a removed file: 404.
// Only the four raster image types are shown inline; everything else (HTML and
// SVG included) is a download, in a sandbox, never sniffed.
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { ticketAttachment } from '@/server/tickets/attachments';
import { idParam } from '@/web/params';

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const GET: APIRoute = async ({ params, url, locals, rewrite }) => {
  const id = idParam(params.id);
  if (id === undefined) return rewrite('/404');
  const key = url.searchParams.get('key');
  const thumbnail = url.searchParams.get('thumb') === '1';
  // Not theirs, not there, or removed: NotFoundError, the 404 page by the middleware.
  const file = await ticketAttachment(appDb(), { user: locals.user, accessKey: key }, params.ref ?? '', id, thumbnail);
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      // Text was recognised as UTF-8 when it was stored.
      'Content-Type': file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': contentDisposition(file.inline ? 'inline' : 'attachment', thumbnail ? `thumbnail-${file.name}.webp` : file.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  });
};
