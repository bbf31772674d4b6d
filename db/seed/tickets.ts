// Demo tickets (issue 11): a year of Fieldnote support before the seed's clock,
// so a new staff user finds a live inbox and the report has history to count.
// Each ticket is a variation of a scenario in ./data/ticket-scenarios.ts,
// played as a timeline (created, triaged, answered, replied to, escalated,
// solved, rated, closed) by a small simulator that applies the desk's rules
// exactly as src/server/tickets writes them:
//   - first_response_due_at from the settings' SLA targets (slaDueAt), the
//     first public staff reply's minutes, support minutes and SLA outcome
//     (supportMinutesBetween, slaOutcome), staff_reply_count, waiting_since,
//     resolution_minutes of the latest solve, reopened_count, version (every
//     touch and status change), updated_at;
//   - the contact category's team and first category tag (contactCategoryFields),
//     a ticket_events row for every status, assignee, tier, team and tag change,
//     an internal note for every escalation, an access key per public reply;
//   - message HTML from the one renderer (renderUserMarkdown), search_text from
//     ticketSearchText, ratings on the last public staff reply;
//   - staff replies inside support hours (addSupportMinutes), urgent tickets
//     around the clock, as their SLA runs.
// Timelines are cut at the seed's clock, so recent tickets are new, open,
// pending or solved as they would be right now; a hand-made set on top fills
// every inbox view (unassigned, each agent's open tickets, about to breach,
// breaching, long-running, urgent) and gives three demo members tickets.
// Left out on purpose: the emails the desk would have sent (history, not
// state), and agent notifications older than two weeks.
// Rows are computed in memory and bulk-inserted in one transaction.
import { CompiledQuery } from 'kysely';
import type { DB } from '../connection';
import type { StaffNotificationKind, TicketEmotion, TicketRating, TicketStatus, TicketTier, TicketUrgency } from '../schema';
import { randomToken, sha256Hex } from '@/lib/crypto';
import { renderUserMarkdown } from '@/server/markdown';
import { supportCalendar, type SiteSettings } from '@/server/settings/settings';
import { contactCategoryFields, deskSettings, slaDueAt } from '@/server/tickets/desk';
import { ticketSearchText } from '@/server/tickets/search-text';
import { addSupportMinutes, isWithinSupportHours, slaOutcome, supportMinutesBetween, type SupportCalendar } from '@/server/tickets/sla';
import { ticketIdToRef, type TicketContext } from '@/server/tickets/tickets';
import {
  escalationNotes,
  nudges,
  progressUpdates,
  ratingComments,
  reopenAnswers,
  reopenMessages,
  requesterClosers,
  requesterOpeners,
  requesterThanks,
  scenarioFreeTags,
  scenarios,
  staffClosings,
  staffGreetings,
  staffLaterGreetings,
  staffSignOffs,
  zhRequesterClosers,
  zhRequesterOpeners,
  zhStaffGreetings,
  zhStaffSignOffs,
  type TicketScenario,
  type UrgencyProfile,
} from './data/ticket-scenarios';
import { savedReplies } from './data/saved-replies';
import { issueStartAt, knownIssues, minutesAfter, type SeedKnownIssue } from './data/known-issues';
import { fillPlaceholders } from '@/server/tickets/saved-replies';
import type { SeedContext } from './index';
import { createRandom, type Random } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 365;
/** The redesign shipped this many days before the seed's clock; product confusion spikes for a month after it. */
export const REDESIGN_DAYS_AGO = 150;
/** Agent notifications are written for this last stretch only (older ones are history nobody reads). */
const NOTIFICATION_DAYS = 14;

// People.

interface Agent {
  id: number;
  name: string;
  first: string;
  role: 'staff' | 'admin';
  joinedAt: number;
  /** How much of the queue this agent takes. */
  share: number;
}

/** Who works the queue how much (by email); the senior agent takes tier 3. */
const agentShares: Record<string, number> = {
  'sam@fieldnote.example': 26,
  'priya@fieldnote.example': 24,
  'kenji@fieldnote.example': 14,
  'ines@fieldnote.example': 14,
  'malik@fieldnote.example': 11,
  'elif@fieldnote.example': 9,
  'ada@fieldnote.example': 2,
};
const SENIOR_AGENT = 'kenji@fieldnote.example';
const TRIAGE_LEAD = 'sam@fieldnote.example';

interface Requester {
  name: string;
  first: string;
  email: string;
  userId: number | null;
  zh: boolean;
}

const firstNames = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Isla',
  'Jakob',
  'Kofi',
  'Laura',
  'Mehmet',
  'Nora',
  'Oscar',
  'Paula',
  'Quentin',
  'Rosa',
  'Stefan',
  'Tara',
  'Uma',
  'Viktor',
  'Wanjiru',
  'Xavier',
  'Yasmin',
  'Zane',
  'Amélie',
  'Björn',
  'Céline',
  'Duc',
  'Emeka',
  'Fernanda',
  'Gustavo',
  'Helga',
  'Ivan',
  'Joaquín',
  'Keiko',
  'Lars',
  'Marta',
  'Niamh',
  'Omar',
  'Priscila',
  'Raúl',
  'Saanvi',
  'Tobias',
  'Ursula',
  'Valentina',
  'William',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Maya',
  'Leo',
  'Sara',
  'Felix',
  'Ines',
  'Jonas',
  'Lucía',
  'Mateus',
  'Noah',
];
const lastNames = [
  'Andersen',
  'Baker',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gómez',
  'Hoffmann',
  'Ibrahim',
  'Jansen',
  'Kim',
  'López',
  'Müller',
  'Nakamura',
  'Oliveira',
  'Patel',
  'Quinn',
  'Romero',
  'Schneider',
  'Takahashi',
  'Underwood',
  'Varga',
  'Walsh',
  'Yilmaz',
  'Zielinski',
  'Novák',
  'Søndergaard',
  'Brennan',
  'Achebe',
  'Silva',
  'Moreau',
  'Kowalski',
  'Nguyen',
  'Okoro',
  'Petersen',
  'Rahman',
  'Santos',
  'Tanaka',
  'Vogel',
  'Wright',
];
const zhNames = ['林怡君', '陳冠宇', '王雅婷', '張家豪', '李佳穎', '黃志明', '吳宗翰', '劉美玲'];
const companyDomains = [
  'brightlane.example',
  'kestrel-studio.example',
  'northwind-traders.example',
  'bluepeak.example',
  'harbor-legal.example',
  'mosaic-labs.example',
  'tidewater.example',
  'orchard-health.example',
  'copperleaf.example',
  'summit-architects.example',
  'quillworks.example',
  'foxglove.example',
  'riverbend-school.example',
  'lumen-analytics.example',
  'ironbark.example',
  'pinecone-media.example',
  'atlas-logistics.example',
  'greenfield-coop.example',
  'stellar-events.example',
  'redwood-consulting.example',
  'mapleleaf-dental.example',
  'cobalt-games.example',
  'sunrise-travel.example',
  'nimbus-research.example',
  'oakridge-university.example',
  'beacon-ngo.example',
  'velvet-design.example',
  'granite-builders.example',
  'saffron-kitchen.example',
  'wavelength-audio.example',
  'mail.example',
  'inbox.example',
];

function asciiLocal(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

function makeRequesters(random: Random): Requester[] {
  const people: Requester[] = [];
  const seen = new Set<string>();
  while (people.length < 620) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const email = `${asciiLocal(first)}.${asciiLocal(last)}@${random.pick(companyDomains)}`;
    if (seen.has(email)) continue;
    seen.add(email);
    people.push({ name: `${first} ${last}`, first, email, userId: null, zh: false });
  }
  zhNames.forEach((name, i) => people.push({ name, first: name, email: `tw.customer${i + 1}@${random.pick(companyDomains)}`, userId: null, zh: true }));
  return people;
}

// Text.

function fill(text: string, values: { first: string; agent: string }): string {
  return text.replaceAll('{first}', values.first).replaceAll('{agent}', values.agent);
}

/** Renders Markdown blocks once each: a message's HTML is its blocks' HTML joined, which is what rendering the joined source gives. */
class Renderer {
  private cache = new Map<string, string>();
  render(block: string): string {
    let html = this.cache.get(block);
    if (html === undefined) {
      html = renderUserMarkdown(block);
      this.cache.set(block, html);
    }
    return html;
  }
}

// The simulated ticket.

