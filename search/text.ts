// Text helpers shared by the search engines: the query form stored for
// analytics, and safe highlighted titles and snippets. Both engines highlight
// here, with the query's analysed terms, so "syncing" is marked for "sync" and
// "receipt" for "invoice", whichever engine found the document.
import { escapeHtml } from '@/lib/html';
import { fold, hasHan, synonymTermsOf, tokenize, type AnalyzedQuery } from './analysis';

/** Lower-cases, folds compatibility forms and collapses whitespace: the form stored for analytics. */
export function normalizeQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Which words of a text to mark for a query. */
export interface Matcher {
  terms: Set<string>;
  /** Terms a word may also start with (the last, half-typed word). */
  prefixes: string[];
}

export function matcherFor(query: AnalyzedQuery, extraWords: string[] = []): Matcher {
  const terms = new Set<string>();
  for (const t of query.terms) {
    terms.add(t.term);
    for (const w of t.words) terms.add(w);
    for (const s of synonymTermsOf(t.term)) terms.add(s);
  }
  for (const word of extraWords) for (const token of tokenize(word)) terms.add(token.term);
  const last = query.terms.at(-1);
  const prefixes = last && !last.han && !last.synonym ? [...new Set([last.term, ...last.words])].filter((p) => p.length >= 2) : [];
  return { terms, prefixes };
}

const WORD = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function matches(matcher: Matcher, word: string, term: string): boolean {
  return matcher.terms.has(term) || matcher.terms.has(word) || matcher.prefixes.some((p) => word.startsWith(p) || term.startsWith(p));
}

/** [start, end) spans of the words of `text` that match. */
function matchSpans(text: string, matcher: Matcher): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    if (hasHan(m[0])) {
      const folded = fold(m[0]);
      let at = 0;
      for (const token of tokenize(m[0])) {
        const offset = folded.indexOf(token.word, at);
        if (offset < 0) break;
        at = offset + token.word.length;
        // Folding Traditional to Simplified keeps the length, so offsets carry over.
        if (folded.length === m[0].length && matches(matcher, token.word, token.term)) spans.push([start + offset, start + at]);
      }
      continue;
    }
    const [token] = tokenize(m[0]);
    if (token && matches(matcher, token.word, token.term)) spans.push([start, start + m[0].length]);
  }
  return spans;
}

function markSpans(text: string, spans: Array<[number, number]>, from = 0, to = text.length): string {
  let html = '';
  let last = from;
  for (const [start, end] of spans) {
    if (end <= from || start >= to) continue;
    html += escapeHtml(text.slice(last, start)) + `<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    last = end;
  }
  return html + escapeHtml(text.slice(last, to));
}

/** The text escaped, with every matching word wrapped in <mark>. */
export function highlight(text: string, matcher: Matcher): string {
  return markSpans(text, matchSpans(text, matcher));
}

/** A window of about `length` characters around the first match, highlighted. */
export function snippet(text: string, matcher: Matcher, length = 180): string {
  const scanned = text.slice(0, 20_000);
  const spans = matchSpans(scanned, matcher);
  const first = spans[0]?.[0] ?? -1;
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space > start - 20 && space > 0 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.indexOf(' ', end);
    end = space > 0 && space - end < 20 ? space : end;
  }
  const inside = spans.filter(([s, e]) => s >= start && e <= end);
  return `${start > 0 ? '…' : ''}${markSpans(text, inside, start, end)}${end < text.length ? '…' : ''}`;
}
