// Members flag a question, answer or comment from its page; works without
// JavaScript. Redirects back to the same-site path in `back` with `?flagged=1#<post>` or
// `?flag_error=<message>`.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { FLAG_NOTE_MAX, flagPost, flagReasons } from '@/server/community/moderation';
import { appDb } from '@/server/db';
import { DomainError, publicMessageOf } from '@/server/errors';
import { parseForm, readForm } from '@/web/forms';
import { backField } from '@/web/question-actions';

const schema = z.object({
  postType: z.enum(['question', 'answer', 'comment'], { error: 'That post cannot be flagged.' }),
  postId: z.coerce.number({ error: 'That post cannot be flagged.' }).int().positive(),
  reason: z.enum(flagReasons, { error: 'Choose why you are flagging this post.' }),
  note: z
    .string()
    .trim()
    .max(FLAG_NOTE_MAX, `Keep the note under ${FLAG_NOTE_MAX} characters.`)
    .optional()
    .transform((note) => note || undefined),
  back: backField,
});

/** `back` with one query parameter set and an optional fragment (any fragment in `back` is dropped). */
function backTo(back: string, param: string, value: string, anchor?: string): string {
  const url = new URL(back, 'http://same-site.invalid');
  url.searchParams.delete('flagged');
  url.searchParams.delete('flag_error');
  url.searchParams.set(param, value);
  return `${url.pathname}${url.search}${anchor ? `#${anchor}` : ''}`;
}

export const POST: APIRoute = async ({ request, locals, redirect, clientAddress }) => {
  const values = await readForm(request);
  const back = backField.safeParse(values.back);
  if (!back.success)
    return new Response('That request was not understood: it had no page to return to.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  if (!locals.user) return redirect(`/signin?next=${encodeURIComponent(back.data)}`, 303);

  const parsed = parseForm(schema, values);
  if (!parsed.ok) return redirect(backTo(back.data, 'flag_error', Object.values(parsed.form.errors)[0] ?? 'That flag was not understood.'), 303);
  const { postType, postId, reason, note } = parsed.data;
  try {
    await flagPost(appDb(), locals.user, { postType, postId, reason, note, address: clientAddress });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return redirect(backTo(back.data, 'flag_error', publicMessageOf(error)), 303);
  }
  return redirect(backTo(back.data, 'flagged', '1', `${postType}-${postId}`), 303);
};

// A planted link must not flag anything: GET only goes home.
export const GET: APIRoute = ({ redirect }) => redirect('/', 303);