interface SimMessage {
  at: number;
  role: 'requester' | 'staff';
  authorId: number | null;
  visibility: 'public' | 'internal';
  blocks: string[];
  /** When it was written, if later than `at` (a merged duplicate's first message keeps its own time). */
  insertedAt?: number;
  /** The merged duplicate whose description this message carries (its reference is known once ids are given). */
  mergedFrom?: SimTicket;
  id?: number;
}

interface SimEvent {
  at: number;
  actorId: number | null;
  kind: string;
  from: string | null;
  to: string | null;
  /** The ticket whose reference is the value (follow-ups, merges). */
  toTicket?: SimTicket;
}

interface SimNotification {
  userId: number;
  kind: StaffNotificationKind;
  actorId: number | null;
  at: number;
}

export interface SimTicket {
  scenario: TicketScenario;
  /** Which of the scenario's variants (index into its descriptions). */
  variant: number;
  requester: Requester;
  subject: string;
  description: string;
  category: string;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  context: TicketContext;
  createdAt: number;
  followUpOf: SimTicket | null;
  mergedInto: SimTicket | null;
  id?: number;
  // Desk state, as the domain keeps it.
  status: TicketStatus;
  assigneeId: number | null;
  tier: TicketTier;
  team: string | null;
  dueAt: number;
  firstResponseAt: number | null;
  slaOutcome: 'met' | 'breached' | null;
  slaLateMinutes: number | null;
  firstResponseMinutes: number | null;
  firstResponseSupportMinutes: number | null;
  resolutionMinutes: number | null;
  solvedAt: number | null;
  staffReplyCount: number;
  reopenedCount: number;
  waitingSince: number | null;
  version: number;
  updatedAt: number;
  /** The latest rating; `firstAt` is when the reply was first rated, when the customer changed it later. */
  rating: { value: TicketRating; comment: string | null; at: number; message: SimMessage; firstAt?: number } | null;
  messages: SimMessage[];
  events: SimEvent[];
  tags: { tag: string; at: number }[];
  keyTimes: number[];
  /** "How did we do?" requests: the public staff reply each is about. */
  ratingTokens: { message: SimMessage; at: number }[];
  notifications: SimNotification[];
}

interface Env {
  now: number;
  settings: SiteSettings;
  calendar: SupportCalendar;
  agents: Agent[];
  random: Random;
}

/**
 * One ticket's timeline, applied with the desk's rules. Actions come in time
 * order; the first one after the seed's clock stops the timeline, so the
 * ticket stays as it is "now".
 */
class Timeline {
  stopped = false;
  constructor(
    readonly t: SimTicket,
    private env: Env,
  ) {}

  /** The time of the last action: a timeline never goes back. */
  private last = 0;

  /** The action's time (never before the previous action), or undefined when it falls after the seed's clock (the timeline stops). */
  private allowed(wanted: number): number | undefined {
    const at = Math.max(wanted, this.last + 1000);
    if (this.stopped || at > this.env.now) this.stopped = true;
    if (this.stopped) return undefined;
    this.last = at;
    return at;
  }

  private event(at: number, actorId: number | null, kind: string, from: string | null, to: string | null, toTicket?: SimTicket) {
    this.t.events.push({ at, actorId, kind, from, to, ...(toTicket && { toTicket }) });
  }

  private notify(userIds: number[], kind: StaffNotificationKind, actorId: number | null, at: number) {
    if (at < this.env.now - NOTIFICATION_DAYS * DAY) return;
    for (const userId of userIds)
      if (userId !== actorId && this.env.agents.some((a) => a.id === userId)) this.t.notifications.push({ userId, kind, actorId, at });
  }

  private touch(at: number) {
    this.t.version++;
    this.t.updatedAt = at;
  }

  /** desk.ts changeStatus. */
  private changeStatus(to: TicketStatus, actorId: number | null, at: number) {
    const t = this.t;
    if (t.status === to) return;
    if (to === 'solved') {
      t.solvedAt = at;
      t.resolutionMinutes = Math.max(0, Math.round((at - t.createdAt) / MIN));
      t.waitingSince = null;
    }
    if (t.status === 'solved' && to === 'open') t.reopenedCount++;
    this.event(at, actorId, 'status', t.status, to);
    t.status = to;
    t.updatedAt = at;
    t.version++;
  }

  /** createTicket + startTicket (and replyAsRequester's follow-up). */
  create(): void {
    const t = this.t;
    const fields = contactCategoryFields[t.category as keyof typeof contactCategoryFields];
    t.dueAt = slaDueAt(this.env.settings, t.createdAt, t.urgency);
    t.team = fields.team !== null && this.env.settings.teams.includes(fields.team) ? fields.team : null;
    t.waitingSince = t.createdAt;
    t.updatedAt = t.createdAt;
    this.last = t.createdAt;
    if (t.followUpOf) this.event(t.createdAt, t.requester.userId, 'follow_up_of', null, null, t.followUpOf);
    if (this.env.settings.categoryTags.includes(fields.tag)) t.tags.push({ tag: fields.tag, at: t.createdAt });
    if (t.urgency === 'urgent')
      this.notify(
        this.env.agents.map((a) => a.id),
        'urgent_ticket',
        null,
        t.createdAt,
      );
  }

  /** updateTicket with assignee, team and tags (applyChange's order: assignee, team, tags; one touch). */
  triage(actor: Agent, wanted: number, change: { assigneeId?: number; team?: string; addTags?: string[] }): boolean {
    const at = this.allowed(wanted);
    if (at === undefined) return false;
    const t = this.t;
    let changed = false;
    if (change.assigneeId !== undefined && change.assigneeId !== t.assigneeId) {
      this.event(at, actor.id, 'assignee', t.assigneeId === null ? null : String(t.assigneeId), String(change.assigneeId));
      t.assigneeId = change.assigneeId;
      this.notify([change.assigneeId], 'assigned', actor.id, at);
      changed = true;
    }
    if (change.team !== undefined && change.team !== t.team && this.env.settings.teams.includes(change.team)) {
      this.event(at, actor.id, 'team', t.team, change.team);
      t.team = change.team;
      changed = true;
    }
    const added = (change.addTags ?? []).filter((tag) => !t.tags.some((x) => x.tag === tag));
    for (const tag of added) t.tags.push({ tag, at });
    for (const tag of added) this.event(at, actor.id, 'tag_added', null, tag);
    changed ||= added.length > 0;
    if (changed) this.touch(at);
    return true;
  }

  /** updateTicket with a tier and its note (the note becomes an internal message). */
  escalate(actor: Agent, wanted: number, tier: TicketTier, note: string): number | undefined {
    const at = this.allowed(wanted);
    if (at === undefined) return undefined;
    const t = this.t;
    this.event(at, actor.id, 'tier', String(t.tier), String(tier));
    const verb = tier > t.tier ? 'Escalated' : 'De-escalated';
    t.tier = tier;
    t.messages.push({ at, role: 'staff', authorId: actor.id, visibility: 'internal', blocks: [`**${verb} to tier ${tier}.** ${note}`] });
    this.touch(at);
    return at;
  }

  /** replyAsStaff, public. */
  staffReply(actor: Agent, wanted: number, blocks: string[], status: 'open' | 'pending' | 'solved'): SimMessage | undefined {
    const at = this.allowed(wanted);
    if (at === undefined) return undefined;
    const t = this.t;
    const message: SimMessage = { at, role: 'staff', authorId: actor.id, visibility: 'public', blocks };
    t.messages.push(message);
    this.touch(at);
    if (t.firstResponseAt === null) {
      const outcome = slaOutcome(t.dueAt, at);
      t.firstResponseAt = at;
      t.firstResponseMinutes = Math.max(0, Math.round((at - t.createdAt) / MIN));
      t.firstResponseSupportMinutes = supportMinutesBetween(t.createdAt, at, this.env.calendar);
      t.slaOutcome = outcome.met ? 'met' : 'breached';
      t.slaLateMinutes = outcome.lateByMinutes;
    }
    t.staffReplyCount++;
    t.waitingSince = null;
    this.changeStatus(status, actor.id, at);
    if (status === 'open') t.waitingSince = at;
    t.keyTimes.push(at);
    // A solving reply's email carries the "How did we do?" links for it (satisfaction.ts ratingLinksForReply).
    if (status === 'solved') t.ratingTokens.push({ message, at });
    return message;
  }

