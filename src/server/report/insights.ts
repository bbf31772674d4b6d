// Staff insights (/staff/insights), the quarterly voice of the customer
// (/staff/insights/quarter/<YYYY-Qn>) and what the weekly digest says about a
// week: trending ticket tags and spikes, searches, unhelpful articles, content
// gaps, feature requests, signals by team and known issues' reach. It owns no
// table: each area's insight-facts.ts reads its own, this module combines.
import type { DB } from '@db/connection';
import { config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { highlyVotedAnswers, questionsTagged, type VotedAnswer } from '@/server/community/insight-facts';
import { NotFoundError, ValidationError } from '@/server/errors';
import { leastHelpfulArticles } from '@/server/help/insight-facts';
import { knownIssuesOpenDuring } from '@/server/known-issues/insight-facts';
import { statusLabels } from '@/server/known-issues/model';
import { searchQueryStats, type QueryStat } from '@/server/search/analytics';
import { siteSettings } from '@/server/settings/settings';
import {
  linkedTicketCounts,
  ticketCountsByTagAndPeriod,
  ticketCountsByTagAndTeam,
  ticketFrustrationByTag,
  ticketsTagged,
  type Period,
} from '@/server/tickets/insight-facts';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { isQuarterKey, quarterLabel, quarterOf, quarterRange, weekOf, weekRange, type QuarterKey } from './months';
import { MIN_ITEMS, type Figure } from './types';

/** The desk's category tag for feature requests (settings' default category tags). */
export const FEATURE_REQUEST_TAG = 'feature request';
/** The community's tag for the same (community tags are slugs). */
export const COMMUNITY_FEATURE_REQUEST_TAG = 'feature-request';
export const DIDNT_KNOW_TAG = "didn't know it existed";
export const CONFUSION_TAG = 'product confusion';
/** A tag spikes when this week has more than this many times its weekly average over the 8 weeks before. */
export const SPIKE_FACTOR = 2;
export const TREND_WEEKS = 8;
/** An answer with at least this score is a candidate for a help article. */
export const HIGHLY_VOTED_ANSWER_SCORE = 10;
/** The label of the group of tickets (and questions) that have no team. */
export const NO_TEAM = 'No team';
/** Searches and article feedback: the last this many days. */
export const INSIGHT_DAYS = 30;
export const FEATURE_ITEMS_PER_GROUP = 10;
export const QUARTER_TOP = 10;

const DAY_MS = 24 * 60 * 60_000;
const WEEK_MS = 7 * DAY_MS;

export interface TagTrend {
  tag: string;
  thisWeek: number;
  lastWeek: number;
  /** Tickets a week over the 8 weeks before this one. */
  eightWeekAverage: number;
  /** More than twice its 8-week average (and at least MIN_ITEMS tickets this week). */
  spike: boolean;
  /** The staff inbox filtered to the tag. */
  url: string;
}

export interface FeatureRequestItem {
  /** A ticket subject (tickets with the same subject are one item) or a community question's title. */
  title: string;
  /** The ticket, the inbox searching for the subject (several tickets; staff pages only, never an email), or the question. */
  url: string;
  kind: 'ticket' | 'question';
  /** People asking: the tickets with this subject, or a question's asker plus its net up-votes. */
  count: number;
  /**
   * The names on the item's tickets (the requesters' and their accounts'), so
   * the weekly digest can redact them from the title; none for a question (a
   * public post).
   */
  people: string[];
}

export interface FeatureRequestGroup {
  /** The team, or NO_TEAM. */
  team: string;
  /** People asking in the group: the sum of its items' counts. */
  count: number;
  items: FeatureRequestItem[];
  tickets: number;
  questions: number;
  /** The staff inbox filtered to feature requests of the team. */
  url: string;
}

export interface KnownIssueReach {
  title: string;
  status: string;
  /** "Investigating", "Fixed"…: the status as the board names it. */
  statusLabel: string;
  url: string;
  staffUrl: string;
  affected: number;
  linkedTickets: number;
}

/** What the weekly digest (and the top of /staff/insights) says about one week (Monday 00:00 UTC, 7 days). */
export interface WeeklyHighlights {
  week: string;
  tags: TagTrend[];
  spikes: TagTrend[];
  featureRequests: FeatureRequestGroup[];
  knownIssues: KnownIssueReach[];
}

export interface TeamSignal {
  /** The team, or NO_TEAM. */
  team: string;
  didntKnow: number;
  confusion: number;
  didntKnowUrl: string;
  confusionUrl: string;
}

export interface ArticleInsight {
  slug: string;
  title: string;
  /** The article's page; null when no published article has the slug any more. */
  url: string | null;
  yes: number;
  no: number;
  unhelpfulShare: number;
  comments: { text: string; at: number }[];
}

export interface InsightsOverview {
  /** The current week (Monday, UTC), so far. */
  week: string;
  tags: TagTrend[];
  spikes: TagTrend[];
  searches: { days: number; top: QueryStat[]; zeroResults: QueryStat[] };
  leastHelpful: ArticleInsight[];
  contentGaps: { zeroResults: QueryStat[]; answers: VotedAnswer[]; minScore: number };
  quarter: QuarterKey;
  quarterLabel: string;
  featureRequests: FeatureRequestGroup[];
  teamSignals: TeamSignal[];
  /** Known issues open at some time in the last 30 days. */
  knownIssues: KnownIssueReach[];
}

export interface PainPoint {
  tag: string;
  tickets: number;
  frustrated: number;
  /** The share that arrived frustrated or angry (null: fewer than MIN_ITEMS tickets). */
  frustration: Figure;
  url: string;
}

export interface QuarterlyVoice {
  quarter: QuarterKey;
  label: string;
  /** The quarter has not ended: the lists can still change. */
  inProgress: boolean;
  previous: QuarterKey;
  /** null when the next quarter has not begun. */
  next: QuarterKey | null;
  featureRequests: (FeatureRequestItem & { team: string })[];
  painPoints: PainPoint[];
  featureRequestTickets: number;
  featureRequestQuestions: number;
}

/** The staff inbox filtered to a tag (and a team). */
export function inboxTagUrl(tag: string, team: string | null = null): string {
  const params = new URLSearchParams({ tag });
  if (team !== null) params.set('team', team);
  return `/staff/tickets?${params.toString()}`;
}

/** The spike rule: more than SPIKE_FACTOR times the 8-week average, and at least MIN_ITEMS tickets this week. */
export function isSpike(thisWeek: number, eightWeekAverage: number): boolean {
  return thisWeek >= MIN_ITEMS && thisWeek > SPIKE_FACTOR * eightWeekAverage;
}

/** The team a community question belongs to: the first team whose name, as a tag ("calendar sync" → "calendar-sync"), the question carries (singular or plural). */
export function teamOfQuestionTags(tags: readonly string[], teams: readonly string[]): string | null {
  for (const team of teams) {
    const slug = team.toLowerCase().trim().replace(/\s+/g, '-');
    if (tags.some((tag) => tag === slug || `${tag}s` === slug || tag === `${slug}s`)) return team;
  }
  return null;
}

/** Tickets asking for the same thing usually share a subject: compared lower-cased, spaces and end punctuation aside. */
function subjectKey(subject: string): string {
  return subject
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?]+$/, '')
    .trim();
}

