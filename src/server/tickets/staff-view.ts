// The staff ticket page's read model: one ticket with everything an agent
// works from (conversation with internal notes, the carried context as links,
// the requester's other tickets, the back-and-forth count, the agents, teams
// and category tags), for staff only. Writes live in desk.ts and conversation.ts.
import type { DB } from '@db/connection';
import type { TicketEmotion, TicketRating, TicketStatus, TicketTier, TicketUrgency } from '@db/schema';
import { assertSignedIn, isStaff } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { staffMembers } from '@/server/accounts/staff';
import { NotFoundError } from '@/server/errors';
import { ticketSatisfactionForStaff, type TicketSatisfaction } from './satisfaction';
import { ticketConversation } from './conversation';
import { deskSettings, ticketHistory, type HistoryEntry } from './desk';
import { getTicketForViewer, ticketForViewer, ticketIdToRef } from './tickets';

/** How a status reads to staff (the requester's page words them for the requester). */
export const staffStatusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  solved: 'Solved',
  closed: 'Closed',
};

/** From this many changes of speaker between requester and staff, a call or a screen-share is suggested. */
export const BACK_AND_FORTH_HINT_AT = 3;
/** How many of the requester's other tickets are listed. */
export const OTHER_TICKETS_MAX = 10;

/**
 * Turns the stored context (ids and text) into links, from the server's own
 * catalogs: a help article by its slug, a community question by its id while
 * it is public. The page passes these in (the tickets area reads neither
 * catalog); what they do not know is not shown.
 */
export interface ContextLinks {
  article(slug: string): { title: string; path: string } | undefined;
  question(id: number): Promise<{ title: string; url: string } | undefined>;
}

export interface StaffMessage {
  id: number;
  authorRole: 'requester' | 'staff';
  /** The agent's display name, or the requester's name. */
  authorName: string;
  visibility: 'public' | 'internal';
  html: string;
  createdAt: number;
}

export interface TicketLink {
  ref: string;
  subject: string;
  status: TicketStatus;
  createdAt: number;
}

export interface Agent {
  id: number;
  name: string;
}

export interface StaffTicketView {
  ref: string;
  subject: string;
  /** The requester's description, as typed (plain text): the first message. */
  description: string;
  category: string;
  status: TicketStatus;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  tier: TicketTier;
  team: string | null;
  tags: string[];
  assignee: Agent | null;
  requester: { name: string; email: string; hasAccount: boolean };
  createdAt: number;
  updatedAt: number;
  waitingSince: number | null;
  firstResponseDueAt: number | null;
  slaOutcome: 'met' | 'breached' | null;
  slaLateMinutes: number | null;
  /** Bumped by every change; the reply form sends it back (a change since warns). */
  version: number;
  followUpOf: string | null;
  mergedInto: string | null;
  /** Tickets merged into this one. */
  mergedFrom: string[];
  /** The requester's latest rating and when it was given. */
  rating: TicketRating | null;
  ratedAt: number | null;
  /** Every rated reply; a comment only for the agent who wrote the reply, and admins. */
  satisfaction: TicketSatisfaction;
  messages: StaffMessage[];
  context: {
    searches: { text: string; href: string }[];
    articles: { title: string; href: string }[];
    question: { title: string; href: string } | null;
  };
  otherTickets: TicketLink[];
  /** Changes of speaker between requester and staff in the public conversation (the description is the requester's first turn). */
  backAndForth: number;
  suggestCall: boolean;
  agents: Agent[];
  /** Every change (status, assignee, tier, team, urgency, tags, merges), oldest first, with who and when. */
  history: HistoryEntry[];
  /** From the site settings: the team list and the category tags offered. */
  teams: string[];
  categoryTags: string[];
}

/** Changes of speaker in a public conversation that the requester opened. */
export function backAndForthCount(messages: { authorRole: 'requester' | 'staff'; visibility: 'public' | 'internal' }[]): number {
  let speaker: 'requester' | 'staff' = 'requester';
  let changes = 0;
  for (const m of messages) {
    if (m.visibility !== 'public' || m.authorRole === speaker) continue;
    speaker = m.authorRole;
    changes++;
  }
  return changes;
}

const NOT_FOUND = 'No request with this reference exists, or it is not yours to see.';

/**
 * One ticket as an agent works it. Signed out → UnauthenticatedError; anyone
 * but staff, and a reference that does not exist → NotFoundError (never a
 * 403 that confirms the ticket exists).
 */
