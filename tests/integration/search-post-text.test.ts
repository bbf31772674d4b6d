// Render once, also for the index: posts store their plain text when written,
// the question source reads it (never Markdown), and posts written before the
// column existed get it from backfillPostText.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { questionSource } from '@search/sources/questions';
import { acceptAnswer, editAnswer, postAnswer } from '@/server/community/answers';
import { renderPost } from '@/server/community/posting';
import { backfillPostText } from '@/server/community/post-text';
import { askQuestion, editQuestion } from '@/server/community/questions';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const QUESTION = {
  title: 'Sync stops after the **token** rotation',
  body: 'Our zap that appends *meeting notes* stopped after we rotated the `API token`.',
  tags: 'zapier',
};
const ANSWER = 'Reconnect the account inside **Zapier**: the zap keeps the [revoked credential](https://zapier.com) until you do.';

async function askAndAnswer() {
  const asker = await makeUser(t.db, { role: 'staff' });
  const helper = await makeUser(t.db, { role: 'staff' });
  const q = await askQuestion(t.db, asker, QUESTION);
  const a = await postAnswer(t.db, site, helper, q.id, ANSWER);
  return { asker, helper, q, a };
}

describe('post text for search', () => {
  it('stores the plain text of questions and answers when they are written and edited', async () => {
    const { asker, helper, q, a } = await askAndAnswer();
    const textOf = async () => ({
      question: (await t.db.selectFrom('questions').select('body_text').where('id', '=', q.id).executeTakeFirstOrThrow()).body_text,
      answer: (await t.db.selectFrom('answers').select('body_text').where('id', '=', a.id).executeTakeFirstOrThrow()).body_text,
    });
    expect(await textOf()).toEqual({ question: renderPost(QUESTION.body).text, answer: renderPost(ANSWER).text });
    expect((await textOf()).answer).not.toContain('**');

    await editQuestion(t.db, asker, q.id, { ...QUESTION, body: 'Now the _whole_ zap fails after the rotation, not only the notes.' });
    await editAnswer(t.db, helper, a.id, 'Reconnect it under **My apps** and run the zap once by hand.');
    expect(await textOf()).toEqual({
      question: 'Now the whole zap fails after the rotation, not only the notes.',
      answer: 'Reconnect it under My apps and run the zap once by hand.',
    });
  });

  it('builds question documents from the stored text, not by rendering Markdown', async () => {
    const { asker, q, a } = await askAndAnswer();
    await acceptAnswer(t.db, site, asker, a.id);
    // Whatever is stored is what gets indexed: the source does not look at body_md.
    await t.db.updateTable('questions').set({ body_md: '# not this', body_text: 'stored question text' }).where('id', '=', q.id).execute();
    await t.db.updateTable('answers').set({ body_md: '# nor this', body_text: 'stored answer text' }).where('id', '=', a.id).execute();
    const doc = (await questionSource.load(t.db, [String(q.id)])).get(String(q.id))!;
    expect(doc.text).toBe('stored question text Accepted answer: stored answer text');
  });

  it('backfills the text of posts written before it was stored, and leaves stored text alone', async () => {
    const { q, a } = await askAndAnswer();
    const other = await askQuestion(t.db, await makeUser(t.db, { role: 'staff' }), {
      ...QUESTION,
      title: 'Another question about tokens',
      body: 'Kept as *it is* by the backfill.',
    });
    await t.db.updateTable('questions').set({ body_text: null }).where('id', '=', q.id).execute();
    await t.db.updateTable('answers').set({ body_text: null }).execute();
    await t.db.updateTable('questions').set({ body_text: 'already stored' }).where('id', '=', other.id).execute();

    expect(await backfillPostText(t.db, { batchSize: 1 })).toEqual({ questions: 1, answers: 1 });
    const rows = await t.db.selectFrom('questions').select(['id', 'body_text']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: q.id, body_text: renderPost(QUESTION.body).text },
      { id: other.id, body_text: 'already stored' },
    ]);
    expect((await t.db.selectFrom('answers').select('body_text').where('id', '=', a.id).executeTakeFirstOrThrow()).body_text).toBe(renderPost(ANSWER).text);
    expect(await backfillPostText(t.db)).toEqual({ questions: 0, answers: 0 });
  });
});
