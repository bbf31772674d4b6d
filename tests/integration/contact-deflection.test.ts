// Issue 11 item 3: opening a suggestion on the contact form is a deflection
// attempt; a visit that opened one and sent no request within 24 hours of its
// first attempt is deflected; a visit still inside its 24 hours is undecided.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflectionCounts, markVisitSubmitted, newContactVisitId, recordDeflectionAttempt } from '@/server/tickets/deflection';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const HOUR = 60 * 60_000;
const T0 = Date.UTC(2026, 10, 2, 9);
const article = '/help/calendar-sync/fix-calendar-sync-errors';
const question = '/community/questions/12/late-events';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const open = (visitId: string, url: string, at: number, docType = 'article') =>
  recordDeflectionAttempt(t.db, { visitId, visitorKey: 'v:abc', url, docType }, at);

/** A ticket created at `at`, as the contact form sends it. */
async function ticketAt(at: number): Promise<number> {
  const { ref } = await makeTicket(t.db);
  const id = ticketRefToId(ref)!;
  await t.db.updateTable('tickets').set({ created_at: at }).where('id', '=', id).execute();
  return id;
}

describe('contact deflection', () => {
  it('counts attempts once per link and visit, and visits deflected, not deflected or undecided', async () => {
    const [deflected, submitted, lateSubmit, recent, outside] = [1, 2, 3, 4, 5].map(() => newContactVisitId()) as [string, string, string, string, string];
    // Opened two answers (one of them twice) and never wrote.
    expect(await open(deflected, article, T0)).toBe(true);
    expect(await open(deflected, article, T0 + 60_000)).toBe(false);
    expect(await open(deflected, question, T0 + 120_000, 'question')).toBe(true);
    // Opened one, then sent the request an hour later: not deflected.
    await open(submitted, article, T0 + HOUR);
    expect(await markVisitSubmitted(t.db, submitted, await ticketAt(T0 + 2 * HOUR), T0 + 2 * HOUR)).toBe(1);
    // Sent a request from the same form 30 hours after opening an answer: past the window, deflected.
    await open(lateSubmit, article, T0 + 2 * HOUR);
    await markVisitSubmitted(t.db, lateSubmit, await ticketAt(T0 + 32 * HOUR), T0 + 32 * HOUR);
    // Opened one two hours before "now": it may still write.
    const now = T0 + 40 * HOUR;
    await open(recent, article, now - 2 * HOUR);
    // Before the period asked about.
    await open(outside, article, T0 - 2 * HOUR);

    expect(await deflectionCounts(t.db, T0, now, now)).toEqual({ attempts: 5, visits: 4, deflectedVisits: 2, undecidedVisits: 1 });
    // A day later the recent visit has had its 24 hours without a request.
    expect(await deflectionCounts(t.db, T0, now, now + 24 * HOUR)).toEqual({ attempts: 5, visits: 4, deflectedVisits: 3, undecidedVisits: 0 });
    expect(await deflectionCounts(t.db, T0 - 3 * HOUR, T0, now)).toEqual({ attempts: 1, visits: 1, deflectedVisits: 1, undecidedVisits: 0 });

    const rows = await t.db
      .selectFrom('contact_deflections')
      .select(['visit_id', 'doc_type', 'ticket_id'])
      .where('visit_id', '=', deflected)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { visit_id: deflected, doc_type: 'article', ticket_id: null },
      { visit_id: deflected, doc_type: 'question', ticket_id: null },
    ]);
  });

  it('records nothing for a visit id it did not hand out, and an unknown type as none', async () => {
    expect(await open('not a visit id', article, T0)).toBe(false);
    expect(await open('', article, T0)).toBe(false);
    expect(await markVisitSubmitted(t.db, '../../etc', 1, T0)).toBe(0);
    const visit = newContactVisitId();
    expect(await open(visit, article, T0, '<script>')).toBe(true);
    const rows = await t.db.selectFrom('contact_deflections').select(['visit_id', 'doc_type', 'url', 'visitor_key']).execute();
    expect(rows).toEqual([{ visit_id: visit, doc_type: null, url: article, visitor_key: 'v:abc' }]);
  });

  it('stops recording a visit after 30 links (a script, not a person)', async () => {
    const visit = newContactVisitId();
    for (let i = 0; i < 35; i++) await open(visit, `/help/a/article-${i}`, T0 + i);
    expect((await deflectionCounts(t.db, T0, T0 + 100, T0 + 100)).attempts).toBe(30);
  });

  it('marks only the attempts opened before the request was sent', async () => {
    const visit = newContactVisitId();
    await open(visit, article, T0);
    const ticket = await ticketAt(T0 + HOUR);
    await markVisitSubmitted(t.db, visit, ticket, T0 + HOUR);
    await open(visit, question, T0 + 2 * HOUR, 'question');
    const rows = await t.db.selectFrom('contact_deflections').select(['url', 'ticket_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { url: article, ticket_id: ticket },
      { url: question, ticket_id: null },
    ]);
  });
});
