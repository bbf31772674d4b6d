// The text helpers both engines share: query normalisation and terms, CJK
// bigrams, highlighting and snippets (safe HTML), edit distance and typo rules.
import { describe, expect, it } from 'vitest';
import { minWordSizeForTypos } from '@search/settings';
import { escapeHtml } from '@/lib/html';
import { allowedTypos, cjkBigrams, editDistance, hasCjk, highlight, normalizeQuery, queryTerms, snippet, toIndexText } from '@search/text';

describe('normalizeQuery', () => {
  it('lower-cases, applies NFKC, collapses whitespace and caps the length at 200', () => {
    expect(normalizeQuery('  Export\tNOTES \n to PDF ')).toBe('export notes to pdf');
    expect(normalizeQuery('ｅｘｐｏｒｔ　ＰＤＦ')).toBe('export pdf');
    expect(normalizeQuery('ﬁle')).toBe('file');
    expect(normalizeQuery('x'.repeat(500))).toHaveLength(200);
    expect(normalizeQuery('   ')).toBe('');
  });
});

describe('queryTerms', () => {
  it('keeps words of letters and digits, dropping search syntax and punctuation', () => {
    expect(queryTerms('"export" NEAR(notes, 2) pdf* ^title: -draft (a OR b')).toEqual(
      ['export', 'near', 'notes', '2', 'pdf', 'title', 'draft', 'a', 'or', 'b'].map((text) => ({ text, cjk: false })),
    );
  });

  it("joins apostrophes into the word (can't → cant) and keeps CJK runs whole", () => {
    expect(queryTerms("can't sync 同步日曆")).toEqual([
      { text: 'cant', cjk: false },
      { text: 'sync', cjk: false },
      { text: '同步日曆', cjk: true },
    ]);
  });

  it('ignores control characters and lone surrogates, and keeps at most 12 terms', () => {
    expect(queryTerms('\u0000\u0007\ud800\udfff\u001b[31m')).toEqual([{ text: '31m', cjk: false }]);
    expect(queryTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12);
    expect(queryTerms('!!! ??? ***')).toEqual([]);
  });
});

describe('CJK', () => {
  it('detects CJK and splits runs into overlapping bigrams', () => {
    expect(hasCjk('Google 日曆')).toBe(true);
    expect(hasCjk('Calendar')).toBe(false);
    expect(cjkBigrams('同步日曆')).toEqual(['同步', '步日', '日曆']);
    expect(cjkBigrams('日曆')).toEqual(['日曆']);
    expect(cjkBigrams('日')).toEqual(['日']);
  });

  it('rewrites only the CJK runs of a text for the index', () => {
    expect(toIndexText('Sync 同步日曆 now')).toBe('Sync  同步 步日 日曆  now');
    expect(toIndexText('No CJK here')).toBe('No CJK here');
  });
});

describe('highlight and snippet', () => {
  it('escapes the text and marks words at word starts, CJK anywhere', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(highlight('Syncing <b>calendars</b> resync', ['sync'])).toBe('<mark>Sync</mark>ing &lt;b&gt;calendars&lt;/b&gt; resync');
    expect(highlight('同步日曆', ['日曆'])).toBe('同步<mark>日曆</mark>');
    expect(highlight('a+b (c)', ['a+b', '(c'])).toBe('<mark>a+b</mark> <mark>(c</mark>)'.replace('<mark>(c</mark>', '(c'));
    expect(highlight('plain', [])).toBe('plain');
  });

  it('cuts a window around the first match at word boundaries, with ellipses', () => {
    const text = `${'lorem '.repeat(40)}export your notes as PDF ${'ipsum '.repeat(40)}`;
    const cut = snippet(text, ['export'], 60);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('<mark>export</mark> your notes');
    expect(cut.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(60 + 20 + 2);
    expect(snippet('Short text', ['missing'])).toBe('Short text');
    expect(snippet('<script>', ['script'])).toBe('&lt;<mark>script</mark>&gt;');
  });
});

describe('typo tolerance', () => {
  it('measures edit distance and gives up past the maximum', () => {
    expect(editDistance('calender', 'calendar', 2)).toBe(1);
    expect(editDistance('invoise', 'invoice', 1)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('same', 'same', 0)).toBe(0);
  });

  it('allows typos by word length as the shared setting says, the same as Meilisearch is configured', () => {
    const word = (n: number) => 'x'.repeat(n);
    expect(allowedTypos(word(minWordSizeForTypos.oneTypo - 1))).toBe(0);
    expect(allowedTypos(word(minWordSizeForTypos.oneTypo))).toBe(1);
    expect(allowedTypos(word(minWordSizeForTypos.twoTypos - 1))).toBe(1);
    expect(allowedTypos(word(minWordSizeForTypos.twoTypos))).toBe(2);
    // Meilisearch's defaults: "sync" must be typed exactly, "calender" finds "calendar", "synchronise" may have two typos.
    expect([allowedTypos('sync'), allowedTypos('calender'), allowedTypos('synchronise')]).toEqual([0, 1, 2]);
  });
});
