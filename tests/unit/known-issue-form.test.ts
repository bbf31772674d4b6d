// The staff known-issue forms' fields and back: UTC times, area and article
// checkboxes, empty optional fields, the maintenance window, the GitHub issue
// in its usual spellings, and every message at once for what is wrong.
import { describe, expect, it } from 'vitest';
import type { StaffKnownIssue } from '@/server/known-issues/known-issues';
import {
  knownIssueDetailsSchema,
  knownIssueFormValues,
  knownIssueUpdateSchema,
  msToUtcInput,
  newKnownIssueFormValues,
  newKnownIssueSchema,
  parseGithubIssue,
  utcInputToMs,
} from '@/web/known-issue-form';

const choices = {
  areas: ['web app', 'calendar sync', 'billing'],
  ownerIds: [3, 7],
  articleSlugs: ['calendar-sync/fix-calendar-sync-errors', 'calendar-sync/connect-google-calendar'],
};

const filled = {
  ...newKnownIssueFormValues(7),
  title: 'Google Calendar events stop syncing',
  summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
  severity: 'major',
  'area:calendar sync': 'on',
  message: 'We are looking into reports that new events stop syncing.',
};

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('times typed in UTC', () => {
  it('reads what a datetime-local input sends, with or without seconds, a space for the T or a Z', () => {
    expect(utcInputToMs('2026-12-02T14:00')).toBe(Date.UTC(2026, 11, 2, 14, 0));
    expect(utcInputToMs('2026-12-02T14:00:30')).toBe(Date.UTC(2026, 11, 2, 14, 0, 30));
    expect(utcInputToMs(' 2026-12-02 09:05 ')).toBe(Date.UTC(2026, 11, 2, 9, 5));
    expect(utcInputToMs('2026-12-02T14:00Z')).toBe(Date.UTC(2026, 11, 2, 14, 0));
  });

  it('is null when empty and undefined for what is not a real date and time', () => {
    expect(utcInputToMs('')).toBeNull();
    expect(utcInputToMs('   ')).toBeNull();
    for (const wrong of ['2026-02-30T10:00', '2026-12-02T24:00', '2026-12-02T14:60', '2026-13-01T10:00', '2 Dec 2026 14:00', '2026-12-02'])
      expect(utcInputToMs(wrong), wrong).toBeUndefined();
  });

  it('writes the value back as the input shows it', () => {
    expect(msToUtcInput(Date.UTC(2026, 11, 2, 14, 0, 45))).toBe('2026-12-02T14:00');
    expect(msToUtcInput(null)).toBe('');
  });
});

describe('the GitHub issue', () => {
  it('reads owner/repo#123, a space before the number, and the issue address', () => {
    expect(parseGithubIssue('fieldnote/fieldnote#812')).toEqual({ repo: 'fieldnote/fieldnote', number: 812 });
    expect(parseGithubIssue(' fieldnote/web-app 77 ')).toEqual({ repo: 'fieldnote/web-app', number: 77 });
    expect(parseGithubIssue('https://github.com/fieldnote/fieldnote/issues/812')).toEqual({ repo: 'fieldnote/fieldnote', number: 812 });
    expect(parseGithubIssue('github.com/Fieldnote/sync.engine/issues/9#issuecomment-1')).toEqual({ repo: 'Fieldnote/sync.engine', number: 9 });
  });

  it('is null when empty and undefined for anything else', () => {
    expect(parseGithubIssue('')).toBeNull();
    for (const wrong of ['fieldnote#812', 'fieldnote/fieldnote', '#812', 'fieldnote/fieldnote#0', 'https://gitlab.com/a/b/issues/1', 'a/b/c#1'])
      expect(parseGithubIssue(wrong), wrong).toBeUndefined();
  });
});

