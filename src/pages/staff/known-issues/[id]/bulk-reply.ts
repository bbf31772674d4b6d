// "Reply to all linked tickets" from the known issue's staff page
// (src/components/known-issues/LinkedTickets.astro): starts the bulk reply
// (idempotent by the form's key: sending the form twice sends nothing twice)
// and sends it right away; the worker finishes what is left. Back to the
// issue with `?replied=<n>` or `?bulk_error=<message>`; staff only (the domain checks).
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { DomainError, ForbiddenError, publicMessageOf } from '@/server/errors';
import { sendBulkReply } from '@/server/known-issues/bulk-replies';
import { staffKnownIssueUrl } from '@/server/known-issues/model';
import { REPLY_MAX } from '@/server/tickets/conversation';
import { parseForm, readForm } from '@/web/forms';
import { idParam } from '@/web/params';
import { siteContext } from '@/web/site';

const schema = z.object({
  idempotencyKey: z.string().min(1, 'The form is out of date. Open the page again.').max(100),
  body: z
    .string()
    .max(REPLY_MAX + 1000, `Keep a reply under ${REPLY_MAX.toLocaleString('en')} characters.`)
    .default(''),
  savedReplyId: z.union([z.literal('').transform(() => null), z.coerce.number().int().positive()]).default(null),
  setStatus: z.enum(['', 'pending', 'solved'], 'Choose pending, solved, or keep the status.').transform((s) => (s === '' ? null : s)),
});

const text = (message: string, status: number) => new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export const POST: APIRoute = async ({ params, request, locals, redirect }) => {
  const id = idParam(params.id);
  if (id === undefined) return text('No such known issue.', 404);
  const page = staffKnownIssueUrl(id);
  const back = (param: 'replied' | 'bulk_error', value: string) => `${page}?${new URLSearchParams({ [param]: value })}#linked-tickets`;
  if (!locals.user) return redirect(`/signin?next=${encodeURIComponent(page)}`, 303);
  const parsed = parseForm(schema, await readForm(request));
  if (!parsed.ok) return redirect(back('bulk_error', Object.values(parsed.form.errors)[0] ?? 'Please check the form.'), 303);
  try {
    const outcome = await sendBulkReply(appDb(), siteContext(), locals.user, id, parsed.data);
    return redirect(back('replied', String(outcome.sent)), 303);
  } catch (error) {
    if (error instanceof ForbiddenError) return text(publicMessageOf(error), 403);
    if (!(error instanceof DomainError)) throw error;
    return redirect(back('bulk_error', publicMessageOf(error)), 303);
  }
};

// A planted link must not send anything: GET only goes to the issue.
export const GET: APIRoute = ({ params, redirect }) => {
  const id = idParam(params.id);
  return id === undefined ? text('No such known issue.', 404) : redirect(staffKnownIssueUrl(id), 303);
};
