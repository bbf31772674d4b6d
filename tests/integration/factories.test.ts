// The test factories build rows the way production does, so tests built on
// them start from consistent data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateSessionToken } from '@/server/accounts/sessions';
import { makeAnswer, makeComment, makeMemberWithReputation, makeQuestion, makeTicket, makeUser, sessionCookie } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe('test factories', () => {
  it('make a question with an answer and a comment, counters and index changes included', async () => {
    const question = await makeQuestion(t.db);
    const answer = await makeAnswer(t.db, question.id);
    const comment = await makeComment(t.db, { postType: 'answer', postId: answer.id }, question.author);
    const row = await t.db.selectFrom('questions').select(['author_id', 'answer_count', 'tags']).where('id', '=', question.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ author_id: question.author.id, answer_count: 1, tags: '["calendar-sync"]' });
    expect(question.url).toBe(`/community/questions/${question.id}/${question.slug}`);
    expect(comment.questionId).toBe(question.id);
    expect(answer.author.id).not.toBe(question.author.id);
    const changes = await t.db.selectFrom('search_index_changes').select('doc_id').execute();
    expect(changes.map((c) => c.doc_id)).toContain(`question-${question.id}`);
  });

  it('make a member whose reputation was earned through the ledger', async () => {
    const member = await makeMemberWithReputation(t.db, 15);
    const row = await t.db.selectFrom('users').select('reputation').where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(row.reputation).toBe(21);
    const ledger = await t.db.selectFrom('reputation_events').select(['delta', 'reason']).where('user_id', '=', member.id).execute();
    expect(ledger).toEqual([
      { delta: 10, reason: 'question_upvoted' },
      { delta: 10, reason: 'question_upvoted' },
    ]);
  });

  it('make a ticket with its confirmation email, from a visitor or a member', async () => {
    const visitor = await makeTicket(t.db);
    const member = await makeUser(t.db);
    const own = await makeTicket(t.db, { urgency: 'urgent' }, member);
    const rows = await t.db.selectFrom('tickets').select(['requester_email', 'user_id', 'urgency']).orderBy('id').execute();
    expect(rows).toEqual([
      { requester_email: visitor.input.email, user_id: null, urgency: 'normal' },
      { requester_email: member.email, user_id: member.id, urgency: 'urgent' },
    ]);
    expect(own.ref).toMatch(/^FN-\d+$/);
    expect(await t.db.selectFrom('email_outbox').select('kind').execute()).toEqual([{ kind: 'ticket-received' }, { kind: 'ticket-received' }]);
  });

  it('make a session cookie that signs the user in', async () => {
    const user = await makeUser(t.db);
    const cookie = await sessionCookie(t.db, user);
    expect(cookie).toMatch(/^hearth_session=[a-z2-7]{32}$/);
    const { user: signedIn } = await validateSessionToken(t.db, cookie.split('=')[1]!);
    expect(signedIn?.id).toBe(user.id);
  });
});
