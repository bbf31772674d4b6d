// What staff do to tickets besides replying: status, assignee, tier (escalate
// with a note, de-escalate), team, urgency (the SLA due time follows), tags,
// bulk changes from the inbox, and merging a duplicate into another ticket.
// Every change is a ticket_events row (who, when, from, to) and bumps the
// ticket's version, so a reply form sent against an older version can warn.
// Status changes, from any path (replies, the inbox, the worker), go through
// `changeStatus`, which also records the resolution time when a ticket is
// solved. Staff only, checked here.
import { withTransaction, type DB } from '@db/connection';
import type { TicketStatus, TicketTier, TicketUrgency } from '@db/schema';
import { config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMember, staffMembers } from '@/server/accounts/staff';
import type { SiteContext } from '@/server/email/templates';
import { ConflictError, ValidationError } from '@/server/errors';
import { renderUserMarkdown } from '@/server/markdown';
import { siteSettings, supportCalendar, type SiteSettings } from '@/server/settings/settings';
import { notifyAgents } from './agent-notifications';
import { requestSatisfaction } from './satisfaction';
import { ticketSearchText } from './search-text';
import { firstResponseDueAt } from './sla';
import { ticketForViewer, ticketIdToRef, ticketRefToId, type TicketCategory } from './tickets';
import { moveAttachmentsOnMerge } from './attachments';

const MINUTE = 60_000;
export const TAG_MAX = 40;
export const TAGS_PER_TICKET_MAX = 20;
/** Statuses staff set by hand; "closed" comes only from the worker (7 days after solved) or a merge. */
export const staffStatuses = ['new', 'open', 'pending', 'solved'] as const satisfies readonly TicketStatus[];
export type StaffStatus = (typeof staffStatuses)[number];

export type TicketEventKind =
  | 'status'
  | 'assignee'
  | 'tier'
  | 'team'
  | 'urgency'
  | 'tag_added'
  | 'tag_removed'
  | 'merged_into'
  | 'merged_from'
  | 'follow_up_of'
  // Known issues (issue 13): linked/unlinked (from/to: issue ids), its fix told to the requester,
  // and a status change by the system (the tracked GitHub issue closed), not by the customer.
  | 'known_issue'
  | 'known_issue_fixed'
  | 'system_reopen';

/** The current settings (saved by admins, the environment's values as defaults). */
export function deskSettings(db: DB): Promise<SiteSettings> {
  return siteSettings(db, config());
}

/** When the first response to a ticket is due under the settings' SLA targets. */
export function slaDueAt(settings: SiteSettings, createdAt: number, urgency: TicketUrgency): number {
  return firstResponseDueAt(createdAt, settings.slaTargets[urgency], supportCalendar(settings));
}

export async function recordEvent(
  db: DB,
  ticketId: number,
  actorId: number | null,
  kind: TicketEventKind,
  from: string | null,
  to: string | null,
  now: number,
): Promise<void> {
  await db.insertInto('ticket_events').values({ ticket_id: ticketId, actor_id: actorId, kind, from_value: from, to_value: to, created_at: now }).execute();
}

/** Marks a ticket changed: its version moves on (and its last update). */
export async function touchTicket(db: DB, ticketId: number, now: number): Promise<void> {
  await db
    .updateTable('tickets')
    .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', ticketId)
    .execute();
}

/**
 * The one place a ticket's status changes. Solving records the resolution time
 * (creation → this solve) and stops the wait; reopening a solved ticket counts
 * a reopening. A `system` change (the fix of a linked known issue reopens its
 * tickets for support to confirm) is recorded as 'system_reopen' and counts no
 * reopening: the customer did not come back.
 */
