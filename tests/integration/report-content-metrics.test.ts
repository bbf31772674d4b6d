// Issue 14: the happiness report's self-service, community and known-issues
// figures (src/server/report/metrics-content.ts), computed on a small data set
// built by hand around March 2026, with every expected value worked out in the
// comments: items on the month's first and last millisecond and on the next
// month's first, hidden and deleted posts, staff against community answers,
// fewer than 5 items ("not enough data") and a month with no data at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { acceptAnswer, setAnswerVisibility } from '@/server/community/answers';
import { setQuestionVisibility } from '@/server/community/questions';
import { recordFeedback, voterKey } from '@/server/help/feedback';
import { recordArticleView } from '@/server/help/views';
import {
  acceptedShare,
  answeredShare,
  clickShare,
  communityAnswerShare,
  contentDefinitions,
  contentFigures,
  deflectedVisits,
  helpfulShare,
  helpViews,
  knownIssuesFixed,
  knownIssuesOpened,
  medianFirstAnswer,
  medianMinutesFigure,
  medianTimeToFix,
  questions,
  searches,
  shareFigure,
  zeroResultShare,
  type ContentFigures,
} from '@/server/report/metrics-content';
import { monthRange } from '@/server/report/months';
import type { Figure, MonthFigures } from '@/server/report/types';
import { recordSearch, recordSearchClick } from '@/server/search/analytics';
import { markVisitSubmitted, newContactVisitId, recordDeflectionAttempt } from '@/server/tickets/deflection';
import { ticketRefToId } from '@/server/tickets/tickets';
import { createKnownIssue, postUpdate } from '@/server/known-issues/known-issues';
import { makeAnswer, makeQuestion, makeTicket, makeUser, site } from '../support/factories';
import { insertKnownIssue, newIncident } from '../support/known-issues';
import { createTestDb, type TestDb } from '../support/test-db';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MARCH = monthRange('2026-03');
const FEBRUARY = monthRange('2026-02');
const APRIL = monthRange('2026-04');
/** March's first millisecond, its last, and April's first. */
const FIRST = MARCH.from;
const LAST = MARCH.to - 1;
const NEXT = MARCH.to;
const at = (day: number, hour = 0, minute = 0) => Date.UTC(2026, 2, day, hour, minute);
const JOINED = Date.UTC(2026, 0, 1);

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const member = () => makeUser(t.db, { joinedAt: JOINED });

// --- Self-service -----------------------------------------------------------

async function helpData(): Promise<void> {
  // Views are per UTC day. February 28: 7 (February). March 1 at its first ms: 3; March 15: 2;
  // March 31 at its last ms: 4 → March = 3 + 2 + 4 = 9. April 1 at its first ms: 100 (April).
  await recordArticleView(t.db, 'calendar-sync/fix-calendar-sync-errors', Date.UTC(2026, 1, 28, 12), 7);
  await recordArticleView(t.db, 'calendar-sync/fix-calendar-sync-errors', FIRST, 3);
  await recordArticleView(t.db, 'billing/update-card', at(15, 9), 2);
  await recordArticleView(t.db, 'billing/update-card', LAST, 4);
  await recordArticleView(t.db, 'calendar-sync/fix-calendar-sync-errors', NEXT, 100);

  // "Was this helpful?": a vote belongs to the month it was first cast, with its current answer.
  const vote = (voter: string, helpful: boolean, when: number) =>
    recordFeedback(t.db, { slug: 'billing/update-card', voter, userId: null, helpful, ip: null }, when);
  await vote('v:1', true, FIRST); //              March, yes
  await vote('v:2', true, at(3, 10)); //          March, yes
  await vote('v:3', false, at(9, 10)); //         March, no
  await vote('v:4', true, LAST); //               March, yes
  await vote('v:5', false, at(10, 8)); //         March, no …
  await vote('v:5', true, APRIL.from + DAY); //   … changed to yes in April: March, yes
  await vote('v:6', true, NEXT); //               April
  await vote('v:7', false, Date.UTC(2026, 1, 20)); // February …
  await vote('v:7', true, at(2)); //              … changed in March: still February's, yes
  // March: 5 votes, 4 yes (v:1, v:2, v:4, v:5) → 4 / 5 = 0.8. February: 1 vote → not enough data.
}

