// What the staff insights (src/server/report/insights.ts) read from the
// community: visible questions with a tag (feature requests), and highly
// voted answers that could become help articles. Visible posts only.
import type { DB } from '@db/connection';
import { answerPermalink } from './answer-links';
import { questionUrl } from './questions';

export interface TaggedQuestion {
  id: number;
  title: string;
  url: string;
  score: number;
  answerCount: number;
  tags: string[];
  askedAt: number;
}

/** Visible questions with the tag asked in [from, to), highest score first. */
export async function questionsTagged(db: DB, tag: string, period: { from: number; to: number }, limit = 100): Promise<TaggedQuestion[]> {
  const rows = await db
    .selectFrom('question_tags')
    .innerJoin('questions', 'questions.id', 'question_tags.question_id')
    .select(['questions.id', 'questions.title', 'questions.slug', 'questions.score', 'questions.answer_count', 'questions.tags', 'questions.created_at'])
    .where('question_tags.tag', '=', tag)
    .where('question_tags.visibility', '=', 'visible')
    .where('question_tags.asked_at', '>=', period.from)
    .where('question_tags.asked_at', '<', period.to)
    .orderBy('questions.score', 'desc')
    .orderBy('questions.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    url: questionUrl(r.id, r.slug),
    score: r.score,
    answerCount: r.answer_count,
    tags: JSON.parse(r.tags) as string[],
    askedAt: Number(r.created_at),
  }));
}

export interface VotedAnswer {
  answerId: number;
  score: number;
  questionTitle: string;
  /** The answer's permalink. */
  url: string;
}

/**
 * Visible answers (on visible questions) with at least `minScore`, highest
 * first: candidates for a help article. Questions with `exceptTag` (feature
 * requests: not a how-to) are left out.
 */
export async function highlyVotedAnswers(db: DB, options: { minScore: number; limit: number; exceptTag?: string }): Promise<VotedAnswer[]> {
  let query = db
    .selectFrom('answers')
    .innerJoin('questions', 'questions.id', 'answers.question_id')
    .select(['answers.id', 'answers.score', 'questions.title'])
    .where('answers.visibility', '=', 'visible')
    .where('questions.visibility', '=', 'visible')
    .where('answers.score', '>=', options.minScore);
  if (options.exceptTag !== undefined) {
    const tag = options.exceptTag;
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('question_tags')
            .select('question_tags.question_id')
            .whereRef('question_tags.question_id', '=', 'questions.id')
            .where('question_tags.tag', '=', tag),
        ),
      ),
    );
  }
  const rows = await query.orderBy('answers.score', 'desc').orderBy('answers.id').limit(options.limit).execute();
  return rows.map((r) => ({ answerId: r.id, score: r.score, questionTitle: r.title, url: answerPermalink(r.id) }));
}
