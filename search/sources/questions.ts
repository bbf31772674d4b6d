// Community questions as search documents: the question with its accepted
// answer's text. A question is "answered" (ranked above open ones) when it has
// an accepted or a staff-verified answer. Closed, hidden and deleted questions leave the index. The
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
      .select((eb) =>
        eb
          .selectFrom('answers as verified')
          .select('verified.body_text')
          .whereRef('verified.question_id', '=', 'questions.id')
          .where('verified.verified_at', 'is not', null)
          .where('verified.visibility', '=', 'visible')
          .orderBy('verified.verified_at')
          .limit(1)
          .as('verified_text'),
      )
      .where('questions.id', 'in', ids)
      .where('questions.visibility', '=', 'visible')
      .where('questions.status', '=', 'open')
      .execute();
    const docs = new Map<string, SearchDocument>();
    for (const row of rows) {
      // body_text is NULL only for posts older than migration 0006 until backfillPostText has run (at start).
      const accepted = row.accepted_text && row.accepted_visibility === 'visible' ? ` Accepted answer: ${row.accepted_text}` : '';
      const verified = row.verified_text !== null && row.verified_text !== undefined;
      const verifiedText = verified && !accepted ? ` Verified answer: ${row.verified_text ?? ''}` : '';
      docs.set(String(row.id), {
        id: searchDocId('question', row.id),
        type: 'question',
        title: row.title,
        text: `${row.body_text ?? ''}${accepted}${verifiedText}`,
        url: questionUrl(row.id, row.slug),
        tags: JSON.parse(row.tags) as string[],
        category: '',
        status: row.accepted_answer_id || verified ? 'answered' : row.answer_count > 0 ? 'open' : 'unanswered',
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
