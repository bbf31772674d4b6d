// The incident playbook: the checklist a major or critical incident opens on
// its staff page (early warning, post, saved reply, bulk reply, banner), each
// step done once with who and when. Owns known_issue_playbook_steps; sends the
// early warning to the incident stakeholders and drafts the saved reply.
import { withTransaction, type DB } from '@db/connection';
import type { PlaybookStep } from '@db/schema';
import type { Config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { enqueueEmail } from '@/server/email/outbox';
import { incidentEarlyWarningEmail, type SiteContext } from '@/server/email/templates';
import { ConflictError, NotFoundError, ValidationError } from '@/server/errors';
import { siteSettings } from '@/server/settings/settings';
import { SAVED_REPLY_BODY_MAX, SAVED_REPLY_TITLE_MAX, createSavedReply } from '@/server/tickets/saved-replies';
import { knownIssueUrl, severityLabels, staffKnownIssueUrl, statusLabels, type KnownIssueKind, type KnownIssueSeverity } from './model';

export type { PlaybookStep };

/** What a step's button does on the staff page (null: staff tick it, or another part of the desk does it). */
export type PlaybookAction = 'early_warning' | 'saved_reply';

export interface PlaybookStepDefinition {
  step: PlaybookStep;
  label: string;
  explanation: string;
  action: PlaybookAction | null;
}

/** The steps, in the order they are worked through. */
export const playbookSteps: readonly PlaybookStepDefinition[] = [
  {
    step: 'early_warning',
    label: 'Send the early warning to the stakeholders',
    explanation: 'One email to the incident stakeholders in the site settings, with the severity, summary, areas and owner.',
    action: 'early_warning',
  },
  { step: 'post', label: 'Post to the board', explanation: 'The known issue is on the public board, so customers can read and follow it.', action: null },
  {
    step: 'saved_reply',
    label: 'Draft the saved reply',
    explanation: 'A saved reply explaining the issue and its workaround, so every customer gets the same answer.',
    action: 'saved_reply',
  },
  {
    step: 'bulk_reply',
    label: 'Reply in bulk to linked tickets',
    explanation: 'One consistent message to the requester of every ticket linked to this issue.',
    action: null,
  },
  { step: 'banner', label: 'Banner on', explanation: 'The site banner shows the issue on every page while it is not fixed.', action: null },
];

const stepNames = new Set<string>(playbookSteps.map((s) => s.step));

export function isPlaybookStep(value: string): value is PlaybookStep {
  return stepNames.has(value);
}

/** The playbook is for major and critical incidents (not minor ones, not planned maintenance). */
export function playbookApplies(issue: { kind: KnownIssueKind; severity: KnownIssueSeverity }): boolean {
  return issue.kind === 'incident' && issue.severity !== 'minor';
}

/** Marks a step done (idempotent: the first who did it stays). */
export async function markPlaybookStep(db: DB, issueId: number, step: PlaybookStep, userId: number | null, now = Date.now(), note?: string): Promise<void> {
  await db
    .insertInto('known_issue_playbook_steps')
    .values({ known_issue_id: issueId, step, done_by: userId, done_at: now, note: note ?? null })
    .onConflict((oc) => oc.columns(['known_issue_id', 'step']).doNothing())
    .execute();
}

export interface PlaybookStepState extends PlaybookStepDefinition {
  done: boolean;
  doneAt: number | null;
  doneById: number | null;
  /** Null when done by the system (GitHub) or by an account since deleted. */
  doneByName: string | null;
  note: string | null;
  /** The saved reply drafted by the "saved_reply" step, when it was drafted here. */
  savedReplyId: number | null;
}

export interface Playbook {
  issueId: number;
  /** A major or critical incident: the checklist is shown and its actions work. */
  applies: boolean;
  steps: PlaybookStepState[];
  doneCount: number;
  complete: boolean;
}

async function issueOf(db: DB, issueId: number) {
  const issue = await db
    .selectFrom('known_issues')
    .leftJoin('users as owner', 'owner.id', 'known_issues.owner_id')
    .select([
      'known_issues.id',
      'known_issues.kind',
      'known_issues.slug',
      'known_issues.title',
      'known_issues.summary',
      'known_issues.severity',
      'known_issues.status',
      'known_issues.workaround_source',
      'owner.display_name as owner_name',
    ])
    .where('known_issues.id', '=', issueId)
    .executeTakeFirst();
  if (!issue) throw new NotFoundError('No such known issue.');
  return issue;
}

type IssueRow = Awaited<ReturnType<typeof issueOf>>;

function assertApplies(issue: IssueRow): void {
  if (!playbookApplies(issue))
    throw new ValidationError('The incident playbook is for major and critical incidents; raise the severity first if this one is.', {
      playbook: 'The incident playbook is for major and critical incidents.',
    });
}

async function doneStep(db: DB, issueId: number, step: PlaybookStep) {
  return db
    .selectFrom('known_issue_playbook_steps')
    .leftJoin('users as doer', 'doer.id', 'known_issue_playbook_steps.done_by')
    .select(['known_issue_playbook_steps.done_at', 'doer.display_name as doer_name'])
    .where('known_issue_playbook_steps.known_issue_id', '=', issueId)
    .where('known_issue_playbook_steps.step', '=', step)
    .executeTakeFirst();
}

function alreadyDone(what: string, done: { done_at: number; doer_name: string | null }): ConflictError {
  const by = done.doer_name ? ` by ${done.doer_name}` : '';
  return new ConflictError(`${what} was already done${by} on ${new Date(done.done_at).toISOString().slice(0, 16).replace('T', ' ')} UTC; it is done once.`);
}

/** The checklist of one issue for its staff page: each step done or not, by whom and when. */
export async function playbookFor(db: DB, user: SessionUser | null, issueId: number): Promise<Playbook> {
  assertCan(user, 'known_issues.manage');
  const issue = await issueOf(db, issueId);
  const rows = await db
    .selectFrom('known_issue_playbook_steps')
    .leftJoin('users as doer', 'doer.id', 'known_issue_playbook_steps.done_by')
    .select([
      'known_issue_playbook_steps.step',
      'known_issue_playbook_steps.done_by',
      'known_issue_playbook_steps.done_at',
      'known_issue_playbook_steps.note',
      'doer.display_name as doer_name',
    ])
    .where('known_issue_playbook_steps.known_issue_id', '=', issueId)
    .execute();
  const byStep = new Map(rows.map((r) => [r.step, r]));
  const steps = playbookSteps.map((definition): PlaybookStepState => {
    const row = byStep.get(definition.step);
    const savedReplyId = definition.step === 'saved_reply' && row?.note && /^\d+$/.test(row.note) ? Number(row.note) : null;
    return {
      ...definition,
      done: row !== undefined,
      doneAt: row?.done_at ?? null,
      doneById: row?.done_by ?? null,
      doneByName: row?.doer_name ?? null,
      note: row?.note ?? null,
      savedReplyId,
    };
  });
  const doneCount = steps.filter((s) => s.done).length;
  return { issueId, applies: playbookApplies(issue), steps, doneCount, complete: doneCount === steps.length };
}

/**
 * Emails the early warning to every incident stakeholder (site settings)
 * through the outbox and marks the step done, in one transaction. Refused
 * without stakeholders (ValidationError on `stakeholders`) and once sent: a
 * second click never sends it twice. Returns how many emails were queued.
 */
export async function sendEarlyWarning(
  db: DB,
  site: SiteContext,
  cfg: Pick<Config, 'SUPPORT_HOURS' | 'SUPPORT_TIMEZONE'>,
  user: SessionUser | null,
  issueId: number,
  now = Date.now(),
): Promise<{ sent: number }> {
  assertCan(user, 'known_issues.manage');
  return withTransaction(db, async (trx) => {
    const issue = await issueOf(trx, issueId);
    assertApplies(issue);
    const done = await doneStep(trx, issueId, 'early_warning');
    if (done) throw alreadyDone('The early warning', done);
    const { incidentStakeholders } = await siteSettings(trx, cfg);
    const recipients = [...new Set(incidentStakeholders.map((a) => a.trim().toLowerCase()))].filter((a) => a !== '');
    if (recipients.length === 0) {
      const message = `No incident stakeholders are set: add their addresses under "Incident stakeholders" in the site settings (${site.siteUrl}/admin/settings), then send the early warning.`;
      throw new ValidationError(message, { stakeholders: message });
    }
    const areas = (await trx.selectFrom('known_issue_areas').select('area').where('known_issue_id', '=', issueId).orderBy('area').execute()).map((a) => a.area);
    for (const to of recipients)
      await enqueueEmail(
        trx,
        incidentEarlyWarningEmail(site, {
          to,
          title: issue.title,
          summary: issue.summary,
          severity: severityLabels[issue.severity],
          status: statusLabels[issue.status],
          areas,
          ownerName: issue.owner_name,
          senderName: user.displayName,
          staffUrl: `${site.siteUrl}${staffKnownIssueUrl(issue.id)}`,
          publicUrl: `${site.siteUrl}${knownIssueUrl(issue.slug)}`,
        }),
        now,
      );
    await markPlaybookStep(trx, issueId, 'early_warning', user.id, now, `Sent to ${recipients.length} stakeholder${recipients.length === 1 ? '' : 's'}`);
    return { sent: recipients.length };
  });
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/** The saved reply's words: the issue, its workaround and the public page, with {{requester_name}}. */
export function incidentSavedReplyBody(issue: { title: string; summary: string; workaround_source: string }, publicUrl: string): string {
  const opening = [
    'Hi {{requester_name}},',
    '',
    `Thank you for getting in touch. What you describe is a known issue we are working on: **${issue.title}**.`,
    '',
    issue.summary,
    '',
  ];
  const closing = [
    '',
    `You can follow our progress, and get an email with every update, on the issue's page: ${publicUrl}`,
    '',
    'We will let you know as soon as it is fixed. Sorry for the trouble in the meantime.',
  ];
  const workaround = issue.workaround_source.trim();
  const withWorkaround = [...opening, 'Until it is fixed, this works around it:', '', workaround, ...closing].join('\n');
  if (workaround !== '' && withWorkaround.length <= SAVED_REPLY_BODY_MAX) return withWorkaround;
  const instead = workaround === '' ? 'There is no workaround yet; we are on it.' : 'The workaround is described on the issue\u2019s page below.';
  return [...opening, instead, ...closing].join('\n');
}

/**
 * Drafts the saved reply for the incident (in the desk's saved replies, titled
 * "Known issue: <title>") and marks the step done with its id in the note.
 * Drafted once: a second request is refused (ConflictError).
 */
export async function draftIncidentSavedReply(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  issueId: number,
  now = Date.now(),
): Promise<{ savedReplyId: number }> {
  assertCan(user, 'known_issues.manage');
  return withTransaction(db, async (trx) => {
    const issue = await issueOf(trx, issueId);
    assertApplies(issue);
    const done = await doneStep(trx, issueId, 'saved_reply');
    if (done) throw alreadyDone('The saved reply', done);
    const body = incidentSavedReplyBody(issue, `${site.siteUrl}${knownIssueUrl(issue.slug)}`);
    const savedReplyId = await createSavedReply(trx, user, { title: clip(`Known issue: ${issue.title}`, SAVED_REPLY_TITLE_MAX), body, team: null }, [], now);
    await markPlaybookStep(trx, issueId, 'saved_reply', user.id, now, String(savedReplyId));
    return { savedReplyId };
  });
}

/**
 * Staff tick a step they did another way (a saved reply written by hand, an
 * early warning by phone). Returns false when it was already done (the first
 * who did it stays).
 */
export async function markStepManually(db: DB, user: SessionUser | null, issueId: number, step: string, now = Date.now()): Promise<boolean> {
  assertCan(user, 'known_issues.manage');
  if (!isPlaybookStep(step)) throw new ValidationError('Choose one of the playbook steps.', { step: 'Choose one of the playbook steps.' });
  return withTransaction(db, async (trx) => {
    assertApplies(await issueOf(trx, issueId));
    if (await doneStep(trx, issueId, step)) return false;
    await markPlaybookStep(trx, issueId, step, user.id, now, 'Marked done by hand');
    return true;
  });
}
