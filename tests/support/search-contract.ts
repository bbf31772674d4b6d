// The contract every search engine must pass. Each engine's test file calls
// `describeSearchEngineContract` with a factory giving it an empty engine.
import { beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchEngine } from '@search/types';

function doc(partial: Partial<SearchDocument> & Pick<SearchDocument, 'id' | 'title' | 'text'>): SearchDocument {
  return {
    type: 'article',
    url: `/help/x/${partial.id}`,
    tags: [],
    category: '',
    status: 'published',
    popularity: 1,
    updated: Date.UTC(2026, 9, 1),
    ...partial,
  };
}

export const contractDocuments: SearchDocument[] = [
  doc({
    id: 'article-export-notes',
    title: 'Export notes',
    text: 'Download a note as Markdown, PDF or HTML from the note menu. Whole workspaces export as a ZIP file.',
    tags: ['export'],
    category: 'notes-sharing',
  }),
  doc({
    id: 'article-export-faq',
    title: 'Exports and backups: frequently asked questions',
    text: 'Can I export notes automatically? How do I export notes from a shared notebook? Export notes weekly for a backup.',
    tags: ['export', 'backup'],
    category: 'notes-sharing',
    popularity: 50,
  }),
  doc({
    id: 'article-google-calendar',
    title: 'Connect Google Calendar',
    text: 'Link your Google account so calendar events appear next to your notes. Sync runs every five minutes.',
    tags: ['calendar', 'google'],
    category: 'calendar-sync',
  }),
  doc({
    id: 'article-zh-calendar',
    title: '同步 Google 日曆',
    text: '在設定 → 日曆中連結您的 Google 帳號，會議記錄就會自動建立。同步每五分鐘執行一次。',
    tags: ['calendar'],
    category: 'zh-hant',
  }),
  doc({
    id: 'question-7',
    type: 'question',
    title: 'Outlook events show up twice after reconnecting',
    url: '/community/questions/7/outlook-events',
    text: 'After I reconnected Outlook every event appears twice in the calendar sidebar. Accepted answer: remove the old connection first.',
    tags: ['calendar-sync', 'outlook'],
    status: 'answered',
  }),
  doc({
    id: 'question-8',
    type: 'question',
    title: 'Invoices for the Team plan',
    url: '/community/questions/8/invoices',
    text: 'Where do I download invoices with our VAT number? <script>alert("x")</script> is what our old tool printed.',
    tags: ['billing', 'invoices'],
    status: 'open',
  }),
  doc({
    id: 'known_issue-3',
    type: 'known_issue',
    title: 'Calendar sync delayed for Microsoft 365 accounts',
    url: '/known-issues/calendar-sync-delayed',
    text: 'Events from Microsoft 365 calendars arrive up to an hour late. Workaround: press Sync now.',
    tags: ['calendar-sync'],
    category: 'calendar',
    status: 'identified',
    severity: 'major',
  }),
];

/** A fixed known issue in the same area as known_issue-3 (added by the tests that need it). */
const fixedKnownIssue = doc({
  id: 'known_issue-4',
  type: 'known_issue',
  title: 'Calendar sync delayed for Google accounts',
  url: '/known-issues/google-calendar-sync-delayed',
  text: 'Events from Google calendars arrived up to an hour late. Fixed: sync runs on time again.',
  tags: ['calendar-sync'],
  category: 'calendar',
  status: 'fixed',
  severity: 'critical',
});

