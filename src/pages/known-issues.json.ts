// The board for machines: open (and planned) and recently fixed known issues,
// with status, severity, areas, ISO 8601 timestamps and absolute URLs.
import type { APIRoute } from 'astro';
import { config } from '@/config';
import { appDb } from '@/server/db';
import { machineBoard } from '@/server/known-issues/board';

export const GET: APIRoute = async () => {
  const body = await machineBoard(appDb(), config().SITE_URL);
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*' },
  });
};
