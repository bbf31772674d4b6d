// The solved conversations the weekly voice-of-the-customer digest picks from
// (src/server/report/digest.ts), read here because the tickets' tables belong
// to this area. A conversation is the requester's description and the public
// messages after it, never an internal note, with the people the ticket names
// (requester, assignee, the staff who wrote) so the digest can redact them.
import type { DB } from '@db/connection';
import type { TicketRating } from '@db/schema';
import { ticketIdToRef } from './tickets';

/**
 * Tickets solved in [from, to) that are still solved (or closed since), were
 * answered in public at least once, and were not merged into another: one
 * query on the (status, solved_at) index. Oldest solve first.
 */
export async function solvedTicketIdsBetween(db: DB, from: number, to: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .where('status', 'in', ['solved', 'closed'])
    .where('solved_at', '>=', from)
    .where('solved_at', '<', to)
    .where('merged_into', 'is', null)
    .where('staff_reply_count', '>', 0)
    .orderBy('solved_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface DigestConversationMessage {
  role: 'requester' | 'staff';
  /** As written: the requester's plain text or the Markdown source of a reply. */
  text: string;
  at: number;
}

export interface DigestConversationSource {
  ticketId: number;
  ref: string;
  subject: string;
  category: string;
  createdAt: number;
  solvedAt: number;
  /** The ticket's latest rating, if the requester rated it. */
  rating: TicketRating | null;
  /** The name and address on the ticket, and the display name of the requester's account when they wrote signed in. */
  requester: { name: string; email: string; accountName: string | null };
  /** The assignee and every staff member who wrote on the ticket (internal notes included: their names may be quoted). */
  staff: { name: string; email: string }[];
  /** The description first, then the public messages, oldest first. */
  messages: DigestConversationMessage[];
}

/** One solved ticket's public conversation and the people it names; undefined when the ticket is gone. */
export async function digestConversation(db: DB, ticketId: number): Promise<DigestConversationSource | undefined> {
  const ticket = await db
    .selectFrom('tickets')
    .leftJoin('users', 'users.id', 'tickets.user_id')
    .select([
      'tickets.id',
      'tickets.subject',
      'tickets.category',
      'tickets.description',
      'tickets.created_at',
      'tickets.solved_at',
      'tickets.rating',
      'tickets.requester_name',
      'tickets.requester_email',
      'tickets.assignee_id',
      'users.display_name as account_name',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return undefined;
  const messages = await db
    .selectFrom('ticket_messages')
    .select(['author_id', 'author_role', 'visibility', 'body_source', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const staffIds = [
    ...new Set([
      ...(ticket.assignee_id !== null ? [ticket.assignee_id] : []),
      ...messages.flatMap((m) => (m.author_role === 'staff' && m.author_id !== null ? [m.author_id] : [])),
    ]),
  ];
  const staff = staffIds.length === 0 ? [] : await db.selectFrom('users').select(['display_name', 'email']).where('id', 'in', staffIds).orderBy('id').execute();
  return {
    ticketId: ticket.id,
    ref: ticketIdToRef(ticket.id),
    subject: ticket.subject,
    category: ticket.category,
    createdAt: ticket.created_at,
    solvedAt: ticket.solved_at ?? ticket.created_at,
    rating: ticket.rating,
    requester: { name: ticket.requester_name, email: ticket.requester_email, accountName: ticket.account_name },
    staff: staff.map((s) => ({ name: s.display_name, email: s.email })),
    messages: [
      { role: 'requester', text: ticket.description, at: ticket.created_at },
      ...messages.filter((m) => m.visibility === 'public').map((m) => ({ role: m.author_role, text: m.body_source, at: m.created_at })),
    ],
  };
}
