// Text analysis shared by both engines, so they index and search the same
// words: case and accents folded, Traditional Chinese folded to Simplified
// (OpenCC), Chinese split into words (jieba, the segmenter Meilisearch uses
// too), English stemmed (Porter: "syncing", "synced" and "sync" meet), the
// synonym list applied (search/synonyms.ts), and, in queries only, stop words
// dropped (the `stopword` package's English and Chinese lists, and negations but a last word) unless the
// query is nothing but stop words. Engines index the analysed text in fields
// of their own and receive the analysed query, so neither relies on features
// the other lacks.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { stemmer } from 'stemmer';
import { eng, zho } from 'stopword';
import { synonymGroups } from './synonyms';

/** Bumped whenever the analysis or the embedded index layout changes, so stored documents are indexed again. */
export const ANALYSIS_VERSION = 5;

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** A word of letters and digits (apostrophes inside), or a run of Chinese characters. */
export const WORD = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const MAX_QUERY_TERMS = 10;

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
let segmenter: Jieba | undefined;
function jieba(): Jieba {
  return (segmenter ??= Jieba.withDict(dict));
}

const englishStopWords = new Set(eng);
// Negations are dropped from queries too, except as the last word (it may be the start of "notes" being
// typed; the matching strategy drops trailing words anyway): support questions read "notes not syncing" or
// "export doesn't work", and a page about the problem rarely says "not" where the query does. Apostrophes
// are already gone.
const negations = new Set([
  'not',
  'no',
  'nor',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'wont',
  'hasnt',
  'havent',
  'hadnt',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'aint',
]);
const chineseStopWords = new Set(zho);

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Lower case, compatibility forms (full-width letters), accents dropped, Traditional → Simplified. */
export function fold(text: string): string {
  // eslint-disable-next-line no-control-regex -- plain ASCII needs no Unicode folding
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFKC')
    .toLowerCase();
  if (!hasHan(folded)) return folded;
  // Converting Chinese is slow, and the same titles and sentences come back: short ones are remembered.
  if (folded.length > 500) return toSimplified(folded);
  let simplified = simplifiedRuns.get(folded);
  if (simplified === undefined) {
    simplified = toSimplified(folded);
    if (simplifiedRuns.size >= 50_000) simplifiedRuns.clear();
    simplifiedRuns.set(folded, simplified);
  }
  return simplified;
}
const simplifiedRuns = new Map<string, string>();

// Chinese runs (folded) → their words, remembered like the conversions.
const segmentedRuns = new Map<string, string[]>();
function segment(run: string): string[] {
  let words = segmentedRuns.get(run);
  if (!words) {
    words = jieba()
      .cut(run, true)
      .filter((piece) => piece.trim() !== '');
    if (run.length <= 500) {
      if (segmentedRuns.size >= 50_000) segmentedRuns.clear();
      segmentedRuns.set(run, words);
    }
  }
  return words;
}

export interface Token {
  /** The folded word as written ("syncing", "日历"). */
  word: string;
  /** What is indexed and matched: the stem, the word itself for Chinese and numbers, or a synonym group's term. */
  term: string;
  han: boolean;
  stop: boolean;
}

