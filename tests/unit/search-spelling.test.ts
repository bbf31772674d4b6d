// Typo tolerance (search/spelling.ts and the thresholds in search/settings.ts):
// Damerau distance with optimal string alignment, a first-letter typo costing
// two as in Meilisearch, and the Speller that suggests indexed words.
import { describe, expect, it } from 'vitest';
import { Speller, typoDistance } from '@search/spelling';
import { allowedTypos, minWordSizeForTypos } from '@search/settings';

describe('typoDistance', () => {
  it('is 0 for the same word and 1 for a replaced, missing or extra letter', () => {
    expect(typoDistance('same', 'same', 0)).toBe(0);
    expect(typoDistance('calender', 'calendar', 1)).toBe(1);
    expect(typoDistance('exprt', 'export', 1)).toBe(1);
    expect(typoDistance('exporrt', 'export', 1)).toBe(1);
    expect(typoDistance('notifcation', 'notification', 2)).toBe(1);
  });

  it('counts two neighbouring letters swapped as one typo', () => {
    expect(typoDistance('exprot', 'export', 1)).toBe(1);
    expect(typoDistance('invocie', 'invoice', 1)).toBe(1);
    expect(typoDistance('epxort', 'export', 1)).toBe(1);
    // Optimal string alignment: two separate swaps are two typos.
    expect(typoDistance('xabcdef', 'xbadcef', 2)).toBe(2);
    expect(typoDistance('xabcdef', 'xbadcef', 1)).toBe(2);
  });

  it('counts a typo on the first letter as two', () => {
    expect(typoDistance('sxport', 'export', 2)).toBe(2);
    expect(typoDistance('xport', 'export', 2)).toBe(2);
    expect(typoDistance('rexport', 'export', 2)).toBe(2);
    // A doubled first letter is not a first-letter typo: the first letters agree.
    expect(typoDistance('eexport', 'export', 2)).toBe(1);
    expect(typoDistance('xeport', 'export', 2)).toBe(2);
    expect(typoDistance('sxport', 'export', 1)).toBe(2);
  });

  it('gives up past the maximum, answering max + 1', () => {
    expect(typoDistance('kitten', 'sitting', 1)).toBe(2);
    expect(typoDistance('kitten', 'sitting', 3)).toBe(4);
    expect(typoDistance('kitten', 'sitten', 3)).toBe(2);
    expect(typoDistance('a', 'abcdef', 2)).toBe(3);
    expect(typoDistance('export', 'import', 1)).toBe(2);
    expect(typoDistance('abcd', 'abce', 0)).toBe(1);
  });
});

