import type { APIRoute } from 'astro';
import { z } from 'zod';
import { appDb } from '@/server/db';
import { appSearchEngine } from '@/server/search/engine';
import { isOpenKnownIssue, knownIssueIdOf, suggestAnswers } from '@/server/search/answer-suggestions';
import { statusLabels, type KnownIssueStatus } from '@/server/known-issues/model';

const schema = z.object({
  subject: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 200)),
  description: z
    .string()
    .catch('')
    .transform((s) => s.slice(0, 400)),
});

// Suggestions while the contact form is typed (src/scripts/answer-suggestions.ts).
export const GET: APIRoute = async ({ url }) => {
  const input = schema.parse(Object.fromEntries(url.searchParams));
  const hits = await suggestAnswers(appDb(), appSearchEngine(), { ...input, limit: 5 });
  // Known issues carry their status, and the open ones their id (the form's "Follow this issue instead").
  const body = hits.map((h) => ({
    type: h.type,
    title: h.title,
    url: h.url,
    ...(h.type === 'known_issue' && {
      status: statusLabels[h.status as KnownIssueStatus] ?? h.status,
      ...(isOpenKnownIssue(h) && { issueId: knownIssueIdOf(h) }),
    }),
  }));
  return new Response(JSON.stringify({ hits: body }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
