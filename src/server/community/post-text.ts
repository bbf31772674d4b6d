// Fills `body_text` (the plain text the search index reads) for questions and
// answers written before it was stored beside `body_html` (migration 0006).
// Migrations never import app code, so this runs from the app: at every start
// and before a reindex (src/cli/prepare.ts); once done, it finds nothing to do.
import type { DB } from '@db/connection';
import { renderPost } from './posting';

export async function backfillPostText(db: DB, options: { batchSize?: number } = {}): Promise<{ questions: number; answers: number }> {
  const batchSize = options.batchSize ?? 200;
  const filled = { questions: 0, answers: 0 };
  for (const table of ['questions', 'answers'] as const) {
    for (;;) {
      const rows = await db.selectFrom(table).select(['id', 'body_md']).where('body_text', 'is', null).orderBy('id').limit(batchSize).execute();
      if (rows.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const row of rows)
          await trx
            .updateTable(table)
            .set({ body_text: renderPost(row.body_md).text })
            .where('id', '=', row.id)
            .where('body_text', 'is', null)
            .execute();
      });
      filled[table] += rows.length;
    }
  }
  return filled;
}
