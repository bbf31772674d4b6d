// The analysis both engines share (search/analysis.ts): folding, stemming,
// Chinese segmentation, synonyms in the index and in queries, stop words and
// the query's term limit. Expected values are worked out by hand from the
// Porter stemmer, jieba and the synonym list in search/synonyms.ts.
import { describe, expect, it } from 'vitest';
import { analyzedQueryText, analyzeQuery, fold, hasHan, indexTerms, indexWords, synonymPhrasesOf, tokenize } from '@search/analysis';

const terms = (q: string) => analyzeQuery(q).terms.map((t) => t.term);
const words = (text: string) => tokenize(text).map((t) => t.word);

describe('fold', () => {
  it('lower-cases, folds full-width forms and ligatures, and drops accents', () => {
    expect(fold('Export NOTES')).toBe('export notes');
    expect(fold('ＥＸＰＯＲＴ ＰＤＦ ２０２４')).toBe('export pdf 2024');
    expect(fold('ﬁle')).toBe('file');
    expect(fold('Café Ñandú naïve résumé ÀÉÎÕÜ')).toBe('cafe nandu naive resume aeiou');
  });

  it('folds Traditional Chinese to Simplified, leaving Simplified and Latin text alone', () => {
    expect(fold('匯出筆記')).toBe('汇出笔记');
    expect(fold('帳單與發票')).toBe('帐单与发票');
    expect(fold('Fieldnote 日曆')).toBe('fieldnote 日历');
    expect(fold('导出笔记')).toBe('导出笔记');
  });

  it('knows Chinese text when it sees it', () => {
    expect(hasHan('Google 日曆')).toBe(true);
    expect(hasHan('Calendar')).toBe(false);
  });
});

describe('tokenize', () => {
  it('stems English words so the forms of a word meet', () => {
    expect(tokenize('syncing synced sync syncs').map((t) => t.term)).toEqual(['sync', 'sync', 'sync', 'sync']);
    expect(tokenize('Invoices invoice').map((t) => t.term)).toEqual(['invoic', 'invoic']);
    expect(tokenize('exporting exported').map((t) => t.term)).toEqual(['export', 'export']);
  });

  it('keeps the folded word as written beside its term, and marks stop words', () => {
    expect(tokenize('Syncing the Calendars')).toEqual([
      { word: 'syncing', term: 'sync', han: false, stop: false },
      { word: 'the', term: 'the', han: false, stop: true },
      { word: 'calendars', term: 'calendar', han: false, stop: false },
    ]);
  });

  it('splits Chinese into words, Traditional folded to Simplified first', () => {
    const expected = ['我', '的', '日历', '不', '同步'];
    expect(words('我的日历不同步')).toEqual(expected);
    expect(words('我的日曆不同步')).toEqual(expected);
    const calendar = tokenize('我的日历不同步').find((t) => t.word === '日历');
    expect(calendar).toEqual({ word: '日历', term: '日历', han: true, stop: false });
    expect(tokenize('我的').every((t) => t.han && t.stop)).toBe(true);
  });

  it('splits mixed text into its English and Chinese words', () => {
    expect(tokenize('Sync 同步日曆 now').map((t) => [t.term, t.han])).toEqual([
      ['sync', false],
      ['同步', true],
      ['日历', true],
      ['now', false],
    ]);
  });

  it('leaves numbers and words with digits unstemmed, and drops punctuation', () => {
    expect(words('Version 2024, 3rd mp4 files! (2FA)')).toEqual(['version', '2024', '3rd', 'mp4', 'files', '2fa']);
    expect(tokenize('2024 3rd mp4').map((t) => t.term)).toEqual(['2024', '3rd', 'mp4']);
    expect(tokenize('!!! ??? ***')).toEqual([]);
  });

  it('joins apostrophes into the word', () => {
    expect(words("can't don’t")).toEqual(['cant', 'dont']);
    expect(tokenize("can't").map((t) => t.term)).toEqual(['cant']);
  });
});

describe('indexTerms and indexWords', () => {
  it('indexes every word’s stem, in order', () => {
    expect(indexTerms('Syncing calendars failed')).toBe('sync calendar fail');
    expect(indexTerms('我的日曆不同步')).toBe('我 的 日历 不 同步');
  });

  it('adds the group term after a synonym phrase, so every phrase of a group finds the others', () => {
    expect(indexTerms('log in')).toBe('log in signin');
    expect(indexTerms('How do I sign in?')).toBe('how do i sign in signin');
    expect(indexTerms('logged in')).toBe('log in signin');
    expect(indexTerms('receipt')).toBe('receipt invoic');
    expect(indexTerms('Receipts')).toBe('receipt invoic');
    expect(indexTerms('the e-mail address')).toBe('the e mail email address');
    expect(indexTerms('Two-factor and 2FA')).toBe('two factor twofactor and 2fa twofactor');
  });

  it('does not repeat a word that is its group’s term already', () => {
    expect(indexTerms('invoice')).toBe('invoic');
    expect(indexTerms('signin')).toBe('signin');
    expect(indexTerms('日历')).toBe('日历');
  });

  it('applies Chinese synonyms after folding', () => {
    expect(indexTerms('匯出筆記')).toBe('汇出 导出 笔记');
    expect(indexTerms('我的行事曆')).toBe('我 的 行事历 日历');
    expect(indexTerms('无法登入帐号')).toBe('无法 登入 登录 帐号');
  });

  it('indexes numbers as written', () => {
    expect(indexTerms('Microsoft 365 in 2024')).toBe('microsoft 365 outlook in 2024');
  });

  it('lists the distinct folded words, not stemmed, for typos and prefixes', () => {
    expect(indexWords('Syncing SYNCING synced Café 日曆')).toBe('syncing synced cafe 日历');
  });
});

