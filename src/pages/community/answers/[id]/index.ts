// An answer's permalink: sends the browser to the page of its question where
// the answer is now (pages shift as answers are voted, accepted and added).
// Links carry the `#answer-<id>` anchor, which the browser keeps across the redirect.
import type { APIRoute } from 'astro';
import { answerPageOf } from '@/server/community/thread';
import { appDb } from '@/server/db';
import { idParam } from '@/web/params';

export const GET: APIRoute = async ({ params, locals, redirect, rewrite }) => {
  const id = idParam(params.id);
  if (id === undefined) return rewrite('/404');
  // Unknown or hidden from this viewer: NotFoundError, the 404 page by the middleware.
  const { url } = await answerPageOf(appDb(), id, locals.user);
  return redirect(url, 302);
};
