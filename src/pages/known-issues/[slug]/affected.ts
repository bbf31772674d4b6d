// "I'm affected too": one per visitor (member or anonymous cookie), counted on
// the issue; works without JavaScript. 303 back to the issue's page.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { NotFoundError, RateLimitedError, ValidationError, publicMessageOf } from '@/server/errors';
import { voterKey } from '@/server/help/feedback';
import { markAffected } from '@/server/known-issues/board';
import { knownIssueUrl } from '@/server/known-issues/model';
import { ensureVisitorId } from '@/web/visitor';

const slugParam = z.string().min(1).max(200);

export const POST: APIRoute = async ({ params, locals, cookies, redirect }) => {
  const slug = slugParam.safeParse(params.slug);
  if (!slug.success) throw new NotFoundError('There is no known issue at this address.');
  const visitor = voterKey(locals.user?.id, ensureVisitorId(cookies))!;
  const page = knownIssueUrl(encodeURIComponent(slug.data));
  try {
    await markAffected(appDb(), slug.data, visitor, locals.user?.id ?? null, Date.now());
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof RateLimitedError)) throw error;
    return redirect(`${page}?affected_error=${encodeURIComponent(publicMessageOf(error))}#affected`, 303);
  }
  return redirect(`${page}?affected=1#affected`, 303);
};

// A planted link must not count anyone: GET only goes to the page.
export const GET: APIRoute = ({ params, redirect }) => {
  const slug = slugParam.safeParse(params.slug);
  return redirect(slug.success ? knownIssueUrl(encodeURIComponent(slug.data)) : '/known-issues', 303);
};
