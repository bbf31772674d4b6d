// Owns `saved_replies`: the desk's shared library of reusable text blocks
// (title, Markdown body, optional team), searched from the reply box and
// combined into one reply. Bodies are rendered once when saved; placeholders
// are filled when a block is inserted, so the agent edits the real words.
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, ValidationError } from '@/server/errors';
import { renderUserMarkdown } from '@/server/markdown';
import type { SiteContext } from '@/server/email/templates';
import { replyAsStaff, type StaffReply } from './conversation';
import { ticketForViewer, ticketIdToRef } from './tickets';

export const SAVED_REPLY_TITLE_MAX = 120;
export const SAVED_REPLY_BODY_MAX = 10_000;
/** How many matches a search lists. */
export const SAVED_REPLY_LIST_MAX = 50;

/** The placeholders a body may use, and what each becomes. */
export const savedReplyPlaceholders = {
  requester_name: "the requester's name",
  ticket_ref: "the ticket's reference (FN-1042)",
  agent_name: 'your name',
} as const;

export interface SavedReply {
  id: number;
  title: string;
  bodySource: string;
  bodyHtml: string;
  team: string | null;
  usageCount: number;
  updatedAt: number;
}

export interface SavedReplyInput {
  title: string;
  body: string;
  team: string | null;
}

export interface PlaceholderValues {
  requesterName: string;
  ref: string;
  agentName: string;
}

/** `{{requester_name}}`, `{{ticket_ref}}` and `{{agent_name}}` (spaces inside the braces allowed) become their values; anything else stays as written. */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  const byName: Record<keyof typeof savedReplyPlaceholders, string> = {
    requester_name: values.requesterName,
    ticket_ref: values.ref,
    agent_name: values.agentName,
  };
  return body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => (name in byName ? byName[name as keyof typeof byName] : whole));
}

/** A search's words as LIKE patterns, with the pattern characters taken literally. */
function likePatterns(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 8)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** Saved replies, most used first: all of them, or those whose title or body has every word of `query`; `team` keeps one team's. */
export async function savedReplies(db: DB, user: SessionUser | null, filter: { query?: string; team?: string | null } = {}): Promise<SavedReply[]> {
  assertCan(user, 'staff.area');
  const patterns = likePatterns(filter.query ?? '');
  const rows = await db
    .selectFrom('saved_replies')
    .select(['id', 'title', 'body_source', 'body_html', 'team', 'usage_count', 'updated_at'])
    .$if(patterns.length > 0, (q) =>
      q.where((eb) =>
        eb.and(patterns.map((p) => eb.or([sql<boolean>`lower(title) like ${p} escape '\\'`, sql<boolean>`lower(body_source) like ${p} escape '\\'`]))),
      ),
    )
    .$if(!!filter.team, (q) => q.where('team', '=', filter.team!))
    .orderBy('usage_count', 'desc')
    .orderBy('title')
    .orderBy('id')
    .limit(SAVED_REPLY_LIST_MAX)
    .execute();
  return rows.map(toSavedReply);
}

function toSavedReply(r: {
  id: number;
  title: string;
  body_source: string;
  body_html: string;
  team: string | null;
  usage_count: number;
  updated_at: number;
}): SavedReply {
  return { id: r.id, title: r.title, bodySource: r.body_source, bodyHtml: r.body_html, team: r.team, usageCount: r.usage_count, updatedAt: r.updated_at };
}

