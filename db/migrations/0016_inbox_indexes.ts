// Indexes for the staff inbox (src/server/tickets/inbox.ts) at tens of
// thousands of tickets. The inbox's default order ("by SLA due time") is a
// composite: tickets still awaiting their first response by due time, then
// answered tickets whose requester waits, oldest wait first, then the rest by
// last update. Two expression indexes hold exactly that order, so a page is
// read in index order with no sort: one for a single status, and one for the
// unsolved queue (new, open and pending), which would otherwise be an IN list
// that no index can return in order. The expressions are plain SQL that SQLite
// and PostgreSQL both index; the inbox writes them character for character the
// same (its query-plan test fails when they drift apart).
// Also: newest first over all tickets (staff search scans in that order and
// stops at a page), and the solve time with its resolution minutes (the
// long-running view's median over the last 90 days, read from the index alone),
// the last update per status, and staff users by name.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Keep in step with inboxQueue, inboxSegment and inboxKey in src/server/tickets/inbox.ts.
const queue = `(case when status in ('new', 'open', 'pending') then 1 else 0 end)`;
const segment = `(case when first_response_at is null and first_response_due_at is not null then 0 when waiting_since is not null then 1 else 2 end)`;
const key = `(case when first_response_at is null and first_response_due_at is not null then first_response_due_at when waiting_since is not null then waiting_since else updated_at end)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create index tickets_inbox_queue on tickets (${queue}, ${segment}, ${key})`).execute(db);
  await sql.raw(`create index tickets_inbox_status on tickets (status, ${segment}, ${key})`).execute(db);
  await db.schema.createIndex('tickets_created').on('tickets').column('created_at').execute();
  await db.schema.createIndex('tickets_solved_resolution').on('tickets').columns(['solved_at', 'resolution_minutes']).execute();
  await db.schema.createIndex('tickets_status_updated').on('tickets').columns(['status', 'updated_at']).execute();
  // The agents a ticket can be assigned to, by name, among thousands of members.
  await db.schema.createIndex('users_role_name').on('users').columns(['role', 'display_name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'users_role_name',
    'tickets_status_updated',
    'tickets_solved_resolution',
    'tickets_created',
    'tickets_inbox_status',
    'tickets_inbox_queue',
  ])
    await db.schema.dropIndex(index).execute();
}
