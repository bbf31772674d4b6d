// One shape for every action on a question page (vote, comment, answer,
// accept, verify, close, lock, moderate…): each endpoint under
// src/pages/community/actions/ parses its form with zod and makes one domain
// call. On success the browser goes back to the post with a 303; on a refusal
// (or an answer preview) the question page is rendered in the same response,
// with the message beside the right form and what was typed kept. No
// JavaScript needed. Domain errors become HTTP here, for all of them at once.
import type { APIContext, APIRoute } from 'astro';
import { z } from 'zod';
import type { SessionUser } from '@/server/accounts/sessions';
import { appDb } from '@/server/db';
import type { DB } from '@db/connection';
import type { SiteContext } from '@/server/email/templates';
import { DomainError, ValidationError, httpStatusOf, publicMessageOf } from '@/server/errors';
import { noteRetryAfter } from '@/web/retry-after';
import { readFormWithFiles, type FormFile } from '@/web/forms';
import { localPathField } from '@/web/safe-path';
import { siteContext } from '@/web/site';

/** A same-site path to come back to, normalized by safeLocalPath (never `//host`, `/\host` or `/<tab>/host`). */
export const backField = localPathField;

/** What the question page shows after a failed action or a preview (`Astro.locals.questionAction`). */
export interface QuestionActionOutcome {
  intent: string;
  /** Which form the message belongs to: `question-5`, `answer-7`, or '' for the page (or the answer form). */
  key: string;
  status: number;
  message?: string;
  /** What was typed (answer or comment), put back into its form. */
  draft?: string;
  /** The answer draft rendered, for "Preview". */
  preview?: string;
}

export type ActionResult = { anchor?: string; location?: string } | { preview: string; draft: string };

interface ActionSpec<S extends z.ZodType> {
  intent: string;
  schema: S;
  /** The form a refusal is shown beside; '' (the default) for the top of the page. */
  keyOf?: (data: z.infer<S>) => string;
  /** The field whose text is kept after a refusal. */
  draftField?: string;
  /** `files`: a multipart form's files by field name (the answer form's images). */
  run: (action: {
    db: DB;
    user: SessionUser;
    site: SiteContext;
    data: z.infer<S>;
    files: Record<string, FormFile[]>;
    /** Replaces the text kept after a refusal (the answer with its uploaded images' Markdown). */
    keepDraft: (text: string) => void;
  }) => Promise<ActionResult>;
}

/** Renders the question page at `back` for this outcome: a bodiless GET, with the same headers (the session). */
function renderBack(context: APIContext, back: string, outcome: QuestionActionOutcome): Promise<Response> {
  context.locals.questionAction = outcome;
  return context.rewrite(new Request(new URL(back, context.url), { headers: context.request.headers }));
}

function withAnchor(back: string, anchor?: string): string {
  const path = back.split('#')[0]!;
  return anchor ? `${path}#${anchor}` : path;
}

export function questionAction<S extends z.ZodType>(spec: ActionSpec<S>): APIRoute {
  return async (context) => {
    const { values, files } = await readFormWithFiles(context.request);
    const back = backField.safeParse(values.back);
    if (!back.success)
      return new Response('That request was not understood: it had no page to return to.', {
        status: 400,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    const user = context.locals.user;
    if (!user) return context.redirect(`/signin?next=${encodeURIComponent(withAnchor(back.data))}`, 303);
    let draft = spec.draftField ? values[spec.draftField] : undefined;
    const parsed = spec.schema.safeParse(values);
    if (!parsed.success)
      return renderBack(context, back.data, {
        intent: spec.intent,
        key: '',
        status: 400,
        message: 'That action was not understood. Please try again.',
        ...(draft !== undefined && { draft }),
      });
    const data = parsed.data as z.infer<S>;
    try {
      const result = await spec.run({
        db: appDb(),
        user,
        site: siteContext(),
        data,
        files,
        keepDraft: (text) => {
          draft = text;
        },
      });
      if ('preview' in result)
        return renderBack(context, back.data, {
          intent: spec.intent,
          key: spec.keyOf?.(data) ?? '',
          status: 200,
          draft: result.draft,
          preview: result.preview,
        });
      return context.redirect(result.location ?? withAnchor(back.data, result.anchor), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      noteRetryAfter(error);
      const fields = error instanceof ValidationError ? Object.values(error.fields) : [];
      return renderBack(context, back.data, {
        intent: spec.intent,
        key: spec.keyOf?.(data) ?? '',
        status: httpStatusOf(error),
        message: fields[0] ?? publicMessageOf(error),
        ...(draft !== undefined && { draft }),
      });
    }
  };
}

/** A planted link must not act: GET on an action only goes home. */
export const actionGet: APIRoute = ({ redirect }) => redirect('/', 303);

export const postFields = { postType: z.enum(['question', 'answer']), postId: z.coerce.number().int().positive() };
export const idField = z.coerce.number().int().positive();