async function searchData(): Promise<SessionUser> {
  const staff = await makeUser(t.db, { role: 'staff', joinedAt: JOINED });
  const customer = await member();
  const search = (query: string, resultCount: number, when: number, visitorKey: string | null = 'v:visitor') =>
    recordSearch(t.db, { query, type: null, resultCount, visitorKey }, when);
  const click = (searchId: number, when: number, visitorKey = 'v:visitor') =>
    recordSearchClick(t.db, { searchId, url: '/help/billing/update-card', visitorKey }, when);
  const s1 = await search('calendar sync', 4, FIRST); //   counted, clicked
  await click(s1, FIRST + MIN);
  await search('export pdf', 0, at(4, 12)); //             counted, nothing found
  await search('export pdf', 0, LAST); //                  counted, nothing found
  const s4 = await search('invoice', 2, at(20, 12)); //    counted, clicked in April (the data as it stands)
  await click(s4, APRIL.from + HOUR);
  const staffKey = voterKey(staff.id, null)!;
  const s5 = await search('invoice', 2, at(20, 13), staffKey); // staff signed in: not counted
  await click(s5, at(20, 13, 1), staffKey);
  await search('reset password', 3, at(21, 9)); //         counted, no click
  const customerKey = voterKey(customer.id, null)!;
  const s7 = await search('reset password', 5, at(22, 9), customerKey); // a signed-in customer: counted, clicked
  await click(s7, at(22, 9, 1), customerKey);
  await search('late events', 1, NEXT); //                 April
  await search('   ', 0, at(23, 9)); //                    an empty query: not counted
  // March: 6 searches (s1, s2, s3, s4, s6, s7); clicked 3 (s1, s4, s7) → 0.5; nothing found 2 (s2, s3) → 0.3333.
  return staff;
}

async function deflectionData(): Promise<void> {
  const ticketAt = async (when: number) => {
    const { ref } = await makeTicket(t.db);
    const id = ticketRefToId(ref)!;
    await t.db.updateTable('tickets').set({ created_at: when }).where('id', '=', id).execute();
    return id;
  };
  const open = (visitId: string, url: string, when: number) => recordDeflectionAttempt(t.db, { visitId, visitorKey: null, url, docType: 'article' }, when);
  const [v1, v2, v3, v4, v5, v6] = Array.from({ length: 6 }, () => newContactVisitId()) as [string, string, string, string, string, string];
  await open(v1, '/help/a', LAST - HOUR); //       March; deflected once its 24 hours are over (undecided before)
  await open(v2, '/help/a', at(10, 9)); //         March; sent its request an hour later: not deflected
  await markVisitSubmitted(t.db, v2, await ticketAt(at(10, 10)), at(10, 10));
  await open(v3, '/help/a', FEBRUARY.to - 30 * MIN); // began in February …
  await open(v3, '/help/b', FIRST + 10 * MIN); //  … and opened another on March 1: February's visit
  await open(v4, '/help/a', FIRST); //             March, deflected
  await open(v5, '/help/a', NEXT); //              April
  await open(v6, '/help/a', at(5, 9)); //          March; its request came 30 hours later, past the window: deflected
  await markVisitSubmitted(t.db, v6, await ticketAt(at(6, 15)), at(6, 15));
  // March, computed two days after the month: v1, v4, v6 → 3. Computed at April's first ms: v1 undecided → 2.
  // February: v3 → 1.
}

// --- Community --------------------------------------------------------------

