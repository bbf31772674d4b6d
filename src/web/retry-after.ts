// Retry-After on every 429: wherever a page turns a RateLimitedError into its
// status (submitForm, question actions, the middleware), the wait is noted
// for the request, and the middleware sends it as the Retry-After header.
import { AsyncLocalStorage } from 'node:async_hooks';
import { RateLimitedError } from '@/server/errors';

interface RetryAfterNote {
  seconds?: number;
}

const requestNote = new AsyncLocalStorage<RetryAfterNote>();

/** Runs one request's handling with room for a wait to be noted. */
export function withRetryAfterNote<T>(fn: () => Promise<T>): Promise<{ result: T; retryAfterSeconds: number | undefined }> {
  const note: RetryAfterNote = {};
  return requestNote.run(note, async () => ({ result: await fn(), retryAfterSeconds: note.seconds }));
}

/** Notes the wait of a rate-limit refusal a page is about to render (anything else is ignored). */
export function noteRetryAfter(error: unknown): void {
  const note = requestNote.getStore();
  if (note && error instanceof RateLimitedError) note.seconds = Math.max(note.seconds ?? 0, error.retryAfterSeconds);
}