  /** replyAsStaff, internal. */
  note(actor: Agent, wanted: number, text: string): number | undefined {
    const at = this.allowed(wanted);
    if (at === undefined) return undefined;
    this.t.messages.push({ at, role: 'staff', authorId: actor.id, visibility: 'internal', blocks: [text] });
    this.touch(at);
    if (this.t.status === 'new') this.changeStatus('open', actor.id, at);
    return at;
  }

  /** replyAsRequester (never on a closed ticket: that starts a follow-up, planned separately). */
  requesterReply(wanted: number, blocks: string[]): number | undefined {
    const at = this.allowed(wanted);
    if (at === undefined) return undefined;
    const t = this.t;
    t.messages.push({ at, role: 'requester', authorId: t.requester.userId, visibility: 'public', blocks });
    if (t.status === 'pending' || t.status === 'solved') this.changeStatus('open', t.requester.userId, at);
    t.waitingSince ??= at;
    this.touch(at);
    if (t.assigneeId !== null) this.notify([t.assigneeId], 'customer_reply', null, at);
    return at;
  }

  /** updateTicket with a status only. */
  setStatus(actor: Agent, wanted: number, status: 'open' | 'pending' | 'solved'): boolean {
    const at = this.allowed(wanted);
    if (at === undefined) return false;
    this.changeStatus(status, actor.id, at);
    // A solve without a reply asks about the latest public staff reply once, by an email with a private link of its own (requestSatisfaction).
    const t = this.t;
    const latest = [...t.messages].reverse().find((m) => m.role === 'staff' && m.visibility === 'public');
    if (status === 'solved' && latest && !t.ratingTokens.some((x) => x.message === latest)) {
      t.ratingTokens.push({ message: latest, at });
      t.keyTimes.push(at);
    }
    return true;
  }

  /**
   * mergeTicket: this duplicate (nothing answered yet) joins `target`, which was still being worked on at `at`:
   * its description becomes a requester message there (at its own time), the target is touched, and this one
   * closes pointing at it. (The target's other columns are unchanged by a merge of an unanswered duplicate.)
   */
  mergeInto(target: SimTicket, actor: Agent, wanted: number): boolean {
    const at = this.allowed(wanted);
    if (at === undefined) return false;
    const t = this.t;
    target.messages.push({ at: t.createdAt, insertedAt: at, role: 'requester', authorId: t.requester.userId, visibility: 'public', blocks: [], mergedFrom: t });
    for (const tag of t.tags) if (!target.tags.some((x) => x.tag === tag.tag)) target.tags.push({ tag: tag.tag, at });
    t.mergedInto = target;
    this.changeStatus('closed', actor.id, at);
    this.event(at, actor.id, 'merged_into', null, null, target);
    target.events.push({ at, actorId: actor.id, kind: 'merged_from', from: null, to: null, toTicket: t });
    target.version++;
    return true;
  }

  /** The housekeeping worker, 7 days after the solve. */
  closeIfDue(): boolean {
    const t = this.t;
    if (t.status !== 'solved' || t.solvedAt === null) return false;
    const at = this.allowed(t.solvedAt + 7 * DAY + this.env.random.int(1, 120) * 1000);
    if (at === undefined) return false;
    this.changeStatus('closed', null, at);
    return true;
  }

  /** The requester rates the last public staff reply. */
  rate(wanted: number, value: TicketRating, comment: string | null): boolean {
    const at = this.allowed(wanted);
    if (at === undefined) return false;
    const message = [...this.t.messages].reverse().find((m) => m.role === 'staff' && m.visibility === 'public');
    if (!message) return false;
    this.t.rating = { value, comment, at, message };
    return true;
  }
}

// Timing.

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A number in [min, max) chosen from bands: [share, min, max]. */
function fromBands(random: Random, bands: ReadonlyArray<readonly [number, number, number]>): number {
  const band = pickWeighted(random, bands, (b) => b[0]);
  return band[1] + random.next() * (band[2] - band[1]);
}

/** Support minutes (wall minutes for urgent: it runs around the clock) until the first response. */
const firstResponseBands: Record<TicketUrgency, ReadonlyArray<readonly [number, number, number]>> = {
  urgent: [
    [85, 3, 28],
    [15, 30, 150],
  ],
  high: [
    [70, 5, 60],
    [22, 60, 236],
    [8, 245, 700],
  ],
  normal: [
    [60, 5, 90],
    [25, 90, 300],
    [12, 300, 1200],
    [3, 1450, 3200],
  ],
  low: [
    [45, 15, 240],
    [35, 240, 900],
    [18, 900, 2800],
    [2, 2900, 5000],
  ],
};

const urgencyMix: Record<UrgencyProfile, Record<TicketUrgency, number>> = {
  calm: { low: 24, normal: 70, high: 6, urgent: 0 },
  usual: { low: 4, normal: 63, high: 26, urgent: 7 },
  pressing: { low: 0, normal: 34, high: 36, urgent: 30 },
};

const creationHourWeights = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 7, 8, 8, 7, 6, 5, 4, 3, 3, 2, 1];
const weekdayFactor = [0.35, 1.25, 1.15, 1.1, 1.05, 0.95, 0.4];

class Clock {
  /**
   * The support calendar's open windows ([opening, closing] instants) over the seeded stretch, taken from
   * sla.ts once, so scheduling thousands of staff actions does not redo the time-zone arithmetic each time.
   * (Scheduling only: the stored SLA figures come from sla.ts itself.)
   */
  private windows: Array<[number, number]> = [];
  constructor(private env: Env) {
    const { calendar } = env;
    const length = calendar.closeMinute - calendar.openMinute;
    const end = env.now + 60 * DAY;
    // Start outside the hours, so the first window is a whole one.
    let cursor = env.now - (HISTORY_DAYS + 40) * DAY;
    for (let i = 0; i < 48 && isWithinSupportHours(cursor, calendar); i++) cursor -= HOUR;
    while (cursor < end) {
      const open = addSupportMinutes(cursor, 0, calendar);
      const close = addSupportMinutes(open, length, calendar);
      this.windows.push([open, close]);
      cursor = close;
    }
  }
  private addSupport(from: number, minutes: number): number {
    let lo = 0;
    let hi = this.windows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.windows[mid]![1] <= from) lo = mid + 1;
      else hi = mid;
    }
    let remaining = minutes * MIN;
    for (let i = lo; i < this.windows.length; i++) {
      const [open, close] = this.windows[i]!;
      const start = Math.max(from, open);
      if (remaining <= close - start) return start + remaining;
      remaining -= close - start;
    }
    return addSupportMinutes(from, minutes, this.env.calendar);
  }
  /** When staff act after `from`: support minutes later (urgent tickets get an answer around the clock). */
  staff(from: number, minutes: number, aroundTheClock = false): number {
    return aroundTheClock ? from + Math.round(minutes * MIN) : this.addSupport(from, Math.max(1, Math.round(minutes)));
  }
  staffSoon(from: number, urgent = false): number {
    return this.staff(
      from,
      fromBands(this.env.random, [
        [70, 5, 180],
        [25, 180, 600],
        [5, 600, 2400],
      ]),
      urgent,
    );
  }
  requester(from: number): number {
    return (
      from +
      Math.round(
        fromBands(this.env.random, [
          [60, 8, 240],
          [30, 240, 1440],
          [10, 1440, 5760],
        ]) * MIN,
      )
    );
  }
}

// Building tickets.

function scenarioWeight(s: TicketScenario, daysAgo: number): number {
  if (s.trend === 'calendar-requests') return s.weight * (0.35 + 2.8 * ((HISTORY_DAYS - daysAgo) / HISTORY_DAYS));
  if (s.trend === 'redesign') {
    const since = REDESIGN_DAYS_AGO - daysAgo;
    if (since < 0) return s.weight * 0.15;
    if (since <= 30) return s.weight * 12;
    return s.weight * (0.5 + 11 * Math.exp(-(since - 30) / 15));
  }
  return s.weight;
}

interface Builder {
  env: Env;
  clock: Clock;
  renderer: Renderer;
  requesters: Requester[];
  agentByEmail: Map<string, Agent>;
}

