// The incident playbook (steps done once, with who and when; the early warning
// to every stakeholder, refused without any; the saved reply drafted once),
// the update cadence (owners emailed once per due period), and the GitHub
// webhook's domain (signatures, deliveries taken once, closed → monitoring,
// reopened → fixing, unknown repo#number changes nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/config';
import { changeUserRole } from '@/server/accounts/admin';
import { ConflictError, ForbiddenError, ValidationError } from '@/server/errors';
import { githubSignatureOf, isValidGithubSignature, receiveGithubDelivery } from '@/server/known-issues/github';
import { createKnownIssue, knownIssueForStaff, postUpdate, type NewKnownIssue } from '@/server/known-issues/known-issues';
import { draftIncidentSavedReply, markPlaybookStep, markStepManually, playbookFor, sendEarlyWarning } from '@/server/known-issues/playbook';
import { duePeriodStart, needsUpdateDueEmail, notifyUpdatesDue, updateDueCount } from '@/server/known-issues/update-due';
import { defaultUpdateCadence, updateSiteSettings } from '@/server/settings/settings';
import { savedReply } from '@/server/tickets/saved-replies';
import { makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';
import { newIncident } from '../support/known-issues';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const cfg = parseConfig({});
const cadence = { ...defaultUpdateCadence };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 20, 9, 0);

function incident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return newIncident({ areas: ['calendar sync', 'mobile'], articleSlugs: [], ...overrides });
}

const outbox = (kind: string) =>
  t.db.selectFrom('email_outbox').select(['to_address', 'subject', 'text_body', 'created_at']).where('kind', '=', kind).orderBy('id').execute();

async function staffAndAdmin() {
  const admin = await makeUser(t.db, { role: 'admin', displayName: 'Ada Admin' });
  const staff = await makeUser(t.db, { role: 'staff', displayName: 'Sam Staff' });
  return { admin, staff };
}