function assertWeek(week: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(week) || Number.isNaN(Date.parse(`${week}T00:00:00Z`)) || weekOf(weekRange(week).from) !== week)
    throw new ValidationError('A week is named by its Monday, like 2026-11-30.');
}

/** This week's and last week's tickets per tag, the 8-week average and spikes; the busiest tags this week first. */
async function tagTrends(db: DB, week: string): Promise<TagTrend[]> {
  const { from } = weekRange(week);
  const periods: Period[] = Array.from({ length: TREND_WEEKS + 1 }, (_, i) => ({ from: from - i * WEEK_MS, to: from - (i - 1) * WEEK_MS }));
  const counts = await ticketCountsByTagAndPeriod(db, periods);
  const trends: TagTrend[] = [];
  for (const [tag, values] of counts) {
    const [thisWeek = 0, lastWeek = 0] = values;
    if (thisWeek === 0 && lastWeek === 0) continue;
    const eightWeekAverage = values.slice(1).reduce((sum, v) => sum + v, 0) / TREND_WEEKS;
    trends.push({ tag, thisWeek, lastWeek, eightWeekAverage, spike: isSpike(thisWeek, eightWeekAverage), url: inboxTagUrl(tag) });
  }
  return trends.sort((a, b) => b.thisWeek - a.thisWeek || b.thisWeek - b.lastWeek - (a.thisWeek - a.lastWeek) || a.tag.localeCompare(b.tag));
}

async function teams(db: DB): Promise<string[]> {
  return (await siteSettings(db, config())).teams;
}