function newTicket(b: Builder, scenario: TicketScenario, requester: Requester, createdAt: number, overrides: Partial<SimTicket> = {}): SimTicket {
  const { random } = b.env;
  const zh = scenario.lang === 'zh';
  const first = requester.first;
  // One variant of the scenario: its subject, description, reply, follow-up and resolution belong together.
  const variant = overrides.variant ?? random.int(0, scenario.descriptions.length - 1);
  const core = scenario.descriptions[variant]!;
  const opener = zh ? random.pick(zhRequesterOpeners) : random.pick(requesterOpeners);
  const closer = zh ? random.pick(zhRequesterClosers) : random.pick(requesterClosers);
  const description = random.chance(0.7) ? `${opener}\n\n${core}\n\n${closer}\n${first}` : core;
  const urgency = pickWeighted(random, ['low', 'normal', 'high', 'urgent'] as const, (u) => urgencyMix[scenario.urgency][u]);
  const emotion = random.chance(0.4) ? null : random.chance(0.6) ? scenario.emotions[0]! : random.pick(scenario.emotions);
  const context: TicketContext = random.chance(0.55)
    ? {
        searches: scenario.searches.slice(0, random.int(1, scenario.searches.length)),
        articles: scenario.articles.slice(0, random.int(0, scenario.articles.length)),
      }
    : { searches: [], articles: [] };
  return {
    scenario,
    requester,
    subject: random.pick(scenario.subjects.filter((_, i) => i % scenario.descriptions.length === variant)),
    variant,
    description,
    category: scenario.category,
    urgency,
    emotion,
    context,
    createdAt,
    followUpOf: null,
    mergedInto: null,
    status: 'new',
    assigneeId: null,
    tier: 1,
    team: null,
    dueAt: 0,
    firstResponseAt: null,
    slaOutcome: null,
    slaLateMinutes: null,
    firstResponseMinutes: null,
    firstResponseSupportMinutes: null,
    resolutionMinutes: null,
    solvedAt: null,
    staffReplyCount: 0,
    reopenedCount: 0,
    waitingSince: null,
    version: 0,
    updatedAt: createdAt,
    rating: null,
    messages: [],
    events: [],
    tags: [],
    keyTimes: [],
    ratingTokens: [],
    notifications: [],
    ...overrides,
  };
}

function agentFor(b: Builder, at: number): Agent {
  const available = b.env.agents.filter((a) => a.joinedAt <= at);
  return pickWeighted(b.env.random, available.length > 0 ? available : b.env.agents, (a) => a.share);
}

/** The staff wording of a reply: greeting, body, sign-off. */
function staffBlocks(b: Builder, t: SimTicket, agent: Agent, body: string, greet = true): string[] {
  const { random } = b.env;
  const zh = t.scenario.lang === 'zh';
  const values = { first: t.requester.first, agent: agent.first };
  const greeting = fill(random.pick(zh ? zhStaffGreetings : t.staffReplyCount === 0 ? staffGreetings : staffLaterGreetings), values);
  const signOff = fill(random.pick(zh ? zhStaffSignOffs : staffSignOffs), values);
  return greet ? [greeting, body, signOff] : [body, signOff];
}

/** The scenario text for the ticket's variant (a list shorter than the descriptions fits every variant). */
function variantText(list: readonly string[], t: SimTicket): string {
  return list[t.variant % list.length]!;
}

function requesterBlocks(b: Builder, t: SimTicket, text: string): string[] {
  return b.env.random.chance(0.35) && t.scenario.lang !== 'zh' ? [text, `Thanks,\n${t.requester.first}`] : [text];
}

type Pattern = 'answered' | 'thanked' | 'followed' | 'thanked-after-solve' | 'reopened' | 'escalated' | 'noted';

function patternFor(b: Builder, t: SimTicket, escalate: boolean): Pattern {
  if (escalate) return 'escalated';
  if (t.scenario.category === 'feature-request') return b.env.random.chance(0.6) ? 'answered' : 'followed';
  return pickWeighted(
    b.env.random,
    [
      ['answered', 24],
      ['thanked', 22],
      ['followed', 29],
      ['thanked-after-solve', 4],
      ['reopened', 6],
      ['noted', 10],
    ] as const,
    (p) => p[1],
  )[0];
}

/** The first touch: assign (and correct the team, add category and free tags), maybe a note, then the first public reply. */
function firstTouch(b: Builder, line: Timeline, agent: Agent, status: 'pending' | 'solved', withNote: boolean): number | undefined {
  const { random } = b.env;
  const t = line.t;
  const urgent = t.urgency === 'urgent';
  const target = b.clock.staff(t.createdAt, fromBands(random, firstResponseBands[t.urgency]), urgent);
  const tags = [...t.scenario.tags, ...(random.chance(0.3) ? (scenarioFreeTags[t.scenario.key] ?? []) : [])];
  const triageAt = Math.max(t.createdAt + MIN, target - random.int(1, 4) * MIN);
  if (!line.triage(agent, triageAt, { assigneeId: agent.id, team: t.scenario.team, addTags: tags })) return undefined;
  if (withNote && t.scenario.notes.length > 0 && !line.note(agent, target - random.int(5, 40) * MIN, random.pick(t.scenario.notes))) return undefined;
  return line.staffReply(agent, target, staffBlocks(b, t, agent, variantText(t.scenario.replies, t)), status)?.at;
}

function rateAfterSolve(b: Builder, line: Timeline): void {
  const { random } = b.env;
  const t = line.t;
  if (t.status !== 'solved' || t.solvedAt === null || !random.chance(0.43)) return;
  const rough = t.slaOutcome === 'breached' || (t.resolutionMinutes ?? 0) > 5 * 24 * 60 || t.reopenedCount > 0;
  const value = pickWeighted(
    random,
    ['great', 'okay', 'not_good'] as const,
    (r) => (rough ? { great: 50, okay: 25, not_good: 25 } : { great: 80, okay: 13, not_good: 7 })[r],
  );
  const commentChance = { great: 0.2, okay: 0.4, not_good: 0.85 }[value];
  const comment = random.chance(commentChance) ? random.pick(ratingComments[value]) : null;
  line.rate(t.solvedAt + random.int(10, 3 * 24 * 60) * MIN, value, comment);
}

/** The rating changes' own random sequence, so they leave the rest of the demo as it was. */
const RATING_CHANGE_SEED = 20261203;
/** How a customer who changes a rating changes it: mostly up after a kind follow-up, now and then down. */
const ratingChanges: Record<TicketRating, { to: TicketRating; weight: number }[]> = {
  great: [
    { to: 'okay', weight: 2 },
    { to: 'not_good', weight: 1 },
  ],
  okay: [
    { to: 'great', weight: 5 },
    { to: 'not_good', weight: 2 },
  ],
  not_good: [
    { to: 'okay', weight: 3 },
    { to: 'great', weight: 3 },
  ],
};

/**
 * Some customers change their rating within the 7 days the desk allows
 * (src/server/tickets/satisfaction.ts): the rating row keeps its first time
 * and gets the change's, and the ticket's satisfaction is the latest rating.
 */
function changeSomeRatings(lines: Timeline[], now: number): void {
  const random = createRandom(RATING_CHANGE_SEED);
  for (const { t } of lines) {
    const rating = t.rating;
    if (!rating || !random.chance(rating.value === 'great' ? 0.04 : 0.22)) continue;
    const at = rating.at + random.int(20, 6 * 24 * 60) * MIN;
    if (at >= now - HOUR) continue;
    const to = pickWeighted(random, ratingChanges[rating.value], (c) => c.weight).to;
    const comment = random.chance({ great: 0.3, okay: 0.4, not_good: 0.85 }[to]) ? random.pick(ratingComments[to]) : null;
    t.rating = { ...rating, value: to, comment, at, firstAt: rating.at };
  }
}