async function communityData(): Promise<void> {
  const staff = await makeUser(t.db, { role: 'staff', joinedAt: JOINED });
  const ask = async (when: number) => {
    const asker = await member();
    const q = await makeQuestion(t.db, asker, {}, { now: when });
    return { id: q.id, asker };
  };
  const answer = async (questionId: number, when: number, author?: SessionUser) =>
    (await makeAnswer(t.db, questionId, author ?? (await member()), undefined, { now: when })).id;

  // Q1, asked at March's first ms: a member answers 30 min later, the asker accepts it.
  const q1 = await ask(FIRST);
  await acceptAnswer(t.db, site, q1.asker, await answer(q1.id, FIRST + 30 * MIN), {
    now: FIRST + HOUR,
  });
  // Q2: a member answers after 10 min but the answer is hidden; staff answer after 90 min → first answer 90 min.
  const q2 = await ask(at(5, 10));
  const hidden = await answer(q2.id, at(5, 10, 10));
  await answer(q2.id, at(5, 11, 30), staff);
  await setAnswerVisibility(t.db, hidden, 'hidden', 'spam', at(5, 12));
  // Q3: the asker answers themselves after 5 min (not a first answer, but a community answer); a member after 120 min.
  const q3 = await ask(at(8, 9));
  await answer(q3.id, at(8, 9, 5), q3.asker);
  await answer(q3.id, at(8, 11));
  // Q4: never answered.
  await ask(at(20, 9));
  // Q5, asked at March's last ms: answered on April 1, 60 min later: answered (the data as it stands), an April answer.
  const q5 = await ask(LAST);
  await answer(q5.id, LAST + 60 * MIN);
  // Q6: deleted, with its March answer: left out of everything.
  const q6 = await ask(at(12, 9));
  await answer(q6.id, at(12, 9, 15));
  await setQuestionVisibility(t.db, q6.id, 'deleted', 'spam', at(13));
  // Q7, asked at April's first ms: April's.
  await ask(NEXT);
  // Q8, asked in February: staff answer at March's first ms (a March answer), a member at April's first ms (April's).
  const q8 = await ask(Date.UTC(2026, 1, 27, 9));
  await answer(q8.id, FIRST, staff);
  await answer(q8.id, NEXT);
  // Q9: a member answers after 240 min, the asker accepts it.
  const q9 = await ask(at(15, 9));
  await acceptAnswer(t.db, site, q9.asker, await answer(q9.id, at(15, 13)), { now: at(15, 14) });
  // Q10: a member answers after 45 min and it is accepted, then the answer is hidden in April: neither answered nor accepted.
  const q10 = await ask(at(16, 9));
  const hiddenAccepted = await answer(q10.id, at(16, 9, 45));
  await acceptAnswer(t.db, site, q10.asker, hiddenAccepted, { now: at(16, 10) });
  await setAnswerVisibility(t.db, hiddenAccepted, 'hidden', 'rude', APRIL.from + DAY);
  // March questions: Q1, Q2, Q3, Q4, Q5, Q9, Q10 = 7.
  // Answered by someone else: Q1, Q2, Q3, Q5, Q9 = 5 → 5 / 7 = 0.714285… → 0.7143.
  // Accepted (still visible): Q1, Q9 = 2 → 2 / 7 = 0.285714… → 0.2857.
  // First answers: Q1 30, Q5 60, Q2 90, Q3 120, Q9 240 → median 90 min (n 5).
  // Answers posted in March, visible, on visible questions: Q1 member, Q2 staff, Q3 asker, Q3 member,
  // Q8 staff (at the first ms), Q9 member = 6; by members 4 → 4 / 6 = 0.6667.
  // February: Q8 alone → 1 question, not enough data for the shares.
}

// --- Known issues -----------------------------------------------------------

async function knownIssueData(): Promise<void> {
  const issue = (createdAt: number, fixedAt: number | null, kind: 'incident' | 'maintenance' = 'incident') =>
    insertKnownIssue(t.db, {
      kind,
      createdAt,
      status: fixedAt === null ? 'fixing' : 'fixed',
      fixedAt,
      lastUpdateAt: fixedAt ?? createdAt,
      ...(kind === 'maintenance' ? { startsAt: createdAt + DAY, endsAt: createdAt + DAY + HOUR } : {}),
    });
  await issue(Date.UTC(2026, 1, 20), FIRST); //          K1: February's, fixed at March's first ms after 9 days = 12,960 min
  await issue(at(3, 10), at(3, 12)); //                  K2: March, fixed after 120 min
  await issue(LAST - 60 * MIN, LAST); //                 K3: March, fixed at its last ms after 60 min
  await issue(at(15), null); //                          K4: March, still being fixed
  await issue(LAST, null); //                            K5: March's last ms, open
  await issue(NEXT, null); //                            K6: April's
  await issue(at(5), at(6), 'maintenance'); //           K7: planned maintenance: not counted
  await issue(at(20), NEXT); //                          K8: March, fixed at April's first ms (April's fix)
  await issue(FIRST, FIRST + 30 * MIN); //               K9: March, fixed after 30 min
  await issue(at(4), at(4, 4)); //                       K10: March, fixed after 240 min
  // Opened in March: K2, K3, K4, K5, K8, K9, K10 = 7.
  // Fixed in March: K1 12,960, K2 120, K3 60, K9 30, K10 240 → 5; sorted 30, 60, 120, 240, 12,960 → median 120 min.
  // February: K1 opened; nothing fixed → median not enough data.
}

const NO_DATA = (unit: 'share' | 'minutes'): Figure => ({ value: null, n: 0, unit });
const count = (n: number): Figure => ({ value: n, n, unit: 'count' });