export async function staffTicketView(db: DB, user: SessionUser | null, ref: string, links: ContextLinks, now = Date.now()): Promise<StaffTicketView> {
  assertSignedIn(user);
  if (!isStaff(user)) throw new NotFoundError(NOT_FOUND);
  const viewer = { user, accessKey: null };
  const { row } = await ticketForViewer(db, ref, viewer);
  const [{ context }, conversation, satisfaction] = await Promise.all([
    getTicketForViewer(db, ref, viewer),
    ticketConversation(db, ref, viewer),
    ticketSatisfactionForStaff(db, user, ref),
  ]);

  const [authors, tags, others, mergedFrom, agents, settings, history] = await Promise.all([
    db
      .selectFrom('ticket_messages')
      .innerJoin('users', 'users.id', 'ticket_messages.author_id')
      .select(['ticket_messages.id', 'users.display_name'])
      .where('ticket_messages.ticket_id', '=', row.id)
      .where('ticket_messages.author_role', '=', 'staff')
      .execute(),
    db.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', row.id).orderBy('created_at').orderBy('tag').execute(),
    db
      .selectFrom('tickets')
      .select(['id', 'subject', 'status', 'created_at'])
      .where('id', '!=', row.id)
      .where((eb) => eb.or([eb('requester_email', '=', row.requester_email), ...(row.user_id === null ? [] : [eb('user_id', '=', row.user_id)])]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(OTHER_TICKETS_MAX)
      .execute(),
    db.selectFrom('tickets').select('id').where('merged_into', '=', row.id).orderBy('id').execute(),
    staffMembers(db, now),
    deskSettings(db),
    ticketHistory(db, user, ref),
  ]);
  const assignee = row.assignee_id === null ? undefined : agents.find((a) => a.id === row.assignee_id);
  const authorNames = new Map(authors.map((a) => [a.id, a.display_name]));
  const messages: StaffMessage[] = conversation.messages.map((m) => ({
    ...m,
    authorName: m.authorRole === 'requester' ? row.requester_name : (authorNames.get(m.id) ?? 'Former agent'),
  }));

  const articles = context.articles.flatMap((slug) => {
    const article = links.article(slug);
    return article ? [{ title: article.title, href: article.path }] : [];
  });
  const question = context.questionId === undefined ? undefined : await links.question(context.questionId);
  const backAndForth = backAndForthCount(messages);

  return {
    ref: ticketIdToRef(row.id),
    subject: row.subject,
    description: row.description,
    category: row.category,
    status: row.status,
    urgency: row.urgency,
    emotion: row.emotion,
    tier: row.tier,
    team: row.team,
    tags: tags.map((t) => t.tag),
    // An assignee no longer on the team (suspended, role changed) still shows, by id.
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: assignee?.displayName ?? 'A former agent' },
    requester: { name: row.requester_name, email: row.requester_email, hasAccount: row.user_id !== null },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    waitingSince: row.waiting_since,
    firstResponseDueAt: row.first_response_due_at,
    slaOutcome: row.sla_outcome,
    slaLateMinutes: row.sla_late_minutes,
    version: row.version,
    followUpOf: row.follow_up_of === null ? null : ticketIdToRef(row.follow_up_of),
    mergedInto: row.merged_into === null ? null : ticketIdToRef(row.merged_into),
    mergedFrom: mergedFrom.map((t) => ticketIdToRef(t.id)),
    rating: row.rating,
    ratedAt: row.rated_at,
    satisfaction,
    messages,
    context: {
      // A search is text: it becomes our own search page's address, encoded, never a link the client wrote.
      searches: context.searches.map((text) => ({ text, href: `/search?q=${encodeURIComponent(text)}` })),
      articles,
      question: question ? { title: question.title, href: question.url } : null,
    },
    otherTickets: others.map((t) => ({ ref: ticketIdToRef(t.id), subject: t.subject, status: t.status, createdAt: t.created_at })),
    backAndForth,
    suggestCall: backAndForth >= BACK_AND_FORTH_HINT_AT,
    agents: agents.map((a) => ({ id: a.id, name: a.displayName })),
    history,
    teams: settings.teams,
    categoryTags: settings.categoryTags,
  };
}

/** A ticket's reference, subject and status, for staff (the merge step shows which request it is about to merge into). */
export async function staffTicketSummary(db: DB, user: SessionUser | null, ref: string): Promise<TicketLink & { requesterName: string }> {
  assertSignedIn(user);
  if (!isStaff(user)) throw new NotFoundError(NOT_FOUND);
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  return { ref: ticketIdToRef(row.id), subject: row.subject, status: row.status, createdAt: row.created_at, requesterName: row.requester_name };
}
