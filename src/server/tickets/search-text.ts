// The text staff search finds a ticket by (tickets.search_text): its
// reference, subject, requester, description and every message (notes too:
// only staff search), folded as search folds text (lower case, accents and
// full-width forms dropped, Traditional → Simplified Chinese), whitespace
// collapsed. A query matches when every one of its words occurs in it.
import { fold } from '@search/analysis';

/** At most this much text per ticket is searchable (the start of a very long thread). */
export const SEARCH_TEXT_MAX = 60_000;

export function foldForTicketSearch(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}

export interface TicketSearchParts {
  ref: string;
  subject: string;
  requesterName: string;
  requesterEmail: string;
  description: string;
  messages: readonly string[];
}

export function ticketSearchText(t: TicketSearchParts): string {
  return foldForTicketSearch([t.ref, t.subject, t.requesterName, t.requesterEmail, t.description, ...t.messages].join(' ')).slice(0, SEARCH_TEXT_MAX);
}

/** The words of a staff query, folded the same way (at most 8; empty words dropped). */
export function ticketQueryWords(q: string): string[] {
  return [...new Set(foldForTicketSearch(q).split(' '))].filter((w) => w.length > 0).slice(0, 8);
}
