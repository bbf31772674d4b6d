// Text helpers shared by the search engines: query normalisation, CJK bigrams
// for the embedded engine, and safe highlighted snippets.
import { escapeHtml } from '@/lib/html';
import { minWordSizeForTypos } from './settings';

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** "同步日曆" → "同步 步日 日曆": overlapping bigrams, so any 2-character word is a token. */
export function cjkBigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length <= 2) return [run];
  const grams: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** Rewrites every CJK run in a text as space-separated bigrams; other text is kept. */
export function toIndexText(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${cjkBigrams(run).join(' ')} `);
}

/** Lower-cases, folds accents and collapses whitespace: the form stored for analytics. */
export function normalizeQuery(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
}

export interface QueryTerm {
  /** The term as typed (lower-case); CJK runs stay whole here. */
  text: string;
  cjk: boolean;
}

/** Splits a query into terms: words of letters/digits, and CJK runs. */
export function queryTerms(q: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const pattern = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
  for (const match of normalizeQuery(q).matchAll(pattern)) {
    const text = match[0].replace(/['’]/g, '');
    terms.push({ text, cjk: hasCjk(text) });
  }
  return terms.slice(0, 12);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Escapes `text` and wraps every occurrence of the words in <mark>. Latin words
 * match at word starts (so "sync" marks "syncing"); CJK words anywhere.
 */
export function highlight(text: string, words: string[]): string {
  const parts = words
    .filter((w) => w.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((w) => (hasCjk(w) ? escapeRegExp(w) : `\\b${escapeRegExp(w)}`));
  if (parts.length === 0) return escapeHtml(text);
  const pattern = new RegExp(`(${parts.join('|')})`, 'giu');
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    html += escapeHtml(text.slice(last, match.index)) + `<mark>${escapeHtml(match[0])}</mark>`;
    last = match.index! + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** A window of about `length` characters around the first match, highlighted. */
export function snippet(text: string, words: string[], length = 180): string {
  const lower = text.toLowerCase();
  let first = -1;
  for (const word of words) {
    const at = lower.indexOf(word.toLowerCase());
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
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
  return `${start > 0 ? '…' : ''}${highlight(text.slice(start, end), words)}${end < text.length ? '…' : ''}`;
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** How many typos a word of this length may contain: the shared setting, as Meilisearch applies it. */
export function allowedTypos(word: string): number {
  if (word.length >= minWordSizeForTypos.twoTypos) return 2;
  if (word.length >= minWordSizeForTypos.oneTypo) return 1;
  return 0;
}
