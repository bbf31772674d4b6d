import type { APIRoute } from 'astro';
import { config } from '@/config';
import { appDb } from '@/server/db';
import { ValidationError, publicMessageOf } from '@/server/errors';
import { GITHUB_WEBHOOK_MAX_BYTES, isValidGithubSignature, receiveGithubDelivery } from '@/server/known-issues/github';
import { siteContext } from '@/web/site';
import { readLimited } from '@/web/request-body';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });

// GitHub's webhook for the engineering link (a known issue names the GitHub
// issue tracking its fix). Set it up on the repository with the payload URL
// <SITE_URL>/api/webhooks/github, content type application/json, the secret
// GITHUB_WEBHOOK_SECRET and the "Issues" event. Off (404) without the secret;
// bad or missing signature 401; each X-GitHub-Delivery is taken once (a
// redelivery answers 200 "duplicate"); ping, other events and other actions 204.
export const POST: APIRoute = async ({ request }) => {
  const secret = config().GITHUB_WEBHOOK_SECRET;
  if (!secret) return text('Not found.', 404);
  const body = await readLimited(request, GITHUB_WEBHOOK_MAX_BYTES);
  if (body === undefined) return text(`Payload too large: the limit is ${GITHUB_WEBHOOK_MAX_BYTES} bytes.`, 413);
  if (!isValidGithubSignature(secret, body, request.headers.get('x-hub-signature-256'))) return text('Wrong or missing X-Hub-Signature-256.', 401);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return text('Set the webhook\u2019s content type to application/json.', 415);
  const deliveryId = request.headers.get('x-github-delivery')?.trim() ?? '';
  if (deliveryId === '') return text('Missing X-GitHub-Delivery.', 400);
  const event = request.headers.get('x-github-event')?.trim() ?? '';
  if (event === '') return text('Missing X-GitHub-Event.', 400);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return text('The body is not JSON.', 400);
  }
  try {
    const outcome = await receiveGithubDelivery(appDb(), siteContext(), { id: deliveryId, event, payload });
    if (outcome.status === 'ignored') return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
    return json(outcome);
  } catch (error) {
    if (error instanceof ValidationError) return text(publicMessageOf(error), 400);
    throw error;
  }
};
