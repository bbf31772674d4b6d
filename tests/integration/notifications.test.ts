import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '@db/connection';
import { listNotifications, markNotificationsRead, notify, unreadNotificationCount } from '@/server/community/notifications';
import { NotFoundError } from '@/server/errors';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 25, 9, 0);

async function insertQuestion(db: DB, authorId: number, title = 'Outlook events stopped syncing', slug = 'outlook-events-stopped-syncing') {
  const row = await db
    .insertInto('questions')
    .values({
      author_id: authorId,
      title,
      slug,
      body_md: 'Since Monday no Outlook events show up.',
      body_html: '<p>Since Monday no Outlook events show up.</p>',
      tags: '["calendar-sync"]',
      close_reason: null,
      duplicate_of_id: null,
      closed_by: null,
      closed_at: null,
      hidden_reason: null,
      accepted_answer_id: null,
      last_activity_at: T0,
      created_at: T0,
      updated_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertAnswer(db: DB, questionId: number, authorId: number) {
  const row = await db
    .insertInto('answers')
    .values({
      question_id: questionId,
      author_id: authorId,
      body_md: 'Reconnect the calendar under Settings → Integrations.',
      body_html: '<p>Reconnect the calendar under Settings → Integrations.</p>',
      verified_by: null,
      verified_at: null,
      hidden_reason: null,
      created_at: T0,
      updated_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertComment(db: DB, answerId: number, authorId: number) {
  const row = await db
    .insertInto('comments')
    .values({
      post_type: 'answer',
      post_id: answerId,
      author_id: authorId,
      body_md: 'That fixed it, thanks!',
      body_html: '<p>That fixed it, thanks!</p>',
      created_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An asker, an answerer and a question with one answer. */
async function scene() {
  const asker = await makeUser(t.db, { displayName: 'Lena Fischer' });
  const answerer = await makeUser(t.db, { displayName: 'Sam Lindqvist' });
  const questionId = await insertQuestion(t.db, asker.id);
  const answerId = await insertAnswer(t.db, questionId, answerer.id);
  return { asker, answerer, questionId, answerId };
}

describe('community notifications', () => {
  it('writes the notification and exactly one email with the subject and an absolute link', async () => {
    const { asker, answerer, questionId, answerId } = await scene();
    await notify(t.db, site, { userId: asker.id, kind: 'answer', actorId: answerer.id, questionId, answerId }, T0);

    const row = await t.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: asker.id,
      kind: 'answer',
      actor_id: answerer.id,
      question_id: questionId,
      answer_id: answerId,
      comment_id: null,
      read_at: null,
      created_at: T0,
    });
    const emails = await t.db.selectFrom('email_outbox').selectAll().execute();
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email.to_address).toBe(asker.email);
    expect(email.subject).toBe('Sam Lindqvist answered your question “Outlook events stopped syncing”');
    // Through the answer's permalink, which finds the page of answers it is on.
    expect(email.text_body).toContain(`${site.siteUrl}/community/answers/${answerId}#answer-${answerId}`);
    expect(email.text_body).toContain('because you asked this question');
    expect(email.text_body).toContain(`${site.siteUrl}/notifications`);
  });

  it('links comments to the comment and acceptances to the answer, and says why the answerer is told', async () => {
    const { asker, answerer, questionId, answerId } = await scene();
    const commentId = await insertComment(t.db, answerId, asker.id);
    await notify(t.db, site, { userId: answerer.id, kind: 'comment', actorId: asker.id, questionId, answerId, commentId }, T0);
    await notify(t.db, site, { userId: answerer.id, kind: 'accepted', actorId: asker.id, questionId, answerId }, T0 + 1000);

    const [comment, accepted] = await t.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
    expect(comment?.subject).toBe('Lena Fischer commented on your answer to “Outlook events stopped syncing”');
    expect(comment?.text_body).toContain(`${site.siteUrl}/community/answers/${answerId}#comment-${commentId}`);
    expect(comment?.text_body).toContain('because you answered this question');
    expect(accepted?.subject).toBe('Your answer was accepted on “Outlook events stopped syncing”');
    expect(accepted?.text_body).toContain(`${site.siteUrl}/community/answers/${answerId}#answer-${answerId}`);
  });

  it('never tells people about their own actions', async () => {
    const { asker, questionId } = await scene();
    const ownAnswerId = await insertAnswer(t.db, questionId, asker.id);
    await notify(t.db, site, { userId: asker.id, kind: 'answer', actorId: asker.id, questionId, answerId: ownAnswerId }, T0);
    expect(await t.db.selectFrom('notifications').selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
  });

  it('writes nothing when the question does not exist', async () => {
    const { asker, answerer } = await scene();
    await expect(notify(t.db, site, { userId: asker.id, kind: 'answer', actorId: answerer.id, questionId: 9999, answerId: 1 }, T0)).rejects.toThrow(
      NotFoundError,
    );
    expect(await t.db.selectFrom('notifications').selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
  });

  it('lists newest first with relative links, counts unread, and marks only the reader’s own rows read', async () => {
    const { asker, answerer, questionId, answerId } = await scene();
    const third = await makeUser(t.db, { displayName: 'Priya Nair' });
    const secondAnswerId = await insertAnswer(t.db, questionId, third.id);
    const commentId = await insertComment(t.db, answerId, third.id);
    await notify(t.db, site, { userId: asker.id, kind: 'answer', actorId: answerer.id, questionId, answerId }, T0);
    await notify(t.db, site, { userId: asker.id, kind: 'answer', actorId: third.id, questionId, answerId: secondAnswerId }, T0 + 60_000);
    await notify(t.db, site, { userId: answerer.id, kind: 'comment', actorId: third.id, questionId, answerId, commentId }, T0 + 120_000);

    const list = await listNotifications(t.db, asker.id);
    expect(list.map((n) => n.actorName)).toEqual(['Priya Nair', 'Sam Lindqvist']);
    expect(list[0]).toEqual({
      id: expect.any(Number),
      kind: 'answer',
      read: false,
      createdAt: T0 + 60_000,
      actorName: 'Priya Nair',
      questionId,
      questionTitle: 'Outlook events stopped syncing',
      url: `/community/answers/${secondAnswerId}#answer-${secondAnswerId}`,
    });
    expect(await listNotifications(t.db, asker.id, { limit: 1 })).toHaveLength(1);
    expect(await unreadNotificationCount(t.db, asker.id)).toBe(2);
    expect(await unreadNotificationCount(t.db, answerer.id)).toBe(1);

    // Another user's ids are ignored.
    const answererIds = (await listNotifications(t.db, answerer.id)).map((n) => n.id);
    expect(await markNotificationsRead(t.db, asker.id, [list[1]!.id, ...answererIds], T0 + 200_000)).toBe(1);
    expect(await unreadNotificationCount(t.db, answerer.id)).toBe(1);
    expect((await listNotifications(t.db, asker.id)).map((n) => n.read)).toEqual([false, true]);

    // Without ids: all of the reader's own, and nobody else's.
    expect(await markNotificationsRead(t.db, asker.id, undefined, T0 + 300_000)).toBe(1);
    expect(await unreadNotificationCount(t.db, asker.id)).toBe(0);
    expect(await unreadNotificationCount(t.db, answerer.id)).toBe(1);
    const readAt = await t.db.selectFrom('notifications').select(['id', 'read_at']).where('user_id', '=', asker.id).orderBy('id').execute();
    expect(readAt.map((r) => r.read_at)).toEqual([T0 + 200_000, T0 + 300_000]);
    expect(await markNotificationsRead(t.db, asker.id, [])).toBe(0);
  });
});
