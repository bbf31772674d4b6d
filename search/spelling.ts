// Typo tolerance from one rule for both engines: the word-length thresholds in
// search/settings.ts and Damerau–Levenshtein distance (optimal string
// alignment: a swap of two neighbouring letters is one typo), where a typo on
// the first letter counts as two, as Meilisearch counts it. The Speller holds
// the index's vocabulary (folded words, not stems) in buckets by first letter
// and length, so a look-up compares a word with a few hundred others, never
// with the whole vocabulary; it is built and refreshed outside the request.
import { fold } from './analysis';
import { allowedTypos } from './settings';

/** Distance between two words, or max + 1 as soon as it must exceed max. */
export function typoDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // A typo on the first letter costs two.
  const firstLetter = a[0] === b[0] ? 0 : 1;
  const limit = max - firstLetter;
  if (limit < 0) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return max + 1;
    rows.push(row);
  }
  const distance = rows[a.length]![b.length]! + firstLetter;
  return distance <= max ? distance : max + 1;
}

export interface Correction {
  word: string;
  distance: number;
  /** Documents holding the word. */
  docs: number;
  /** True when only the word's start is that close (the word being typed). */
  partial?: true;
}

const LETTERS = /^\p{L}+$/u;

export class Speller {
  private readonly docs = new Map<string, number>();
  private readonly buckets = new Map<string, string[]>();
  /** Words by all but their first letter: the candidates for a typo on the first letter. */
  private readonly tails = new Map<string, string[]>();
  /** Sorted, for prefix look-ups. */
  private sorted: string[] | undefined;

  constructor(entries: Iterable<readonly [word: string, docs: number]> = []) {
    for (const [word, docs] of entries) this.add(word, docs);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Adds a word (or more documents holding it). */
  add(word: string, docs = 1): void {
    const known = this.docs.get(word);
    this.docs.set(word, (known ?? 0) + docs);
    if (known !== undefined) return;
    this.sorted = undefined;
    if (!LETTERS.test(word)) return;
    const key = `${word[0]}:${word.length}`;
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(word);
    else this.buckets.set(key, [word]);
    const tail = this.tails.get(word.slice(1));
    if (tail) tail.push(word);
    else this.tails.set(word.slice(1), [word]);
  }

  /** Documents holding exactly this word (0 when unknown). */
  documents(word: string): number {
    return this.docs.get(word) ?? 0;
  }

  /** Up to `max` indexed words that start with `prefix` and are longer, in alphabetical order. */
  private startingWith(prefix: string, max: number): string[] {
    const sorted = (this.sorted ??= [...this.docs.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < sorted.length && found.length < max && sorted[i]!.startsWith(prefix); i++) if (sorted[i] !== prefix) found.push(sorted[i]!);
    return found;
  }

  /** True when some indexed word starts with `prefix` (and is longer). */
  hasCompletion(prefix: string): boolean {
    return this.startingWith(prefix, 1).length > 0;
  }

  /** Indexed words that start with `prefix` (and are longer), most common first (of the first 5,000). */
  completions(prefix: string, limit = 5): string[] {
    return this.startingWith(prefix, 5000)
      .sort((a, b) => this.documents(b) - this.documents(a) || a.localeCompare(b))
      .slice(0, limit);
  }

  /**
   * Indexed words within the typos the word's length allows, closest and most
   * common first. With `prefix`, the word may also be a misspelled start of a
   * longer word (the word being typed).
   */
  corrections(word: string, options: { prefix?: boolean; limit?: number } = {}): Correction[] {
    const max = allowedTypos(word);
    if (max === 0 || !LETTERS.test(word)) return [];
    const found = new Map<string, Correction>();
    const consider = (candidate: string, compared: string) => {
      if (candidate === word) return;
      let distance = typoDistance(word, compared, max);
      let partial = false;
      // While typing, the word may be the misspelled start of the candidate (with a letter missing or repeated, too).
      for (let cut = word.length - max; distance > 0 && options.prefix && cut <= word.length + max; cut++) {
        if (cut <= 0 || cut >= candidate.length) continue;
        const start = typoDistance(word, candidate.slice(0, cut), max);
        if (start < distance) [distance, partial] = [start, true];
      }
      if (distance > max) return;
      const known = found.get(candidate);
      if (!known || distance < known.distance)
        found.set(candidate, { word: candidate, distance, docs: this.documents(candidate), ...(partial ? { partial: true as const } : {}) });
    };
    // A first-letter typo costs two, so with one typo allowed the first letter is right.
    const longest = options.prefix ? word.length + 12 : word.length + max;
    for (let length = word.length - max; length <= longest; length++) {
      for (const candidate of this.buckets.get(`${word[0]}:${length}`) ?? []) consider(candidate, candidate);
    }
    if (max >= 2) {
      // The first letter wrong (then nothing else may be): replaced, missing, extra, or swapped with the second.
      for (const candidate of this.tails.get(word.slice(1)) ?? []) consider(candidate, candidate);
      for (const candidate of this.tails.get(word) ?? []) consider(candidate, candidate);
      if (this.docs.has(word.slice(1))) consider(word.slice(1), word.slice(1));
      const swapped = word[1]! + word[0]! + word.slice(2);
      if (this.docs.has(swapped)) consider(swapped, swapped);
    }
    // Closest first; at the same distance a whole word before the start of a longer one, then the most common.
    return [...found.values()]
      .sort((a, b) => a.distance - b.distance || Number(a.partial ?? false) - Number(b.partial ?? false) || b.docs - a.docs || a.word.localeCompare(b.word))
      .slice(0, options.limit ?? 3);
  }
}

/** The query with each misspelled word (folded) replaced by its correction, everything else as typed. */
export function correctedQuery(q: string, fixes: Map<string, string>): string | undefined {
  if (fixes.size === 0) return undefined;
  return q.replace(/[\p{L}\p{N}]+/gu, (word) => fixes.get(fold(word)) ?? word);
}