describe('the new known issue form', () => {
  it('turns the fields into a new issue, the optional ones empty', () => {
    expect(newKnownIssueSchema(choices).parse(filled)).toEqual({
      kind: 'incident',
      title: 'Google Calendar events stop syncing',
      summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
      severity: 'major',
      areas: ['calendar sync'],
      ownerId: 7,
      workaround: '',
      etaAt: null,
      startsAt: null,
      endsAt: null,
      githubRepo: null,
      githubIssueNumber: null,
      articleSlugs: [],
      status: 'investigating',
      message: 'We are looking into reports that new events stop syncing.',
    });
  });

  it('reads every area and article checked, the ETA, the GitHub issue and no owner', () => {
    const parsed = newKnownIssueSchema(choices).parse({
      ...filled,
      ownerId: '',
      'area:web app': 'on',
      'article:calendar-sync/fix-calendar-sync-errors': 'on',
      'article:calendar-sync/connect-google-calendar': 'on',
      etaAt: '2026-12-02T18:30',
      github: 'fieldnote/fieldnote#812',
      workaround: '  Press **Sync now**.  ',
    });
    expect(parsed).toMatchObject({
      ownerId: null,
      areas: ['calendar sync', 'web app'],
      articleSlugs: ['calendar-sync/fix-calendar-sync-errors', 'calendar-sync/connect-google-calendar'],
      etaAt: Date.UTC(2026, 11, 2, 18, 30),
      githubRepo: 'fieldnote/fieldnote',
      githubIssueNumber: 812,
      workaround: 'Press **Sync now**.',
    });
  });

  it('ignores the maintenance window of an incident, and needs it, in order, for planned maintenance', () => {
    const incident = newKnownIssueSchema(choices).parse({ ...filled, startsAt: 'not a time', endsAt: '2026-12-02T10:00' });
    expect(incident).toMatchObject({ kind: 'incident', startsAt: null, endsAt: null });

    const maintenance = newKnownIssueSchema(choices).parse({ ...filled, kind: 'maintenance', startsAt: '2026-12-05T06:00', endsAt: '2026-12-05T07:30' });
    expect(maintenance).toMatchObject({ kind: 'maintenance', startsAt: Date.UTC(2026, 11, 5, 6), endsAt: Date.UTC(2026, 11, 5, 7, 30) });

    expect(messages(newKnownIssueSchema(choices).safeParse({ ...filled, kind: 'maintenance' }))).toEqual({
      startsAt: 'Planned maintenance needs a start time.',
      endsAt: 'Planned maintenance needs an end time.',
    });
    expect(
      messages(newKnownIssueSchema(choices).safeParse({ ...filled, kind: 'maintenance', startsAt: '2026-12-05T06:00', endsAt: '2026-12-05T06:00' })),
    ).toEqual({
      endsAt: 'The maintenance must end after it starts.',
    });
    expect(
      messages(newKnownIssueSchema(choices).safeParse({ ...filled, kind: 'maintenance', startsAt: '2026-12-05 6am', endsAt: '2026-12-05T07:00' })),
    ).toEqual({
      startsAt: 'Enter the start as a date and a time in UTC, like 2026-12-02T14:00.',
    });
  });

  it('says what is wrong with every field at once', () => {
    const result = newKnownIssueSchema(choices).safeParse({
      kind: 'outage',
      title: 'Sync',
      summary: 'Broken',
      ownerId: '99',
      'area:payroll': 'on',
      'article:somewhere/else': 'on',
      status: 'done',
      message: 'Hi',
      etaAt: '2026-02-30T10:00',
      github: 'fieldnote',
    });
    expect(messages(result)).toEqual({
      kind: 'Choose incident or planned maintenance.',
      title: 'Give the issue a title of at least 5 characters.',
      summary: 'Write a one- or two-sentence summary customers will understand.',
      severity: 'Choose a severity.',
      areas: 'Choose the affected areas from the list.',
      ownerId: 'Choose the owner from the staff list.',
      etaAt: 'Enter the ETA as a date and a time in UTC, like 2026-12-02T14:00.',
      github: 'Write the GitHub issue as owner/repo#123, like fieldnote/fieldnote#812, or paste its address.',
      articles: 'Choose the help articles from the list.',
      status: 'Choose a status.',
      message: 'Write an update of at least 5 characters.',
    });
    const { 'area:calendar sync': _area, ...noArea } = filled;
    expect(messages(newKnownIssueSchema(choices).safeParse(noArea))).toEqual({
      areas: 'Choose at least one affected area.',
    });
  });
});

describe('the edit form', () => {
  const issue = {
    kind: 'maintenance',
    title: 'Database upgrade',
    summary: 'Fieldnote is read-only for up to 30 minutes while we upgrade the database.',
    severity: 'minor',
    areas: ['billing', 'web app'],
    ownerId: 3,
    workaroundSource: '',
    etaAt: null,
    startsAt: Date.UTC(2026, 11, 5, 6),
    endsAt: Date.UTC(2026, 11, 5, 6, 30),
    githubRepo: 'fieldnote/infra',
    githubIssueNumber: 41,
    articleSlugs: ['calendar-sync/connect-google-calendar'],
    version: 4,
  } as unknown as StaffKnownIssue;

  it('fills the fields from the issue and reads them back into the same details and version', () => {
    const values = knownIssueFormValues(issue);
    expect(values).toMatchObject({
      startsAt: '2026-12-05T06:00',
      endsAt: '2026-12-05T06:30',
      github: 'fieldnote/infra#41',
      version: '4',
      'area:billing': 'on',
    });
    expect(knownIssueDetailsSchema(choices).parse(values)).toEqual({
      version: 4,
      details: {
        kind: 'maintenance',
        title: 'Database upgrade',
        summary: 'Fieldnote is read-only for up to 30 minutes while we upgrade the database.',
        severity: 'minor',
        areas: ['billing', 'web app'],
        ownerId: 3,
        workaround: '',
        etaAt: null,
        startsAt: Date.UTC(2026, 11, 5, 6),
        endsAt: Date.UTC(2026, 11, 5, 6, 30),
        githubRepo: 'fieldnote/infra',
        githubIssueNumber: 41,
        articleSlugs: ['calendar-sync/connect-google-calendar'],
      },
    });
  });

  it('needs the version the form was shown at', () => {
    const { version: _version, ...withoutVersion } = knownIssueFormValues(issue);
    expect(Object.keys(messages(knownIssueDetailsSchema(choices).safeParse(withoutVersion)))).toEqual(['_form']);
  });
});

describe('the update form', () => {
  it('reads a status and a message, and says what is missing', () => {
    expect(knownIssueUpdateSchema.parse({ status: 'fixed', message: ' The fix is out for everyone. ' })).toEqual({
      status: 'fixed',
      message: 'The fix is out for everyone.',
    });
    expect(messages(knownIssueUpdateSchema.safeParse({ status: 'resolved', message: '' }))).toEqual({
      status: 'Choose a status.',
      message: 'Write an update of at least 5 characters.',
    });
  });
});