/** A whole ticket's life after creation, by pattern; the timeline stops at the seed's clock. */
function playHistory(b: Builder, t: SimTicket): Timeline {
  const { random } = b.env;
  const line = new Timeline(t, b.env);
  line.create();
  const agent = agentFor(b, t.createdAt);
  // Bugs go to the specialists (tier 2, sometimes 3) when their story continues that way.
  const s0 = t.scenario;
  const escalates = s0.escalation >= 0.1 && (s0.escalatingVariants ?? [t.variant]).includes(t.variant);
  const escalate = escalates && random.chance(Math.min(0.95, 0.55 + s0.escalation));
  const pattern = patternFor(b, t, escalate);
  const s = t.scenario;
  const urgent = t.urgency === 'urgent';
  const play = (): void => {
    if (pattern === 'answered' || pattern === 'noted') {
      firstTouch(b, line, agent, 'solved', pattern === 'noted');
      return;
    }
    const first = firstTouch(b, line, agent, pattern === 'reopened' ? 'solved' : 'pending', false);
    if (first === undefined) return;
    if (pattern === 'thanked') {
      const thanks = line.requesterReply(b.clock.requester(first), requesterBlocks(b, t, random.pick(requesterThanks)));
      if (thanks !== undefined) line.setStatus(agent, b.clock.staff(thanks, random.int(2, 90)), 'solved');
      return;
    }
    if (pattern === 'reopened') {
      const back = line.requesterReply(first + random.int(2 * 60, 4 * 24 * 60) * MIN, requesterBlocks(b, t, random.pick(reopenMessages)));
      if (back !== undefined) line.staffReply(agent, b.clock.staffSoon(back, urgent), staffBlocks(b, t, agent, random.pick(reopenAnswers)), 'solved');
      return;
    }
    let at = line.requesterReply(b.clock.requester(first), requesterBlocks(b, t, variantText(s.followUps, t)));
    if (at === undefined) return;
    if (pattern === 'escalated') {
      const tier: TicketTier = random.chance(0.2) ? 3 : 2;
      const note = s.notes.length > 0 && random.chance(0.6) ? s.notes[0]! : random.pick(escalationNotes);
      at = line.escalate(agent, b.clock.staffSoon(at, urgent), tier, note);
      if (at === undefined) return;
      const senior = b.agentByEmail.get(SENIOR_AGENT);
      const owner = tier === 3 && senior ? senior : agent;
      if (owner.id !== agent.id && !line.triage(agent, at + 1000, { assigneeId: owner.id })) return;
      at = line.staffReply(owner, b.clock.staff(at, random.int(30, 600), urgent), staffBlocks(b, t, owner, random.pick(progressUpdates)), 'pending')?.at;
      if (at === undefined) return;
      if (random.chance(0.6)) {
        at = line.requesterReply(b.clock.requester(at) + DAY, requesterBlocks(b, t, random.pick(nudges)));
        if (at === undefined) return;
      }
      if (random.chance(0.3) && s.notes.length > 1) {
        at = line.note(owner, b.clock.staff(at, random.int(60, 900)), s.notes[1]!);
        if (at === undefined) return;
      }
      line.staffReply(owner, b.clock.staff(at, random.int(240, 2400), urgent), staffBlocks(b, t, owner, variantText(s.resolutions, t)), 'solved');
      return;
    }
    at = line.staffReply(agent, b.clock.staffSoon(at, urgent), staffBlocks(b, t, agent, variantText(s.resolutions, t)), 'solved')?.at;
    if (at === undefined || pattern !== 'thanked-after-solve') return;
    // A thank-you after the solve reopens the ticket (as in every desk); the agent solves it again with a short closing.
    at = line.requesterReply(b.clock.requester(at), requesterBlocks(b, t, random.pick(requesterThanks)));
    if (at !== undefined) line.staffReply(agent, b.clock.staffSoon(at), staffBlocks(b, t, agent, random.pick(staffClosings), false), 'solved');
  };
  play();
  rateAfterSolve(b, line);
  line.closeIfDue();
  return line;
}

// The hand-made live inbox.

function scenarioByKey(key: string): TicketScenario {
  const s = scenarios.find((x) => x.key === key);
  if (!s) throw new Error(`No ticket scenario "${key}"`);
  return s;
}

/** The latest creation time (to the minute) whose first response is due no later than `dueBy`; the due time only grows with the creation time. */
function latestCreatedDueBy(b: Builder, urgency: TicketUrgency, dueBy: number): number {
  const { now, settings } = b.env;
  let lo = Math.floor((now - 30 * DAY) / MIN);
  let hi = Math.floor((now - 5 * MIN) / MIN);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (slaDueAt(settings, mid * MIN, urgency) <= dueBy) lo = mid;
    else hi = mid - 1;
  }
  return lo * MIN;
}

/** A creation time whose first response falls due soon: due more than `minutes` from now, as soon as the support hours allow. */
function createdDueSoon(b: Builder, urgency: TicketUrgency, minutes: number): number {
  return Math.min(b.env.now - 5 * MIN, latestCreatedDueBy(b, urgency, b.env.now + minutes * MIN) + MIN);
}

/** The latest creation time whose first response was due at least `minutes` ago. */
function createdOverdue(b: Builder, urgency: TicketUrgency, minutes: number): number {
  return latestCreatedDueBy(b, urgency, b.env.now - minutes * MIN);
}

