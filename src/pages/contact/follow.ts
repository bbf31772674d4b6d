// "Follow this issue instead" on the contact form: reads the same form (the
// suggested issue in `followIssue`, the email typed), follows the issue and
// sends no ticket. A member follows at once; a visitor gets a confirmation
// email. The form's script asks for JSON and shows the outcome in place;
// without JavaScript the browser comes back to /contact with the outcome, or,
// when the email is missing, the form is shown again with what was typed.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { DomainError, ValidationError, httpStatusOf, publicMessageOf } from '@/server/errors';
import { voterKey } from '@/server/help/feedback';
import { followInsteadOfTicket, type FollowInsteadOutcome } from '@/server/known-issues/linked-tickets';
import { contactVisitIdOf } from '@/server/tickets/deflection';
import { formFromError, keptValues, readForm } from '@/web/forms';
import { siteContext } from '@/web/site';
import { ensureVisitorId } from '@/web/visitor';

const schema = z.object({
  followIssue: z.coerce.number().int().positive(),
  email: z.string().max(254).catch(''),
  visit: z.string().optional().transform(contactVisitIdOf),
});

function messageOf(outcome: FollowInsteadOutcome): string {
  const title = outcome.issue.title;
  switch (outcome.kind) {
    case 'following':
      return `You follow “${title}”: we email you at each update, and when it is fixed. No request needed.`;
    case 'confirmation_sent':
      return `Check your inbox to confirm: we sent a link to ${outcome.email}. Once you open it, you get every update of “${title}”.`;
    case 'already_following':
      return `You already follow “${title}” with ${outcome.email}: we email you at each update.`;
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

export const POST: APIRoute = async (context) => {
  const { request, locals, cookies } = context;
  const wantsJson = (request.headers.get('Accept') ?? '').includes('application/json');
  const values = await readForm(request);
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    if (wantsJson) return json({ ok: false, message: 'Choose an issue to follow.' }, 400);
    return context.redirect('/contact', 303);
  }
  const { followIssue, email, visit } = parsed.data;
  try {
    const outcome = await followInsteadOfTicket(appDb(), siteContext(), {
      user: locals.user,
      issueId: followIssue,
      email,
      visitId: visit,
      visitorKey: voterKey(locals.user?.id, ensureVisitorId(cookies)),
    });
    if (wantsJson) return json({ ok: true, kind: outcome.kind, message: messageOf(outcome) });
    const how = outcome.kind === 'following' ? 'member' : outcome.kind === 'confirmation_sent' ? 'confirm' : 'already';
    return context.redirect(`/contact?${new URLSearchParams({ followed: String(outcome.issue.id), how })}`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (wantsJson)
      return json(
        { ok: false, message: publicMessageOf(error), field: error instanceof ValidationError ? Object.keys(error.fields)[0] : undefined },
        httpStatusOf(error),
      );
    // The form again, as typed, with the message beside the email field.
    locals.contactFollow = { ...formFromError(error, values), values: keptValues(values) };
    return context.rewrite(new Request(new URL('/contact', context.url), { headers: request.headers }));
  }
};

// Following is a change: a GET (a planted link) only leads to the form.
export const GET: APIRoute = ({ redirect }) => redirect('/contact', 303);
