// /report/<YYYY-MM>.json: a published month's frozen snapshot, byte for byte
// (its figures and the definitions' version); 404 until published. The JSON
// Schema is in the README ("Happiness report").
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { NotFoundError } from '@/server/errors';
import { publishedMonth } from '@/server/report/publish';

export const GET: APIRoute = async ({ params }) => {
  try {
    const { snapshot } = await publishedMonth(appDb(), params.month ?? '');
    return new Response(snapshot, {
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' },
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return new Response(JSON.stringify({ error: error.message }), { status: 404, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  }
};
