// Staff remove an attachment (a form button on the staff ticket page): its
// bytes are deleted, "file removed by staff" stays in the conversation.
import type { APIRoute } from 'astro';
import { appDb } from '@/server/db';
import { deleteTicketAttachment } from '@/server/tickets/attachments';
import { readForm } from '@/web/forms';
import { idParam } from '@/web/params';

export const POST: APIRoute = async ({ params, request, locals, rewrite, redirect }) => {
  const id = idParam(params.id);
  if (id === undefined) return rewrite('/404');
  await readForm(request);
  const ref = params.ref ?? '';
  // Not staff: ForbiddenError / sign in, by the middleware; unknown: 404.
  await deleteTicketAttachment(appDb(), locals.user, ref, id);
  return redirect(`/staff/tickets/${encodeURIComponent(ref)}?done=removed#attachment-${id}`, 303);
};
