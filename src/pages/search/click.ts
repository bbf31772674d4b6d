import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { voterKey } from '@/server/help/feedback';
import { isLocalResultPath, recordSearchClick } from '@/server/search/analytics';
import { readForm } from '@/web/forms';
import { visitorId } from '@/web/visitor';
import { localPathField } from '@/web/safe-path';

const schema = z.object({ sid: z.coerce.number().int().positive(), to: localPathField });

const plain = (status: number, message?: string) =>
  new Response(message ?? null, { status, headers: message ? { 'Content-Type': 'text/plain; charset=utf-8' } : {} });

// Old result links (/search/click?sid=…&to=…): a safe redirect that records nothing, since a
// GET can be fired by an image or a prefetch. Clicks are recorded by the POST beacon below.
export const GET: APIRoute = async ({ url, redirect }) => {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return plain(400, 'That result link is damaged or leads away from this site. Search again at /search.');
  return redirect(parsed.data.to, 302);
};

const beaconSchema = z.object({
  sid: z.coerce.number({ error: 'That click names no search.' }).int('That click names no search.').positive('That click names no search.'),
  to: z.string({ error: 'That click names no result.' }).refine(isLocalResultPath, 'That click names no result on this site.'),
});

// The click beacon (src/scripts/search-clicks.ts, navigator.sendBeacon): same-origin only, as the
// middleware refuses cross-site writes; it records the click for the visitor who searched.
export const POST: APIRoute = async ({ request, locals, cookies }) => {
  const parsed = beaconSchema.safeParse(await readForm(request));
  if (!parsed.success) return plain(400, parsed.error.issues[0]!.message);
  await recordSearchClick(appDb(), { searchId: parsed.data.sid, url: parsed.data.to, visitorKey: voterKey(locals.user?.id, visitorId(cookies)) });
  return plain(204);
};