export async function changeStatus(
  db: DB,
  ticket: { id: number; status: TicketStatus; created_at: number },
  to: TicketStatus,
  actorId: number | null,
  now: number,
  options: { system?: boolean } = {},
): Promise<void> {
  if (ticket.status === to) return;
  const countsReopening = ticket.status === 'solved' && to === 'open' && !options.system;
  await db
    .updateTable('tickets')
    .set((eb) => ({
      status: to,
      updated_at: now,
      version: eb('version', '+', 1),
      ...(to === 'solved' ? { solved_at: now, resolution_minutes: Math.max(0, Math.round((now - ticket.created_at) / MINUTE)), waiting_since: null } : {}),
      ...(countsReopening ? { reopened_count: eb('reopened_count', '+', 1) } : {}),
    }))
    .where('id', '=', ticket.id)
    .execute();
  await recordEvent(db, ticket.id, actorId, options.system ? 'system_reopen' : 'status', ticket.status, to, now);
  // solved: satisfaction request
}

/** Adds a message to a ticket's conversation (Markdown rendered once, here, unless given) and refreshes the text staff search. */
export async function addMessage(
  db: DB,
  m: {
    ticketId: number;
    authorId: number | null;
    role: 'requester' | 'staff';
    visibility: 'public' | 'internal';
    source: string;
    html?: string;
    at: number;
    /** An email reply (issue 12): the channel and the inbound message it came from. */
    inboundEmailId?: number | undefined;
  },
): Promise<number> {
  const row = await db
    .insertInto('ticket_messages')
    .values({
      ticket_id: m.ticketId,
      author_id: m.authorId,
      author_role: m.role,
      visibility: m.visibility,
      body_source: m.source,
      body_html: m.html ?? renderUserMarkdown(m.source),
      created_at: m.at,
      ...(m.inboundEmailId !== undefined && { channel: 'email' as const, inbound_email_id: m.inboundEmailId }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await refreshSearchText(db, m.ticketId);
  return row.id;
}

/** Recomputes the text staff search finds the ticket by (after a message or a merge). */
export async function refreshSearchText(db: DB, ticketId: number): Promise<void> {
  const row = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'requester_name', 'requester_email', 'description'])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const messages = await db.selectFrom('ticket_messages').select('body_source').where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
  await db
    .updateTable('tickets')
    .set({
      search_text: ticketSearchText({
        ref: ticketIdToRef(row.id),
        subject: row.subject,
        requesterName: row.requester_name,
        requesterEmail: row.requester_email,
        description: row.description,
        messages: messages.map((m) => m.body_source),
      }),
    })
    .where('id', '=', ticketId)
    .execute();
}

/**
 * What the contact form's category says, as the desk's fields: the first
 * category tag (so reports count one field) and, for a product area, the team.
 * A team or tag the admins removed from the settings is left out.
 */
export const contactCategoryFields: Record<TicketCategory, { team: string | null; tag: string }> = {
  'account-billing': { team: 'billing', tag: 'account and billing' },
  'notes-sharing': { team: 'web app', tag: 'how-to' },
  'calendar-sync': { team: 'calendar sync', tag: 'how-to' },
  integrations: { team: 'integrations', tag: 'how-to' },
  'mobile-apps': { team: 'mobile', tag: 'how-to' },
  bug: { team: null, tag: 'bug' },
  'feature-request': { team: null, tag: 'feature request' },
  other: { team: null, tag: 'other' },
};

/**
 * Sets up a ticket just written (from the contact form, or a follow-up): the
 * SLA due time, the team and first category tag from its category, the text
 * staff search, the wait; a new urgent ticket tells every agent. Call inside
 * the transaction that inserted it.
 */
export async function startTicket(db: DB, site: SiteContext, ticketId: number, now: number): Promise<void> {
  const row = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'category', 'urgency', 'created_at', 'assignee_id', 'requester_name'])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const settings = await deskSettings(db);
  const fields = contactCategoryFields[row.category as TicketCategory] as { team: string | null; tag: string } | undefined;
  const team = fields?.team != null && settings.teams.includes(fields.team) ? fields.team : null;
  await db
    .updateTable('tickets')
    .set({ first_response_due_at: slaDueAt(settings, row.created_at, row.urgency), team, waiting_since: row.created_at })
    .where('id', '=', row.id)
    .execute();
  if (fields && settings.categoryTags.includes(fields.tag))
    await db.insertInto('ticket_tags').values({ ticket_id: row.id, tag: fields.tag, created_at: now }).execute();
  await refreshSearchText(db, row.id);
  if (row.urgency === 'urgent') await notifyAgents(db, site, { kind: 'urgent_ticket', ticket: row, actorId: null, actorName: row.requester_name }, now);
}

