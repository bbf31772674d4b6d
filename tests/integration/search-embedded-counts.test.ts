// Totals of the embedded engine after it left a word out: counted in full (up
// to maxTotalHits), not at the smaller cap used to choose which word to drop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { maxTotalHits } from '@search/settings';
import type { SearchDocument } from '@search/types';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const question = (i: number): SearchDocument => ({
  id: `question-${i}`,
  type: 'question',
  title: `Calendar question number ${i}`,
  text: 'My calendar does not show the events from yesterday.',
  url: `/community/questions/${i}/q`,
  tags: [],
  category: '',
  status: 'open',
  popularity: i % 7,
  updated: 0,
});

describe('embedded engine totals', () => {
  it('counts every match of the words kept, with or without a type filter', async () => {
    const engine = createEmbeddedEngine(t.db);
    await engine.setup();
    await engine.upsert(Array.from({ length: 260 }, (_, i) => question(i)));
    for (const type of [undefined, 'question'] as const) {
      const result = await engine.search({ q: 'calendar qwxzvbnm', type });
      expect(result.total).toBe(260);
      expect(result.totalCapped).toBe(false);
      expect(result.typeCounts.question).toBe(260);
    }
    expect(maxTotalHits).toBe(1000);
  });
});
