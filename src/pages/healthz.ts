import type { APIRoute } from 'astro';
import { sql } from 'kysely';
import { appDb } from '@/server/db';

export const GET: APIRoute = async () => {
  let db: 'ok' | 'error' = 'ok';
  try {
    await sql`select 1`.execute(appDb());
  } catch {
    db = 'error';
  }
  const status = db === 'ok' ? 'ok' : 'error';
  return new Response(JSON.stringify({ status, db }), {
    status: status === 'ok' ? 200 : 503,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
};
