// Sends a new confirmation link to the signed-in member; works without JavaScript.
// Redirects back to /account with a fixed `?notice=` (never text from the request).
import type { APIRoute } from 'astro';
import { resendVerificationEmail } from '@/server/accounts/email-links';
import { appDb } from '@/server/db';
import { ConflictError, RateLimitedError } from '@/server/errors';
import { siteContext } from '@/web/site';

export const POST: APIRoute = async ({ locals, redirect }) => {
  if (!locals.user) return redirect(`/signin?next=${encodeURIComponent('/account')}`, 303);
  try {
    await resendVerificationEmail(appDb(), siteContext(), locals.user.id);
  } catch (error) {
    if (error instanceof RateLimitedError) return redirect('/account?notice=verification-limited', 303);
    if (error instanceof ConflictError) return redirect('/account?notice=already-verified', 303);
    throw error;
  }
  return redirect('/account?notice=verification-sent', 303);
};

// A planted link must not send email: GET only shows the account page.
export const GET: APIRoute = ({ redirect }) => redirect('/account', 303);
