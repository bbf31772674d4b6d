// Community questions as search documents: the question with its accepted
// answer's text. Closed, hidden and deleted questions leave the index. The
// text is the plain text stored when the post was written (body_text), never
// Markdown rendered again here.
import type { DB } from '@db/connection';
import { questionUrl } from '@/server/community/questions';
import { searchDocId, type DocumentSource } from '../indexer';
import type { SearchDocument } from '../types';

export const questionSource: DocumentSource = {
  type: 'question',
  async load(db: DB, keys: string[]) {
    const ids = keys.map(Number).filter((n) => Number.isSafeInteger(n));
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('questions')
      .leftJoin('answers', 'answers.id', 'questions.accepted_answer_id')
      .select([
        'questions.id',
        'questions.title',
        'questions.slug',
        'questions.body_text',
        'questions.tags',
        'questions.score',
        'questions.answer_count',
        'questions.accepted_answer_id',
        'questions.last_activity_at',
        'answers.body_text as accepted_text',
        'answers.visibility as accepted_visibility',
      ])
      .where('questions.id', 'in', ids)
      .where('questions.visibility', '=', 'visible')
      .where('questions.status', '=', 'open')
      .execute();
    const docs = new Map<string, SearchDocument>();
    for (const row of rows) {
      // body_text is NULL only for posts older than migration 0006 until backfillPostText has run (at start).
      const accepted = row.accepted_text && row.accepted_visibility === 'visible' ? ` Accepted answer: ${row.accepted_text}` : '';
      docs.set(String(row.id), {
        id: searchDocId('question', row.id),
        type: 'question',
        title: row.title,
        text: `${row.body_text ?? ''}${accepted}`,
        url: questionUrl(row.id, row.slug),
        tags: JSON.parse(row.tags) as string[],
        category: '',
        status: row.accepted_answer_id ? 'answered' : row.answer_count > 0 ? 'open' : 'unanswered',
        popularity: Math.max(0, row.score) + row.answer_count,
        updated: row.last_activity_at,
      });
    }
    return docs;
  },
  async allKeys(db: DB) {
    const rows = await db.selectFrom('questions').select('id').where('visibility', '=', 'visible').where('status', '=', 'open').execute();
    return rows.map((r) => String(r.id));
  },
};
