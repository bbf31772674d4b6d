import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError, ValidationError } from '@/server/errors';
import { commentOnFeedback, feedbackFrom, feedbackPerIp, feedbackSummaries, recordFeedback, voterKey } from '@/server/help/feedback';
import { mostViewedArticles, recordArticleView } from '@/server/help/views';
import { makeUser } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const DAY = 24 * 60 * 60_000;

describe('article feedback', () => {
  it('counts one vote per visitor per article; a second vote changes the first', async () => {
    const visitor = voterKey(null, 'abcdefghijklmnopqrstuvwxyz')!;
    await recordFeedback(t.db, { slug: 'export-notes', voter: visitor, userId: null, helpful: true, ip: '10.0.0.1' });
    await recordFeedback(t.db, { slug: 'export-notes', voter: visitor, userId: null, helpful: false, ip: '10.0.0.1' });
    await recordFeedback(t.db, { slug: 'export-notes', voter: voterKey(7, null)!, userId: null, helpful: true, ip: '10.0.0.1' });
    expect(await feedbackSummaries(t.db)).toEqual([{ slug: 'export-notes', yes: 1, no: 1 }]);
    expect(await feedbackFrom(t.db, 'export-notes', visitor)).toEqual({ helpful: false, comment: null });
  });

  it('keeps no personal data: the visitor cookie is stored only as a hash', async () => {
    const cookie = 'visitorcookievalue234567';
    await recordFeedback(t.db, { slug: 'a', voter: voterKey(null, cookie)!, userId: null, helpful: true, ip: '10.0.0.1' });
    const row = await t.db.selectFrom('help_feedback').selectAll().executeTakeFirstOrThrow();
    expect(row.voter_key).toMatch(/^v:[0-9a-f]{40}$/);
    expect(row.voter_key).not.toContain(cookie);
    expect(row.user_id).toBeNull();
  });

  it('accepts a comment only after a No, within the length limit; changing to Yes drops it', async () => {
    const user = await makeUser(t.db);
    const voter = voterKey(user.id, null)!;
    await recordFeedback(t.db, { slug: 'a', voter, userId: user.id, helpful: true, ip: '10.0.0.1' });
    await expect(commentOnFeedback(t.db, { slug: 'a', voter, comment: 'Missing steps' })).rejects.toThrow(/Choose "No" first/);
    await recordFeedback(t.db, { slug: 'a', voter, userId: user.id, helpful: false, ip: '10.0.0.1' });
    await expect(commentOnFeedback(t.db, { slug: 'a', voter, comment: '   ' })).rejects.toThrow(ValidationError);
    await expect(commentOnFeedback(t.db, { slug: 'a', voter, comment: 'x'.repeat(1001) })).rejects.toThrow(/under 1000/);
    await commentOnFeedback(t.db, { slug: 'a', voter, comment: '  It does not say where the export goes.  ' });
    expect(await feedbackFrom(t.db, 'a', voter)).toEqual({ helpful: false, comment: 'It does not say where the export goes.' });
    await recordFeedback(t.db, { slug: 'a', voter, userId: user.id, helpful: true, ip: '10.0.0.1' });
    expect(await feedbackFrom(t.db, 'a', voter)).toEqual({ helpful: true, comment: null });
  });

  it('rate-limits votes per IP address', async () => {
    for (let i = 0; i < feedbackPerIp.max; i++) {
      await recordFeedback(t.db, { slug: `a${i}`, voter: voterKey(null, `visitor${i}aaaaaaaaaaaaaaaa`)!, userId: null, helpful: true, ip: '10.5.5.5' });
    }
    await expect(recordFeedback(t.db, { slug: 'b', voter: 'v:x', userId: null, helpful: true, ip: '10.5.5.5' })).rejects.toThrow(RateLimitedError);
  });
});

describe('article views', () => {
  it('counts views per day and ranks the most viewed articles of a period', async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    await recordArticleView(t.db, 'a', now);
    await recordArticleView(t.db, 'a', now);
    await recordArticleView(t.db, 'b', now - DAY, 5);
    await recordArticleView(t.db, 'c', now - 40 * DAY, 100);
    const rows = await t.db.selectFrom('help_article_views').selectAll().orderBy('article_slug').execute();
    expect(rows).toEqual([
      { article_slug: 'a', day: '2026-11-20', views: 2 },
      { article_slug: 'b', day: '2026-11-19', views: 5 },
      { article_slug: 'c', day: '2026-10-11', views: 100 },
    ]);
    expect(await mostViewedArticles(t.db, { days: 30, limit: 10, now })).toEqual([
      { slug: 'b', views: 5 },
      { slug: 'a', views: 2 },
    ]);
  });
});
