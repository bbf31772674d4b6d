// Dismisses an issue's site banner for this visit (a session cookie), without
// JavaScript; 303 back to the same-site page in `back` (the board when missing or not local).
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { knownIssueIdBySlug } from '@/server/known-issues/board';
import { dismissIssue } from '@/web/known-issue-dismissals';
import { readForm } from '@/web/forms';
import { localPathField } from '@/web/safe-path';

export const POST: APIRoute = async ({ params, request, cookies, redirect }) => {
  // Unknown slug: NotFoundError, the 404 page by the middleware.
  const id = await knownIssueIdBySlug(appDb(), params.slug ?? '');
  const back = localPathField.safeParse((await readForm(request)).back);
  dismissIssue(cookies, id);
  return redirect(back.success ? back.data : '/known-issues', 303);
};

export const GET: APIRoute = ({ redirect }) => redirect('/known-issues', 303);
