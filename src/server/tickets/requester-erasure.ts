// What deleting an account (src/server/accounts/admin.ts) asks of the tickets
// area: the requester's name and address leave every ticket they sent (from
// the account, or from its address before they had one), the tickets stay for
// staff and the reports under the replacement name, and the tickets an agent
// was working go back to the unassigned queue, each change an event.
import type { DB } from '@db/connection';
import { ticketSearchText } from './search-text';
import { ticketIdToRef } from './tickets';

export interface ErasedRequester {
  userId: number;
  /** The address the account had: tickets sent from it without an account are the same person's. */
  email: string;
}

/**
 * Replaces the requester's name and address on their tickets, binds the tickets
 * sent from the address alone to the account (so a future account with that
 * address does not inherit them), and rebuilds their staff search text.
 * Returns how many tickets changed.
 */
export async function eraseRequesterDetails(db: DB, who: ErasedRequester, replacement: { name: string; email: string }, now: number): Promise<number> {
  const email = who.email.trim().toLowerCase();
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'description'])
    .where((eb) => eb.or([eb('user_id', '=', who.userId), eb.and([eb('user_id', 'is', null), eb('requester_email', '=', email)])]))
    .execute();
  if (tickets.length === 0) return 0;
  const ids = tickets.map((t) => t.id);
  const messages = await db.selectFrom('ticket_messages').select(['ticket_id', 'body_source']).where('ticket_id', 'in', ids).orderBy('id').execute();
  for (const t of tickets) {
    const searchText = ticketSearchText({
      ref: ticketIdToRef(t.id),
      subject: t.subject,
      requesterName: replacement.name,
      requesterEmail: replacement.email,
      description: t.description,
      messages: messages.filter((m) => m.ticket_id === t.id).map((m) => m.body_source),
    });
    await db
      .updateTable('tickets')
      .set({ requester_name: replacement.name, requester_email: replacement.email, user_id: who.userId, search_text: searchText, updated_at: now })
      .where('id', '=', t.id)
      .execute();
  }
  return tickets.length;
}

/** Unassigns the tickets still being worked (not solved or closed) by `assigneeId`; returns how many. */
export async function unassignTicketsOf(db: DB, assigneeId: number, actorId: number, now: number): Promise<number> {
  const tickets = await db.selectFrom('tickets').select('id').where('assignee_id', '=', assigneeId).where('status', 'not in', ['solved', 'closed']).execute();
  for (const t of tickets) {
    await db
      .updateTable('tickets')
      .set((eb) => ({ assignee_id: null, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', t.id)
      .execute();
    await db
      .insertInto('ticket_events')
      .values({ ticket_id: t.id, actor_id: actorId, kind: 'assignee', from_value: String(assigneeId), to_value: null, created_at: now })
      .execute();
  }
  return tickets.length;
}