/** A tag as stored: one line, trimmed, lower case, single spaces. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, ' ');
}

function validTags(tags: readonly string[]): string[] {
  const clean = [...new Set(tags.map(normalizeTag))].filter((t) => t !== '');
  for (const tag of clean)
    if (tag.length > TAG_MAX) throw new ValidationError(`Keep a tag under ${TAG_MAX} characters.`, { tags: `Keep a tag under ${TAG_MAX} characters.` });
  return clean;
}

export interface TicketChange {
  status?: StaffStatus | undefined;
  /** null unassigns. */
  assigneeId?: number | null | undefined;
  tier?: TicketTier | undefined;
  /** Required when escalating to a higher tier; becomes an internal note. */
  tierNote?: string | undefined;
  /** One of the settings' teams, or null. */
  team?: string | null | undefined;
  urgency?: TicketUrgency | undefined;
  addTags?: readonly string[] | undefined;
  removeTags?: readonly string[] | undefined;
}

type TicketRow = Awaited<ReturnType<typeof ticketForViewer>>['row'];

async function applyChange(trx: DB, site: SiteContext, user: SessionUser, row: TicketRow, change: TicketChange, settings: SiteSettings, now: number) {
  let changed = false;
  if (change.status !== undefined && change.status !== row.status) {
    if (row.status === 'closed') throw new ValidationError('This request is closed. A reply from the customer starts a follow-up request.');
    if (!(staffStatuses as readonly string[]).includes(change.status)) throw new ValidationError('Choose new, open, pending or solved.');
    await changeStatus(trx, row, change.status, user.id, now);
    // solved: satisfaction request (a solving reply carries the links in its own email: conversation.ts)
    if (change.status === 'solved') await requestSatisfaction(trx, site, row.id, now);
  }
  if (change.assigneeId !== undefined && change.assigneeId !== row.assignee_id) {
    const assignee = change.assigneeId === null ? undefined : await staffMember(trx, change.assigneeId, now);
    if (change.assigneeId !== null && !assignee)
      throw new ValidationError('Assign the request to a member of the support team.', { assignee: 'Choose a member of the support team.' });
    await trx.updateTable('tickets').set({ assignee_id: change.assigneeId }).where('id', '=', row.id).execute();
    await recordEvent(
      trx,
      row.id,
      user.id,
      'assignee',
      row.assignee_id === null ? null : String(row.assignee_id),
      change.assigneeId === null ? null : String(change.assigneeId),
      now,
    );
    if (change.assigneeId !== null)
      await notifyAgents(trx, site, { kind: 'assigned', ticket: row, actorId: user.id, actorName: user.displayName, assigneeId: change.assigneeId }, now);
    changed = true;
  }
  if (change.tier !== undefined && change.tier !== row.tier) {
    if (![1, 2, 3].includes(change.tier)) throw new ValidationError('Choose tier 1, 2 or 3.', { tier: 'Choose tier 1, 2 or 3.' });
    const note = change.tierNote?.trim() ?? '';
    if (change.tier > row.tier && note === '') {
      const message = `Say why you escalate to tier ${change.tier}: the note tells the next person what was tried.`;
      throw new ValidationError(message, { tierNote: message });
    }
    await trx.updateTable('tickets').set({ tier: change.tier }).where('id', '=', row.id).execute();
    await recordEvent(trx, row.id, user.id, 'tier', String(row.tier), String(change.tier), now);
    if (note !== '') {
      const verb = change.tier > row.tier ? 'Escalated' : 'De-escalated';
      const source = `**${verb} to tier ${change.tier}.** ${note}`;
      await addMessage(trx, { ticketId: row.id, authorId: user.id, role: 'staff', visibility: 'internal', source, at: now });
    }
    changed = true;
  }
  if (change.team !== undefined && change.team !== row.team) {
    if (change.team !== null && !settings.teams.includes(change.team))
      throw new ValidationError('Choose one of the teams.', { team: `Choose one of: ${settings.teams.join(', ')}.` });
    await trx.updateTable('tickets').set({ team: change.team }).where('id', '=', row.id).execute();
    await recordEvent(trx, row.id, user.id, 'team', row.team, change.team, now);
    changed = true;
  }
  if (change.urgency !== undefined && change.urgency !== row.urgency) {
    if (!(change.urgency in settings.slaTargets)) throw new ValidationError('Choose low, normal, high or urgent.', { urgency: 'Choose an urgency.' });
    // The SLA clock follows the urgency: the due time is recomputed from the ticket's creation.
    await trx
      .updateTable('tickets')
      .set({ urgency: change.urgency, first_response_due_at: slaDueAt(settings, row.created_at, change.urgency) })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, row.id, user.id, 'urgency', row.urgency, change.urgency, now);
    changed = true;
  }
  const add = validTags(change.addTags ?? []);
  const remove = validTags(change.removeTags ?? []);
  if (add.length > 0 || remove.length > 0) {
    const current = (await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', row.id).execute()).map((t) => t.tag);
    const added = add.filter((t) => !current.includes(t) && !remove.includes(t));
    const removed = remove.filter((t) => current.includes(t));
    if (current.length + added.length - removed.length > TAGS_PER_TICKET_MAX)
      throw new ValidationError(`A request takes at most ${TAGS_PER_TICKET_MAX} tags.`, { tags: `At most ${TAGS_PER_TICKET_MAX} tags.` });
    if (removed.length > 0) await trx.deleteFrom('ticket_tags').where('ticket_id', '=', row.id).where('tag', 'in', removed).execute();
    if (added.length > 0)
      await trx
        .insertInto('ticket_tags')
        .values(added.map((tag) => ({ ticket_id: row.id, tag, created_at: now })))
        .execute();
    for (const tag of added) await recordEvent(trx, row.id, user.id, 'tag_added', null, tag, now);
    for (const tag of removed) await recordEvent(trx, row.id, user.id, 'tag_removed', tag, null, now);
    changed ||= added.length > 0 || removed.length > 0;
  }
  if (changed) await touchTicket(trx, row.id, now);
}