describe('analyzeQuery', () => {
  it('drops stop words', () => {
    expect(analyzeQuery('how do I export to PDF')).toEqual({
      terms: [
        { term: 'export', words: ['export'], han: false, synonym: false },
        { term: 'pdf', words: ['pdf'], han: false, synonym: false },
      ],
      onlyStopWords: false,
    });
    expect(terms('我的日历不同步')).toEqual(['日历', '同步']);
  });

  it('keeps the stop words when the query is nothing else', () => {
    expect(analyzeQuery('how to')).toEqual({
      terms: [
        { term: 'how', words: ['how'], han: false, synonym: false },
        { term: 'to', words: ['to'], han: false, synonym: false },
      ],
      onlyStopWords: true,
    });
    expect(analyzeQuery('the and of').onlyStopWords).toBe(true);
    expect(analyzeQuery('')).toEqual({ terms: [], onlyStopWords: false });
    expect(analyzeQuery('!!!')).toEqual({ terms: [], onlyStopWords: false });
  });

  it('replaces a synonym phrase by its group term, keeping the words typed', () => {
    expect(analyzeQuery('log in problems').terms).toEqual([
      { term: 'signin', words: ['log', 'in'], han: false, synonym: true },
      { term: 'problem', words: ['problems'], han: false, synonym: false },
    ]);
    expect(analyzeQuery('receipt').terms).toEqual([{ term: 'invoic', words: ['receipt'], han: false, synonym: true }]);
    expect(terms('invoice')).toEqual(['invoic']);
    expect(terms('bills')).toEqual(['invoic']);
    // The stop word inside a phrase is part of the phrase, not dropped.
    expect(terms("I can't sign in to my account")).toEqual(['signin', 'account']);
    // Negations are stop words: "notes not syncing" finds the pages about notes that do not sync.
    expect(terms('Notes not syncing')).toEqual(['note', 'sync']);
    expect(terms("Export doesn't work")).toEqual(['export', 'work']);
    expect(terms('Two factor')).toEqual(['twofactor']);
  });

  it('keeps each term once, the first time it is typed', () => {
    expect(analyzeQuery('EXPORT exports exporting').terms).toEqual([{ term: 'export', words: ['export'], han: false, synonym: false }]);
    expect(terms('sign in log in login')).toEqual(['signin']);
    expect(terms('日历 行事曆')).toEqual(['日历']);
  });

  it('keeps at most 10 terms, counted after stop words and repeats are gone', () => {
    const query = 'the alpha beta gamma delta alpha epsilon zeta theta iota kappa lambda omicron';
    expect(terms(query)).toEqual(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'theta', 'iota', 'kappa', 'lambda']);
  });

  it('gives Simplified and Traditional queries the same terms', () => {
    expect(terms('导出笔记')).toEqual(['导出', '笔记']);
    expect(terms('匯出筆記')).toEqual(['导出', '笔记']);
    expect(analyzeQuery('匯出筆記').terms[0]).toEqual({ term: '导出', words: ['汇出'], han: true, synonym: true });
    expect(terms('我的日曆不同步')).toEqual(terms('我的日历不同步'));
    expect(terms('帳單')).toEqual(terms('账单'));
  });

  it('analyses mixed Chinese and English queries word by word', () => {
    expect(analyzeQuery('export 笔记 to PDF').terms.map((t) => [t.term, t.han])).toEqual([
      ['export', false],
      ['笔记', true],
      ['pdf', false],
    ]);
    expect(terms('Fieldnote 匯出 PDF 日曆')).toEqual(['fieldnot', '导出', 'pdf', '日历']);
  });

  it('sends the terms, space-separated, to an engine that tokenizes by itself', () => {
    expect(analyzedQueryText(analyzeQuery('How do I log in to Fieldnote?'))).toBe('signin fieldnot');
    expect(analyzedQueryText(analyzeQuery('匯出筆記'))).toBe('导出 笔记');
  });
});

describe('synonymPhrasesOf', () => {
  it('lists the phrases of a group as terms, for highlighting', () => {
    expect(synonymPhrasesOf('invoic')).toEqual([['invoic'], ['receipt'], ['bill']]);
    expect(synonymPhrasesOf('signin')).toContainEqual(['log', 'in']);
    expect(synonymPhrasesOf('日历')).toEqual([['日历'], ['行事历']]);
    expect(synonymPhrasesOf('export')).toEqual([]);
  });
});