function liveTickets(b: Builder, members: Requester[]): Timeline[] {
  const { random, now } = b.env;
  const agents = b.env.agents.filter((a) => a.role === 'staff');
  const lead = b.agentByEmail.get(TRIAGE_LEAD) ?? agents[0]!;
  const senior = b.agentByEmail.get(SENIOR_AGENT) ?? lead;
  const lines: Timeline[] = [];
  const customers = b.requesters.filter((r) => !r.zh);
  const start = (key: string, requester: Requester, createdAt: number, overrides: Partial<SimTicket> = {}) => {
    const line = new Timeline(newTicket(b, scenarioByKey(key), requester, createdAt, overrides), b.env);
    line.create();
    lines.push(line);
    return line;
  };
  const reply = (line: Timeline, agent: Agent, at: number, body: string, status: 'open' | 'pending' | 'solved') =>
    line.staffReply(agent, at, staffBlocks(b, line.t, agent, body), status)?.at;
  const assign = (line: Timeline, agent: Agent, at: number, by: Agent = agent) =>
    line.triage(by, at, { assigneeId: agent.id, team: line.t.scenario.team, addTags: line.t.scenario.tags });
  /** Staff time after `from`, but in the past: the live tickets must be where they are now. */
  const before = (at: number, latest: number) => Math.min(at, now - latest * MIN);

  // New and unassigned: just arrived (one urgent about to breach, one urgent breaching).
  const fresh: Array<[string, number, TicketUrgency | undefined]> = [
    ['notes-not-syncing', 12, 'urgent'],
    ['workspace-down', 48, 'urgent'],
    ['guest-cannot-edit', 35, undefined],
    ['fr-two-way-sync', 80, 'low'],
    ['invoice-vat', 150, 'normal'],
    ['ios-push-missing', 260, 'normal'],
    ['outlook-cal-403', 400, 'high'],
  ];
  for (const [key, minutesAgo, urgency] of fresh) start(key, random.pick(customers), now - minutesAgo * MIN, urgency ? { urgency } : {});

  // About to breach and breaching: assigned by the triage lead, not answered yet.
  for (const [key, urgency] of [
    ['card-declined-upgrade', 'high'],
    ['export-link-expired', 'normal'],
  ] as const) {
    const line = start(key, random.pick(customers), createdDueSoon(b, urgency, 15), { urgency });
    assign(line, random.pick(agents), before(line.t.createdAt + 20 * MIN, 1), lead);
  }
  for (const [key, urgency, late] of [
    ['zapier-trigger', 'high', 90],
    ['charged-removed-member', 'normal', 240],
  ] as const) {
    const line = start(key, random.pick(customers), createdOverdue(b, urgency, late), { urgency });
    const agent = random.pick(agents);
    assign(line, agent, before(line.t.createdAt + 30 * MIN, 2), lead);
    line.note(
      agent,
      before(line.t.createdAt + 45 * MIN, 1),
      random.pick(['Looking into this now.', 'Checked the account; I need someone from billing to confirm before I answer.']),
    );
  }

  // Open, assigned to each agent: the customer answered and waits for them.
  const openKeys = ['google-authorization-expired', 'pdf-export-tables', 'slack-notifications', 'android-offline', 'api-rate-limit', 'version-history-restore'];
  agents.forEach((agent, i) => {
    for (let k = 0; k < 2; k++) {
      const created = now - random.int(30, 80) * HOUR;
      const line = start(openKeys[(i + k * 3) % openKeys.length]!, random.pick(customers), created);
      assign(line, agent, created + random.int(20, 120) * MIN);
      const first = reply(line, agent, before(b.clock.staff(created, random.int(30, 240)), 180), variantText(line.t.scenario.replies, line.t), 'pending');
      if (first !== undefined) line.requesterReply(before(b.clock.requester(first), random.int(10, 150)), [variantText(line.t.scenario.followUps, line.t)]);
    }
  });

  // Pending: answered, waiting for the customer.
  for (const key of ['icloud-app-password', 'lost-2fa', 'invitation-not-received', 'zip-wont-open', 'webhook-signature', 'cancel-keep-notes']) {
    const created = now - random.int(26, 96) * HOUR;
    const agent = random.pick(agents);
    const line = start(key, random.pick(customers), created);
    assign(line, agent, created + random.int(10, 90) * MIN);
    reply(line, agent, before(b.clock.staff(created, random.int(15, 200)), 60), variantText(line.t.scenario.replies, line.t), 'pending');
  }

  // Solved in the last days, not closed yet; some rated.
  for (const key of ['templates-workspace', 'public-link-password', 'yearly-invoice-payment', 'meeting-notes-template']) {
    const created = now - random.int(2, 6) * DAY;
    const agent = random.pick(agents);
    const line = start(key, random.pick(customers), created);
    assign(line, agent, created + 30 * MIN);
    const solved = reply(line, agent, before(b.clock.staff(created, random.int(30, 200)), 120), variantText(line.t.scenario.replies, line.t), 'solved');
    if (solved !== undefined && random.chance(0.5)) line.rate(before(solved + random.int(30, 600) * MIN, 1), 'great', null);
  }

  // Urgent and answered, still going.
  for (const key of ['app-crash-launch', 'saml-okta']) {
    const created = now - random.int(3, 20) * HOUR;
    const agent = random.pick(agents);
    const line = start(key, random.pick(customers), created, { urgency: 'urgent', emotion: 'angry' });
    assign(line, agent, created + 4 * MIN);
    const first = reply(line, agent, created + random.int(8, 25) * MIN, variantText(line.t.scenario.replies, line.t), 'pending');
    if (first !== undefined) line.requesterReply(before(first + random.int(20, 90) * MIN, 5), [variantText(line.t.scenario.followUps, line.t)]);
  }

  // Long-running: open for weeks, escalated, back and forth.
  for (const [key, daysAgo, tier] of [
    ['recurring-event-duplicates', 24, 3],
    ['editor-slow-large-note', 17, 2],
    ['notes-not-syncing', 13, 2],
    ['cal-429-delay', 11, 2],
  ] as const) {
    const created = now - daysAgo * DAY - random.int(0, 8) * HOUR;
    const agent = tier === 3 ? senior : random.pick(agents);
    const line = start(key, random.pick(customers), created, { urgency: 'high' });
    const s = line.t.scenario;
    assign(line, agent, created + 40 * MIN);
    let at = reply(line, agent, b.clock.staff(created, random.int(30, 200)), variantText(s.replies, line.t), 'pending');
    if (at !== undefined) at = line.requesterReply(b.clock.requester(at), [variantText(s.followUps, line.t)]);
    if (at !== undefined) at = line.escalate(agent, b.clock.staff(at, random.int(30, 240)), tier, s.notes[0] ?? escalationNotes[0]!);
    if (at !== undefined) at = reply(line, agent, b.clock.staff(at, random.int(240, 900)), progressUpdates[0]!, 'pending');
    if (at !== undefined) at = line.requesterReply(before(at + random.int(2, 4) * DAY, 180), [random.pick(nudges)]);
    if (at !== undefined && daysAgo > 15) reply(line, agent, before(b.clock.staff(at, random.int(30, 240)), 60), progressUpdates[1]!, 'open');
  }

  // Demo members' own tickets (sign in as one of them to see /tickets).
  const [jordan, lena, tomas] = members;
  if (jordan) {
    const agent = b.agentByEmail.get('priya@fieldnote.example') ?? lead;
    const closed = start('google-authorization-expired', jordan, now - 96 * DAY + 3 * HOUR, {
      variant: 0,
      urgency: 'normal',
      emotion: 'frustrated',
      context: { searches: ['google calendar not syncing'], articles: ['fix-calendar-sync-errors', 'connect-google-calendar'] },
    });
    assign(closed, agent, closed.t.createdAt + 90 * MIN);
    const solved = reply(closed, agent, b.clock.staff(closed.t.createdAt + 2 * HOUR, 20), variantText(closed.t.scenario.replies, closed.t), 'solved');
    if (solved !== undefined) closed.rate(solved + 5 * HOUR, 'great', 'Fast and friendly, thank you!');
    closed.closeIfDue();

    const pending = start('pdf-export-tables', jordan, now - 30 * HOUR, {
      variant: 0,
      urgency: 'high',
      emotion: 'frustrated',
      context: { searches: ['pdf export table cut off', 'export landscape'], articles: ['export-notes', 'export-failed'] },
    });
    assign(pending, lead, pending.t.createdAt + 25 * MIN);
    reply(pending, lead, before(b.clock.staff(pending.t.createdAt, 45), 120), variantText(pending.t.scenario.replies, pending.t), 'pending');
  }
  if (lena)
    start('export-link-expired', lena, now - 100 * MIN, {
      variant: 1,
      urgency: 'normal',
      emotion: 'confused',
      context: { searches: ['export failed', 'export link expired'], articles: ['export-failed', 'export-notes'] },
    });
  if (tomas) {
    const agent = b.agentByEmail.get('ines@fieldnote.example') ?? lead;
    const line = start('version-history-restore', tomas, now - 3 * DAY, { variant: 0, urgency: 'normal', emotion: 'sad' });
    assign(line, agent, line.t.createdAt + 30 * MIN);
    let at = reply(line, agent, before(b.clock.staff(line.t.createdAt, 40), 40 * 60), variantText(line.t.scenario.replies, line.t), 'pending');
    if (at !== undefined) at = line.requesterReply(before(at + 3 * HOUR, 36 * 60), [variantText(line.t.scenario.followUps, line.t)]);
    if (at !== undefined) reply(line, agent, before(b.clock.staff(at, 30), 26 * 60), variantText(line.t.scenario.resolutions, line.t), 'solved');
  }
  return lines;
}

// Customers writing in during the known issues' incidents (db/seed/data/known-issues.ts).

/** An incident's tickets are a scenario of their own: the customers' own words, the incident's area as the team. */
function incidentScenario(issue: SeedKnownIssue): TicketScenario {
  const tickets = issue.tickets ?? [];
  return {
    key: `known-issue:${issue.slug}`,
    team: issue.areas[0]!,
    category: 'bug',
    tags: ['bug'],
    weight: 0,
    urgency: 'pressing',
    emotions: ['frustrated'],
    escalation: 0,
    searches: [],
    articles: issue.articles.map((slug) => slug.split('/').pop()!),
    subjects: tickets.map((x) => x.subject),
    descriptions: tickets.map((x) => x.description),
    replies: [],
    followUps: [],
    resolutions: [],
    notes: [],
  };
}

/** The body of one of the incident's bulk replies, as it reached this ticket (a saved reply's placeholders filled). */
export function bulkReplyBody(body: string, savedReply: string | undefined, values: { requesterName: string; agentName: string; ref: string }): string {
  const source = savedReply === undefined ? body : (savedReplies.find((r) => r.title === savedReply)?.body ?? body);
  return fillPlaceholders(source, values);
}

/**
 * The tickets customers wrote during the major and critical incidents: triaged
 * to the incident's area, answered by the bulk replies staff sent to every
 * linked ticket (pending while it lasted, solved once fixed), or one by one
 * when they came in after a bulk reply; the known-issues step links them.
 */
