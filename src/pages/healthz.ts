import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { checkHealth } from '@/server/health';
import { appSearchEngine } from '@/server/search/engine';

export const GET: APIRoute = async () => {
  const health = await checkHealth(appDb(), appSearchEngine());
  return new Response(JSON.stringify(health), {
    status: health.db === 'ok' ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};