/** Feature requests that arrived in the period (tickets tagged "feature request", community questions tagged "feature-request"), by team. */
async function featureRequestGroups(db: DB, period: Period, teamNames: readonly string[], itemsPerGroup: number): Promise<FeatureRequestGroup[]> {
  const [tickets, questions] = await Promise.all([
    ticketsTagged(db, FEATURE_REQUEST_TAG, period),
    questionsTagged(db, COMMUNITY_FEATURE_REQUEST_TAG, period, 500),
  ]);
  const groups = new Map<string | null, { items: Map<string, FeatureRequestItem & { ids: number[] }>; questions: FeatureRequestItem[]; tickets: number }>();
  const groupOf = (team: string | null) => {
    let group = groups.get(team);
    if (!group) groups.set(team, (group = { items: new Map(), questions: [], tickets: 0 }));
    return group;
  };
  // Newest first: an item's title is its newest ticket's subject.
  for (const t of tickets) {
    const group = groupOf(t.team);
    group.tickets++;
    const key = subjectKey(t.subject);
    const item = group.items.get(key);
    const names = [t.requesterName, ...(t.accountName !== null ? [t.accountName] : [])];
    if (item) {
      item.count++;
      item.ids.push(t.id);
      for (const name of names) if (!item.people.includes(name)) item.people.push(name);
    } else group.items.set(key, { title: t.subject, url: '', kind: 'ticket', count: 1, people: [...new Set(names)], ids: [t.id] });
  }
  for (const q of questions) {
    groupOf(teamOfQuestionTags(q.tags, teamNames)).questions.push({
      title: q.title,
      url: q.url,
      kind: 'question',
      count: 1 + Math.max(0, q.score),
      people: [],
    });
  }
  const result: FeatureRequestGroup[] = [];
  for (const [team, group] of groups) {
    const ticketItems: FeatureRequestItem[] = [...group.items.values()].map(({ ids, ...item }) => ({
      ...item,
      url: ids.length === 1 ? `/staff/tickets/${ticketIdToRef(ids[0]!)}` : `/staff/tickets?${new URLSearchParams({ q: item.title }).toString()}`,
    }));
    const items = [...ticketItems, ...group.questions].sort(
      (a, b) => b.count - a.count || (a.kind === b.kind ? 0 : a.kind === 'ticket' ? -1 : 1) || a.title.localeCompare(b.title),
    );
    result.push({
      team: team ?? NO_TEAM,
      count: items.reduce((sum, i) => sum + i.count, 0),
      items: items.slice(0, itemsPerGroup),
      tickets: group.tickets,
      questions: group.questions.length,
      url: inboxTagUrl(FEATURE_REQUEST_TAG, team),
    });
  }
  // Teams with the most people asking first; "No team" after the teams it ties with.
  return result.sort((a, b) => b.count - a.count || Number(a.team === NO_TEAM) - Number(b.team === NO_TEAM) || a.team.localeCompare(b.team));
}

/** "Didn't know it existed" and "product confusion" tickets that arrived in the period, by team, the most first. */
async function teamSignals(db: DB, period: Period): Promise<TeamSignal[]> {
  const rows = await ticketCountsByTagAndTeam(db, [DIDNT_KNOW_TAG, CONFUSION_TAG], period);
  const byTeam = new Map<string | null, TeamSignal>();
  for (const r of rows) {
    const signal = byTeam.get(r.team) ?? {
      team: r.team ?? NO_TEAM,
      didntKnow: 0,
      confusion: 0,
      didntKnowUrl: inboxTagUrl(DIDNT_KNOW_TAG, r.team),
      confusionUrl: inboxTagUrl(CONFUSION_TAG, r.team),
    };
    if (r.tag === DIDNT_KNOW_TAG) signal.didntKnow += r.tickets;
    else signal.confusion += r.tickets;
    byTeam.set(r.team, signal);
  }
  return [...byTeam.values()].sort(
    (a, b) =>
      b.didntKnow + b.confusion - (a.didntKnow + a.confusion) || Number(a.team === NO_TEAM) - Number(b.team === NO_TEAM) || a.team.localeCompare(b.team),
  );
}

/** Incidents open at some time in the period: the most affected people first, then the most linked tickets. */
async function knownIssueReach(db: DB, period: Period, limit = 10): Promise<KnownIssueReach[]> {
  const issues = await knownIssuesOpenDuring(db, period, 50);
  const linked = await linkedTicketCounts(
    db,
    issues.map((i) => i.id),
  );
  return issues
    .map((i) => ({
      title: i.title,
      status: i.status,
      statusLabel: statusLabels[i.status],
      url: i.url,
      staffUrl: i.staffUrl,
      affected: i.affected,
      linkedTickets: linked.get(i.id) ?? 0,
    }))
    .filter((i) => i.affected > 0 || i.linkedTickets > 0)
    .sort((a, b) => b.affected - a.affected || b.linkedTickets - a.linkedTickets || a.title.localeCompare(b.title))
    .slice(0, limit);
}

/** Staff only in the pages; the digest worker calls it without a user. */
export async function weeklyHighlights(db: DB, week: string, _now: number): Promise<WeeklyHighlights> {
  assertWeek(week);
  const period = weekRange(week);
  const [tags, teamNames, knownIssues] = await Promise.all([tagTrends(db, week), teams(db), knownIssueReach(db, period)]);
  const featureRequests = await featureRequestGroups(db, period, teamNames, FEATURE_ITEMS_PER_GROUP);
  return { week, tags, spikes: tags.filter((t) => t.spike), featureRequests, knownIssues };
}

