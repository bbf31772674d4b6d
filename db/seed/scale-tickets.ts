// Scale tickets: grows a migrated database to tens of thousands of support
// tickets (default 30,000) over the two years before `now`, for the staff
// inbox's benchmark and query-plan checks (issue 11). Like the question scale
// data (./scale.ts) it computes every row in memory and bulk-inserts them;
// the stored columns are what the desk's writers store: the SLA due time from
// the support calendar and the urgency's target, the first response and its
// outcome (met or breached, minutes late, wall-clock and support minutes), the
// resolution minutes of solved tickets, who waits since when, assignees among
// a dozen agents, tier, team, category and free tags, ratings on about 40 % of
// solved tickets, the folded search text, and a public staff reply (and a
// requester follow-up when one is waited on) as messages.
// Volume grows over the two years; tickets of the last days are live: new
// ones nobody answered, open and pending ones, solved ones not yet closed,
// and a few long-running ones that nobody manages to solve.
import { sha256Hex } from '@/lib/crypto';
import type { DB } from '@db/connection';
import type { TicketEmotion, TicketRating, TicketStatus, TicketUrgency } from '@db/schema';
import { renderUserMarkdown } from '@/server/markdown';
import {
  addSupportMinutes,
  defaultSlaTargets,
  firstResponseDueAt,
  slaOutcome,
  supportMinutesBetween,
  type SlaTarget,
  type SupportCalendar,
} from '@/server/tickets/sla';
import { ticketSearchText } from '@/server/tickets/search-text';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { createRandom, type Random } from './random';
import { SCALE_BASE_TIME, SCALE_PASSWORD_HASH, SCALE_SEED, bulkInsert, scalar, weightedPicker } from './scale';
import { scaleAnswerBody, scaleDisplayName, scaleQuestionBody, scaleTitle, scaleTopics, type ScaleTopic } from './scale-text';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Generated agents' addresses end in this domain (not the members' scale domain, so each generator recognises its own rows). */
export const SCALE_AGENT_DOMAIN = 'agents.scale.fieldnote.example';

export interface ScaleTicketOptions {
  /** Total tickets in the database afterwards (default 30,000). */
  tickets?: number;
  /** Agents to have (staff users); generated up to this many (default 12). */
  agents?: number;
  seed?: number;
  /** The clock: tickets span the two years before it (default SCALE_BASE_TIME). */
  now?: number;
  calendar?: SupportCalendar;
  slaTargets?: Record<TicketUrgency, SlaTarget>;
  log?: (line: string) => void;
}

export interface ScaleTicketSummary {
  tickets: number;
  messages: number;
  tags: number;
  agents: number;
  /** By status, of the generated tickets. */
  statuses: Record<TicketStatus, number>;
  seconds: number;
}

export const scaleSupportCalendar: SupportCalendar = {
  days: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 17 * 60,
  timeZone: 'Europe/Amsterdam',
  holidays: [],
};

// Topic → the team that owns it and the contact form's category.
const topicDesk: Record<string, { team: string; category: string }> = {
  calendar: { team: 'calendar sync', category: 'calendar-sync' },
  export: { team: 'exports', category: 'notes-sharing' },
  billing: { team: 'billing', category: 'account-billing' },
  signin: { team: 'web app', category: 'account-billing' },
  mobile: { team: 'mobile', category: 'mobile-apps' },
  offline: { team: 'mobile', category: 'bug' },
  integrations: { team: 'integrations', category: 'integrations' },
  templates: { team: 'web app', category: 'notes-sharing' },
  sharing: { team: 'web app', category: 'notes-sharing' },
  import: { team: 'exports', category: 'other' },
  performance: { team: 'web app', category: 'bug' },
  trash: { team: 'web app', category: 'notes-sharing' },
};
const categoryTagWeights: Array<[string, number]> = [
  ['bug', 30],
  ['how-to', 24],
  ['product confusion', 15],
  ['feature request', 12],
  ["didn't know it existed", 8],
  ['account and billing', 6],
  ['other', 5],
];
const freeTags = ['ios-18', 'outlook', 'google-workspace', 'enterprise', 'refund', 'sso', 'android-15', 'csv', 'vip', 'data-loss-risk'];
const urgencyWeights: Array<[TicketUrgency, number]> = [
  ['low', 20],
  ['normal', 55],
  ['high', 20],
  ['urgent', 5],
];
const emotionWeights: Array<[TicketEmotion | null, number]> = [
  [null, 35],
  ['frustrated', 20],
  ['confused', 20],
  ['happy', 10],
  ['angry', 8],
  ['sad', 7],
];
/** Typical support minutes to the first response, by urgency (urgent: wall-clock minutes). */
const firstResponseMedian: Record<TicketUrgency, number> = { urgent: 18, high: 80, normal: 200, low: 420 };
const agentNames = [
  'Maya Lindqvist',
  'Tomás Herrera',
  'Priya Natarajan',
  'Jonas Becker',
  'Aiko Tanaka',
  'Sam Okafor',
  'Lena Novak',
  'Ravi Menon',
  'Chloé Martin',
  'Noah Fischer',
  'Ines Duarte',
  'Kwame Mensah',
];
const requesterFollowUps = [
  'Thanks, I tried that, but it still happens. Here is what I see now: the same error after a minute.',
  'That helped for a day, then it came back. Anything else we can try?',
  'I followed the steps, but my colleague still cannot see the notes. Could you take another look?',
  'Sorry for the delay. The export finished, but half of the attachments are missing.',
];