/** Staff change one ticket: everything in `change` is checked first and applied together, or not at all. */
export async function updateTicket(db: DB, site: SiteContext, user: SessionUser | null, ref: string, change: TicketChange, now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  const settings = await deskSettings(db);
  await withTransaction(db, (trx) => applyChange(trx, site, user, row, change, settings, now));
}

export type BulkChange = Pick<TicketChange, 'status' | 'assigneeId' | 'addTags'>;
export const BULK_MAX = 100;

/**
 * The inbox's bulk actions on selected tickets: assign, set status, add tags.
 * All or nothing: a ticket that refuses the change (a closed one cannot be
 * reopened) stops the whole batch with a message naming it.
 */
export async function updateTickets(db: DB, site: SiteContext, user: SessionUser | null, refs: readonly string[], change: BulkChange, now = Date.now()) {
  assertCan(user, 'staff.area');
  const unique = [...new Set(refs)];
  if (unique.length === 0) throw new ValidationError('Select at least one request first.');
  if (unique.length > BULK_MAX) throw new ValidationError(`Change at most ${BULK_MAX} requests at a time.`);
  const rows = await Promise.all(unique.map(async (ref) => (await ticketForViewer(db, ref, { user, accessKey: null })).row));
  const settings = await deskSettings(db);
  await withTransaction(db, async (trx) => {
    for (const row of rows) {
      try {
        await applyChange(trx, site, user, row, change, settings, now);
      } catch (error) {
        if (error instanceof ValidationError) throw new ValidationError(`${ticketIdToRef(row.id)}: ${error.message}`, error.fields);
        throw error;
      }
    }
  });
  return { updated: rows.length };
}

