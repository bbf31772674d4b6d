// Text helpers shared by the search engines: the query form stored for
// analytics, and safe highlighted titles and snippets. Both engines highlight
// here, with the query's analysed terms, so "syncing" is marked for "sync" and
// "receipt" for "invoice", whichever engine found the document.
import { escapeHtml } from '@/lib/html';
import { WORD, fold, hasHan, synonymPhrasesOf, tokenOfWord, tokenize, type AnalyzedQuery } from './analysis';

/** Lower-cases, folds compatibility forms and collapses whitespace: the form stored for analytics. */
export function normalizeQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Which words of a text to mark for a query. */
export interface Matcher {
  terms: Set<string>;
  /** Terms a word may also start with (the last, half-typed word). */
  prefixes: string[];
  /** Runs of terms marked only together: synonym phrases ("log in"), whose words alone ("in") are no match. */
  phrases: string[][];
}

export function matcherFor(query: AnalyzedQuery, extraWords: string[] = []): Matcher {
  const terms = new Set<string>();
  const phrases: string[][] = [];
  for (const t of query.terms) {
    if (t.synonym) {
      for (const phrase of synonymPhrasesOf(t.term)) {
        if (phrase.length === 1) terms.add(phrase[0]!);
        else phrases.push(phrase);
      }
      continue;
    }
    terms.add(t.term);
    for (const w of t.words) terms.add(w);
  }
  for (const word of extraWords) for (const token of tokenize(word)) terms.add(token.term);
  const last = query.terms.at(-1);
  const prefixes = last && !last.han && !last.synonym ? [...new Set([last.term, ...last.words])].filter((p) => p.length >= 2) : [];
  return { terms, prefixes, phrases };
}

function matches(matcher: Matcher, word: string, term: string): boolean {
  return matcher.terms.has(term) || matcher.terms.has(word) || matcher.prefixes.some((p) => word.startsWith(p) || term.startsWith(p));
}

interface Located {
  start: number;
  end: number;
  word: string;
  term: string;
}

/** The words of a text with their places, up to `limit` characters past the first that `stop` accepts. */
function locatedWords(text: string, stop?: (w: Located) => boolean, limit = 0): Located[] {
  const words: Located[] = [];
  let until = Infinity;
  const push = (w: Located) => {
    words.push(w);
    if (until === Infinity && stop?.(w)) until = w.start + limit;
  };
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    if (start > until) break;
    // WORD matches a Chinese run as a whole, so its first character tells.
    const first = m[0].charCodeAt(0);
    if ((first >= 0x3400 && first <= 0x9fff) || (first >= 0xf900 && first <= 0xfaff)) {
      const folded = fold(m[0]);
      // Folding Traditional to Simplified keeps the length, so offsets carry over.
      if (folded.length !== m[0].length) continue;
      let at = 0;
      for (const token of tokenize(m[0])) {
        const offset = folded.indexOf(token.word, at);
        if (offset < 0) break;
        at = offset + token.word.length;
        push({ start: start + offset, end: start + at, word: token.word, term: token.term });
      }
      continue;
    }
    const token = tokenOfWord(m[0]);
    push({ start, end: start + m[0].length, word: token.word, term: token.term });
  }
  return words;
}

/** [start, end) spans of the words of `text` that match (for a snippet: up to `window` characters past the first). */
function matchSpans(text: string, matcher: Matcher, window = 0): Array<[number, number]> {
  const words =
    window > 0 ? locatedWords(text, (w) => matches(matcher, w.word, w.term) || matcher.phrases.some((p) => p[0] === w.term), window) : locatedWords(text);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = matcher.phrases.find((p) => p.every((term, j) => words[i + j]?.term === term));
    if (phrase) {
      for (let j = 0; j < phrase.length; j++) spans.push([words[i + j]!.start, words[i + j]!.end]);
      i += phrase.length - 1;
    } else if (matches(matcher, words[i]!.word, words[i]!.term)) spans.push([words[i]!.start, words[i]!.end]);
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

/**
 * Where the first match may be: the earliest place a term, a typed word or a
 * prefix occurs as text (stems are mostly word starts: "sync" in "syncing").
 * Only a hint where to start reading words: -1 when none occurs.
 */
function firstCandidate(text: string, matcher: Matcher): number {
  const probe = hasHan(text) ? fold(text) : text.toLowerCase();
  if (probe.length !== text.length) return 0;
  let first = -1;
  const look = (needle: string) => {
    const at = probe.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  };
  for (const term of matcher.terms) look(term);
  for (const prefix of matcher.prefixes) look(prefix);
  for (const phrase of matcher.phrases) look(phrase[0]!);
  return first;
}

/** A window of about `length` characters around the first match, highlighted. */
export function snippet(text: string, matcher: Matcher, length = 180): string {
  // Words are read from a little before the first place a match may be, up to one window past the first match.
  // No term occurs as text: nothing to mark (the match was in the title or tags), the start of the text it is.
  const hint = firstCandidate(text, matcher);
  const base = hint <= length ? 0 : text.lastIndexOf(' ', hint - length) + 1;
  const spans = hint < 0 ? [] : matchSpans(text.slice(base, base + 20_000), matcher, length + 20).map(([s, e]): [number, number] => [s + base, e + base]);
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
