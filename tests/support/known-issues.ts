import type { NewKnownIssue } from '@/server/known-issues/known-issues';
// Known issues written straight into their tables for tests of the public
// board (the core's createKnownIssue/postUpdate are built elsewhere): the
// issue, its areas, linked articles and timeline updates in one call.
import type { DB } from '@db/connection';
import type { KnownIssueKind, KnownIssueSeverity, KnownIssueStatus } from '@db/schema';

let counter = 0;

export interface TestIssue {
  slug?: string;
  title?: string;
  summary?: string;
  kind?: KnownIssueKind;
  severity?: KnownIssueSeverity;
  status?: KnownIssueStatus;
  areas?: string[];
  workaroundHtml?: string;
  createdAt?: number;
  lastUpdateAt?: number;
  fixedAt?: number | null;
  etaAt?: number | null;
  startsAt?: number | null;
  endsAt?: number | null;
  ownerId?: number | null;
  github?: { repo: string; number: number };
  articles?: string[];
  updates?: Array<{ status: KnownIssueStatus; html: string; at: number; authorId?: number | null; source?: 'staff' | 'github' }>;
}

export async function insertKnownIssue(db: DB, input: TestIssue = {}): Promise<{ id: number; slug: string }> {
  counter++;
  const createdAt = input.createdAt ?? Date.UTC(2026, 10, 1);
  const status = input.status ?? 'investigating';
  const slug = input.slug ?? `test-issue-${counter}`;
  const lastUpdateAt = input.lastUpdateAt ?? input.updates?.at(-1)?.at ?? createdAt;
  const { id } = await db
    .insertInto('known_issues')
    .values({
      slug,
      kind: input.kind ?? 'incident',
      title: input.title ?? `Calendar sync problem number ${counter}`,
      summary: input.summary ?? 'Some calendar events arrive late.',
      severity: input.severity ?? 'minor',
      status,
      owner_id: input.ownerId ?? null,
      workaround_source: input.workaroundHtml ? 'workaround' : '',
      workaround_html: input.workaroundHtml ?? '',
      eta_at: input.etaAt ?? null,
      starts_at: input.startsAt ?? null,
      ends_at: input.endsAt ?? null,
      github_repo: input.github?.repo ?? null,
      github_issue_number: input.github?.number ?? null,
      created_by: null,
      created_at: createdAt,
      updated_at: lastUpdateAt,
      last_update_at: lastUpdateAt,
      fixed_at: input.fixedAt ?? (status === 'fixed' ? lastUpdateAt : null),
      update_due_notified_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const area of input.areas ?? ['calendar sync']) await db.insertInto('known_issue_areas').values({ known_issue_id: id, area }).execute();
  for (const article of input.articles ?? []) await db.insertInto('known_issue_articles').values({ known_issue_id: id, article_slug: article }).execute();
  for (const u of input.updates ?? [])
    await db
      .insertInto('known_issue_updates')
      .values({
        known_issue_id: id,
        status: u.status,
        message_source: u.html,
        message_html: u.html,
        author_id: u.authorId ?? null,
        source: u.source ?? 'staff',
        created_at: u.at,
      })
      .execute();
  return { id, slug };
}

/** A new incident as staff would post it (createKnownIssue's input); each test file sets what it needs. */
export function newIncident(overrides: Partial<NewKnownIssue> = {}): NewKnownIssue {
  return {
    kind: 'incident',
    title: 'Google Calendar events stop syncing',
    summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
    severity: 'major',
    areas: ['calendar sync'],
    ownerId: null,
    workaround: 'Open **Settings → Calendars** and press *Sync now*.',
    etaAt: null,
    startsAt: null,
    endsAt: null,
    githubRepo: 'fieldnote/fieldnote',
    githubIssueNumber: 812,
    articleSlugs: ['calendar-sync/fix-calendar-sync-errors'],
    status: 'investigating',
    message: 'We are looking into reports that Google Calendar events stop syncing.',
    ...overrides,
  };
}
