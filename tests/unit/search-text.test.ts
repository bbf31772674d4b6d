// The text helpers both engines share (search/text.ts): the query form stored
// for analytics, and highlighted titles and snippets (safe HTML) that mark
// what the analysed query matched: stems, prefixes, synonyms and Chinese
// words, in Traditional text for a Simplified query too. Plus the ranking
// boost by kind of document (search/settings.ts).
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '@search/analysis';
import { documentBoost } from '@search/settings';
import { highlight, matcherFor, normalizeQuery, snippet } from '@search/text';

const matcher = (q: string, extraWords: string[] = []) => matcherFor(analyzeQuery(q), extraWords);
const plain = (html: string) => html.replace(/<\/?mark>/g, '');

describe('normalizeQuery', () => {
  it('lower-cases, applies NFKC, collapses whitespace and caps the length at 200', () => {
    expect(normalizeQuery('  Export\tNOTES \n to PDF ')).toBe('export notes to pdf');
    expect(normalizeQuery('ｅｘｐｏｒｔ　ＰＤＦ')).toBe('export pdf');
    expect(normalizeQuery('ﬁle')).toBe('file');
    expect(normalizeQuery('x'.repeat(500))).toHaveLength(200);
    expect(normalizeQuery('   ')).toBe('');
  });

  it('keeps accents and Chinese as typed (analytics store what the customer wrote)', () => {
    expect(normalizeQuery('Café 匯出筆記')).toBe('café 匯出筆記');
  });
});

describe('matcherFor', () => {
  it('matches the terms, the words typed and the group’s single-word synonyms', () => {
    expect(matcher('invoice')).toEqual({ terms: new Set(['invoic', 'receipt', 'bill']), prefixes: [], phrases: [] });
    expect(matcher('syncing calendars')).toEqual({
      terms: new Set(['sync', 'syncing', 'calendar', 'calendars']),
      prefixes: ['calendar', 'calendars'],
      phrases: [],
    });
    expect(matcher('log in').phrases).toContainEqual(['sign', 'in']);
  });

  it('lets only the last word be a prefix, and never a synonym or Chinese word', () => {
    expect(matcher('export no').prefixes).toEqual(['no']);
    expect(matcher('export n').prefixes).toEqual([]);
    expect(matcher('receipt').prefixes).toEqual([]);
    expect(matcher('导出 日历').prefixes).toEqual([]);
  });
});

describe('highlight', () => {
  it('escapes HTML, so markup in a document or a query stays text', () => {
    expect(highlight('<script>alert("x")</script> & sync', matcher('sync'))).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>sync</mark>');
    expect(highlight('<script>alert(1)</script>', matcher('<script>'))).toBe('&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;');
    expect(highlight(`<img src=x onerror='alert(1)'>`, matcher('img'))).toBe('&lt;<mark>img</mark> src=x onerror=&#39;alert(1)&#39;&gt;');
    expect(highlight('plain', matcher(''))).toBe('plain');
  });

  it('marks whole words whose stem matches: "Syncing" for "sync", "exports" for "exporting"', () => {
    expect(highlight('Syncing <b>calendars</b> resync', matcher('sync'))).toBe('<mark>Syncing</mark> &lt;b&gt;calendars&lt;/b&gt; resync');
    expect(highlight('Exports and exported notes', matcher('exporting notes'))).toBe('<mark>Exports</mark> and <mark>exported</mark> <mark>notes</mark>');
  });

  it('marks words that the half-typed last word starts, and nothing inside a word', () => {
    expect(highlight('Exporting notes to expo', matcher('expo'))).toBe('<mark>Exporting</mark> notes to <mark>expo</mark>');
    expect(highlight('Re-export the note', matcher('export'))).toBe('Re-<mark>export</mark> the note');
    expect(highlight('Reexport the note', matcher('export'))).toBe('Reexport the note');
  });

  it('marks words regardless of case, full-width forms and accents', () => {
    expect(highlight('ＥＸＰＯＲＴ now', matcher('export'))).toBe('<mark>ＥＸＰＯＲＴ</mark> now');
    expect(highlight('Café au lait', matcher('cafe'))).toBe('<mark>Café</mark> au lait');
    expect(highlight('Sync your cafe', matcher('CAFÉ'))).toBe('Sync your <mark>cafe</mark>');
  });

  it('marks Chinese words, in Traditional text for a Simplified query and back', () => {
    expect(highlight('我的日曆不同步', matcher('日历'))).toBe('我的<mark>日曆</mark>不同步');
    expect(highlight('我的日历不同步', matcher('日曆'))).toBe('我的<mark>日历</mark>不同步');
    expect(highlight('同步日曆 with Google', matcher('日历 google'))).toBe('同步<mark>日曆</mark> with <mark>Google</mark>');
    expect(highlight('帳單與發票', matcher('发票'))).toBe('帳單與<mark>發票</mark>');
    // A Chinese query word marks the word, not the characters inside a longer word.
    expect(highlight('筆記本和笔记', matcher('笔记'))).toBe('筆記本和<mark>笔记</mark>');
  });

  it('marks the synonyms of a query word: receipts and bills for "invoice"', () => {
    expect(highlight('Download your receipts and bills', matcher('invoice'))).toBe('Download your <mark>receipts</mark> and <mark>bills</mark>');
    expect(highlight('Download invoices', matcher('receipt'))).toBe('Download <mark>invoices</mark>');
    expect(highlight('我的行事曆', matcher('日历'))).toBe('我的<mark>行事曆</mark>');
    // A synonym is no prefix: "bill" marks no "billion".
    expect(highlight('A billion bills', matcher('bill'))).toBe('A billion <mark>bills</mark>');
  });

  it('marks the words of a multi-word synonym where they are typed, not the stop word elsewhere', () => {
    // Marked word by word or as one phrase.
    expect(highlight('Log in with Google', matcher('log in'))).toMatch(/^<mark>Log(<\/mark> <mark>| )in<\/mark> with Google$/);
    expect(highlight('Use the login page', matcher('log in'))).toBe('Use the <mark>login</mark> page');
    // "in" alone is no match for "log in".
    expect(highlight('Open Fieldnote in your browser', matcher('log in'))).toBe('Open Fieldnote in your browser');
  });

  it('also marks the extra words given (the corrected spelling of a typo)', () => {
    expect(highlight('Export your notes', matcher('exprot'))).toBe('Export your notes');
    expect(highlight('Export your notes, exporting all', matcher('exprot', ['export']))).toBe('<mark>Export</mark> your notes, <mark>exporting</mark> all');
  });
});