describe('allowedTypos', () => {
  const word = (n: number) => 'x'.repeat(n);

  it('follows minWordSizeForTypos: exact up to 4 letters, one typo from 5, two from 9', () => {
    expect(minWordSizeForTypos).toEqual({ oneTypo: 5, twoTypos: 9 });
    expect([1, 4, 5, 8, 9, 15].map((n) => allowedTypos(word(n)))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(allowedTypos(word(minWordSizeForTypos.oneTypo - 1))).toBe(0);
    expect(allowedTypos(word(minWordSizeForTypos.twoTypos - 1))).toBe(1);
    expect([allowedTypos('sync'), allowedTypos('calender'), allowedTypos('synchronise')]).toEqual([0, 1, 2]);
  });

  it('counts letters, not UTF-16 units', () => {
    expect(allowedTypos('😀😀😀😀')).toBe(0);
  });
});

describe('Speller', () => {
  const vocabulary = () =>
    new Speller([
      ['export', 12],
      ['expert', 2],
      ['invoice', 9],
      ['calendar', 20],
      ['calendars', 1],
      ['notification', 5],
      ['notifications', 7],
      ['synchronise', 3],
      ['sync', 30],
      ['password', 8],
      ['2024', 3],
      ['日历', 5],
    ]);

  it('corrects a swap of two letters', () => {
    const speller = vocabulary();
    expect(speller.corrections('exprot')).toEqual([{ word: 'export', distance: 1, docs: 12 }]);
    expect(speller.corrections('invocie')).toEqual([{ word: 'invoice', distance: 1, docs: 9 }]);
  });

  it('allows typos by length: none up to 4 letters, one from 5, two from 9', () => {
    const speller = vocabulary();
    expect(speller.corrections('synk')).toEqual([]);
    expect(speller.corrections('calender')).toEqual([{ word: 'calendar', distance: 1, docs: 20 }]);
    expect(speller.corrections('calandre')).toEqual([]);
    expect(speller.corrections('notifcaton')).toEqual([{ word: 'notification', distance: 2, docs: 5 }]);
    expect(speller.corrections('synchronize')).toEqual([{ word: 'synchronise', distance: 1, docs: 3 }]);
  });

  it('corrects a wrong first letter only in words of 9 letters or more', () => {
    const speller = vocabulary();
    expect(speller.corrections('kalendar')).toEqual([]);
    expect(speller.corrections('xeport')).toEqual([]);
    expect(speller.corrections('kalendars')).toEqual([{ word: 'calendars', distance: 2, docs: 1 }]);
    // Replaced, missing, extra, and swapped with the second letter.
    for (const typed of ['motification', 'otification', 'onotification', 'ontification']) {
      expect(speller.corrections(typed)).toEqual([{ word: 'notification', distance: 2, docs: 5 }]);
    }
  });

  it('suggests nothing for numbers, Chinese or unknown far-off words', () => {
    const speller = vocabulary();
    expect(speller.corrections('2025')).toEqual([]);
    expect(speller.corrections('日立')).toEqual([]);
    expect(speller.corrections('zzzzzzz')).toEqual([]);
  });

  it('lists the closest words first, then the most common, then alphabetically, up to the limit', () => {
    const speller = new Speller([
      ['paint', 1],
      ['point', 40],
      ['print', 40],
      ['prints', 90],
      ['calendar', 20],
      ['calendars', 1],
    ]);
    // Closer before more common.
    expect(speller.corrections('calendaes')).toEqual([
      { word: 'calendars', distance: 1, docs: 1 },
      { word: 'calendar', distance: 2, docs: 20 },
    ]);
    // Equally close: more documents first.
    expect(speller.corrections('prinst')).toEqual([
      { word: 'prints', distance: 1, docs: 90 },
      { word: 'print', distance: 1, docs: 40 },
    ]);
    // Equally close and common: alphabetical.
    expect(speller.corrections('pbint').map((c) => c.word)).toEqual(['point', 'print', 'paint']);
    expect(speller.corrections('pbint', { limit: 1 }).map((c) => c.word)).toEqual(['point']);
    expect(speller.corrections('pbint', { limit: 2 }).map((c) => c.word)).toEqual(['point', 'print']);
  });

  it('with prefix, corrects a misspelled start of a longer word', () => {
    const speller = vocabulary();
    expect(speller.corrections('notifc')).toEqual([]);
    expect(speller.corrections('notifc', { prefix: true })).toEqual([
      { word: 'notifications', distance: 1, docs: 7, partial: true },
      { word: 'notification', distance: 1, docs: 5, partial: true },
    ]);
    expect(speller.corrections('calne', { prefix: true }).map((c) => c.word)).toEqual(['calendar', 'calendars']);
    expect(speller.corrections('calen', { prefix: true })).toEqual([
      { word: 'calendar', distance: 0, docs: 20, partial: true },
      { word: 'calendars', distance: 0, docs: 1, partial: true },
    ]);
    expect(speller.corrections('pasw', { prefix: true })).toEqual([]);
  });

  it('with prefix, puts a whole word before the start of a longer one at the same distance', () => {
    const speller = new Speller([
      ['invoice', 2],
      ['invoices', 9],
    ]);
    expect(speller.corrections('invocie', { prefix: true })).toEqual([
      { word: 'invoice', distance: 1, docs: 2 },
      { word: 'invoices', distance: 1, docs: 9, partial: true },
    ]);
  });

  it('with prefix, corrects a start of a word that misses or repeats a letter', () => {
    // "paswor" is "passwor" with one "s" missing, "notifcat" is "notificat" without its "i":
    // one typo each, like a whole word with one letter missing.
    const speller = vocabulary();
    expect(speller.corrections('paswor', { prefix: true })).toEqual([{ word: 'password', distance: 1, docs: 8, partial: true }]);
    expect(speller.corrections('notifcat', { prefix: true }).map((c) => c.word)).toEqual(['notifications', 'notification']);
    expect(speller.corrections('passswo', { prefix: true })).toEqual([{ word: 'password', distance: 1, docs: 8, partial: true }]);
  });

  it('lists the completions of a half-typed word, most common first', () => {
    const speller = new Speller([
      ['calendar', 20],
      ['calendars', 1],
      ['calm', 4],
      ['cal', 9],
    ]);
    expect(speller.completions('cal')).toEqual(['calendar', 'calm', 'calendars']);
    expect(speller.completions('cal', 1)).toEqual(['calendar']);
    expect(speller.completions('calendars')).toEqual([]);
    expect(speller.completions('zz')).toEqual([]);
  });

  it('knows whether an indexed word completes a prefix', () => {
    const speller = vocabulary();
    expect(speller.hasCompletion('exp')).toBe(true);
    expect(speller.hasCompletion('calendar')).toBe(true);
    expect(speller.hasCompletion('calendars')).toBe(false);
    expect(speller.hasCompletion('export')).toBe(false);
    expect(speller.hasCompletion('zzz')).toBe(false);
    expect(speller.hasCompletion('20')).toBe(true);
    expect(speller.hasCompletion('日')).toBe(true);
  });

  it('counts the documents holding a word', () => {
    const speller = vocabulary();
    expect(speller.documents('export')).toBe(12);
    expect(speller.documents('2024')).toBe(3);
    expect(speller.documents('exports')).toBe(0);
    expect(speller.size).toBe(12);
  });

  it('takes new words and more documents after it was built, and uses them at once', () => {
    const speller = vocabulary();
    expect(speller.hasCompletion('export')).toBe(false);
    expect(speller.corrections('exporetr')).toEqual([]);

    speller.add('export', 5);
    speller.add('exporter');
    speller.add('exporter');
    expect(speller.documents('export')).toBe(17);
    expect(speller.documents('exporter')).toBe(2);
    expect(speller.size).toBe(13);
    expect(speller.hasCompletion('export')).toBe(true);
    expect(speller.corrections('exporetr')).toEqual([{ word: 'exporter', distance: 1, docs: 2 }]);
    expect(speller.corrections('exprot')).toEqual([{ word: 'export', distance: 1, docs: 17 }]);
  });

  it('completes prefixes with words added later, digits and all', () => {
    const speller = vocabulary();
    expect(speller.hasCompletion('mp')).toBe(false);
    speller.add('mp4');
    expect(speller.documents('mp4')).toBe(1);
    expect(speller.hasCompletion('mp')).toBe(true);
  });

  it('starts empty', () => {
    const speller = new Speller();
    expect(speller.size).toBe(0);
    expect(speller.corrections('export')).toEqual([]);
    expect(speller.hasCompletion('e')).toBe(false);
  });
});
