// Owns `notifications`: "someone answered your question, commented on your
// post, accepted your answer". Each one is a row for the in-site list and one
// email through the outbox, written in the same transaction as each other.
import { withTransaction, type DB } from '@db/connection';
import type { NotificationsTable } from '@db/schema';
import { NotFoundError } from '@/server/errors';
import { enqueueEmail } from '@/server/email/outbox';
import { isSubscribed, unsubscribeLinks } from '@/server/email/preferences';
import { communityNotificationEmail, type SiteContext } from '@/server/email/templates';
import { answerPermalink } from './answer-links';

export type NotificationKind = NotificationsTable['kind'];

export interface NewNotification {
  /** Who is told. */
  userId: number;
  kind: NotificationKind;
  /** Who did it; nobody is told about their own actions. */
  actorId: number;
  questionId: number;
  /** The new or accepted answer; for a comment, the answer it is on (null when it is on the question). */
  answerId?: number | null;
  commentId?: number | null;
}

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  read: boolean;
  createdAt: number;
  actorName: string;
  questionId: number;
  questionTitle: string;
  /** Relative: `/community/answers/<id>#answer-<id>` (or `#comment-<id>`), or `/community/questions/<id>/<slug>` for the question itself. */
  url: string;
}

/**
 * Where a notification points, anchored at the comment or answer it is about.
 * Answers (and their comments) go through the answer's permalink, which finds
 * the page of answers it is on now.
 */
export function notificationPath(q: { questionId: number; slug: string; answerId: number | null; commentId: number | null }): string {
  const anchor = q.commentId !== null ? `comment-${q.commentId}` : `answer-${q.answerId}`;
  if (q.answerId !== null) return answerPermalink(q.answerId, anchor);
  return `/community/questions/${q.questionId}/${q.slug}${q.commentId !== null ? `#${anchor}` : ''}`;
}

export async function notify(db: DB, site: SiteContext, n: NewNotification, now = Date.now()): Promise<void> {
  if (n.userId === n.actorId) return;
  const answerId = n.answerId ?? null;
  const commentId = n.commentId ?? null;
  await withTransaction(db, async (trx) => {
    const [people, question] = await Promise.all([
      trx.selectFrom('users').select(['id', 'email', 'display_name']).where('id', 'in', [n.userId, n.actorId]).execute(),
      trx.selectFrom('questions').select(['title', 'slug']).where('id', '=', n.questionId).executeTakeFirst(),
    ]);
    const recipient = people.find((p) => p.id === n.userId);
    const actor = people.find((p) => p.id === n.actorId);
    if (!recipient || !actor) throw new NotFoundError('No such user.');
    if (!question) throw new NotFoundError('No such question.');

    await trx
      .insertInto('notifications')
      .values({
        user_id: n.userId,
        kind: n.kind,
        actor_id: n.actorId,
        question_id: n.questionId,
        answer_id: answerId,
        comment_id: commentId,
        read_at: null,
        created_at: now,
      })
      .execute();

    const link = site.siteUrl + notificationPath({ questionId: n.questionId, slug: question.slug, answerId, commentId });
    const onAnswer = n.kind === 'accepted' || (n.kind === 'comment' && answerId !== null);
    const email = {
      kind: n.kind,
      to: recipient.email,
      recipientName: recipient.display_name,
      actorName: actor.display_name,
      questionTitle: question.title,
      onAnswer,
      link,
    };
    // The in-site notification always; the email unless the member switched these off (src/server/email/preferences.ts).
    if (!(await isSubscribed(trx, { userId: n.userId }, 'community_notifications'))) return;
    const unsubscribe = await unsubscribeLinks(trx, site, { userId: n.userId }, 'community_notifications');
    await enqueueEmail(trx, communityNotificationEmail(site, { ...email, unsubscribeUrl: unsubscribe.url, unsubscribeHeaders: unsubscribe.headers }), now);
  });
}

/** Newest first, in the order of notifications_user_newest (user, time, id). */
export async function listNotifications(db: DB, userId: number, { limit = 50 }: { limit?: number } = {}): Promise<NotificationItem[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('users as actor', 'actor.id', 'n.actor_id')
    .innerJoin('questions as q', 'q.id', 'n.question_id')
    .select([
      'n.id',
      'n.kind',
      'n.read_at',
      'n.created_at',
      'n.answer_id',
      'n.comment_id',
      'actor.display_name as actorName',
      'q.id as questionId',
      'q.title',
      'q.slug',
    ])
    .where('n.user_id', '=', userId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    read: r.read_at !== null,
    createdAt: r.created_at,
    actorName: r.actorName,
    questionId: r.questionId,
    questionTitle: r.title,
    url: notificationPath({ questionId: r.questionId, slug: r.slug, answerId: r.answer_id, commentId: r.comment_id }),
  }));
}

export async function unreadNotificationCount(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's own notifications read (all of them when `ids` is omitted); returns how many changed. */
export async function markNotificationsRead(db: DB, userId: number, ids?: number[], now = Date.now()): Promise<number> {
  if (ids !== undefined && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== undefined) query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
