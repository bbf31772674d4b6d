// The contact form's suggestions: the subject's results first, then the
// description's, questions only once answered, and no error when search is down.
// A scripted engine stands in, so the rules are tested apart from ranking.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchEngine, SearchHit, SearchQuery } from '@search/types';
import { leadingWords, suggestAnswers } from '@/server/search/answer-suggestions';
import { createTestDb, type TestDb } from '../support/test-db';

function hit(id: string, status = 'published'): SearchHit {
  const type = id.startsWith('question') ? 'question' : 'article';
  return { id, type, title: id, titleHtml: id, url: `/${id}`, snippet: '', tags: [], category: '', status };
}

function scriptedEngine(answers: Record<string, SearchHit[] | Error>): SearchEngine & { asked: SearchQuery[] } {
  const asked: SearchQuery[] = [];
  const fail = () => Promise.reject(new Error('not used'));
  return {
    name: 'embedded',
    asked,
    async search(query) {
      asked.push(query);
      const answer = answers[query.q] ?? [];
      if (answer instanceof Error) throw answer;
      return {
        hits: answer.slice(0, query.limit ?? 10),
        total: answer.length,
        totalCapped: false,
        typeCounts: { article: 0, question: 0, known_issue: 0 },
        typoFallback: false,
      };
    },
    setup: fail,
    upsert: fail,
    remove: fail,
    clear: fail,
    isHealthy: () => Promise.resolve(true),
    count: () => Promise.resolve(0),
  };
}

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe('answer suggestions for a support request', () => {
  it("lists the subject's results, then the description's, each once, up to the limit; unanswered questions left out", async () => {
    const engine = scriptedEngine({
      'export failed': [hit('article-export-failed'), hit('question-1', 'unanswered'), hit('question-2', 'answered')],
      'The ZIP never arrived by email': [hit('article-export-failed'), hit('question-3', 'open'), hit('article-email'), hit('article-more')],
    });
    const found = await suggestAnswers(t.db, engine, { subject: ' export failed ', description: 'The ZIP   never arrived by email', limit: 4 });
    expect(found.map((h) => h.id)).toEqual(['article-export-failed', 'question-2', 'question-3', 'article-email']);
    expect(engine.asked.map((q) => q.q)).toEqual(['export failed', 'The ZIP never arrived by email']);
    // Nothing is logged: these are half-typed requests, not searches.
    expect(await t.db.selectFrom('search_queries').selectAll().execute()).toEqual([]);
  });

  it('asks once when the subject alone fills the list, and not at all for a few letters', async () => {
    const engine = scriptedEngine({ 'calendar sync': [hit('a1'), hit('a2'), hit('a3')] });
    expect(
      (await suggestAnswers(t.db, engine, { subject: 'calendar sync', description: 'Every event shows twice since Monday.', limit: 2 })).map((h) => h.id),
    ).toEqual(['a1', 'a2']);
    expect(engine.asked).toHaveLength(1);
    expect(await suggestAnswers(t.db, engine, { subject: 'hi', description: 'abc' })).toEqual([]);
    expect(engine.asked).toHaveLength(1);
  });

  it('gives no suggestions, not an error, when the engine is down', async () => {
    const engine = scriptedEngine({ 'calendar sync': new Error('connection refused') });
    expect(await suggestAnswers(t.db, engine, { subject: 'calendar sync', description: '' })).toEqual([]);
  });

  it('searches a long description by its first words', () => {
    expect(leadingWords('  one two\n three  ', 200)).toBe('one two three');
    expect(leadingWords('alpha beta gamma delta', 13)).toBe('alpha beta');
    expect(leadingWords('a'.repeat(30), 10)).toBe('a'.repeat(10));
  });
});
