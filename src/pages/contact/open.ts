// A suggestion opened from the contact form: records the deflection attempt
// for the form's visit, then leads on to the suggested page. Only a path on
// this site is a destination; anything else is refused, never followed.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { config } from '@/config';
import { appDb } from '@/server/db';
import { voterKey } from '@/server/help/feedback';
import { recordDeflectionAttempt } from '@/server/tickets/deflection';
import { safeLocalPath } from '@/web/safe-path';
import { visitorId } from '@/web/visitor';

const schema = z.object({
  visit: z.string().max(80).catch(''),
  type: z.string().max(20).catch(''),
  to: z.string().catch(''),
});

export const GET: APIRoute = async ({ url, cookies, locals }) => {
  const input = schema.parse(Object.fromEntries(url.searchParams));
  const to = safeLocalPath(input.to, config().SITE_URL);
  if (to === undefined)
    return new Response('This link leads off the site, so it was not followed.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  await recordDeflectionAttempt(appDb(), { visitId: input.visit, visitorKey: voterKey(locals.user?.id, visitorId(cookies)), url: to, docType: input.type });
  return new Response(null, { status: 303, headers: { Location: to, 'Cache-Control': 'no-store' } });
};