export async function savedReply(db: DB, user: SessionUser | null, id: number): Promise<SavedReply> {
  assertCan(user, 'staff.area');
  const row = await db
    .selectFrom('saved_replies')
    .select(['id', 'title', 'body_source', 'body_html', 'team', 'usage_count', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('That saved reply no longer exists.');
  return toSavedReply(row);
}

function validInput(input: SavedReplyInput, teams: readonly string[]) {
  const title = input.title.trim();
  const body = input.body.trim();
  const team = input.team?.trim() || null;
  const fields: Record<string, string> = {};
  if (title === '') fields.title = 'Give the saved reply a title.';
  else if (title.length > SAVED_REPLY_TITLE_MAX) fields.title = `Keep the title under ${SAVED_REPLY_TITLE_MAX} characters.`;
  if (body === '') fields.body = 'Write the text of the saved reply.';
  else if (body.length > SAVED_REPLY_BODY_MAX) fields.body = `Keep the text under ${SAVED_REPLY_BODY_MAX.toLocaleString('en')} characters.`;
  if (team !== null && !teams.includes(team)) fields.team = 'Choose one of the teams, or none.';
  if (Object.keys(fields).length > 0) throw new ValidationError('Please correct the highlighted fields.', fields);
  return { title, body, team };
}

/** Adds a saved reply (staff); `teams` is the site settings' team list. */
export async function createSavedReply(db: DB, user: SessionUser | null, input: SavedReplyInput, teams: readonly string[], now = Date.now()): Promise<number> {
  assertCan(user, 'staff.area');
  const { title, body, team } = validInput(input, teams);
  const row = await db
    .insertInto('saved_replies')
    .values({ title, body_source: body, body_html: renderUserMarkdown(body), team, created_by: user.id, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSavedReply(
  db: DB,
  user: SessionUser | null,
  id: number,
  input: SavedReplyInput,
  teams: readonly string[],
  now = Date.now(),
): Promise<void> {
  assertCan(user, 'staff.area');
  const { title, body, team } = validInput(input, teams);
  const result = await db
    .updateTable('saved_replies')
    .set({ title, body_source: body, body_html: renderUserMarkdown(body), team, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError('That saved reply no longer exists.');
}

export async function deleteSavedReply(db: DB, user: SessionUser | null, id: number): Promise<void> {
  assertCan(user, 'staff.area');
  const result = await db.deleteFrom('saved_replies').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new NotFoundError('That saved reply no longer exists.');
}

/** The saved replies' bodies with the placeholders filled, in the order given (unknown ids are skipped). */
export async function filledSavedReplies(db: DB, user: SessionUser | null, ids: number[], values: PlaceholderValues): Promise<{ id: number; body: string }[]> {
  assertCan(user, 'staff.area');
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('saved_replies').select(['id', 'body_source']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r.body_source]));
  return ids.flatMap((id) => (byId.has(id) ? [{ id, body: fillPlaceholders(byId.get(id)!, values) }] : []));
}

/**
 * The reply being written with one saved reply added at its end (placeholders
 * filled for this ticket and agent). The ticket gate applies: a ticket that
 * does not exist is a NotFoundError, like a saved reply that no longer does.
 */
export async function draftWithSavedReply(db: DB, user: SessionUser | null, ref: string, savedReplyId: number, draft: string): Promise<string> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  const [filled] = await filledSavedReplies(db, user, [savedReplyId], {
    requesterName: row.requester_name,
    ref: ticketIdToRef(row.id),
    agentName: user.displayName,
  });
  if (!filled) throw new NotFoundError('That saved reply no longer exists.');
  const before = draft.trimEnd();
  return before === '' ? filled.body : `${before}\n\n${filled.body}`;
}

/** One more use for each saved reply in a sent reply (each counted once per reply, however often inserted). */
export async function recordSavedReplyUse(db: DB, user: SessionUser | null, ids: number[]): Promise<void> {
  assertCan(user, 'staff.area');
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (unique.length === 0) return;
  await db
    .updateTable('saved_replies')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('id', 'in', unique)
    .execute();
}

/**
 * Sends a staff reply or note (conversation.ts) and counts the saved replies
 * it used, in one transaction: a refused reply counts nothing.
 */
export async function sendStaffReply(
  db: DB,
  site: SiteContext,
  ref: string,
  user: SessionUser | null,
  reply: StaffReply,
  savedReplyIds: number[],
  now = Date.now(),
): Promise<void> {
  await withTransaction(db, async (trx) => {
    await replyAsStaff(trx, site, ref, user, reply, now);
    await recordSavedReplyUse(trx, user, savedReplyIds);
  });
}
