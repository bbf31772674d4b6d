// Owns `answers`: answering, editing, accepting (by the asker, changeable) and
// "Verified by staff". Accepting moves reputation through the ledger.
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import type { Visibility } from '@db/schema';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';
import type { SiteContext } from '@/server/email/templates';
import { awardBadges } from './badges';
import { notify } from './notifications';
import { ANSWER_MIN, BODY_MAX, loadActor, renderedBody, throttlePost, validateBody, type CommunityContext } from './posting';
import { acceptRefusal, answerRefusal, assertAllowed, editRefusal, postFacts, questionFacts, unacceptRefusal, verifyRefusal } from './permissions';
import { getQuestionRow, questionAnswered, questionSearchChanged, setAcceptedAnswer, touchQuestion } from './questions';
import { grantReputation, reverseReputation } from './reputation';
import { recordRevision } from './revisions';
import { defaultRules } from './rules';

export async function getAnswerRow(db: DB, id: number) {
  const row = await db.selectFrom('answers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No answer has this number.');
  return row;
}

export async function postAnswer(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  questionId: number,
  body: string,
  ctx: CommunityContext = {},
): Promise<{ id: number }> {
  const now = ctx.now ?? Date.now();
  validateBody(body, 'body', ANSWER_MIN, BODY_MAX, 'answer');
  return withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, questionId);
    assertAllowed(answerRefusal(member, questionFacts(question), { now }));
    await throttlePost(trx, member, ctx.rules ?? defaultRules, now);
    const text = body.trim();
    const { id } = await trx
      .insertInto('answers')
      .values({
        question_id: questionId,
        author_id: member.id,
        body_md: text,
        ...renderedBody(text),
        verified_by: null,
        verified_at: null,
        hidden_reason: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await questionAnswered(trx, questionId, 1, now);
    await recordRevision(trx, { postType: 'answer', postId: id, editorId: member.id, body: text, summary: 'Answered', now });
    await notify(trx, site, { userId: question.author_id, kind: 'answer', actorId: member.id, questionId, answerId: id }, now);
    await awardBadges(trx, member.id, now);
    return { id };
  });
}

export async function editAnswer(db: DB, user: SessionUser | null, id: number, body: string, summary = 'Edited', ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  validateBody(body, 'body', ANSWER_MIN, BODY_MAX, 'answer');
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const answer = await getAnswerRow(trx, id);
    const question = await getQuestionRow(trx, answer.question_id);
    assertAllowed(editRefusal(member, questionFacts(question), postFacts(answer), { rules: ctx.rules, now }));
    const text = body.trim();
    await trx
      .updateTable('answers')
      .set({ body_md: text, ...renderedBody(text), updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordRevision(trx, { postType: 'answer', postId: id, editorId: member.id, body: text, summary: summary.trim() || 'Edited', now });
    await touchQuestion(trx, question.id, now);
    // The accepted answer's text is part of the question's search document.
    if (question.accepted_answer_id === id) await setAcceptedAnswer(trx, question.id, id, now);
  });
}

/**
 * The asker accepts one answer; accepting another moves the acceptance (and
 * its reputation). Self-answers can be accepted but earn nothing.
 */
export async function acceptAnswer(db: DB, site: SiteContext, user: SessionUser | null, answerId: number, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  const rules = ctx.rules ?? defaultRules;
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const answer = await getAnswerRow(trx, answerId);
    const question = await getQuestionRow(trx, answer.question_id);
    assertAllowed(acceptRefusal(member, questionFacts(question), postFacts(answer), { rules, now }));
    if (question.accepted_answer_id === answerId) return;
    const source = `accept:${question.id}`;
    await reverseReputation(trx, source, now);
    if (answer.author_id !== member.id) {
      await grantReputation(
        trx,
        { userId: answer.author_id, ruleDelta: rules.reputation.answerAccepted, reason: 'answer_accepted', postType: 'answer', postId: answerId, source },
        now,
        rules,
      );
      await grantReputation(
        trx,
        { userId: member.id, ruleDelta: rules.reputation.acceptedAnAnswer, reason: 'accepted_an_answer', postType: 'answer', postId: answerId, source },
        now,
        rules,
      );
    }
    await setAcceptedAnswer(trx, question.id, answerId, now);
    await notify(trx, site, { userId: answer.author_id, kind: 'accepted', actorId: member.id, questionId: question.id, answerId }, now);
    await awardBadges(trx, answer.author_id, now);
  });
}

export async function unacceptAnswer(db: DB, user: SessionUser | null, questionId: number, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    const question = await getQuestionRow(trx, questionId);
    assertAllowed(unacceptRefusal(member, questionFacts(question), { now }));
    await reverseReputation(trx, `accept:${questionId}`, now);
    await setAcceptedAnswer(trx, questionId, null, now);
  });
}

/** Staff mark an answer as correct ("Verified by staff"), or take the mark back. */
export async function setAnswerVerified(db: DB, user: SessionUser | null, answerId: number, verified: boolean, ctx: CommunityContext = {}): Promise<void> {
  const now = ctx.now ?? Date.now();
  await withTransaction(db, async (trx) => {
    const member = await loadActor(trx, user, now);
    assertAllowed(verifyRefusal(member, { now }));
    const answer = await getAnswerRow(trx, answerId);
    await trx
      .updateTable('answers')
      .set({ verified_by: verified ? member.id : null, verified_at: verified ? now : null })
      .where('id', '=', answerId)
      .execute();
    // A verified answer lifts its question in search.
    await questionSearchChanged(trx, answer.question_id, now);
  });
}

// State moved by the other community modules.

export async function adjustAnswerScore(db: DB, id: number, delta: number): Promise<void> {
  await db
    .updateTable('answers')
    .set({ score: sql`score + ${delta}` })
    .where('id', '=', id)
    .execute();
}

export async function setAnswerVisibility(db: DB, id: number, visibility: Visibility, reason: string | null, now = Date.now()): Promise<void> {
  const answer = await getAnswerRow(db, id);
  if (answer.visibility === visibility) return;
  await db
    .updateTable('answers')
    .set({ visibility, hidden_reason: visibility === 'visible' ? null : reason, updated_at: now })
    .where('id', '=', id)
    .execute();
  // answer_count counts visible answers.
  if (answer.visibility === 'visible') await questionAnswered(db, answer.question_id, -1, now);
  if (visibility === 'visible') await questionAnswered(db, answer.question_id, 1, now);
  const question = await getQuestionRow(db, answer.question_id);
  if (question.accepted_answer_id === id) await setAcceptedAnswer(db, question.id, id, now);
}