/**
 * Everything /staff/insights shows, for staff ('insights.view'). `articles`
 * names the help articles (the page passes the help catalog).
 */
export async function insightsOverview(
  db: DB,
  user: SessionUser | null,
  now: number,
  options: { articles: readonly { slug: string; title: string; path: string }[] },
): Promise<InsightsOverview> {
  assertCan(user, 'insights.view');
  const week = weekOf(now);
  const quarter = quarterOf(now);
  const since = now - INSIGHT_DAYS * DAY_MS;
  const [tags, top, zeroResults, feedback, answers, teamNames, signals, knownIssues] = await Promise.all([
    tagTrends(db, week),
    searchQueryStats(db, user, { days: INSIGHT_DAYS, limit: 10, now }),
    searchQueryStats(db, user, { days: INSIGHT_DAYS, zeroResultsOnly: true, limit: 10, now }),
    leastHelpfulArticles(db, { since, minVotes: MIN_ITEMS, limit: 10, commentsPerArticle: 5 }),
    highlyVotedAnswers(db, { minScore: HIGHLY_VOTED_ANSWER_SCORE, limit: 10, exceptTag: COMMUNITY_FEATURE_REQUEST_TAG }),
    teams(db),
    teamSignals(db, { from: quarterRange(quarter).from, to: now + 1 }),
    knownIssueReach(db, { from: since, to: now + 1 }),
  ]);
  const featureRequests = await featureRequestGroups(db, { from: quarterRange(quarter).from, to: now + 1 }, teamNames, 5);
  const articleBySlug = new Map(options.articles.map((a) => [a.slug, a]));
  return {
    week,
    tags,
    spikes: tags.filter((t) => t.spike),
    searches: { days: INSIGHT_DAYS, top, zeroResults },
    leastHelpful: feedback.map((f) => {
      const article = articleBySlug.get(f.slug);
      return { ...f, title: article?.title ?? f.slug, url: article?.path ?? null };
    }),
    contentGaps: { zeroResults, answers, minScore: HIGHLY_VOTED_ANSWER_SCORE },
    quarter,
    quarterLabel: quarterLabel(quarter),
    featureRequests,
    teamSignals: signals,
    knownIssues,
  };
}

export function previousQuarter(quarter: QuarterKey): QuarterKey {
  return quarterOf(quarterRange(quarter).from - 1);
}

export function nextQuarter(quarter: QuarterKey): QuarterKey {
  return quarterOf(quarterRange(quarter).to);
}

/**
 * The quarterly voice of the customer, for staff: the top 10 feature requests
 * (as in the insights, across teams) and the top 10 pain points (ticket tags
 * other than "feature request", by tickets that arrived in the quarter, with
 * the share that arrived frustrated or angry). A quarter that is not a
 * "YYYY-Qn" or has not begun is not found.
 */
export async function quarterlyVoice(db: DB, user: SessionUser | null, quarter: string, now: number): Promise<QuarterlyVoice> {
  assertCan(user, 'insights.view');
  if (!isQuarterKey(quarter)) throw new NotFoundError('There is no such quarter.');
  const range = quarterRange(quarter);
  if (range.from > now) throw new NotFoundError('That quarter has not begun yet.');
  const [teamNames, tags] = await Promise.all([teams(db), ticketFrustrationByTag(db, range)]);
  const groups = await featureRequestGroups(db, range, teamNames, Number.MAX_SAFE_INTEGER);
  const featureRequests = groups
    .flatMap((g) => g.items.map((item) => ({ ...item, team: g.team })))
    .sort((a, b) => b.count - a.count || (a.kind === b.kind ? 0 : a.kind === 'ticket' ? -1 : 1) || a.title.localeCompare(b.title))
    .slice(0, QUARTER_TOP);
  const painPoints = tags
    .filter((t) => t.tag !== FEATURE_REQUEST_TAG)
    .sort((a, b) => b.tickets - a.tickets || a.tag.localeCompare(b.tag))
    .slice(0, QUARTER_TOP)
    .map((t) => ({
      tag: t.tag,
      tickets: t.tickets,
      frustrated: t.frustrated,
      frustration: { value: t.tickets >= MIN_ITEMS ? Math.round((t.frustrated / t.tickets) * 10_000) / 10_000 : null, n: t.tickets, unit: 'share' as const },
      url: inboxTagUrl(t.tag),
    }));
  const next = nextQuarter(quarter);
  return {
    quarter,
    label: quarterLabel(quarter),
    inProgress: range.to > now,
    previous: previousQuarter(quarter),
    next: quarterRange(next).from <= now ? next : null,
    featureRequests,
    painPoints,
    featureRequestTickets: groups.reduce((sum, g) => sum + g.tickets, 0),
    featureRequestQuestions: groups.reduce((sum, g) => sum + g.questions, 0),
  };
}