export function describeSearchEngineContract(name: string, createEngine: () => Promise<SearchEngine>): void {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    beforeEach(async () => {
      engine = await createEngine();
      await engine.setup();
      await engine.clear();
      await engine.upsert(contractDocuments);
    });

    it('indexes documents and finds them by a word of their text', async () => {
      expect(await engine.count()).toBe(contractDocuments.length);
      const result = await engine.search({ q: 'markdown' });
      expect(result.hits.map((h) => h.id)).toEqual(['article-export-notes']);
      expect(result.hits[0]).toMatchObject({
        type: 'article',
        title: 'Export notes',
        url: '/help/x/article-export-notes',
        tags: ['export'],
        category: 'notes-sharing',
      });
    });

    it('replaces a document on update', async () => {
      await engine.upsert([{ ...contractDocuments[2]!, title: 'Connect a Google agenda', text: 'Renamed: link your Google account.' }]);
      expect((await engine.search({ q: 'five minutes' })).hits.map((h) => h.id)).not.toContain('article-google-calendar');
      expect((await engine.search({ q: 'renamed' })).hits.map((h) => h.id)).toEqual(['article-google-calendar']);
      expect(await engine.count()).toBe(contractDocuments.length);
    });

    it('removes documents, ignoring unknown ids', async () => {
      await engine.remove(['question-8', 'question-does-not-exist']);
      expect((await engine.search({ q: 'invoices' })).hits).toEqual([]);
      expect(await engine.count()).toBe(contractDocuments.length - 1);
    });

    it('ranks an exact title match first', async () => {
      const result = await engine.search({ q: 'export notes' });
      expect(result.hits[0]!.id).toBe('article-export-notes');
      expect(result.hits.map((h) => h.id)).toContain('article-export-faq');
    });

    it('filters by type and tag, and counts matches per type regardless of the type filter', async () => {
      const all = await engine.search({ q: 'calendar' });
      expect(all.typeCounts).toEqual({ article: 2, question: 1, known_issue: 1 });
      const questions = await engine.search({ q: 'calendar', type: 'question' });
      expect(questions.hits.map((h) => h.id)).toEqual(['question-7']);
      expect(questions.total).toBe(1);
      expect(questions.typeCounts.article).toBe(2);
      const tagged = await engine.search({ q: 'calendar', tags: ['outlook'] });
      expect(tagged.hits.map((h) => h.id)).toEqual(['question-7']);
    });

    it('returns highlighted, HTML-escaped snippets', async () => {
      const result = await engine.search({ q: 'invoices' });
      const hit = result.hits.find((h) => h.id === 'question-8')!;
      expect(hit.snippet).toMatch(/<mark>invoices<\/mark>/i);
      expect(hit.snippet).not.toContain('<script>');
      expect(hit.titleHtml).toMatch(/<mark>Invoices<\/mark> for the Team plan/);
      const html = (await engine.search({ q: 'script alert' })).hits.map((h) => h.snippet).join(' ');
      expect(html).not.toMatch(/<script/i);
    });

    it('finds a Chinese article with a two-character query', async () => {
      for (const q of ['日曆', '同步', '會議記錄']) {
        const result = await engine.search({ q });
        expect(
          result.hits.map((h) => h.id),
          q,
        ).toContain('article-zh-calendar');
      }
      const hit = (await engine.search({ q: '日曆' })).hits[0]!;
      expect(hit.snippet + hit.titleHtml).toContain('<mark>');
    });

    it('tolerates a typo', async () => {
      expect((await engine.search({ q: 'calender' })).hits.map((h) => h.id)).toContain('article-google-calendar');
      expect((await engine.search({ q: 'invoise' })).hits.map((h) => h.id)).toContain('question-8');
    });

    it('wants words shorter than the typo threshold (settings.minWordSizeForTypos) typed exactly', async () => {
      // "synk" is one letter off "sync", but four letters allow no typo in either engine.
      expect((await engine.search({ q: 'synk' })).total).toBe(0);
      expect((await engine.search({ q: 'sync' })).total).toBeGreaterThan(0);
    });

    it('matches the start of the last word while typing', async () => {
      expect((await engine.search({ q: 'outlook even' })).hits.map((h) => h.id)).toContain('question-7');
    });

    it('pages through results with limit and offset', async () => {
      const first = await engine.search({ q: 'calendar', limit: 2 });
      const second = await engine.search({ q: 'calendar', limit: 2, offset: 2 });
      expect(first.hits).toHaveLength(2);
      expect(second.hits).toHaveLength(2);
      expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(4);
    });

    it('reads a sentence: stop words are ignored and stems meet ("how do I export to PDF", "google calendar not syncing")', async () => {
      expect((await engine.search({ q: 'How do I export my notes to PDF?' })).hits[0]!.id).toBe('article-export-notes');
      const sync = await engine.search({ q: 'google calendar syncing' });
      expect(sync.hits.map((h) => h.id)).toContain('article-google-calendar');
    });

    it('drops a word no document has rather than finding nothing', async () => {
      const result = await engine.search({ q: 'export notes quarterly' });
      expect(result.total).toBeGreaterThan(0);
      expect(result.hits.map((h) => h.id)).toContain('article-export-notes');
    });

    it('keeps stop words when the query has nothing else', async () => {
      // "the" alone is searched as typed; beside another word it is ignored.
      expect((await engine.search({ q: 'the' })).hits.map((h) => h.id)).toContain('question-8');
      expect((await engine.search({ q: 'the markdown' })).hits.map((h) => h.id)).toEqual(['article-export-notes']);
    });

    it('tolerates swapped letters (Damerau) and applies the synonym list', async () => {
      expect((await engine.search({ q: 'exprot' })).hits.map((h) => h.id)).toContain('article-export-notes');
      // receipt → invoice, from search/synonyms.ts, in both directions.
      expect((await engine.search({ q: 'receipt' })).hits.map((h) => h.id)).toContain('question-8');
    });

    it('finds Traditional Chinese text from Simplified Chinese', async () => {
      expect((await engine.search({ q: '日历' })).hits.map((h) => h.id)).toEqual(['article-zh-calendar']);
      expect((await engine.search({ q: '同步 google 日历' })).hits[0]!.id).toBe('article-zh-calendar');
    });

    it('ranks an official article before a community question of equal match', async () => {
      await engine.upsert([
        { ...contractDocuments[4]!, id: 'question-9', title: 'Google calendar question', text: 'Does Google calendar work?', popularity: 500 },
      ]);
      const ids = (await engine.search({ q: 'google calendar' })).hits.map((h) => h.id);
      expect(ids.indexOf('article-google-calendar')).toBeLessThan(ids.indexOf('question-9'));
    });

    it('filters by status and by severity (any of the values given), and counts per type with those filters', async () => {
      await engine.upsert([fixedKnownIssue]);
      const fixed = await engine.search({ q: 'calendar', status: ['fixed'] });
      expect(fixed.hits.map((h) => h.id)).toEqual(['known_issue-4']);
      expect(fixed.typeCounts).toEqual({ article: 0, question: 0, known_issue: 1 });
      const open = await engine.search({ q: 'calendar', type: 'known_issue', status: ['investigating', 'identified', 'fixing', 'monitoring'] });
      expect(open.hits.map((h) => h.id)).toEqual(['known_issue-3']);
      expect(open.total).toBe(1);
      const critical = await engine.search({ q: 'calendar', severity: ['critical'] });
      expect(critical.hits.map((h) => h.id)).toEqual(['known_issue-4']);
      expect(critical.hits[0]).toMatchObject({ status: 'fixed', severity: 'critical' });
      const either = await engine.search({ q: 'calendar', severity: ['major', 'critical'] });
      expect(either.hits.map((h) => h.id).sort()).toEqual(['known_issue-3', 'known_issue-4']);
      expect((await engine.search({ q: 'calendar', severity: ['minor'] })).total).toBe(0);
      // Both filters at once, and documents without a severity never match a severity filter.
      expect((await engine.search({ q: 'calendar', status: ['identified'], severity: ['major'] })).hits.map((h) => h.id)).toEqual(['known_issue-3']);
      expect((await engine.search({ q: 'calendar', status: ['published'], severity: ['major'] })).total).toBe(0);
    });

    it('ranks an open known issue first when the query is about its area, and a fixed one after the articles', async () => {
      await engine.upsert([fixedKnownIssue]);
      for (const q of ['calendar sync not working', 'calendar sync']) {
        const ids = (await engine.search({ q })).hits.map((h) => h.id);
        expect(ids[0], q).toBe('known_issue-3');
        expect(ids.indexOf('article-google-calendar'), q).toBeGreaterThan(0);
        expect(ids.indexOf('article-google-calendar'), q).toBeLessThan(ids.indexOf('known_issue-4'));
      }
      // Once it is fixed, it no longer comes first.
      await engine.upsert([{ ...contractDocuments[6]!, status: 'fixed' }]);
      const after = (await engine.search({ q: 'calendar sync' })).hits.map((h) => h.id);
      expect(after[0]).not.toMatch(/^known_issue-/);
    });

    it('returns nothing for an empty query or one with no match', async () => {
      expect((await engine.search({ q: '   ' })).hits).toEqual([]);
      expect((await engine.search({ q: 'zebracornflakes' })).total).toBe(0);
    });

    it('empties the index on clear', async () => {
      await engine.clear();
      expect(await engine.count()).toBe(0);
      expect(await engine.isHealthy()).toBe(true);
    });
  });
}
