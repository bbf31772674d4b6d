// The Atom feed of the latest 50 known-issue updates.
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { latestUpdates } from '@/server/known-issues/board';
import { ATOM_CONTENT_TYPE, knownIssuesAtom } from '@/web/known-issues-feed';
import { siteContext } from '@/web/site';

export const GET: APIRoute = async () => {
  const body = knownIssuesAtom(siteContext(), await latestUpdates(appDb(), 50));
  return new Response(body, { headers: { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'public, max-age=60' } });
};