describe('report content figures', () => {
  it('computes the self-service figures of March by hand', async () => {
    await helpData();
    await searchData();
    await deflectionData();
    const now = MARCH.to + 2 * DAY;
    const march = await contentFigures(t.db, MARCH, now);
    expect(march.selfService).toEqual({
      helpViews: count(9),
      helpfulShare: { value: 0.8, n: 5, unit: 'share' },
      searches: count(6),
      clickShare: { value: 0.5, n: 6, unit: 'share' },
      zeroResultShare: { value: 0.3333, n: 6, unit: 'share' },
      deflectedVisits: count(3),
    });
    // One function per figure, the same values.
    expect(await helpViews(t.db, MARCH)).toEqual(count(9));
    expect(await helpfulShare(t.db, MARCH)).toEqual(march.selfService.helpfulShare);
    expect(await searches(t.db, MARCH)).toEqual(count(6));
    expect(await clickShare(t.db, MARCH)).toEqual(march.selfService.clickShare);
    expect(await zeroResultShare(t.db, MARCH)).toEqual(march.selfService.zeroResultShare);
    expect(await deflectedVisits(t.db, MARCH, now)).toEqual(count(3));
    // At April's first ms the visit begun an hour before is still undecided: not counted yet.
    expect(await deflectedVisits(t.db, MARCH, MARCH.to)).toEqual(count(2));

    // February: 7 views; one vote (not enough data); no searches; the visit begun on its last evening.
    const february = await contentFigures(t.db, FEBRUARY, now);
    expect(february.selfService).toEqual({
      helpViews: count(7),
      helpfulShare: { value: null, n: 1, unit: 'share' },
      searches: count(0),
      clickShare: NO_DATA('share'),
      zeroResultShare: NO_DATA('share'),
      deflectedVisits: count(1),
    });
    // April so far, at 20:00 on April 1: the day's 100 views so far; v:6's vote; one search; v5's visit, 20 hours old, is undecided.
    const aprilSoFar = await contentFigures(t.db, { from: APRIL.from, to: APRIL.from + 20 * HOUR }, APRIL.from + 20 * HOUR);
    expect(aprilSoFar.selfService).toMatchObject({ helpViews: count(100), helpfulShare: { value: null, n: 1 }, searches: count(1), deflectedVisits: count(0) });
  });

  it('computes the community figures of March by hand, leaving out hidden and deleted posts', async () => {
    await communityData();
    const march = await contentFigures(t.db, MARCH);
    expect(march.community).toEqual({
      questions: count(7),
      answeredShare: { value: 0.7143, n: 7, unit: 'share' },
      acceptedShare: { value: 0.2857, n: 7, unit: 'share' },
      medianFirstAnswer: { value: 90, n: 5, unit: 'minutes' },
      communityAnswerShare: { value: 0.6667, n: 6, unit: 'share' },
    });
    expect(await questions(t.db, MARCH)).toEqual(count(7));
    expect(await answeredShare(t.db, MARCH)).toEqual(march.community.answeredShare);
    expect(await acceptedShare(t.db, MARCH)).toEqual(march.community.acceptedShare);
    expect(await medianFirstAnswer(t.db, MARCH)).toEqual(march.community.medianFirstAnswer);
    expect(await communityAnswerShare(t.db, MARCH)).toEqual(march.community.communityAnswerShare);

    // February: Q8 alone, answered (by staff, in March) after 2 days 15 hours: every share and the median rest on 1 question.
    expect((await contentFigures(t.db, FEBRUARY)).community).toEqual({
      questions: count(1),
      answeredShare: { value: null, n: 1, unit: 'share' },
      acceptedShare: { value: null, n: 1, unit: 'share' },
      medianFirstAnswer: { value: null, n: 1, unit: 'minutes' },
      communityAnswerShare: NO_DATA('share'),
    });
    // April: Q7 (unanswered); answers by members on Q5 and Q8 (the hidden Q10 answer is March's and hidden anyway) → 2 answers.
    expect((await contentFigures(t.db, APRIL)).community).toMatchObject({ questions: count(1), communityAnswerShare: { value: null, n: 2 } });
  });

  it('computes the known-issues figures of March by hand, incidents only', async () => {
    await knownIssueData();
    const march = await contentFigures(t.db, MARCH);
    expect(march.knownIssues).toEqual({ opened: count(7), fixed: count(5), medianTimeToFix: { value: 120, n: 5, unit: 'minutes' } });
    expect(await knownIssuesOpened(t.db, MARCH)).toEqual(count(7));
    expect(await knownIssuesFixed(t.db, MARCH)).toEqual(count(5));
    expect(await medianTimeToFix(t.db, MARCH)).toEqual(march.knownIssues.medianTimeToFix);
    expect((await contentFigures(t.db, FEBRUARY)).knownIssues).toEqual({ opened: count(1), fixed: count(0), medianTimeToFix: NO_DATA('minutes') });
    // April: K6 opened; K8 fixed (after 12 days: one item, not enough data).
    expect((await contentFigures(t.db, APRIL)).knownIssues).toEqual({
      opened: count(1),
      fixed: count(1),
      medianTimeToFix: { value: null, n: 1, unit: 'minutes' },
    });
  });

  it("counts a reopened incident at its latest fix only, through the board's own updates", async () => {
    const staff = await makeUser(t.db, { role: 'staff', joinedAt: JOINED });
    const update = (id: number, status: 'fixing' | 'fixed', when: number) =>
      postUpdate(t.db, site, staff, id, { status, message: `Now ${status}: details for customers.` }, when);
    // Opened February 27, fixed March 2, reopened March 3, fixed again April 2: April's fix, after 34 days = 48,960 min.
    const reopened = await createKnownIssue(t.db, staff, newIncident(), Date.UTC(2026, 1, 27));
    await update(reopened.id, 'fixed', at(2));
    await update(reopened.id, 'fixing', at(3));
    await update(reopened.id, 'fixed', Date.UTC(2026, 3, 2));
    // Opened March 10, fixed March 11 and reopened on April 1: fixed in no month (for now).
    const open = await createKnownIssue(t.db, staff, newIncident(), at(10));
    await update(open.id, 'fixed', at(11));
    await update(open.id, 'fixing', NEXT);
    expect((await contentFigures(t.db, FEBRUARY)).knownIssues).toEqual({ opened: count(1), fixed: count(0), medianTimeToFix: NO_DATA('minutes') });
    expect((await contentFigures(t.db, MARCH)).knownIssues).toEqual({ opened: count(1), fixed: count(0), medianTimeToFix: NO_DATA('minutes') });
    expect((await contentFigures(t.db, APRIL)).knownIssues).toEqual({
      opened: count(0),
      fixed: count(1),
      medianTimeToFix: { value: null, n: 1, unit: 'minutes' },
    });
  });

  it('shows counts of nothing and "not enough data" for a month with no data at all', async () => {
    await helpData();
    await searchData();
    await deflectionData();
    await communityData();
    await knownIssueData();
    const empty: ContentFigures = {
      selfService: {
        helpViews: count(0),
        helpfulShare: NO_DATA('share'),
        searches: count(0),
        clickShare: NO_DATA('share'),
        zeroResultShare: NO_DATA('share'),
        deflectedVisits: count(0),
      },
      community: {
        questions: count(0),
        answeredShare: NO_DATA('share'),
        acceptedShare: NO_DATA('share'),
        medianFirstAnswer: NO_DATA('minutes'),
        communityAnswerShare: NO_DATA('share'),
      },
      knownIssues: { opened: count(0), fixed: count(0), medianTimeToFix: NO_DATA('minutes') },
    };
    expect(await contentFigures(t.db, monthRange('2025-06'))).toEqual(empty);
  });

  it('rounds shares to 4 decimals and medians to 0.1 minute, the middle two averaged', () => {
    // 1.5, 2, 2.25, 3, 10 minutes → 2.25 → 2.3 (rounded to one decimal).
    expect(medianMinutesFigure([90_000, 120_000, 135_000, 180_000, 600_000])).toEqual({ value: 2.3, n: 5, unit: 'minutes' });
    // Six: the middle two, 2 and 2.25 minutes → 2.125 → 2.1.
    expect(medianMinutesFigure([90_000, 120_000, 135_000, 180_000, 600_000, 60_000])).toEqual({ value: 2.1, n: 6, unit: 'minutes' });
    expect(medianMinutesFigure([60_000, 60_000, 60_000, 60_000])).toEqual({ value: null, n: 4, unit: 'minutes' });
    expect(shareFigure(2, 3)).toEqual({ value: null, n: 3, unit: 'share' });
    expect(shareFigure(1, 6)).toEqual({ value: 0.1667, n: 6, unit: 'share' });
  });

  it('defines every figure once, in the order of the figures, keyed by its path in the month figures', async () => {
    const sections = ['selfService', 'community', 'knownIssues'] as const satisfies readonly (keyof MonthFigures)[];
    const figures = await contentFigures(t.db, MARCH);
    const paths = sections.flatMap((section) => Object.keys(figures[section]).map((name) => `${section}.${name}`));
    expect(contentDefinitions.map((d) => d.key)).toEqual(paths);
    for (const d of contentDefinitions) expect(d.text.length).toBeGreaterThan(60);
  });
});
