// "Follow this issue instead" on the contact form, the domain: a member
// follows at once, a visitor follows with the address typed (double opt-in
// by the followers module), a visitor without one is asked for it, only an
// open issue is offered, and the follow counts as a deflection attempt of the
// form's visit, never as a ticket. The followers module is another helper's:
// its calls are watched here (and pass through to it).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, ValidationError } from '@/server/errors';
import { followAsMember, followByEmail } from '@/server/known-issues/followers';
import { createKnownIssue, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { followInsteadOfTicket } from '@/server/known-issues/linked-tickets';
import { deflectionCounts } from '@/server/tickets/deflection';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';
import { newIncident } from '../support/known-issues';

vi.mock('@/server/known-issues/followers', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/known-issues/followers')>();
  return { ...actual, followAsMember: vi.fn(actual.followAsMember), followByEmail: vi.fn(actual.followByEmail) };
});

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  vi.mocked(followAsMember).mockClear();
  vi.mocked(followByEmail).mockClear();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 24, 9, 0);
const VISIT = 'abcdefghijklmnopqrstuvwxyz234567';

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident({
    workaround: '',
    githubRepo: null,
    githubIssueNumber: null,
    articleSlugs: [],
    status: 'fixing',
    message: 'A fix for the calendar sync is rolling out.',
    ...overrides,
  });
}

describe('follow this issue instead', () => {
  it('a member follows at once; the follow is a deflection attempt of the visit', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const issue = await createKnownIssue(t.db, staff, incident(), T0);
    const outcome = await followInsteadOfTicket(t.db, site, { user: member, issueId: issue.id, email: '', visitId: VISIT, visitorKey: `u:${member.id}` }, T0);
    expect(outcome).toMatchObject({ kind: 'following', issue: { id: issue.id, title: 'Google Calendar events stop syncing', open: true } });
    expect(vi.mocked(followAsMember)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(followAsMember).mock.calls[0]!.slice(1)).toEqual([member, issue.id, T0]);
    expect(vi.mocked(followByEmail)).not.toHaveBeenCalled();
    const rows = await t.db.selectFrom('contact_deflections').selectAll().execute();
    expect(rows).toMatchObject([{ visit_id: VISIT, url: `/known-issues/${issue.slug}`, doc_type: 'known_issue', ticket_id: null }]);
    // A day later, no ticket came of the visit: it was deflected.
    expect(await deflectionCounts(t.db, T0 - 1, T0 + 1, T0 + 25 * 3_600_000)).toMatchObject({ visits: 1, deflectedVisits: 1 });
  });

  it('a visitor follows with the address typed, and is asked for one when there is none', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const issue = await createKnownIssue(t.db, staff, incident(), T0);
    const input = { user: null, issueId: issue.id, visitId: VISIT, visitorKey: 'visitor-key' };

    const missing = followInsteadOfTicket(t.db, site, { ...input, email: '  ' }, T0);
    await expect(missing).rejects.toBeInstanceOf(ValidationError);
    await expect(followInsteadOfTicket(t.db, site, { ...input, email: '' }, T0)).rejects.toMatchObject({
      fields: { email: 'Type your email address to follow this issue.' },
    });
    await expect(followInsteadOfTicket(t.db, site, { ...input, email: 'not-an-address' }, T0)).rejects.toMatchObject({
      fields: { email: 'Enter a valid email address, like name@example.com.' },
    });
    expect(vi.mocked(followByEmail)).not.toHaveBeenCalled();
    expect(await t.db.selectFrom('contact_deflections').selectAll().execute()).toEqual([]);

    const outcome = await followInsteadOfTicket(t.db, site, { ...input, email: ' Robin@Example.com ' }, T0);
    expect(outcome).toMatchObject({ kind: 'confirmation_sent', email: 'robin@example.com' });
    expect(vi.mocked(followByEmail).mock.calls[0]!.slice(1)).toEqual([site, issue.id, 'robin@example.com', T0]);
    expect(vi.mocked(followAsMember)).not.toHaveBeenCalled();
    expect(await t.db.selectFrom('tickets').select('id').execute()).toEqual([]);
  });

  it('offers only an open issue', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const fixed = await createKnownIssue(t.db, staff, incident({ status: 'fixed', message: 'It is fixed.' }), T0);
    const input = { user: null, email: 'robin@example.com', visitId: VISIT, visitorKey: null };
    await expect(followInsteadOfTicket(t.db, site, { ...input, issueId: fixed.id }, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(followInsteadOfTicket(t.db, site, { ...input, issueId: fixed.id + 50 }, T0)).rejects.toBeInstanceOf(NotFoundError);
    expect(vi.mocked(followByEmail)).not.toHaveBeenCalled();
  });
});
