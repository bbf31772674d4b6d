import type { APIRoute } from 'astro';
import { invalidateSession } from '@/server/accounts/sessions';
import { appDb } from '@/server/db';
import { deleteSessionCookie } from '@/web/session-cookie';

export const POST: APIRoute = async ({ locals, cookies, redirect }) => {
  if (locals.session) await invalidateSession(appDb(), locals.session.id);
  deleteSessionCookie(cookies);
  return redirect('/signin?notice=signed-out', 303);
};

// A sign-out link someone else planted must not sign you out: GET only explains.
export const GET: APIRoute = ({ redirect }) => redirect('/account', 303);
