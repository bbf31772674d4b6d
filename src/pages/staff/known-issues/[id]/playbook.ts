// The incident playbook's buttons on a known issue's staff page: send the
// early warning, draft the saved reply, or tick a step done another way.
// Redirects (303) back to the page with ?playbook=<what was done> or
// ?playbook_error=<message> (?playbook_problem=stakeholders when no
// stakeholders are set); the domain checks that the user is staff.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { config } from '@/config';
import { appDb } from '@/server/db';
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError, publicMessageOf } from '@/server/errors';
import { draftIncidentSavedReply, isPlaybookStep, markStepManually, sendEarlyWarning } from '@/server/known-issues/playbook';
import { staffKnownIssueUrl } from '@/server/known-issues/model';
import { parseForm, readForm } from '@/web/forms';
import { idParam } from '@/web/params';
import { siteContext } from '@/web/site';

const schema = z.object({
  intent: z.union(
    [
      z.literal('early_warning'),
      z.literal('saved_reply'),
      z
        .string()
        .regex(/^mark:[a-z_]+$/)
        .refine((v) => isPlaybookStep(v.slice(5))),
    ],
    {
      error: 'Choose a playbook step.',
    },
  ),
});

export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const id = idParam(params.id);
  if (id === undefined) return new Response('No such known issue.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const page = staffKnownIssueUrl(id);
  if (!locals.user) return redirect(`/signin?next=${encodeURIComponent(page)}`, 303);
  const back = (param: 'playbook' | 'playbook_error' | 'playbook_problem', value: string) => `${page}?${new URLSearchParams({ [param]: value })}#playbook`;
  const parsed = parseForm(schema, await readForm(request));
  if (!parsed.ok) return redirect(back('playbook_error', parsed.form.errors.intent ?? 'Choose a playbook step.'), 303);
  const { intent } = parsed.data;
  const db = appDb();
  try {
    if (intent === 'early_warning') {
      const { sent } = await sendEarlyWarning(db, siteContext(), config(), locals.user, id);
      return redirect(back('playbook', `early_warning:${sent}`), 303);
    }
    if (intent === 'saved_reply') {
      const { savedReplyId } = await draftIncidentSavedReply(db, siteContext(), locals.user, id);
      return redirect(back('playbook', `saved_reply:${savedReplyId}`), 303);
    }
    const step = intent.slice('mark:'.length);
    await markStepManually(db, locals.user, id, step);
    return redirect(back('playbook', `marked:${step}`), 303);
  } catch (error) {
    // Not staff, or no such issue: the middleware's 403 and 404 pages.
    if (!(error instanceof DomainError) || error instanceof ForbiddenError || error instanceof NotFoundError || error instanceof UnauthenticatedError)
      throw error;
    if (error instanceof ValidationError && error.fields.stakeholders) return redirect(back('playbook_problem', 'stakeholders'), 303);
    return redirect(back('playbook_error', publicMessageOf(error)), 303);
  }
};

// A planted link must not act: GET only goes to the page.
export const GET: APIRoute = ({ params, redirect }) => {
  const id = idParam(params.id);
  return id === undefined ? new Response('No such known issue.', { status: 404 }) : redirect(staffKnownIssueUrl(id), 303);
};
