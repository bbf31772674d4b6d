// The email thread of a ticket: every email to the requester says to reply to
// the ticket's signed reply address, has a Message-ID of its own (kept on the
// ticket message it carries, so a reply's In-Reply-To finds the ticket) and
// refers to the earlier emails of the thread. Also the lookups inbound email
// matching needs (src/server/email/inbound.ts), which may not query the
// tickets area's tables itself.
import type { DB } from '@db/connection';
import type { EmailHeaders } from '@/server/email/outbox';
import { replyAddressFor, ticketMessageId } from '@/server/email/reply-address';
import { ticketIdToRef } from './tickets';

/** Headers for an email about the ticket; for a message, its Message-ID is stored on that message. */
export async function threadHeaders(db: DB, ticketId: number, messageId: number | null = null): Promise<EmailHeaders> {
  const ref = ticketIdToRef(ticketId);
  const earlier = await db
    .selectFrom('ticket_messages')
    .select('email_message_id')
    .where('ticket_id', '=', ticketId)
    .where('email_message_id', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const references = earlier.map((m) => m.email_message_id!).slice(-20);
  const id = ticketMessageId(ref, messageId);
  if (messageId !== null) await db.updateTable('ticket_messages').set({ email_message_id: id }).where('id', '=', messageId).execute();
  return {
    messageId: id,
    replyTo: await replyAddressFor(db, ref),
    ...(references.length > 0 && { inReplyTo: references[references.length - 1], references }),
  };
}

/** The ticket an email we sent belongs to, by its Message-IDs (In-Reply-To first, then References, latest first). */
export async function ticketOfEmailMessageIds(db: DB, messageIds: string[]): Promise<number | undefined> {
  const ids = [...new Set(messageIds.map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) return undefined;
  const rows = await db.selectFrom('ticket_messages').select(['ticket_id', 'email_message_id']).where('email_message_id', 'in', ids).execute();
  for (const id of ids) {
    const row = rows.find((r) => r.email_message_id === id);
    if (row) return row.ticket_id;
  }
  return undefined;
}

/** What inbound matching needs to know of a ticket: who may write to it. */
export async function ticketForInboundEmail(db: DB, ticketId: number) {
  return db.selectFrom('tickets').select(['id', 'requester_email', 'requester_name', 'status', 'merged_into']).where('id', '=', ticketId).executeTakeFirst();
}

/** Whether the ticket is closed (or gone): retention may then drop raw emails of it. */
export async function closedTicketIds(db: DB, ticketIds: number[]): Promise<Set<number>> {
  if (ticketIds.length === 0) return new Set();
  const rows = await db.selectFrom('tickets').select('id').where('id', 'in', ticketIds).where('status', '!=', 'closed').execute();
  const open = new Set(rows.map((r) => r.id));
  return new Set(ticketIds.filter((id) => !open.has(id)));
}
