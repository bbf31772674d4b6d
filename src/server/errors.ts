// Typed domain errors. Domain functions throw these; `httpStatusOf` is the one
// place that turns them into HTTP status codes.

export class DomainError extends Error {
  override name = 'DomainError';
}

/** Bad input. `fields` maps a form field name to a message a person can act on. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
  constructor(message = 'Please sign in to continue.') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  constructor(message = 'You do not have permission to do that.') {
    super(message);
  }
}

export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** Too many attempts; the message ends with the wait ("Try again in 12 minutes."), sent as Retry-After too. */
export class RateLimitedError extends DomainError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${message} Try again in ${describeWait(retryAfterSeconds)}.`);
  }
}

/** A request body in a format the page does not read (JSON or plain text sent to a form). */
export class UnsupportedMediaTypeError extends DomainError {
  override name = 'UnsupportedMediaTypeError';
}

/** A wait a person can read, rounded up: "40 seconds", "1 minute", "12 minutes", "3 hours". */
export function describeWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  if (seconds <= 90 * 60) return plural(Math.ceil(seconds / 60), 'minute');
  return plural(Math.ceil(seconds / 3600), 'hour');
}

export function httpStatusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  if (error instanceof RateLimitedError) return 429;
  return 500;
}

/** The message safe to show a person: domain messages as written, anything else generic. */
export function publicMessageOf(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return 'Something went wrong on our side. Please try again.';
}