function knownIssueTickets(b: Builder): Timeline[] {
  const { random, now } = b.env;
  const customers = b.requesters.filter((r) => !r.zh);
  const lines: Timeline[] = [];
  for (const issue of knownIssues) {
    if (!issue.tickets) continue;
    const start = issueStartAt(issue.start, now);
    const scenario = incidentScenario(issue);
    const owner = b.agentByEmail.get(issue.owner) ?? b.env.agents[0]!;
    const bulk = (issue.bulkReplies ?? []).map((r) => ({ ...r, at: minutesAfter(start, r.after), agent: b.agentByEmail.get(r.by) ?? owner }));
    for (const [variant, spec] of issue.tickets.entries()) {
      const createdAt = minutesAfter(start, spec.after);
      if (createdAt > now - MIN) continue;
      const requester = random.pick(customers);
      const context: TicketContext = random.chance(0.5)
        ? {
            searches: [
              spec.subject
                .toLowerCase()
                .replace(/[^a-z0-9 ]+/g, '')
                .slice(0, 60),
            ],
            articles: scenario.articles.slice(0, 1),
          }
        : { searches: [], articles: [] };
      const t = newTicket(b, scenario, requester, createdAt, {
        variant,
        subject: spec.subject,
        description: spec.description,
        category: spec.category,
        urgency: spec.urgency,
        emotion: spec.emotion,
        context,
      });
      const line = new Timeline(t, b.env);
      line.create();
      lines.push(line);
      const urgent = t.urgency === 'urgent';
      const agent = random.chance(0.5) ? owner : agentFor(b, createdAt);
      if (!line.triage(agent, createdAt + random.int(2, 9) * MIN, { assigneeId: agent.id, team: issue.areas[0]!, addTags: ['bug'] })) continue;
      const later = bulk.filter((r) => r.at > createdAt + 10 * MIN);
      /** Whether an action at `at` comes before the next bulk reply (each bulk reply lands at its own time). */
      const beforeBulk = (at: number, next = later[0]) => next === undefined || at < next.at - MIN;
      // Written in with no "we're on it" bulk reply soon after: answered on its own, pointing at the board.
      let followedUp = false;
      if (later[0]?.setStatus !== 'pending' || later[0].at - createdAt > 2 * HOUR) {
        const wanted = b.clock.staff(createdAt + 5 * MIN, random.int(5, 25), urgent);
        const text = `This is a known issue and our engineers are working on it: you can follow every update on the [known-issues page](/known-issues/${issue.slug}). I’ve linked your request to it, so we’ll write to you here as soon as it’s fixed.`;
        const at = beforeBulk(wanted) ? line.staffReply(agent, wanted, staffBlocks(b, t, agent, text), 'pending')?.at : undefined;
        if (at !== undefined && spec.followUp && beforeBulk(at + spec.followUp.after * MIN))
          followedUp = line.requesterReply(at + spec.followUp.after * MIN, requesterBlocks(b, t, spec.followUp.text)) !== undefined;
      }
      for (const [i, reply] of later.entries()) {
        const body = bulkReplyBody(reply.body, reply.savedReply, { requesterName: t.requester.name, agentName: reply.agent.name, ref: '' });
        const at = line.staffReply(reply.agent, reply.at, [body], reply.setStatus)?.at;
        const answer = at === undefined ? undefined : at + (spec.followUp?.after ?? 0) * MIN;
        if (answer !== undefined && !followedUp && reply.setStatus === 'pending' && spec.followUp && beforeBulk(answer, later[i + 1]))
          followedUp = line.requesterReply(answer, requesterBlocks(b, t, spec.followUp.text)) !== undefined;
      }
      rateAfterSolve(b, line);
      line.closeIfDue();
    }
  }
  return lines;
}

/** The community thread a scenario's customers sometimes come from (by title, as the community seed writes it). */
const scenarioThreads: Record<string, string> = {
  'outlook-cal-403': 'CAL-403 when connecting our Microsoft 365 calendar — what does our admin need to approve?',
  'icloud-app-password': 'iCloud calendar keeps rejecting my Apple ID password',
  'google-authorization-expired': 'Google Calendar shows "Authorization expired" every two weeks',
  'cal-429-delay': 'CAL-429 warning appears in calendar settings most mornings',
  'events-outside-sync-window': 'Google Calendar events more than three months away are missing in Fieldnote',
  'fr-two-way-sync': 'Feature request: create a calendar event from a note',
  'fr-export-docx': 'Feature request: export a note as Word (.docx)',
  'card-declined-upgrade': 'Card keeps getting declined when upgrading to Business',
  'charged-removed-member': 'Still being charged for a member we removed three weeks ago',
  'lost-2fa': 'Lost my phone with the authenticator app — how do I get back into my account?',
  'invitation-not-received': 'Invited teammates never receive the invitation email',
  'export-link-expired': 'Workspace export download link says it has expired',
  'webhook-signature': 'Webhook signature never matches in my Express handler',
  'mentions-no-notification': '@mentioned a colleague in a note but she never got a notification',
  'ios-push-missing': 'No push notifications for @mentions on my iPhone',
  'editor-slow-large-note': 'Typing lag in a long note with many tables and images',
  'version-history-restore': 'Version history only goes back 7 days — is that a bug?',
  'note-deleted-trash': "Accidentally deleted a whole notebook — how long until it's gone for good?",
  'saml-okta': 'SCIM with Entra ID: users removed from the group still show up as members',
};

// Rows.

const ROWS_PER_STATEMENT = 400;

async function bulkInsert(db: DB, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30_000 / columns.length)));
  const placeholders = (n: number) => Array.from({ length: n }, () => `(${columns.map(() => '?').join(', ')})`).join(', ');
  const head = `insert into ${table} (${columns.join(', ')}) values `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    await db.executeQuery(CompiledQuery.raw(head + placeholders(part.length), part.flat()));
  }
}

async function nextId(db: DB, table: string): Promise<number> {
  const { rows } = await db.executeQuery<{ n: number | null }>(CompiledQuery.raw(`select max(id) as n from ${table}`));
  return Number(rows[0]?.n ?? 0) + 1;
}

export interface TicketSeedSummary {
  tickets: number;
  messages: number;
  ratings: number;
  savedReplies: number;
}

