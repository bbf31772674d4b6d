// Route parameters parsed once, the same way on every page.
import { z } from 'zod';

const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number);

/** A numeric id from the URL (1 to 10 digits, no leading zero), or undefined. */
export function idParam(value: string | undefined): number | undefined {
  const parsed = positiveId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