describe('incident playbook', () => {
  it('opens with "post" and "banner" done by the poster; the other steps not done', async () => {
    const { staff } = await staffAndAdmin();
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    const playbook = await playbookFor(t.db, staff, id);
    expect(playbook.applies).toBe(true);
    expect(playbook.steps.map((s) => [s.step, s.done])).toEqual([
      ['early_warning', false],
      ['post', true],
      ['saved_reply', false],
      ['bulk_reply', false],
      ['banner', true],
    ]);
    expect(playbook.steps[0]).toMatchObject({ label: 'Send the early warning to the stakeholders', action: 'early_warning', doneAt: null, doneByName: null });
    expect(playbook.steps[1]).toMatchObject({ label: 'Post to the board', doneById: staff.id, doneByName: 'Sam Staff', doneAt: T0 });
    expect(playbook.steps.map((s) => s.label)).toEqual([
      'Send the early warning to the stakeholders',
      'Post to the board',
      'Draft the saved reply',
      'Reply in bulk to linked tickets',
      'Banner on',
    ]);
    expect(playbook).toMatchObject({ doneCount: 2, complete: false });
  });

  it('does not apply to minor incidents or maintenance, and refuses its actions there', async () => {
    const { admin, staff } = await staffAndAdmin();
    await updateSiteSettings(t.db, admin, { incidentStakeholders: ['cto@fieldnote.example'] });
    const minor = await createKnownIssue(t.db, staff, incident({ severity: 'minor' }), T0);
    const playbook = await playbookFor(t.db, staff, minor.id);
    expect(playbook).toMatchObject({ applies: false, doneCount: 0 });
    await expect(sendEarlyWarning(t.db, site, cfg, staff, minor.id, T0)).rejects.toBeInstanceOf(ValidationError);
    await expect(markStepManually(t.db, staff, minor.id, 'bulk_reply', T0)).rejects.toBeInstanceOf(ValidationError);
    expect(await outbox('known-issue-early-warning')).toEqual([]);
  });

  it('emails the early warning to every stakeholder once, and marks the step done by the sender', async () => {
    const { admin, staff } = await staffAndAdmin();
    await updateSiteSettings(t.db, admin, { incidentStakeholders: ['cto@fieldnote.example', 'Success@Fieldnote.example'] });
    const { id, slug } = await createKnownIssue(t.db, staff, incident({ ownerId: admin.id, severity: 'critical' }), T0);
    expect(await sendEarlyWarning(t.db, site, cfg, staff, id, T0 + MINUTE)).toEqual({ sent: 2 });
    const emails = await outbox('known-issue-early-warning');
    expect(emails.map((e) => e.to_address)).toEqual(['cto@fieldnote.example', 'success@fieldnote.example']);
    for (const email of emails) {
      expect(email.subject).toBe('[Critical incident] Google Calendar events stop syncing');
      expect(email.text_body).toContain('Events created in Google Calendar since this morning do not appear in Fieldnote.');
      expect(email.text_body).toContain('Severity: Critical');
      expect(email.text_body).toContain('Affected areas: calendar sync, mobile');
      expect(email.text_body).toContain('Owner: Ada Admin');
      expect(email.text_body).toContain(`${site.siteUrl}/staff/known-issues/${id}`);
      expect(email.text_body).toContain(`${site.siteUrl}/known-issues/${slug}`);
    }
    const step = (await playbookFor(t.db, admin, id)).steps.find((s) => s.step === 'early_warning')!;
    expect(step).toMatchObject({ done: true, doneById: staff.id, doneByName: 'Sam Staff', doneAt: T0 + MINUTE, note: 'Sent to 2 stakeholders' });
    // A second click (or a colleague's) sends nothing more.
    await expect(sendEarlyWarning(t.db, site, cfg, admin, id, T0 + 2 * MINUTE)).rejects.toBeInstanceOf(ConflictError);
    expect(await outbox('known-issue-early-warning')).toHaveLength(2);
  });

  it('refuses the early warning without stakeholders, pointing to the settings, and leaves the step open', async () => {
    const { staff } = await staffAndAdmin();
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    const refusal = await sendEarlyWarning(t.db, site, cfg, staff, id, T0).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).message).toContain(`${site.siteUrl}/admin/settings`);
    expect((refusal as ValidationError).fields.stakeholders).toBeTruthy();
    expect((await playbookFor(t.db, staff, id)).steps[0]!.done).toBe(false);
    expect(await outbox('known-issue-early-warning')).toEqual([]);
  });

  it('drafts the saved reply once: titled for the issue, with the workaround, the public page and {{requester_name}}', async () => {
    const { staff } = await staffAndAdmin();
    const { id, slug } = await createKnownIssue(t.db, staff, incident(), T0);
    const { savedReplyId } = await draftIncidentSavedReply(t.db, site, staff, id, T0 + MINUTE);
    const reply = await savedReply(t.db, staff, savedReplyId);
    expect(reply.title).toBe('Known issue: Google Calendar events stop syncing');
    expect(reply.bodySource).toContain('Hi {{requester_name}},');
    expect(reply.bodySource).toContain('Events created in Google Calendar since this morning');
    expect(reply.bodySource).toContain('Open **Settings → Calendars** and press *Sync now*.');
    expect(reply.bodySource).toContain(`${site.siteUrl}/known-issues/${slug}`);
    expect(reply.bodyHtml).toContain('<strong>Settings → Calendars</strong>');
    const step = (await playbookFor(t.db, staff, id)).steps.find((s) => s.step === 'saved_reply')!;
    expect(step).toMatchObject({ done: true, doneById: staff.id, doneAt: T0 + MINUTE, note: String(savedReplyId), savedReplyId });
    await expect(draftIncidentSavedReply(t.db, site, staff, id, T0 + 2 * MINUTE)).rejects.toBeInstanceOf(ConflictError);
    const titled = await t.db.selectFrom('saved_replies').select('id').where('title', 'like', 'Known issue:%').execute();
    expect(titled).toHaveLength(1);
  });

  it('says there is no workaround yet when there is none, and fits a long title in a saved reply title', async () => {
    const { staff } = await staffAndAdmin();
    const long = `Calendar sync ${'very '.repeat(24)}slow`;
    const { id } = await createKnownIssue(t.db, staff, incident({ workaround: '', title: long }), T0);
    const { savedReplyId } = await draftIncidentSavedReply(t.db, site, staff, id, T0);
    const reply = await savedReply(t.db, staff, savedReplyId);
    expect(reply.title.length).toBeLessThanOrEqual(120);
    expect(reply.title.startsWith('Known issue: Calendar sync very')).toBe(true);
    expect(reply.bodySource).toContain('There is no workaround yet');
  });

  it('ticks a step by hand once (the first who did it stays), and the bulk reply step as the tickets module does', async () => {
    const { admin, staff } = await staffAndAdmin();
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    expect(await markStepManually(t.db, staff, id, 'saved_reply', T0 + HOUR)).toBe(true);
    expect(await markStepManually(t.db, admin, id, 'saved_reply', T0 + 2 * HOUR)).toBe(false);
    await markPlaybookStep(t.db, id, 'bulk_reply', admin.id, T0 + 3 * HOUR, 'Replied to 4 tickets');
    await markPlaybookStep(t.db, id, 'bulk_reply', staff.id, T0 + 4 * HOUR);
    const playbook = await playbookFor(t.db, staff, id);
    expect(playbook.steps.find((s) => s.step === 'saved_reply')).toMatchObject({ doneById: staff.id, doneAt: T0 + HOUR, savedReplyId: null });
    expect(playbook.steps.find((s) => s.step === 'bulk_reply')).toMatchObject({ doneById: admin.id, doneAt: T0 + 3 * HOUR, note: 'Replied to 4 tickets' });
    // A hand-made saved reply ticked: drafting one now is refused.
    await expect(draftIncidentSavedReply(t.db, site, staff, id, T0 + 5 * HOUR)).rejects.toBeInstanceOf(ConflictError);
    await expect(markStepManually(t.db, staff, id, 'dance', T0)).rejects.toBeInstanceOf(ValidationError);
  });

  it('is for staff only', async () => {
    const { staff } = await staffAndAdmin();
    const member = await makeUser(t.db);
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    await expect(playbookFor(t.db, member, id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sendEarlyWarning(t.db, site, cfg, member, id, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(draftIncidentSavedReply(t.db, site, member, id, T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markStepManually(t.db, member, id, 'banner', T0)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(playbookFor(t.db, staff, id + 99)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

describe('update cadence', () => {
  const dueIssue = { kind: 'incident' as const, severity: 'critical' as const, status: 'fixing' as const, starts_at: null, last_update_at: T0 };

  it('computes the due period: due after the contact period, a new period each period after, none when fixed or planned', () => {
    expect(duePeriodStart(dueIssue, cadence, T0 + 2 * HOUR - 1)).toBeNull();
    expect(duePeriodStart(dueIssue, cadence, T0 + 2 * HOUR)).toBe(T0 + 2 * HOUR);
    expect(duePeriodStart(dueIssue, cadence, T0 + 3 * HOUR + 59 * MINUTE)).toBe(T0 + 2 * HOUR);
    expect(duePeriodStart(dueIssue, cadence, T0 + 4 * HOUR)).toBe(T0 + 4 * HOUR);
    expect(duePeriodStart({ ...dueIssue, status: 'fixed' }, cadence, T0 + 9 * HOUR)).toBeNull();
    expect(duePeriodStart({ ...dueIssue, kind: 'maintenance', starts_at: T0 + 10 * HOUR }, cadence, T0 + 9 * HOUR)).toBeNull();
    expect(duePeriodStart({ ...dueIssue, severity: 'minor' }, cadence, T0 + 71 * HOUR)).toBeNull();
    expect(duePeriodStart({ ...dueIssue, severity: 'minor' }, cadence, T0 + 72 * HOUR)).toBe(T0 + 72 * HOUR);
    // Told in this period; told before the last update; told in the period before.
    expect(needsUpdateDueEmail({ ...dueIssue, update_due_notified_at: T0 + 2 * HOUR + 1 }, cadence, T0 + 3 * HOUR)).toBe(false);
    expect(needsUpdateDueEmail({ ...dueIssue, update_due_notified_at: T0 - 1 }, cadence, T0 + 3 * HOUR)).toBe(true);
    expect(needsUpdateDueEmail({ ...dueIssue, update_due_notified_at: T0 + 2 * HOUR + 1 }, cadence, T0 + 4 * HOUR)).toBe(true);
  });

  it('emails the owner once per due period, again the next period, and again after the next update goes overdue', async () => {
    const { admin, staff } = await staffAndAdmin();
    const owner = await makeUser(t.db, { role: 'staff', displayName: 'Olive Owner' });
    const { id } = await createKnownIssue(t.db, staff, incident({ severity: 'critical', ownerId: owner.id }), T0);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 2 * HOUR - 1)).toEqual({ issues: 0, emails: 0 });
    expect((await knownIssueForStaff(t.db, staff, id, cadence, T0 + 2 * HOUR)).updateDue).toBe(true);
    expect(await updateDueCount(t.db, staff, cadence, T0 + 2 * HOUR)).toBe(1);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 2 * HOUR)).toEqual({ issues: 1, emails: 1 });
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 3 * HOUR)).toEqual({ issues: 0, emails: 0 });
    let emails = await outbox('known-issue-update-due');
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ to_address: owner.email, subject: 'Update due: Google Calendar events stop syncing', created_at: T0 + 2 * HOUR });
    expect(emails[0]!.text_body).toContain('Hi Olive Owner,');
    expect(emails[0]!.text_body).toContain('no public update for 2 hours');
    expect(emails[0]!.text_body).toContain(`${site.siteUrl}/staff/known-issues/${id}`);
    const row = await t.db.selectFrom('known_issues').select('update_due_notified_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.update_due_notified_at).toBe(T0 + 2 * HOUR);
    // Still silent a whole period later: a reminder.
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 4 * HOUR)).toEqual({ issues: 1, emails: 1 });
    // An update starts a new contact period: nothing until it is past, then one email.
    await postUpdate(t.db, site, owner, id, { status: 'identified', message: 'We found the cause: an expired token.' }, T0 + 5 * HOUR);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 6 * HOUR)).toEqual({ issues: 0, emails: 0 });
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 7 * HOUR)).toEqual({ issues: 1, emails: 1 });
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 7 * HOUR + MINUTE)).toEqual({ issues: 0, emails: 0 });
    emails = await outbox('known-issue-update-due');
    expect(emails.map((e) => [e.to_address, e.created_at])).toEqual([
      [owner.email, T0 + 2 * HOUR],
      [owner.email, T0 + 4 * HOUR],
      [owner.email, T0 + 7 * HOUR],
    ]);
    // Fixed: never due again.
    await postUpdate(t.db, site, admin, id, { status: 'fixed', message: 'Fixed for everyone.' }, T0 + 8 * HOUR);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 100 * HOUR)).toEqual({ issues: 0, emails: 0 });
    expect(await updateDueCount(t.db, staff, cadence, T0 + 100 * HOUR)).toBe(0);
  });

  it('follows the cadence in the site settings, per severity', async () => {
    const { admin, staff } = await staffAndAdmin();
    await updateSiteSettings(t.db, admin, { updateCadence: { critical: 30, major: 60, minor: 4320 } });
    await createKnownIssue(t.db, staff, incident({ ownerId: staff.id }), T0);
    await createKnownIssue(t.db, staff, incident({ ownerId: staff.id, severity: 'minor', title: 'Export buttons look grey' }), T0);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 59 * MINUTE)).toEqual({ issues: 0, emails: 0 });
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 60 * MINUTE)).toEqual({ issues: 1, emails: 1 });
    expect((await outbox('known-issue-update-due'))[0]!.text_body).toContain('at least every 60 minutes');
  });

  it('without an owner emails the creator; when neither is on the staff, every staff member', async () => {
    const { admin, staff } = await staffAndAdmin();
    const poster = await makeUser(t.db, { role: 'staff' });
    const unowned = await createKnownIssue(t.db, poster, incident({ severity: 'critical' }), T0);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 2 * HOUR)).toEqual({ issues: 1, emails: 1 });
    expect((await outbox('known-issue-update-due')).map((e) => e.to_address)).toEqual([poster.email]);
    // The poster left the staff: everyone on it hears about the next due period.
    await changeUserRole(t.db, admin, poster.id, 'member');
    await postUpdate(t.db, site, staff, unowned.id, { status: 'identified', message: 'We found the cause: an expired token.' }, T0 + 3 * HOUR);
    expect(await notifyUpdatesDue(t.db, site, cfg, T0 + 5 * HOUR)).toEqual({ issues: 1, emails: 2 });
    const last = (await outbox('known-issue-update-due')).slice(1);
    expect(last.map((e) => e.to_address).sort()).toEqual([admin.email, staff.email].sort());
    expect(last[0]!.text_body).toContain('neither an owner nor its author');
  });
});

