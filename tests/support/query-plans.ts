// Runs a domain read with every statement captured, then asks SQLite how it
// executes each one (EXPLAIN QUERY PLAN). Used by the plan regression test and
// by `npm run bench:plans`, so both look at the very SQL the app sends.
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '@db/connection';
import type { Database } from '@db/schema';

export interface CapturedPlan {
  sql: string;
  /** One line per plan step, indented by depth, e.g. "SEARCH questions USING INDEX questions_newest (visibility=?)". */
  plan: string[];
}

/** A second Kysely handle on the same SQLite connection that records each statement it runs. */
export async function explainQueries(sqlite: SQLite.Database, read: (db: DB) => Promise<unknown>): Promise<CapturedPlan[]> {
  const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await read(db);
  return captured.map(({ sql, parameters }) => {
    const rows = sqlite.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Array<{ id: number; parent: number; detail: string }>;
    const depth = new Map<number, number>([[0, -1]]);
    const plan = rows.map((r) => {
      const d = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    });
    return { sql, plan };
  });
}

/**
 * Bulk content for plan and paging measurements, written straight into the
 * tables (the domain functions are far too slow for 20,000 rows): questions
 * spread over tags, with tied scores and activity times, some unanswered.
 */
export function fillQuestions(sqlite: SQLite.Database, options: { questions: number; authorId: number; tags?: number; start?: number }): void {
  const tags = options.tags ?? 30;
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const insertQuestion = sqlite.prepare(
    `insert into questions (author_id, title, slug, body_md, body_html, tags, status, visibility, score, answer_count, last_activity_at, created_at, updated_at)
     values (?, ?, ?, 'Body', '<p>Body</p>', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTag = sqlite.prepare('insert into question_tags (question_id, tag, created_at) values (?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < options.questions; i++) {
      const created = start + i * 60_000;
      const qTags = [`topic-${i % tags}`, `area-${i % 7}`];
      const { lastInsertRowid } = insertQuestion.run(
        options.authorId,
        `Question ${i}`,
        `question-${i}`,
        JSON.stringify(qTags),
        i % 11 === 0 ? 'closed' : 'open',
        i % 13 === 0 ? 'hidden' : 'visible',
        i % 5,
        i % 3,
        start + Math.floor(i / 4) * 3_600_000,
        created,
        created,
      );
      for (const tag of qTags) insertTag.run(Number(lastInsertRowid), tag, created);
    }
  })();
}
