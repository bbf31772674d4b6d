// Community questions reach the search index through the indexer, with their
// accepted answer's text; closed and hidden questions leave it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '@search/engines/embedded';
import { drainIndexChanges } from '@search/indexer';
import { questionSource } from '@search/sources/questions';
import type { SearchEngine } from '@search/types';
import { acceptAnswer, postAnswer } from '@/server/community/answers';
import { hidePost, restorePost } from '@/server/community/moderation';
import { askQuestion, closeQuestion, reopenQuestion } from '@/server/community/questions';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let engine: SearchEngine;
beforeEach(async () => {
  t = await createTestDb();
  engine = createEmbeddedEngine(t.db);
});
afterEach(async () => t.close());

const ids = async (q: string) => {
  await drainIndexChanges(t.db, engine, [questionSource]);
  return (await engine.search({ q, type: 'question' })).hits.map((h) => h.id);
};

describe('questions in search', () => {
  it('indexes a question, then its accepted answer, and removes it when closed or hidden', async () => {
    const asker = await makeUser(t.db, { role: 'staff' });
    const helper = await makeUser(t.db, { role: 'staff' });
    const q = await askQuestion(t.db, asker, {
      title: 'Zapier zap stops after the token rotation',
      body: 'Our zap that appends meeting notes stopped after we rotated the API token.',
      tags: 'zapier api',
    });
    expect(await ids('token rotation')).toEqual([`question-${q.id}`]);

    const { id: answerId } = await postAnswer(
      t.db,
      site,
      helper,
      q.id,
      'Reconnect the Fieldnote account inside Zapier: the zap keeps the revoked credential until you do.',
    );
    expect(await ids('revoked credential')).toEqual([]);
    await acceptAnswer(t.db, site, asker, answerId);
    expect(await ids('revoked credential')).toEqual([`question-${q.id}`]);
    const hit = (await engine.search({ q: 'zapier' })).hits[0]!;
    expect(hit).toMatchObject({ type: 'question', status: 'answered', url: expect.stringMatching(/^\/community\/questions\/\d+\//) });

    await closeQuestion(t.db, asker, q.id, { reason: 'off-topic' });
    expect(await ids('zapier')).toEqual([]);
    await reopenQuestion(t.db, asker, q.id);
    expect(await ids('zapier')).toEqual([`question-${q.id}`]);

    await hidePost(t.db, asker, { postType: 'question', postId: q.id });
    expect(await ids('zapier')).toEqual([]);
    await restorePost(t.db, asker, { postType: 'question', postId: q.id });
    expect(await ids('zapier')).toEqual([`question-${q.id}`]);
  });
});
