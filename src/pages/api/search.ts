import type { APIRoute } from 'astro';
import { z } from 'zod';
import { searchDocTypes } from '@search/types';
import { appDb } from '@/server/db';
import { appSearchEngine } from '@/server/search/engine';
import { SearchUnavailableError, searchSite } from '@/server/search/site-search';

const schema = z.object({
  q: z.string().trim().max(200).default(''),
  type: z.enum(searchDocTypes).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

// JSON search for the header suggestions and integrations. Suggestions are not
// logged as searches: half-typed queries would drown the analytics.
export const GET: APIRoute = async ({ url }) => {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return json({ error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
  const engine = appSearchEngine();
  try {
    const result = await searchSite(appDb(), engine, { ...parsed.data, visitorKey: null, log: false });
    return json({
      engine: engine.name,
      took_ms: result.tookMs,
      total: result.total,
      hits: result.hits.map((h) => ({ type: h.type, title: h.title, url: h.url, snippet: h.snippet })),
    });
  } catch (error) {
    if (error instanceof SearchUnavailableError) return json({ engine: engine.name, error: error.message }, 503);
    throw error;
  }
};
