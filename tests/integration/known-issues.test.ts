// Known issues, the core: staff post an issue with its first update, edit its
// details against the version they saw, and move its status through updates
// (forward, back, progress notes); fixed_at follows the status, every write
// records the search index change, and only staff may write or read the staff views.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import {
  createKnownIssue,
  editKnownIssue,
  knownIssueForStaff,
  knownIssuesTrackedBy,
  postUpdate,
  staffKnownIssues,
  type NewKnownIssue,
} from '@/server/known-issues/known-issues';
import { defaultUpdateCadence } from '@/server/settings/settings';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';
import { newIncident } from '../support/known-issues';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const cadence = { ...defaultUpdateCadence };
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 9, 0);

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident(overrides);
}

describe('known issues', () => {
  it('creates an issue with its first update, rendered once, a free slug and an index change', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const first = await createKnownIssue(t.db, staff, incident(), T0);
    const second = await createKnownIssue(t.db, staff, incident(), T0 + 1);
    expect(first.slug).toBe('google-calendar-events-stop-syncing');
    expect(second.slug).toBe('google-calendar-events-stop-syncing-2');
    const issue = await knownIssueForStaff(t.db, staff, first.id, cadence, T0);
    expect(issue).toMatchObject({
      status: 'investigating',
      severity: 'major',
      areas: ['calendar sync'],
      articleSlugs: ['calendar-sync/fix-calendar-sync-errors'],
      fixedAt: null,
      lastUpdateAt: T0,
    });
    expect(issue.workaroundHtml).toContain('<strong>Settings → Calendars</strong>');
    expect(issue.timeline).toHaveLength(1);
    expect(issue.timeline[0]).toMatchObject({ status: 'investigating', authorId: staff.id, source: 'staff' });
    const changes = await t.db.selectFrom('search_index_changes').select('doc_id').execute();
    expect(changes.map((c) => c.doc_id)).toEqual(expect.arrayContaining([`known_issue-${first.id}`, `known_issue-${second.id}`]));
    expect(await knownIssuesTrackedBy(t.db, 'Fieldnote/Fieldnote', 812)).toHaveLength(2);
  });

  it('moves forward, back and forward again; fixed_at is stamped at fixed and cleared when a fix did not hold', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    const steps = ['identified', 'fixing', 'monitoring', 'fixed'] as const;
    for (const [i, status] of steps.entries())
      await postUpdate(t.db, site, staff, id, { status, message: `Now ${status}: details for customers.` }, T0 + (i + 1) * HOUR);
    let issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + 5 * HOUR);
    expect(issue.status).toBe('fixed');
    expect(issue.fixedAt).toBe(T0 + 4 * HOUR);
    // The fix did not hold: back to fixing.
    await postUpdate(t.db, site, staff, id, { status: 'fixing', message: 'Some calendars still fail; we are rolling out a second fix.' }, T0 + 6 * HOUR);
    issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + 6 * HOUR);
    expect(issue).toMatchObject({ status: 'fixing', fixedAt: null, lastUpdateAt: T0 + 6 * HOUR });
    // A progress note keeps the status.
    await postUpdate(t.db, site, staff, id, { status: 'fixing', message: 'The second fix is at 50% of accounts.' }, T0 + 7 * HOUR);
    await postUpdate(t.db, site, staff, id, { status: 'fixed', message: 'Fixed for everyone.' }, T0 + 8 * HOUR);
    issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + 9 * HOUR);
    expect(issue.fixedAt).toBe(T0 + 8 * HOUR);
    expect(issue.timeline.map((u) => u.status)).toEqual(['fixed', 'fixing', 'fixing', 'fixed', 'monitoring', 'fixing', 'identified', 'investigating']);
  });

  it('refuses an unknown status, a too-short update and an unknown issue, and writes nothing', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    await expect(postUpdate(t.db, site, staff, id, { status: 'gone' as never, message: 'Something long enough.' }, T0 + 1)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(postUpdate(t.db, site, staff, id, { status: 'fixing', message: 'ok' }, T0 + 1)).rejects.toBeInstanceOf(ValidationError);
    await expect(postUpdate(t.db, site, staff, id + 99, { status: 'fixing', message: 'Something long enough.' }, T0 + 1)).rejects.toBeInstanceOf(NotFoundError);
    expect((await knownIssueForStaff(t.db, staff, id, cadence, T0)).timeline).toHaveLength(1);
  });

  it('checks the details: areas, maintenance window, GitHub link', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const refused = createKnownIssue(
      t.db,
      staff,
      incident({ areas: [], kind: 'maintenance', startsAt: T0 + 2 * HOUR, endsAt: T0 + HOUR, githubIssueNumber: null }),
      T0,
    );
    await expect(refused).rejects.toMatchObject({ fields: { areas: expect.any(String), endsAt: expect.any(String), github: expect.any(String) } });
    const planned = await createKnownIssue(
      t.db,
      staff,
      incident({ kind: 'maintenance', title: 'Database upgrade', startsAt: T0 + 24 * HOUR, endsAt: T0 + 26 * HOUR, status: 'identified' }),
      T0,
    );
    const row = await knownIssueForStaff(t.db, staff, planned.id, cadence, T0);
    expect(row).toMatchObject({ kind: 'maintenance', startsAt: T0 + 24 * HOUR, updateDueAt: null, updateDue: false });
  });

  it('edits details against the version shown and refuses a stale form', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    const shown = await knownIssueForStaff(t.db, staff, id, cadence, T0);
    await editKnownIssue(t.db, staff, id, { ...incident(), severity: 'critical', areas: ['calendar sync', 'mobile'] }, shown.version, T0 + 1);
    await expect(editKnownIssue(t.db, staff, id, { ...incident(), severity: 'minor' }, shown.version, T0 + 2)).rejects.toBeInstanceOf(ConflictError);
    expect(await knownIssueForStaff(t.db, staff, id, cadence, T0)).toMatchObject({ severity: 'critical', areas: ['calendar sync', 'mobile'] });
  });

  it('lists open issues with update-due first, from the cadence per severity', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const minor = await createKnownIssue(t.db, staff, incident({ title: 'Export to PDF drops images', severity: 'minor', areas: ['exports'] }), T0);
    const critical = await createKnownIssue(
      t.db,
      staff,
      incident({ title: 'Sign-in fails for everyone', severity: 'critical', areas: ['web app'] }),
      T0 + HOUR,
    );
    const fixed = await createKnownIssue(t.db, staff, incident({ title: 'Invoices show the wrong VAT', severity: 'major', areas: ['billing'] }), T0);
    await postUpdate(t.db, site, staff, fixed.id, { status: 'fixed', message: 'Invoices are correct again.' }, T0 + HOUR);
    // 3 hours after the critical one's last update: past its 2-hour cadence; the minor one has 72 hours.
    const list = await staffKnownIssues(t.db, staff, cadence, 'open', T0 + 4 * HOUR);
    expect(list.map((i) => [i.id, i.updateDue])).toEqual([
      [critical.id, true],
      [minor.id, false],
    ]);
    expect(list[0]!.updateDueAt).toBe(T0 + 3 * HOUR);
    expect((await staffKnownIssues(t.db, staff, cadence, 'fixed', T0)).map((i) => i.id)).toEqual([fixed.id]);
    // A fresh update resets the clock.
    await postUpdate(t.db, site, staff, critical.id, { status: 'identified', message: 'We found the cause: an expired certificate.' }, T0 + 4 * HOUR);
    expect((await staffKnownIssues(t.db, staff, cadence, 'open', T0 + 4 * HOUR))[0]!.updateDue).toBe(false);
  });

  it('is for staff only', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    await expect(createKnownIssue(t.db, member, incident(), T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createKnownIssue(t.db, null, incident(), T0)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(postUpdate(t.db, site, member, id, { status: 'fixed', message: 'Fixed by a member?' }, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(editKnownIssue(t.db, member, id, incident(), null, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(knownIssueForStaff(t.db, member, id, cadence, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(staffKnownIssues(t.db, null, cadence)).rejects.toBeInstanceOf(UnauthenticatedError);
    // The GitHub integration posts without a user.
    await postUpdate(t.db, site, null, id, { status: 'monitoring', message: 'The tracking GitHub issue was closed.' }, T0 + 1, { source: 'github' });
    expect((await knownIssueForStaff(t.db, staff, id, cadence, T0)).timeline[0]).toMatchObject({ source: 'github', authorId: null, status: 'monitoring' });
  });
});

describe('known issue owners', () => {
  it('must be staff members; an update does not make an open edit form stale', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    await expect(createKnownIssue(t.db, staff, incident({ ownerId: member.id }), T0)).rejects.toMatchObject({ fields: { ownerId: expect.any(String) } });
    const { id } = await createKnownIssue(t.db, staff, incident({ ownerId: staff.id }), T0);
    const shown = await knownIssueForStaff(t.db, staff, id, cadence, T0);
    await postUpdate(t.db, site, staff, id, { status: 'identified', message: 'We found the cause.' }, T0 + 1);
    await editKnownIssue(
      t.db,
      staff,
      id,
      { ...incident({ ownerId: staff.id }), summary: 'Events from Google Calendar arrive hours late in Fieldnote.' },
      shown.version,
      T0 + 2,
    );
    await expect(editKnownIssue(t.db, staff, id, { ...incident(), ownerId: member.id }, null, T0 + 3)).rejects.toBeInstanceOf(ValidationError);
    expect(await knownIssueForStaff(t.db, staff, id, cadence, T0)).toMatchObject({
      status: 'identified',
      ownerId: staff.id,
      summary: 'Events from Google Calendar arrive hours late in Fieldnote.',
    });
  });
});