export async function seedTickets({ db, random, now }: SeedContext): Promise<string> {
  if (await db.selectFrom('tickets').select('id').limit(1).executeTakeFirst()) return 'already seeded';
  const settings = await deskSettings(db);
  const staffRows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'created_at'])
    .where('role', 'in', ['staff', 'admin'])
    .orderBy('id')
    .execute();
  const agents: Agent[] = staffRows
    .filter((r) => agentShares[r.email] !== undefined)
    .map((r) => ({
      id: r.id,
      name: r.display_name,
      first: r.display_name.split(' ')[0]!,
      role: r.role as 'staff' | 'admin',
      joinedAt: r.created_at,
      share: agentShares[r.email]!,
    }));
  if (agents.length === 0) throw new Error('The demo tickets need the demo support staff: run the people step first.');
  const env: Env = { now, settings, calendar: supportCalendar(settings), agents, random };
  const b: Builder = { env, clock: new Clock(env), renderer: new Renderer(), requesters: makeRequesters(random), agentByEmail: new Map() };
  for (const r of staffRows) {
    const agent = agents.find((a) => a.id === r.id);
    if (agent) b.agentByEmail.set(r.email, agent);
  }
  const memberRows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('email', 'in', ['jordan.reyes@example.com', 'lena.fischer@example.com', 'tomas.herrera@example.com'])
    .orderBy('id')
    .execute();
  const members: Requester[] = memberRows.map((m) => ({ name: m.display_name, first: m.display_name.split(' ')[0]!, email: m.email, userId: m.id, zh: false }));

  // A year of history: more tickets on weekdays and in (European) working hours, growing with the customer base.
  const lines: Timeline[] = [];
  const repeatCustomers = b.requesters.slice(0, 60);
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const dayStart = Math.floor((now - daysAgo * DAY) / DAY) * DAY;
    const progress = (HISTORY_DAYS - daysAgo) / HISTORY_DAYS;
    const expected = (4 + 1.8 * progress) * weekdayFactor[new Date(dayStart).getUTCDay()]!;
    const count = Math.floor(expected + random.next());
    for (let i = 0; i < count; i++) {
      const createdAt =
        dayStart +
        pickWeighted(random, [...creationHourWeights.keys()], (h) => creationHourWeights[h]!) * HOUR +
        random.int(0, 59) * MIN +
        random.int(0, 59) * 1000;
      if (createdAt > now - 6 * HOUR) continue;
      const scenario = pickWeighted(random, scenarios, (s) => scenarioWeight(s, daysAgo));
      const requester =
        scenario.lang === 'zh'
          ? random.pick(b.requesters.filter((r) => r.zh))
          : random.chance(0.25)
            ? random.pick(repeatCustomers)
            : random.pick(b.requesters.filter((r) => !r.zh));
      const line = playHistory(b, newTicket(b, scenario, requester, createdAt));
      lines.push(line);
      // Now and then the customer writes twice before anyone answered: the agent merges the duplicate when triaging.
      const triaged = line.t.events.find((e) => e.kind === 'assignee');
      if (triaged && triaged.at - createdAt > 30 * MIN && line.t.messages.length <= 6 && random.chance(0.006)) {
        const copy = new Timeline(
          newTicket(b, scenario, requester, createdAt + random.int(5, Math.floor((triaged.at - createdAt) / MIN) - 10) * MIN, {
            variant: line.t.variant,
            urgency: line.t.urgency,
          }),
          b.env,
        );
        copy.create();
        const agent = b.env.agents.find((a) => a.id === triaged.actorId)!;
        if (copy.mergeInto(line.t, agent, triaged.at - 30_000)) lines.push(copy);
      }
      // Now and then a customer writes again after the ticket closed: a follow-up, linked to it.
      const closedAt = line.t.status === 'closed' ? line.t.updatedAt : undefined;
      if (closedAt !== undefined && random.chance(0.015)) {
        const at = closedAt + random.int(1, 20) * DAY;
        if (at < now - DAY) {
          const follow = newTicket(b, scenario, requester, at, {
            subject: `Follow-up: ${line.t.subject}`,
            description: random.pick(reopenMessages),
            urgency: line.t.urgency,
            emotion: line.t.emotion,
            context: line.t.context,
            followUpOf: line.t,
          });
          lines.push(playHistory(b, follow));
        }
      }
    }
  }
  lines.push(...liveTickets(b, members));
  lines.push(...knownIssueTickets(b));

  // Some customers came from a community thread ("Still stuck? Ask support"): the ticket carries its id.
  const threads = await db.selectFrom('questions').select(['id', 'title']).where('title', 'in', Object.values(scenarioThreads)).execute();
  const threadOf = new Map(threads.map((q) => [q.title, q.id]));
  for (const { t } of lines) {
    const title = scenarioThreads[t.scenario.key];
    const questionId = title === undefined ? undefined : threadOf.get(title);
    if (questionId !== undefined && random.chance(0.25)) t.context = { ...t.context, questionId };
  }

  changeSomeRatings(lines, now);

  // Ids in creation order, as the database would have given them.
  const tickets = lines.map((l) => l.t).sort((x, y) => x.createdAt - y.createdAt);
  const firstTicketId = await nextId(db, 'tickets');
  tickets.forEach((t, i) => (t.id = firstTicketId + i));
  const written = (m: SimMessage) => m.insertedAt ?? m.at;
  const allMessages = tickets.flatMap((t) => t.messages.map((m) => ({ t, m }))).sort((x, y) => written(x.m) - written(y.m) || x.t.id! - y.t.id!);
  for (const { m } of allMessages)
    if (m.mergedFrom) m.blocks = [`**Merged from ${ticketIdToRef(m.mergedFrom.id!)}: ${m.mergedFrom.subject}**`, ...m.mergedFrom.description.split('\n\n')];
  const firstMessageId = await nextId(db, 'ticket_messages');
  allMessages.forEach(({ m }, i) => (m.id = firstMessageId + i));

  const ticketRows: unknown[][] = [];
  const messageRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  const tagRows: unknown[][] = [];
  const keyRows: unknown[][] = [];
  const tokenRows: unknown[][] = [];
  const ratingRows: unknown[][] = [];
  const notificationRows: unknown[][] = [];
  for (const t of tickets) {
    const ref = ticketIdToRef(t.id!);
    const ordered = [...t.messages].sort((x, y) => x.at - y.at || x.id! - y.id!);
    ticketRows.push([
      t.id,
      t.requester.name,
      t.requester.email,
      t.requester.userId,
      t.subject,
      t.description,
      t.category,
      t.urgency,
      t.emotion,
      t.status,
      JSON.stringify(t.context),
      sha256Hex(randomToken(20)),
      t.createdAt,
      t.updatedAt,
      t.solvedAt,
      t.firstResponseAt,
      t.reopenedCount,
      t.followUpOf?.id ?? null,
      t.mergedInto?.id ?? null,
      t.assigneeId,
      t.tier,
      t.team,
      t.dueAt,
      t.slaOutcome,
      t.slaLateMinutes,
      t.firstResponseMinutes,
      t.firstResponseSupportMinutes,
      t.resolutionMinutes,
      t.staffReplyCount,
      t.rating?.value ?? null,
      t.rating?.at ?? null,
      t.waitingSince,
      ticketSearchText({
        ref,
        subject: t.subject,
        requesterName: t.requester.name,
        requesterEmail: t.requester.email,
        description: t.description,
        messages: ordered.map((m) => m.blocks.join('\n\n')),
      }),
      t.version,
    ]);
    for (const m of ordered)
      messageRows.push([m.id, t.id, m.authorId, m.role, m.visibility, m.blocks.join('\n\n'), m.blocks.map((block) => b.renderer.render(block)).join(''), m.at]);
    for (const e of t.events) eventRows.push([t.id, e.actorId, e.kind, e.from, e.toTicket ? ticketIdToRef(e.toTicket.id!) : e.to, e.at]);
    for (const tag of t.tags) tagRows.push([t.id, tag.tag, tag.at]);
    for (const at of t.keyTimes) keyRows.push([sha256Hex(randomToken(20)), t.id, at]);
    for (const token of t.ratingTokens) tokenRows.push([sha256Hex(randomToken(20)), t.id, token.message.id, token.at]);
    if (t.rating) ratingRows.push([t.id, t.rating.message.id, t.rating.value, t.rating.comment, t.rating.firstAt ?? t.rating.at, t.rating.at]);
    for (const n of t.notifications) {
      const readAt = n.at < now - DAY || random.chance(0.3) ? Math.min(now, n.at + random.int(5, 600) * MIN) : null;
      notificationRows.push([n.userId, n.kind, t.id, n.actorId, readAt, n.at]);
    }
  }
  eventRows.sort((x, y) => (x[5] as number) - (y[5] as number));
  ratingRows.sort((x, y) => (x[4] as number) - (y[4] as number));
  notificationRows.sort((x, y) => (x[5] as number) - (y[5] as number));

  const author = (email: string) => b.agentByEmail.get(email)?.id ?? agents[0]!.id;
  const replyRows = savedReplies.map((r, i) => {
    const createdAt = now - (300 - i * 17) * DAY;
    return [r.title, r.body, renderUserMarkdown(r.body), r.team, r.usageCount, author(r.createdBy), createdAt, createdAt + r.editedDaysLater * DAY];
  });

  await db.transaction().execute(async (trx) => {
    await bulkInsert(
      trx,
      'tickets',
      [
        'id',
        'requester_name',
        'requester_email',
        'user_id',
        'subject',
        'description',
        'category',
        'urgency',
        'emotion',
        'status',
        'context',
        'access_key_hash',
        'created_at',
        'updated_at',
        'solved_at',
        'first_response_at',
        'reopened_count',
        'follow_up_of',
        'merged_into',
        'assignee_id',
        'tier',
        'team',
        'first_response_due_at',
        'sla_outcome',
        'sla_late_minutes',
        'first_response_minutes',
        'first_response_support_minutes',
        'resolution_minutes',
        'staff_reply_count',
        'rating',
        'rated_at',
        'waiting_since',
        'search_text',
        'version',
      ],
      ticketRows,
    );
    await bulkInsert(
      trx,
      'ticket_messages',
      ['id', 'ticket_id', 'author_id', 'author_role', 'visibility', 'body_source', 'body_html', 'created_at'],
      messageRows,
    );
    await bulkInsert(trx, 'ticket_events', ['ticket_id', 'actor_id', 'kind', 'from_value', 'to_value', 'created_at'], eventRows);
    await bulkInsert(trx, 'ticket_tags', ['ticket_id', 'tag', 'created_at'], tagRows);
    await bulkInsert(trx, 'ticket_access_keys', ['key_hash', 'ticket_id', 'created_at'], keyRows);
    await bulkInsert(trx, 'ticket_rating_tokens', ['token_hash', 'ticket_id', 'message_id', 'created_at'], tokenRows);
    await bulkInsert(trx, 'ticket_ratings', ['ticket_id', 'message_id', 'rating', 'comment', 'created_at', 'updated_at'], ratingRows);
    await bulkInsert(trx, 'staff_notifications', ['user_id', 'kind', 'ticket_id', 'actor_id', 'read_at', 'created_at'], notificationRows);
    if (!(await trx.selectFrom('saved_replies').select('id').limit(1).executeTakeFirst()))
      await bulkInsert(trx, 'saved_replies', ['title', 'body_source', 'body_html', 'team', 'usage_count', 'created_by', 'created_at', 'updated_at'], replyRows);
  });
  const open = tickets.filter((t) => t.status !== 'closed' && t.status !== 'solved').length;
  return `${tickets.length} tickets (${open} open now), ${messageRows.length} messages, ${ratingRows.length} ratings, ${replyRows.length} saved replies`;
}
