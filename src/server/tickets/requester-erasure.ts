// What deleting an account (src/server/accounts/admin.ts) asks of the tickets
// area: the requester's name and address leave every ticket they sent (from
// the account, or from its address before they had one), the tickets stay for
// staff and the reports under the replacement name, and the tickets an agent
// was working go back to the unassigned queue, each change an event.
import type { DB } from '@db/connection';
import { recordEvent, refreshSearchText, touchTicket } from './desk';

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
    .select('id')
    .where((eb) => eb.or([eb('user_id', '=', who.userId), eb.and([eb('user_id', 'is', null), eb('requester_email', '=', email)])]))
    .execute();
  for (const t of tickets) {
    await db
      .updateTable('tickets')
      .set({ requester_name: replacement.name, requester_email: replacement.email, user_id: who.userId })
      .where('id', '=', t.id)
      .execute();
    await refreshSearchText(db, t.id);
    await touchTicket(db, t.id, now);
  }
  return tickets.length;
}

/** Unassigns the tickets still being worked (not solved or closed) by `assigneeId`, each an 'assignee' event; returns how many. */
export async function unassignTicketsOf(db: DB, assigneeId: number, actorId: number, now: number): Promise<number> {
  const tickets = await db.selectFrom('tickets').select('id').where('assignee_id', '=', assigneeId).where('status', 'not in', ['solved', 'closed']).execute();
  for (const t of tickets) {
    await db.updateTable('tickets').set({ assignee_id: null }).where('id', '=', t.id).execute();
    await recordEvent(db, t.id, actorId, 'assignee', String(assigneeId), null, now);
    await touchTicket(db, t.id, now);
  }
  return tickets.length;
}