// Words repeat endlessly across documents and queries: each is stemmed once (the cache is bounded).
const wordTokens = new Map<string, Token>();
/** A folded word (letters and digits) as a token: stemmed once, then remembered. */
export function wordToken(raw: string): Token {
  const known = wordTokens.get(raw);
  if (known) return known;
  const word = raw.replace(/['’]/g, '');
  const stemmed = /\d/.test(word) || word.length < 3 ? word : stemmer(word);
  const token: Token = { word, term: stemmed, han: false, stop: englishStopWords.has(word) };
  if (wordTokens.size >= 200_000) wordTokens.clear();
  wordTokens.set(raw, token);
  return token;
}

// A word as written (case and all) → its token: the highlighter meets the same words again and again.
const writtenTokens = new Map<string, Token>();
/** The token of one written word of letters and digits (not Chinese): fold, stem, remembered. */
export function tokenOfWord(written: string): Token {
  let token = writtenTokens.get(written);
  if (!token) {
    token = wordToken(fold(written));
    if (writtenTokens.size >= 200_000) writtenTokens.clear();
    writtenTokens.set(written, token);
  }
  return token;
}

/** The words of a text, folded and stemmed, in order (no synonyms, nothing dropped). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of fold(text).matchAll(WORD)) {
    const run = match[0];
    if (!hasHan(run)) {
      tokens.push(wordToken(run));
      continue;
    }
    for (const piece of segment(run)) tokens.push({ word: piece, term: piece, han: true, stop: chineseStopWords.has(piece) });
  }
  return tokens;
}

interface SynonymRule {
  terms: string[];
  /** The term every phrase of the group becomes. */
  term: string;
}

/** Rules by their first term, longest phrase first. */
const synonymRules: Map<string, SynonymRule[]> = (() => {
  const rules = new Map<string, SynonymRule[]>();
  for (const group of synonymGroups) {
    const phrases = group.map((phrase) => tokenize(phrase).map((t) => t.term)).filter((terms) => terms.length > 0);
    const term = phrases[0]!.join('');
    for (const terms of phrases) {
      const list = rules.get(terms[0]!) ?? [];
      list.push({ terms, term });
      rules.set(terms[0]!, list);
    }
  }
  for (const list of rules.values()) list.sort((a, b) => b.terms.length - a.terms.length);
  return rules;
})();

function synonymAt(tokens: Token[], at: number): SynonymRule | undefined {
  return synonymRules.get(tokens[at]!.term)?.find((rule) => rule.terms.every((term, i) => tokens[at + i]?.term === term));
}

/**
 * The terms of a text as the engines index them, space-separated: every word's
 * term, and after each synonym phrase its group's term (so "log in" is also
 * found as "signin", and "receipts" as "invoic").
 */
export function indexTerms(text: string): string {
  const tokens = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const rule = synonymAt(tokens, i);
    if (!rule) {
      out.push(tokens[i]!.term);
      continue;
    }
    for (let j = 0; j < rule.terms.length; j++) out.push(tokens[i + j]!.term);
    if (rule.terms.length > 1 || rule.terms[0] !== rule.term) out.push(rule.term);
    i += rule.terms.length - 1;
  }
  return out.join(' ');
}

/** The distinct folded words of a text (not stemmed): the typo vocabulary and prefix matching use them. */
export function indexWords(text: string): string {
  return [...new Set(tokenize(text).map((t) => t.word))].join(' ');
}

export interface QueryTerm {
  /** The indexed term to match. */
  term: string;
  /** The words the customer typed for it (folded), for highlighting and corrections. */
  words: string[];
  han: boolean;
  /** From the synonym list: no typo tolerance, no prefix. */
  synonym: boolean;
}

export interface AnalyzedQuery {
  terms: QueryTerm[];
  /** True when every word was a stop word, so the stop words were kept. */
  onlyStopWords: boolean;
}

/**
 * A query as the engines match it: its terms in the order typed, synonym
 * phrases replaced by their group's term, stop words dropped unless nothing
 * else is left, each term once, at most 10.
 */
export function analyzeQuery(q: string): AnalyzedQuery {
  const tokens = tokenize(q.slice(0, 200));
  const terms: Array<QueryTerm & { stop: boolean }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const rule = synonymAt(tokens, i);
    if (rule) {
      const words = tokens.slice(i, i + rule.terms.length).map((t) => t.word);
      terms.push({ term: rule.term, words, han: tokens[i]!.han, synonym: true, stop: false });
      i += rule.terms.length - 1;
    } else {
      const t = tokens[i]!;
      terms.push({ term: t.term, words: [t.word], han: t.han, synonym: false, stop: t.stop || (negations.has(t.word) && i < tokens.length - 1) });
    }
  }
  const content = terms.filter((t) => !t.stop);
  const kept = content.length > 0 ? content : terms;
  const seen = new Set<string>();
  const unique = kept.filter((t) => !seen.has(t.term) && seen.add(t.term));
  return {
    terms: unique.slice(0, MAX_QUERY_TERMS).map(({ stop: _stop, ...term }) => term),
    onlyStopWords: content.length === 0 && terms.length > 0,
  };
}

/** The query as sent to an engine that tokenizes by itself (Meilisearch): the terms, space-separated. */
export function analyzedQueryText(query: AnalyzedQuery): string {
  return query.terms.map((t) => t.term).join(' ');
}

/** For highlighting: the phrases (as terms) of a synonym group's term ("signin" → [sign, in], [log, in], [login] …). */
export function synonymPhrasesOf(term: string): string[][] {
  const out: string[][] = [];
  for (const list of synonymRules.values()) for (const rule of list) if (rule.term === term) out.push(rule.terms);
  return out;
}