/**
 * Merges a duplicate (source) into another ticket (target) from the same
 * requester: the source's description and messages join the target's
 * conversation in time order, its tags and counts carry over, its private
 * links open the target, and the source closes pointing at the target.
 * Tickets from different requesters are not merged: that would show one
 * customer's conversation to another.
 */
export async function mergeTicket(db: DB, user: SessionUser | null, sourceRef: string, targetRef: string, now = Date.now()): Promise<{ ref: string }> {
  assertCan(user, 'staff.area');
  const { row: source } = await ticketForViewer(db, sourceRef, { user, accessKey: null });
  const targetId = ticketRefToId(targetRef);
  if (targetId === undefined)
    throw new ValidationError('Give the reference of the request to merge into, like FN-1042.', { target: 'Write a reference like FN-1042.' });
  const { row: target } = await ticketForViewer(db, targetRef, { user, accessKey: null });
  if (target.id === source.id)
    throw new ValidationError('Choose another request: a request cannot be merged into itself.', { target: 'Choose another request.' });
  if (source.merged_into !== null) throw new ValidationError(`This request was already merged into ${ticketIdToRef(source.merged_into)}.`);
  if (target.status === 'closed' || target.merged_into !== null)
    throw new ValidationError(`${ticketIdToRef(target.id)} is closed: merge into an open request.`, { target: 'Choose a request that is not closed.' });
  if (source.requester_email !== target.requester_email)
    throw new ValidationError('These requests come from different people; merging them would show one customer’s conversation to another.', {
      target: 'Choose a request from the same requester.',
    });
  await withTransaction(db, async (trx) => {
    // The duplicate's first message, as the requester wrote it.
    const intro = `**Merged from ${ticketIdToRef(source.id)}: ${source.subject}**\n\n${source.description}`;
    await addMessage(trx, { ticketId: target.id, authorId: source.user_id, role: 'requester', visibility: 'public', source: intro, at: source.created_at });
    await moveAttachmentsOnMerge(trx, source.id, target.id);
    await trx.updateTable('ticket_messages').set({ ticket_id: target.id }).where('ticket_id', '=', source.id).execute();
    await trx.updateTable('ticket_ratings').set({ ticket_id: target.id }).where('ticket_id', '=', source.id).execute();
    const tags = (await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', source.id).execute()).map((t) => t.tag);
    if (tags.length > 0)
      await trx
        .insertInto('ticket_tags')
        .values(tags.map((tag) => ({ ticket_id: target.id, tag, created_at: now })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    await trx
      .updateTable('tickets')
      .set((eb) => ({
        staff_reply_count: eb('staff_reply_count', '+', source.staff_reply_count),
        waiting_since: target.waiting_since ?? source.waiting_since,
      }))
      .where('id', '=', target.id)
      .execute();
    await trx.updateTable('tickets').set({ merged_into: target.id, staff_reply_count: 0, waiting_since: null }).where('id', '=', source.id).execute();
    await changeStatus(trx, source, 'closed', user.id, now);
    await recordEvent(trx, source.id, user.id, 'merged_into', null, ticketIdToRef(target.id), now);
    await recordEvent(trx, target.id, user.id, 'merged_from', null, ticketIdToRef(source.id), now);
    await touchTicket(trx, target.id, now);
    await refreshSearchText(trx, target.id);
    await refreshSearchText(trx, source.id);
  });
  return { ref: ticketIdToRef(target.id) };
}

export interface HistoryEntry {
  kind: TicketEventKind;
  /** Who did it; null for the requester or the system (auto-close). */
  actorName: string | null;
  /** What it reads as: "Status: Open → Solved", "Assigned to Sam Lee". */
  text: string;
  createdAt: number;
}

const statusNames: Record<TicketStatus, string> = { new: 'New', open: 'Open', pending: 'Pending', solved: 'Solved', closed: 'Closed' };

/** The ticket's history, oldest first, as staff read it. */
export async function ticketHistory(db: DB, user: SessionUser | null, ref: string): Promise<HistoryEntry[]> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  const events = await db
    .selectFrom('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.kind', 'e.from_value', 'e.to_value', 'e.created_at', 'u.display_name'])
    .where('e.ticket_id', '=', row.id)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  const names = new Map((await staffMembers(db)).map((s) => [String(s.id), s.displayName]));
  const person = (id: string | null) => (id === null ? 'nobody' : (names.get(id) ?? 'a former agent'));
  const status = (s: string | null) => (s === null ? '—' : (statusNames[s as TicketStatus] ?? s));
  return events.map((e) => {
    const kind = e.kind as TicketEventKind;
    const text =
      {
        status: `Status: ${status(e.from_value)} → ${status(e.to_value)}`,
        assignee: e.to_value === null ? `Unassigned (was ${person(e.from_value)})` : `Assigned to ${person(e.to_value)}`,
        tier: `Tier ${e.from_value} → tier ${e.to_value}`,
        team: `Team: ${e.from_value ?? 'none'} → ${e.to_value ?? 'none'}`,
        urgency: `Urgency: ${e.from_value} → ${e.to_value} (SLA due time recomputed)`,
        tag_added: `Tag added: ${e.to_value}`,
        tag_removed: `Tag removed: ${e.from_value}`,
        merged_into: `Merged into ${e.to_value}`,
        merged_from: `${e.to_value} merged into this request`,
        follow_up_of: `Follow-up of ${e.to_value}`,
        known_issue: e.to_value === null ? `Unlinked from known issue #${e.from_value}` : `Linked to known issue #${e.to_value}`,
        known_issue_fixed: `Told the requester that known issue #${e.to_value} is fixed`,
        system_reopen: `Status: ${status(e.from_value)} → ${status(e.to_value)} (the linked known issue’s fix is out: confirm it with the customer)`,
      }[kind] ?? `${e.kind}: ${e.from_value ?? ''} → ${e.to_value ?? ''}`;
    return { kind, actorName: e.display_name, text, createdAt: e.created_at };
  });
}

/** Someone else replied or changed the ticket after the agent opened it. */
export class TicketChangedError extends ConflictError {
  override name = 'TicketChangedError';
  constructor(readonly changes: string[]) {
    super('Someone else worked on this request since you opened it. Read what changed, then send your reply anyway or edit it.');
  }
}

/** What the agent saw when the form was rendered: the ticket's version, and when. */
export interface SeenStamp {
  version: number;
  at: number;
}

/** Throws TicketChangedError when, since `seen`, someone other than `user` wrote a message or changed the ticket. */
export async function assertUnchangedSince(db: DB, row: { id: number; version: number }, user: SessionUser, seen: SeenStamp): Promise<void> {
  if (row.version === seen.version) return;
  const [messages, events] = await Promise.all([
    db
      .selectFrom('ticket_messages as m')
      .leftJoin('users as u', 'u.id', 'm.author_id')
      .select(['m.author_role', 'm.author_id', 'm.visibility', 'u.display_name'])
      .where('m.ticket_id', '=', row.id)
      .where('m.created_at', '>=', seen.at)
      .execute(),
    db
      .selectFrom('ticket_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.kind', 'e.actor_id', 'u.display_name'])
      .where('e.ticket_id', '=', row.id)
      .where('e.created_at', '>=', seen.at)
      .execute(),
  ]);
  const changes = [
    ...messages
      .filter((m) => m.author_id !== user.id)
      .map((m) =>
        m.author_role === 'requester'
          ? 'The customer replied.'
          : `${m.display_name ?? 'Another agent'} ${m.visibility === 'internal' ? 'added an internal note' : 'replied'}.`,
      ),
    ...events
      .filter((e) => e.actor_id !== user.id && e.actor_id !== null)
      .map((e) => `${e.display_name ?? 'Another agent'} changed the ${e.kind.replace('_', ' ')}.`),
  ];
  if (changes.length > 0) throw new TicketChangedError([...new Set(changes)]);
}
