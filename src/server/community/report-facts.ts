// What the happiness report reads from the community: the questions asked in
// a span of time with when they were first answered, and who wrote the
// answers posted in it (definitions in src/server/report/metrics-content.ts).
// Hidden and deleted posts are left out. Times and counts only, never names.
import type { DB } from '@db/connection';

export interface AskedQuestion {
  askedAt: number;
  /** The earliest visible answer by someone other than the asker, or null. */
  firstAnswerAt: number | null;
  /** The question has an accepted answer that is still visible. */
  accepted: boolean;
}

/** Visible questions asked in [from, to), each with its first answer and whether one is accepted (as the data stands now). */
export async function questionsAskedBetween(db: DB, range: { from: number; to: number }): Promise<AskedQuestion[]> {
  const rows = await db
    .selectFrom('questions as q')
    .leftJoin('answers as a', (join) => join.onRef('a.question_id', '=', 'q.id').on('a.visibility', '=', 'visible').onRef('a.author_id', '!=', 'q.author_id'))
    .leftJoin('answers as accepted', (join) => join.onRef('accepted.id', '=', 'q.accepted_answer_id').on('accepted.visibility', '=', 'visible'))
    .select((eb) => ['q.id', 'q.created_at', eb.fn.min('a.created_at').as('first_answer_at'), eb.fn.max('accepted.id').as('accepted_id')])
    .where('q.visibility', '=', 'visible')
    .where('q.created_at', '>=', range.from)
    .where('q.created_at', '<', range.to)
    .groupBy(['q.id', 'q.created_at'])
    .execute();
  return rows.map((r) => ({
    askedAt: Number(r.created_at),
    firstAnswerAt: r.first_answer_at === null ? null : Number(r.first_answer_at),
    accepted: r.accepted_id !== null,
  }));
}

export interface AnswerAuthorship {
  /** Answers by members (not staff or admins). */
  community: number;
  /** Answers by staff and admins (their role now). */
  staff: number;
}

/** Visible answers posted in [from, to) to visible questions, by who wrote them. */
export async function answersPostedBetween(db: DB, range: { from: number; to: number }): Promise<AnswerAuthorship> {
  // Read in answers_created order; the question's visibility is checked by its primary key.
  const rows = await db
    .selectFrom('answers as a')
    .innerJoin('users as u', 'u.id', 'a.author_id')
    .select((eb) => ['u.role', eb.fn.countAll<number>().as('answers')])
    .where('a.created_at', '>=', range.from)
    .where('a.created_at', '<', range.to)
    .where('a.visibility', '=', 'visible')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('questions as q').select('q.id').whereRef('q.id', '=', 'a.question_id').where('q.visibility', '!=', 'visible'))),
    )
    .groupBy('u.role')
    .execute();
  const counts: AnswerAuthorship = { community: 0, staff: 0 };
  for (const row of rows) {
    if (row.role === 'member') counts.community += Number(row.answers);
    else counts.staff += Number(row.answers);
  }
  return counts;
}
