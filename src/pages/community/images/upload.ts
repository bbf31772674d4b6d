// The paste-and-drop island's upload: multipart `images` in, JSON out — the
// Markdown to insert for each stored image, or the refusal's message. The
// forms themselves work without it (their file input goes with the post).
import type { APIRoute } from 'astro';
import { uploadPostImages } from '@/server/community/images';
import { appDb } from '@/server/db';
import { DomainError, httpStatusOf, publicMessageOf, ValidationError } from '@/server/errors';
import { readFormWithFiles } from '@/web/forms';
import { noteRetryAfter } from '@/web/retry-after';

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

export const POST: APIRoute = async ({ request, locals }) => {
  try {
    const { files } = await readFormWithFiles(request);
    const images = await uploadPostImages(appDb(), locals.user, files.images ?? []);
    return json({ images: images.map((i) => ({ id: i.id, url: i.url, markdown: i.markdown })) }, 201);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    noteRetryAfter(error);
    const message = error instanceof ValidationError ? (Object.values(error.fields)[0] ?? error.message) : publicMessageOf(error);
    return json({ error: message }, httpStatusOf(error));
  }
};