describe('GitHub deliveries', () => {
  const SECRET = 'a-webhook-secret-of-some-length';
  const closed = (number = 812, repo = 'Fieldnote/fieldnote', stateReason = 'completed') => ({
    action: 'closed',
    issue: { number, state_reason: stateReason, title: 'Calendar sync drops events' },
    repository: { full_name: repo },
  });

  it('checks the signature over the raw bytes, in constant time, and refuses anything else', () => {
    const body = Buffer.from(JSON.stringify(closed()));
    const good = githubSignatureOf(SECRET, body);
    expect(good).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidGithubSignature(SECRET, body, good)).toBe(true);
    expect(isValidGithubSignature(SECRET, body, good.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(isValidGithubSignature(SECRET, Buffer.concat([body, Buffer.from(' ')]), good)).toBe(false);
    expect(isValidGithubSignature('another-secret-entirely', body, good)).toBe(false);
    expect(isValidGithubSignature(SECRET, body, null)).toBe(false);
    expect(isValidGithubSignature(SECRET, body, '')).toBe(false);
    expect(isValidGithubSignature(SECRET, body, good.slice(0, -2))).toBe(false);
    expect(isValidGithubSignature(SECRET, body, `sha1=${good.slice(7)}`)).toBe(false);
    expect(isValidGithubSignature(SECRET, body, 'sha256=zz')).toBe(false);
  });

  it('closed → monitoring with a GitHub timeline update, taken once per delivery id; reopened → fixing', async () => {
    const { staff } = await staffAndAdmin();
    const { id } = await createKnownIssue(t.db, staff, incident({ status: 'fixing' }), T0);
    const other = await createKnownIssue(t.db, staff, incident({ githubIssueNumber: 999, title: 'Another calendar issue' }), T0);
    const outcome = await receiveGithubDelivery(t.db, site, { id: 'd-1', event: 'issues', payload: closed() }, T0 + HOUR);
    expect(outcome).toEqual({
      status: 'handled',
      action: 'closed',
      repository: 'Fieldnote/fieldnote',
      issueNumber: 812,
      knownIssueIds: [id],
      reopenedTickets: 0, // reopenLinkedTickets is helper TICKETS' (a placeholder returning 0 before the merge).
    });
    let issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + HOUR);
    expect(issue.status).toBe('monitoring');
    expect(issue.timeline[0]).toMatchObject({
      status: 'monitoring',
      source: 'github',
      authorId: null,
      messageSource: 'The engineering fix (GitHub issue #812) was closed; we are checking with affected customers.',
      createdAt: T0 + HOUR,
    });
    // The same delivery again (GitHub's redelivery): nothing more.
    expect(await receiveGithubDelivery(t.db, site, { id: 'd-1', event: 'issues', payload: closed() }, T0 + 2 * HOUR)).toEqual({ status: 'duplicate' });
    issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + 2 * HOUR);
    expect(issue.timeline).toHaveLength(2);
    expect((await knownIssueForStaff(t.db, staff, other.id, cadence, T0)).status).toBe('investigating');
    const reopened = await receiveGithubDelivery(t.db, site, { id: 'd-2', event: 'issues', payload: { ...closed(), action: 'reopened' } }, T0 + 3 * HOUR);
    expect(reopened).toMatchObject({ status: 'handled', action: 'reopened', knownIssueIds: [id] });
    issue = await knownIssueForStaff(t.db, staff, id, cadence, T0 + 3 * HOUR);
    expect(issue.status).toBe('fixing');
    expect(issue.timeline[0]).toMatchObject({ status: 'fixing', source: 'github' });
    expect(issue.timeline[0]!.messageSource).toContain('was reopened');
    const deliveries = await t.db.selectFrom('github_deliveries').selectAll().orderBy('received_at').execute();
    expect(deliveries.map((d) => [d.delivery_id, d.event, d.action])).toEqual([
      ['d-1', 'issues', 'closed'],
      ['d-2', 'issues', 'reopened'],
    ]);
    expect(deliveries[0]!.outcome).toContain(`known issues ${id}`);
  });

  it('leaves fixed issues alone on close, and issues not yet fixing alone on reopen', async () => {
    const { staff } = await staffAndAdmin();
    const fixed = await createKnownIssue(t.db, staff, incident({ status: 'fixed' }), T0);
    const early = await createKnownIssue(t.db, staff, incident({ status: 'identified' }), T0);
    const closedOutcome = await receiveGithubDelivery(t.db, site, { id: 'c-1', event: 'issues', payload: closed() }, T0 + HOUR);
    expect(closedOutcome).toMatchObject({ knownIssueIds: [early.id] });
    expect((await knownIssueForStaff(t.db, staff, fixed.id, cadence, T0)).timeline).toHaveLength(1);
    // Fixed goes back to fixing when the GitHub issue reopens; "identified" moved to monitoring above and so does too.
    const reopened = await receiveGithubDelivery(t.db, site, { id: 'c-2', event: 'issues', payload: { ...closed(), action: 'reopened' } }, T0 + 2 * HOUR);
    expect(reopened).toMatchObject({ knownIssueIds: [fixed.id, early.id] });
    const fresh = await createKnownIssue(t.db, staff, incident({ status: 'investigating', githubIssueNumber: 77 }), T0);
    const untouched = await receiveGithubDelivery(t.db, site, { id: 'c-3', event: 'issues', payload: { ...closed(77), action: 'reopened' } }, T0 + 3 * HOUR);
    expect(untouched).toMatchObject({ knownIssueIds: [] });
    expect((await knownIssueForStaff(t.db, staff, fresh.id, cadence, T0)).status).toBe('investigating');
  });

  it('an unknown repo#number, a close as not planned, ping, other events and actions change nothing but are recorded', async () => {
    const { staff } = await staffAndAdmin();
    const { id } = await createKnownIssue(t.db, staff, incident(), T0);
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-1', event: 'issues', payload: closed(813) }, T0)).toMatchObject({ knownIssueIds: [] });
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-2', event: 'issues', payload: closed(812, 'someone/else') }, T0)).toMatchObject({
      knownIssueIds: [],
    });
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-3', event: 'issues', payload: closed(812, 'fieldnote/fieldnote', 'not_planned') }, T0)).toEqual({
      status: 'ignored',
      reason: 'closed as not_planned',
    });
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-4', event: 'ping', payload: { zen: 'Keep it logically awesome.' } }, T0)).toEqual({
      status: 'ignored',
      reason: 'ping',
    });
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-5', event: 'push', payload: { ref: 'refs/heads/main' } }, T0)).toMatchObject({ status: 'ignored' });
    expect(await receiveGithubDelivery(t.db, site, { id: 'u-6', event: 'issues', payload: { ...closed(), action: 'labeled' } }, T0)).toMatchObject({
      status: 'ignored',
    });
    const issue = await knownIssueForStaff(t.db, staff, id, cadence, T0);
    expect(issue).toMatchObject({ status: 'investigating' });
    expect(issue.timeline).toHaveLength(1);
    expect(await t.db.selectFrom('github_deliveries').select('delivery_id').execute()).toHaveLength(6);
  });

  it('refuses an issues payload without repository or number (not recorded) and a missing delivery id', async () => {
    await expect(
      receiveGithubDelivery(t.db, site, { id: 'bad-1', event: 'issues', payload: { action: 'closed', issue: { number: 'x' } } }, T0),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(receiveGithubDelivery(t.db, site, { id: ' ', event: 'issues', payload: closed() }, T0)).rejects.toBeInstanceOf(ValidationError);
    expect(await t.db.selectFrom('github_deliveries').select('delivery_id').execute()).toEqual([]);
  });
});
