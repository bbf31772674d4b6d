// Agents hear about new urgent tickets (every agent), tickets assigned to them,
// and customer replies on their tickets: in the site (staff_notifications) and
// by email through the outbox, in the same transaction as what caused it. Each
// agent chooses per kind (staff_notification_settings; no row = both on).
import { withTransaction, type DB } from '@db/connection';
import type { StaffNotificationKind } from '@db/schema';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMembers } from '@/server/accounts/staff';
import { enqueueEmail } from '@/server/email/outbox';
import { agentNotificationEmail, type SiteContext } from '@/server/email/templates';
import { ticketIdToRef } from './tickets';

export const staffNotificationKinds: Record<StaffNotificationKind, string> = {
  urgent_ticket: 'A new urgent request arrives',
  assigned: 'A request is assigned to me',
  customer_reply: 'A customer replies on a request assigned to me',
};

export interface AgentEvent {
  kind: StaffNotificationKind;
  ticket: { id: number; subject: string; assignee_id: number | null };
  /** Staff who did it (never told about their own action); null for the requester. */
  actorId: number | null;
  actorName: string;
  /** For 'assigned': the new assignee. */
  assigneeId?: number | null;
}

export interface NotificationChoice {
  inSite: boolean;
  byEmail: boolean;
}

async function choicesOf(db: DB, userIds: number[]): Promise<Map<string, NotificationChoice>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('staff_notification_settings').selectAll().where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [`${r.user_id}:${r.kind}`, { inSite: r.in_site === 1, byEmail: r.by_email === 1 }]));
}

/** Writes the notifications an event causes (call inside the transaction that made the change). */
export async function notifyAgents(db: DB, site: SiteContext, event: AgentEvent, now = Date.now()): Promise<void> {
  const staff = await staffMembers(db, now);
  const recipientIds =
    event.kind === 'urgent_ticket'
      ? staff.map((s) => s.id)
      : [event.kind === 'assigned' ? (event.assigneeId ?? null) : event.ticket.assignee_id].filter((id): id is number => id !== null);
  const recipients = staff.filter((s) => recipientIds.includes(s.id) && s.id !== event.actorId);
  if (recipients.length === 0) return;
  const choices = await choicesOf(
    db,
    recipients.map((r) => r.id),
  );
  const ref = ticketIdToRef(event.ticket.id);
  for (const agent of recipients) {
    const choice = choices.get(`${agent.id}:${event.kind}`) ?? { inSite: true, byEmail: true };
    if (choice.inSite)
      await db
        .insertInto('staff_notifications')
        .values({ user_id: agent.id, kind: event.kind, ticket_id: event.ticket.id, actor_id: event.actorId, read_at: null, created_at: now })
        .execute();
    if (choice.byEmail)
      await enqueueEmail(
        db,
        agentNotificationEmail(site, {
          kind: event.kind,
          to: agent.email,
          agentName: agent.displayName,
          ref,
          subject: event.ticket.subject,
          actorName: event.actorName,
          link: `${site.siteUrl}/staff/tickets/${ref}`,
        }),
        now,
      );
  }
}

export interface StaffNotificationItem {
  id: number;
  kind: StaffNotificationKind;
  ref: string;
  subject: string;
  actorName: string | null;
  read: boolean;
  createdAt: number;
}

/** The agent's own ticket notifications, newest first. */
export async function staffNotificationsOf(db: DB, user: SessionUser | null, limit = 50): Promise<StaffNotificationItem[]> {
  assertCan(user, 'staff.area');
  const rows = await db
    .selectFrom('staff_notifications as n')
    .innerJoin('tickets as t', 't.id', 'n.ticket_id')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .select(['n.id', 'n.kind', 'n.ticket_id', 'n.read_at', 'n.created_at', 't.subject', 't.requester_name', 'a.display_name as actor_name'])
    .where('n.user_id', '=', user.id)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    ref: ticketIdToRef(r.ticket_id),
    subject: r.subject,
    // A customer reply or urgent ticket comes from the requester.
    actorName: r.actor_name ?? (r.kind === 'assigned' ? null : r.requester_name),
    read: r.read_at !== null,
    createdAt: r.created_at,
  }));
}

export async function unreadStaffNotificationCount(db: DB, user: SessionUser | null): Promise<number> {
  assertCan(user, 'staff.area');
  const row = await db
    .selectFrom('staff_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the agent's notifications read: the given ones, or all. Only their own. */
export async function markStaffNotificationsRead(db: DB, user: SessionUser | null, ids?: number[], now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  if (ids !== undefined && ids.length === 0) return;
  await db
    .updateTable('staff_notifications')
    .set({ read_at: now })
    .where('user_id', '=', user.id)
    .where('read_at', 'is', null)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
    .execute();
}

export async function staffNotificationSettingsOf(db: DB, user: SessionUser | null): Promise<Record<StaffNotificationKind, NotificationChoice>> {
  assertCan(user, 'staff.area');
  const choices = await choicesOf(db, [user.id]);
  const kinds = Object.keys(staffNotificationKinds) as StaffNotificationKind[];
  return Object.fromEntries(kinds.map((k) => [k, choices.get(`${user.id}:${k}`) ?? { inSite: true, byEmail: true }])) as Record<
    StaffNotificationKind,
    NotificationChoice
  >;
}

export async function updateStaffNotificationSettings(
  db: DB,
  user: SessionUser | null,
  settings: Partial<Record<StaffNotificationKind, NotificationChoice>>,
): Promise<void> {
  assertCan(user, 'staff.area');
  await withTransaction(db, async (trx) => {
    for (const [kind, choice] of Object.entries(settings) as [StaffNotificationKind, NotificationChoice][]) {
      if (!(kind in staffNotificationKinds)) continue;
      const values = { in_site: choice.inSite ? 1 : 0, by_email: choice.byEmail ? 1 : 0 } as const;
      await trx
        .insertInto('staff_notification_settings')
        .values({ user_id: user.id, kind, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet(values))
        .execute();
    }
  });
}