function pickWeighted<T>(pairs: Array<[T, number]>): (random: Random) => T {
  const pick = weightedPicker(pairs, ([, w]) => w);
  return (random) => pick(random)[0];
}

/** A skewed duration: mostly near `median`, a long tail (about 1 in 12 several times longer). */
function skewed(random: Random, median: number): number {
  const base = median * Math.exp((random.next() + random.next() + random.next() - 1.5) * 1.4);
  return Math.max(1, Math.round(random.chance(0.08) ? base * random.int(3, 12) : base));
}

export async function generateScaleTickets(db: DB, options: ScaleTicketOptions = {}): Promise<ScaleTicketSummary> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const target = options.tickets ?? 30_000;
  const now = options.now ?? SCALE_BASE_TIME;
  const calendar = options.calendar ?? scaleSupportCalendar;
  const slaTargets = options.slaTargets ?? defaultSlaTargets;
  const random = createRandom((options.seed ?? SCALE_SEED) + 11);
  const statuses: Record<TicketStatus, number> = { new: 0, open: 0, pending: 0, solved: 0, closed: 0 };
  const existing = await scalar(db, 'select count(*) as n from tickets');
  const count = Math.max(0, target - existing);
  if (count === 0) return { tickets: 0, messages: 0, tags: 0, agents: 0, statuses, seconds: 0 };

  // 1. Agents: the staff already there, topped up with generated ones.
  const wanted = options.agents ?? 12;
  const staff = (await db.selectFrom('users').select('id').where('role', 'in', ['staff', 'admin']).orderBy('id').execute()).map((r) => r.id);
  const generatedAgents = Math.max(0, wanted - staff.length);
  if (generatedAgents > 0) {
    const firstId = (await scalar(db, 'select max(id) as n from users')) + 1;
    const at = now - 800 * DAY;
    await bulkInsert(
      db,
      'users',
      ['id', 'email', 'display_name', 'password_hash', 'role', 'created_at', 'password_changed_at', 'email_verified_at'],
      Array.from({ length: generatedAgents }, (_, i) => [
        firstId + i,
        `agent${i + 1}@${SCALE_AGENT_DOMAIN}`,
        agentNames[i % agentNames.length]!,
        SCALE_PASSWORD_HASH,
        'staff',
        at,
        at,
        at,
      ]),
    );
    for (let i = 0; i < generatedAgents; i++) staff.push(firstId + i);
  }
  // A few agents take most tickets; tier 2 and 3 go to the seniors (the first three).
  const agentWeights = staff.map((_, i) => (i < 3 ? 3 : 1) + random.next());
  const pickAgent = weightedPicker(staff, (_, i) => agentWeights[i]!);
  const pickTopic = weightedPicker(scaleTopics, (t) => t.weight);
  const pickUrgency = pickWeighted(urgencyWeights);
  const pickEmotion = pickWeighted(emotionWeights);
  const pickCategoryTag = pickWeighted(categoryTagWeights);

  // 2. Text pools: subjects vary per ticket; descriptions and replies come from pools, replies rendered once each.
  const descriptions = new Map<string, string[]>();
  const replies = new Map<string, Array<{ source: string; html: string }>>();
  const descriptionOf = (topic: ScaleTopic) => {
    let pool = descriptions.get(topic.key);
    if (!pool) descriptions.set(topic.key, (pool = Array.from({ length: 60 }, () => scaleQuestionBody(random, topic, 'en'))));
    return random.pick(pool);
  };
  const replyOf = (topic: ScaleTopic) => {
    let pool = replies.get(topic.key);
    if (!pool)
      replies.set(
        topic.key,
        (pool = Array.from({ length: 40 }, () => {
          const source = scaleAnswerBody(random, topic, 'en');
          return { source, html: renderUserMarkdown(source) };
        })),
      );
    return random.pick(pool);
  };
  const followUps = requesterFollowUps.map((source) => ({ source, html: renderUserMarkdown(source) }));

  // 3. Creation times: volume grows by half over the two years; in time order, so ids follow creation.
  const span = 730 * DAY;
  const times = Array.from({ length: count }, () => {
    // Inverse of the distribution function of a density rising linearly from 2 to 3 over [0, 1].
    const x = -2 + Math.sqrt(4 + 5 * random.next());
    return Math.floor(now - span + x * span);
  }).sort((a, b) => a - b);

  let ticketId = (await scalar(db, 'select max(id) as n from tickets')) + 1;
  let messageId = (await scalar(db, 'select max(id) as n from ticket_messages')) + 1;
  const ticketRows: unknown[][] = [];
  const messageRows: unknown[][] = [];
  const tagRows: unknown[][] = [];
  for (const createdAt of times) {
    const id = ticketId++;
    const ref = ticketIdToRef(id);
    const topic = pickTopic(random);
    const desk = topicDesk[topic.key] ?? { team: 'web app', category: 'other' };
    const urgency = pickUrgency(random);
    const sla = slaTargets[urgency];
    const dueAt = firstResponseDueAt(createdAt, sla, calendar);
    const name = scaleDisplayName(random);
    const email = `${
      name
        .toLowerCase()
        .replace(/[^a-z]+/g, '.')
        .replace(/^\.|\.$/g, '') || 'customer'
    }.${id}@customer.example`;
    const subject = scaleTitle(random, topic, 'en');
    const description = descriptionOf(topic);
    const tier = random.chance(0.85) ? 1 : random.chance(0.8) ? 2 : 3;

    // The first response: support minutes after creation (urgent: around the clock).
    const responseMinutes = skewed(random, firstResponseMedian[urgency]);
    const respondedAt = sla.aroundTheClock ? createdAt + responseMinutes * MIN : addSupportMinutes(createdAt, responseMinutes, calendar);
    const answered = respondedAt <= now;
    // Solving takes hours to days after it; about 1 in 40 is a "tank" nobody solves.
    const solvesAt = answered && !random.chance(0.025) ? respondedAt + skewed(random, 14 * HOUR) * (random.chance(0.3) ? 4 : 1) : Infinity;
    const solved = solvesAt <= now;
    let status: TicketStatus;
    let waitingSince: number | null = null;
    let requesterRepliedAt: number | null = null;
    if (!answered) {
      status = random.chance(0.75) ? 'new' : 'open';
      waitingSince = createdAt;
    } else if (solved) status = solvesAt + 7 * DAY <= now ? 'closed' : 'solved';
    else if (random.chance(0.45)) {
      status = 'open';
      requesterRepliedAt = respondedAt + Math.floor(random.next() * (now - respondedAt));
      waitingSince = requesterRepliedAt;
    } else status = 'pending';
    statuses[status]++;

    const outcome = answered ? slaOutcome(dueAt, respondedAt) : null;
    const staffReplies = answered ? random.int(1, solved ? 4 : 2) : 0;
    const assignee = answered || random.chance(0.4) ? pickAgent(random) : null;
    const rating: TicketRating | null = solved && random.chance(0.4) ? (random.chance(0.72) ? 'great' : random.chance(0.6) ? 'okay' : 'not_good') : null;
    const ratedAt = rating ? Math.min(now, solvesAt + random.int(10, 600) * MIN) : null;
    const updatedAt = Math.max(createdAt, answered ? respondedAt : 0, requesterRepliedAt ?? 0, solved ? solvesAt : 0, ratedAt ?? 0);

    const reply = answered ? replyOf(topic) : null;
    const followUp = requesterRepliedAt !== null ? random.pick(followUps) : null;
    if (reply) messageRows.push([messageId++, id, assignee, 'staff', 'public', reply.source, reply.html, respondedAt]);
    if (followUp) messageRows.push([messageId++, id, null, 'requester', 'public', followUp.source, followUp.html, requesterRepliedAt]);
    const tags = [pickCategoryTag(random)];
    if (random.chance(0.12)) tags.push(random.pick(freeTags));
    for (const tag of tags) tagRows.push([id, tag, createdAt]);

    ticketRows.push([
      id,
      name,
      email,
      subject,
      description,
      desk.category,
      urgency,
      pickEmotion(random),
      status,
      '{"searches":[],"articles":[]}',
      sha256Hex(`scale-ticket-${id}`),
      createdAt,
      updatedAt,
      solved ? solvesAt : null,
      answered ? respondedAt : null,
      solved && random.chance(0.05) ? 1 : 0,
      assignee,
      tier,
      random.chance(0.9) ? desk.team : null,
      dueAt,
      outcome ? (outcome.met ? 'met' : 'breached') : null,
      outcome ? outcome.lateByMinutes : null,
      answered ? Math.round((respondedAt - createdAt) / MIN) : null,
      answered ? supportMinutesBetween(createdAt, respondedAt, calendar) : null,
      solved ? Math.round((solvesAt - createdAt) / MIN) : null,
      staffReplies,
      rating,
      ratedAt,
      waitingSince,
      ticketSearchText({ ref, subject, requesterName: name, requesterEmail: email, description, messages: [reply?.source ?? '', followUp?.source ?? ''] }),
      staffReplies + (status === 'closed' ? 2 : 1),
    ]);
  }
  log(`scale tickets: computed ${count} tickets in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await bulkInsert(
    db,
    'tickets',
    [
      'id',
      'requester_name',
      'requester_email',
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
  await bulkInsert(db, 'ticket_messages', ['id', 'ticket_id', 'author_id', 'author_role', 'visibility', 'body_source', 'body_html', 'created_at'], messageRows);
  await bulkInsert(db, 'ticket_tags', ['ticket_id', 'tag', 'created_at'], tagRows);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`scale tickets: ${count} tickets, ${messageRows.length} messages, ${tagRows.length} tags in ${seconds} s`);
  return { tickets: count, messages: messageRows.length, tags: tagRows.length, agents: generatedAgents, statuses, seconds };
}
