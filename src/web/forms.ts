// Form handling for pages: parse a submitted form with a zod schema and keep
// what was typed, so a page can re-render with errors beside the fields.
import type { z } from 'zod';
import { DomainError, UnsupportedMediaTypeError, ValidationError, httpStatusOf, publicMessageOf } from '@/server/errors';
import { config } from '@/config';
import { formatBytes } from '@/server/attachments/store';
import { noteRetryAfter } from '@/web/retry-after';

export type FormValues = Record<string, string>;

export interface FormState {
  values: FormValues;
  errors: Record<string, string>;
  /** A message for the whole form, shown above it. */
  message?: string;
}

export function emptyForm(values: FormValues = {}): FormState {
  return { values, errors: {} };
}

/** Fields never echoed back into a page, whatever happens. */
const SECRET_FIELDS = /password/i;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The fields of a posted form. A body in another format (JSON, plain text) is
 * a 415 and a body that does not parse (a multipart body without its boundary,
 * or cut short) a 400, both with a message, never a 500.
 */
export async function readForm(request: Request): Promise<FormValues> {
  return (await readFormWithFiles(request)).values;
}

/** A file of a multipart form, as the domain takes it (files left empty by the browser are dropped). */
export interface FormFile {
  name: string;
  bytes: Uint8Array;
}

/** Like readForm, and also the files of a multipart form by field name. */
export async function readFormWithFiles(request: Request): Promise<{ values: FormValues; files: Record<string, FormFile[]> }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type))
    throw new UnsupportedMediaTypeError('Send the form as application/x-www-form-urlencoded or multipart/form-data, as a browser does.');
  // A body far past the attachment limit is refused unread (twice the limit: a file slightly over it still gets the form back, text kept).
  const limit = config().ATTACHMENT_MAX_BYTES;
  if (Number(request.headers.get('content-length') ?? 0) > 2 * limit + 1024 * 1024) {
    const message = `The files are far too large: at most ${formatBytes(limit)} per message.`;
    throw new ValidationError(message, { attachments: message });
  }
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    throw new ValidationError('The form could not be read: its body is incomplete or malformed. Please send it again.');
  }
  const values: FormValues = {};
  const files: Record<string, FormFile[]> = {};
  for (const [key, value] of data.entries()) {
    if (typeof value === 'string') values[key] = value;
    // A file input left empty still sends a nameless, empty part (an empty file with a name is the user's, and refused with a message).
    else if (value.name !== '' || value.size > 0) (files[key] ??= []).push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { values, files };
}

export function keptValues(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.test(key)));
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; form: FormState };

export function parseForm<S extends z.ZodType>(schema: S, values: FormValues): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    errors[key] ??= issue.message;
  }
  return { ok: false, form: { values: keptValues(values), errors, message: 'Please correct the highlighted fields.' } };
}

/** Turns a domain error into form state; rethrows anything that is not a domain error. */
export function formFromError(error: unknown, values: FormValues): FormState {
  if (!(error instanceof DomainError)) throw error;
  noteRetryAfter(error);
  const errors = error instanceof ValidationError ? error.fields : {};
  return { values: keptValues(values), errors, message: publicMessageOf(error) };
}

export type Submission<T> = { ok: true; result: T } | { ok: false; form: FormState; status: number };

/**
 * The one shape of every form post: validate with zod (400 and the fields'
 * messages when wrong), run the domain action, and turn a domain error into
 * form state with its HTTP status. What was typed is kept, passwords excepted.
 */
export async function submitForm<S extends z.ZodType, T>(values: FormValues, schema: S, action: (data: z.infer<S>) => Promise<T>): Promise<Submission<T>> {
  const parsed = parseForm(schema, values);
  if (!parsed.ok) return { ok: false, form: parsed.form, status: 400 };
  try {
    return { ok: true, result: await action(parsed.data) };
  } catch (error) {
    return { ok: false, form: formFromError(error, values), status: httpStatusOf(error) };
  }
}
