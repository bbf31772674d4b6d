import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { appSearchEngine } from '@/server/search/engine';
import { suggestAnswers } from '@/server/search/answer-suggestions';

const schema = z.object({
  subject: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 200)),
  description: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 400)),
});

// Suggestions while the contact form is typed (src/scripts/answer-suggestions.ts).
export const GET: APIRoute = async ({ url }) => {
  const input = schema.parse(Object.fromEntries(url.searchParams));
  const hits = await suggestAnswers(appDb(), appSearchEngine(), { ...input, limit: 5 });
  return new Response(JSON.stringify({ hits: hits.map((h) => ({ type: h.type, title: h.title, url: h.url })) }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
