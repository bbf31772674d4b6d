// The zero-result page's popular articles: the help category closest to the
// query's words (over the real help content), and its most-read articles.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHelpContent } from '@/server/help/content';
import { closestCategory, popularArticlesForQuery, topicWords } from '@/server/help/popular';
import { recordArticleView } from '@/server/help/views';
import { createTestDb, type TestDb } from '../support/test-db';

const topics = loadHelpContent(resolve(import.meta.dirname, '../../content/help'));
const closest = (q: string) => closestCategory(q, topics)?.slug;

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe('topic words', () => {
  it('are the terms search indexes: stems, synonyms, Chinese words in Simplified', () => {
    expect([...topicWords('Google Calendars SYNCING')]).toEqual(['googl', 'calendar', 'sync']);
    expect(topicWords('Download receipts')).toContain('invoic');
    // 匯出 is folded to 汇出, indexed with its synonym group's term 导出.
    expect(topicWords('匯出筆記')).toEqual(new Set(['汇出', '导出', '笔记']));
  });
});

describe('closest help category', () => {
  it('picks the category sharing the most words with the query', () => {
    expect(closest('my calendars keep syncing twice')).toBe('calendar-sync');
    expect(closest('refund on my invoices')).toBe('account-billing');
    expect(closest('slack channel webhook')).toBe('integrations');
    expect(closest('offline widget on android')).toBe('mobile-apps');
    expect(closest('帳單 發票')).toBe('zh-hant');
  });

  it('counts each query word once, and lets the earlier category win a tie', () => {
    // "google" is in Calendar sync (Connect Google Calendar) and in 繁體中文說明 (同步 Google 日曆): Calendar sync comes first.
    expect(closest('google google google')).toBe('calendar-sync');
  });

  it('finds none when no word is shared, or the query is only stop words', () => {
    expect(closest('xylophone zeppelin')).toBeUndefined();
    expect(closest('how do I')).toBeUndefined();
    expect(closest('')).toBeUndefined();
  });
});

describe('popular articles for a query', () => {
  const now = Date.UTC(2026, 5, 15);
  const DAY = 24 * 60 * 60_000;

  it('lists the most-read articles of the closest category, most views first, then by title', async () => {
    await recordArticleView(t.db, 'sync-frequency-and-limits', now - DAY, 40);
    await recordArticleView(t.db, 'fix-calendar-sync-errors', now - 2 * DAY, 25);
    await recordArticleView(t.db, 'fix-calendar-sync-errors', now - DAY, 20);
    await recordArticleView(t.db, 'export-notes', now - DAY, 500);
    // Older than the window: does not count.
    await recordArticleView(t.db, 'connect-icloud-calendar', now - 200 * DAY, 1000);
    const popular = await popularArticlesForQuery(t.db, topics, 'calendar keeps freezing', { limit: 3, now });
    expect(popular.category?.title).toBe('Calendar sync');
    expect(popular.articles.map((a) => a.slug)).toEqual(['fix-calendar-sync-errors', 'sync-frequency-and-limits', 'connect-google-calendar']);
  });

  it('lists the most-read articles overall when no category shares a word', async () => {
    await recordArticleView(t.db, 'export-notes', now - DAY, 500);
    await recordArticleView(t.db, 'cannot-sign-in', now - DAY, 300);
    await recordArticleView(t.db, 'webhooks', now - DAY, 100);
    const popular = await popularArticlesForQuery(t.db, topics, 'xylophone zeppelin', { limit: 3, now });
    expect(popular.category).toBeUndefined();
    expect(popular.articles.map((a) => a.slug)).toEqual(['export-notes', 'cannot-sign-in', 'webhooks']);
  });
});
