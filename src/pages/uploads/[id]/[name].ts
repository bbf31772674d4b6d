// Community images (post images and avatars) by address: the detected type,
// shown inline, never sniffed, cached for good (an upload never changes; a new
// one gets a new id). Anything else — a support desk attachment, a deleted
// image, a wrong name — is the 404 page.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { servedImage } from '@/server/community/images';
import { appDb } from '@/server/db';
import { NotFoundError } from '@/server/errors';

const params = z.object({ id: z.coerce.number().int().positive(), name: z.string().min(1).max(300) });

export const GET: APIRoute = async ({ params: raw }) => {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw new NotFoundError('No such image.');
  const image = await servedImage(appDb(), parsed.data.id, parsed.data.name);
  return new Response(new Uint8Array(image.bytes), {
    status: 200,
    headers: {
      'Content-Type': image.contentType,
      'Content-Length': String(image.bytes.byteLength),
      'Content-Disposition': 'inline',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
  });
};
