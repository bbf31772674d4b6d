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
  // Also written here, as the domain's writers would: each tag row's copy of its question's list columns, and the totals.
  const insertTag = sqlite.prepare(
    `insert into question_tags (question_id, tag, created_at, visibility, status, score, answer_count, last_activity_at, asked_at)
     select id, ?, created_at, visibility, status, score, answer_count, last_activity_at, created_at from questions where id = ?`,
  );
  const addCounts = sqlite.prepare(
    `insert into question_counts (scope, questions, unanswered) values (?, ?, ?)
     on conflict (scope) do update set questions = question_counts.questions + excluded.questions, unanswered = question_counts.unanswered + excluded.unanswered`,
  );
  const counts = new Map<string, { questions: number; unanswered: number }>();
  sqlite.transaction(() => {
    for (let i = 0; i < options.questions; i++) {
      const created = start + i * 60_000;
      const qTags = [`topic-${i % tags}`, `area-${i % 7}`];
      const [status, visibility, answers] = [i % 11 === 0 ? 'closed' : 'open', i % 13 === 0 ? 'hidden' : 'visible', i % 3];
      const { lastInsertRowid } = insertQuestion.run(
        options.authorId,
        `Question ${i}`,
        `question-${i}`,
        JSON.stringify(qTags),
        status,
        visibility,
        i % 5,
        answers,
        start + Math.floor(i / 4) * 3_600_000,
        created,
        created,
      );
      for (const tag of qTags) insertTag.run(tag, Number(lastInsertRowid));
      if (visibility !== 'visible') continue;
      for (const scope of ['*', ...qTags]) {
        const c = counts.get(scope) ?? { questions: 0, unanswered: 0 };
        c.questions += 1;
        if (answers === 0 && status === 'open') c.unanswered += 1;
        counts.set(scope, c);
      }
    }
    for (const [scope, c] of counts) addCounts.run(scope, c.questions, c.unanswered);
  })();
}
