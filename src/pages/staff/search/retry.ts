// Staff retry search index changes that were parked after the engine refused
// them (one, or all). Redirects back to /staff/search with `?retried=<n>` or
// `?retry_error=<message>`; the domain checks that the user is staff.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { DomainError, ForbiddenError, publicMessageOf } from '@/server/errors';
import { retryParkedIndexChanges } from '@/server/search/index-status';
import { parseForm, readForm } from '@/web/forms';

const PAGE = '/staff/search';
const schema = z.object({
  change: z.union([z.literal('all'), z.coerce.number().int().positive()], { error: 'Choose a failed change to retry.' }),
});

const back = (param: 'retried' | 'retry_error', value: string) => `${PAGE}?${new URLSearchParams({ [param]: value })}#index-failures`;

export const POST: APIRoute = async ({ request, locals, redirect }) => {
  if (!locals.user) return redirect(`/signin?next=${encodeURIComponent(PAGE)}`, 303);
  const parsed = parseForm(schema, await readForm(request));
  if (!parsed.ok) return redirect(back('retry_error', parsed.form.errors.change ?? 'Choose a failed change to retry.'), 303);
  try {
    const change = parsed.data.change;
    const queued = await retryParkedIndexChanges(appDb(), locals.user, change === 'all' ? 'all' : { id: change });
    return redirect(back('retried', String(queued)), 303);
  } catch (error) {
    if (error instanceof ForbiddenError) return new Response(publicMessageOf(error), { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    if (!(error instanceof DomainError)) throw error;
    return redirect(back('retry_error', publicMessageOf(error)), 303);
  }
};

// A planted link must not retry anything: GET only goes to the page.
export const GET: APIRoute = ({ redirect }) => redirect(PAGE, 303);