describe('snippet', () => {
  const text = `${'lorem '.repeat(40)}export your notes as PDF ${'ipsum '.repeat(40)}`;

  it('cuts a window around the first match at word boundaries, with ellipses', () => {
    const cut = snippet(text, matcher('exporting'), 60);
    expect(cut).toBe('…lorem lorem lorem lorem <mark>export</mark> your notes as PDF ipsum ipsum…');
    expect(plain(cut).length).toBeLessThanOrEqual(60 + 20 + 2);
  });

  it('starts at the beginning when the match is near it, and ends without an ellipsis at the end', () => {
    expect(snippet(`Export notes first. ${'x '.repeat(200)}`, matcher('export'), 60)).toBe(`<mark>Export</mark> notes first. ${'x '.repeat(20)}x…`);
    expect(snippet('Short text with sync', matcher('sync'))).toBe('Short text with <mark>sync</mark>');
  });

  it('shows the start of the text when nothing matches', () => {
    expect(snippet('Short text', matcher('missing'))).toBe('Short text');
    expect(snippet(text, matcher('missing'), 60)).toBe(`${'lorem '.repeat(10)}lorem…`);
  });

  it('escapes HTML in the window', () => {
    expect(snippet('<script> sync', matcher('sync'))).toBe('&lt;script&gt; <mark>sync</mark>');
  });

  it('cuts Chinese text, which has no spaces, around the first matching word', () => {
    const chinese = `${'说明'.repeat(60)}我的日曆不同步${'说明'.repeat(60)}`;
    const cut = snippet(chinese, matcher('日历'), 60);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('我的<mark>日曆</mark>不同步');
    expect(plain(cut)).toHaveLength(60 + 2);
  });

  it('marks every match inside the window', () => {
    expect(snippet('Sync calendars. Syncing fails when sync is off.', matcher('sync'))).toBe(
      '<mark>Sync</mark> calendars. <mark>Syncing</mark> fails when <mark>sync</mark> is off.',
    );
  });
});

describe('documentBoost', () => {
  it('ranks open known issues first (3), then help articles (2), answered questions (1), everything else (0)', () => {
    expect(documentBoost({ type: 'article', status: 'published' })).toBe(2);
    expect(documentBoost({ type: 'question', status: 'answered' })).toBe(1);
    expect(documentBoost({ type: 'question', status: 'open' })).toBe(0);
    expect(documentBoost({ type: 'question', status: 'closed' })).toBe(0);
    // Open known issues come first among equal matches; fixed ones last.
    expect(documentBoost({ type: 'known_issue', status: 'investigating' })).toBe(2);
    expect(documentBoost({ type: 'known_issue', status: 'monitoring' })).toBe(2);
    expect(documentBoost({ type: 'known_issue', status: 'fixed' })).toBe(0);
  });
});
