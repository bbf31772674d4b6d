// Answers that may solve a support request before it is sent (Zendesk calls it
// deflection): help articles, known issues and community questions that have
// an answer, found by the request's subject, then by its description.
import type { DB } from '@db/connection';
import type { SearchEngine, SearchHit } from '@search/types';
import { SearchUnavailableError, searchSite } from './site-search';

/** A search needs a few letters to say anything. */
const MIN_QUERY = 4;
/** The description is searched by its start: what people write first is what went wrong. */
const DESCRIPTION_QUERY_MAX = 200;

/** The first `max` characters of a text, cut at a word boundary. */
export function leadingWords(text: string, max: number): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return space > max / 2 ? cut.slice(0, space) : cut;
}

function mayAnswer(hit: SearchHit): boolean {
  // A question helps only once someone answered it ("unanswered" has no answer yet).
  return hit.type !== 'question' || hit.status === 'answered' || hit.status === 'open';
}

/** An open known issue: the customer may follow it instead of writing (the contact form offers it). */
export function isOpenKnownIssue(hit: Pick<SearchHit, 'type' | 'status'>): boolean {
  return hit.type === 'known_issue' && hit.status !== 'fixed';
}

/** The known issue's id from its search document id ("known_issue-12" → 12), else undefined. */
export function knownIssueIdOf(hit: Pick<SearchHit, 'type' | 'id'>): number | undefined {
  if (hit.type !== 'known_issue') return undefined;
  const id = Number(/^known_issue-(\d{1,12})$/.exec(hit.id)?.[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Up to `limit` results for what the customer typed: the subject's first, then
 * the description's, open known issues before the rest (whatever types the
 * site's search tabs show: an ongoing problem is the likeliest answer). Not
 * logged as searches (half-typed text). An engine outage gives no suggestions
 * rather than an error: the form must still work.
 */
export async function suggestAnswers(db: DB, engine: SearchEngine, input: { subject: string; description: string; limit?: number }): Promise<SearchHit[]> {
  const limit = input.limit ?? 5;
  const queries = [...new Set([input.subject.trim().slice(0, DESCRIPTION_QUERY_MAX), leadingWords(input.description, DESCRIPTION_QUERY_MAX)])].filter(
    (q) => q.length >= MIN_QUERY,
  );
  const found = new Map<string, SearchHit>();
  for (const q of queries) {
    if (found.size >= limit) break;
    try {
      const result = await searchSite(db, engine, { q, limit: limit * 2, visitorKey: null, log: false });
      for (const hit of result.hits.filter(mayAnswer)) if (!found.has(hit.id)) found.set(hit.id, hit);
    } catch (error) {
      if (error instanceof SearchUnavailableError) return [];
      throw error;
    }
  }
  const hits = [...found.values()];
  return [...hits.filter(isOpenKnownIssue), ...hits.filter((h) => !isOpenKnownIssue(h))].slice(0, limit);
}
