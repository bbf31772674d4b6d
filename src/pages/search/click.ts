import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { recordSearchClick } from '@/server/search/analytics';

const schema = z.object({ sid: z.coerce.number().int().positive(), to: z.string().startsWith('/').refine((v) => !v.startsWith('//') && !v.includes('\\') && !/\p{Cc}/u.test(v)) });

// A search result link: records which result was chosen, then goes there.
export const GET: APIRoute = async ({ url, redirect }) => {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return redirect('/search', 302);
  await recordSearchClick(appDb(), parsed.data.sid, parsed.data.to);
  return redirect(parsed.data.to, 302);
};
