// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the
// main pages, in light and dark colour schemes, signed out and signed in.
// bypassCSP: the site's CSP rightly refuses the injected axe script.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/browser-suite';
import { inviteStaff } from '@/server/accounts/invitations';
import { replyAsStaff } from '@/server/tickets/conversation';
import { GOOD_PASSWORD, makeTicket, makeUser, site } from '../support/factories';
import { signedInPage } from '../support/sign-in';
import sharp from 'sharp';
import { storeAttachments } from '@/server/attachments/store';
import { ticketRefToId } from '@/server/tickets/tickets';
import { createKnownIssue, postUpdate } from '@/server/known-issues/known-issues';
import { unsubscribeLinks } from '@/server/email/preferences';
import { followAsMember, followByEmail } from '@/server/known-issues/followers';
import { insertKnownIssue } from '../support/known-issues';
import { closedMonths, quarterOf } from '@/server/report/months';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let questionPath: string;
let ticketRef: string;
let ticketPath: string;
let solvedTicketPath: string;
let ratingLinkPath: string;
let invitationPath: string;
let staffKnownIssuePath: string;
let knownIssuePath: string;
let followPath: string;
let followConfirmPath: string;
let unsubscribePath: string;
let fixedIssueId: number;

const suite = useServerAndBrowser();
beforeAll(async () => {
  const q = await suite.server.db
    .selectFrom('questions')
    .select(['id', 'slug'])
    .where('accepted_answer_id', 'is not', null)
    .orderBy('score', 'desc')
    .executeTakeFirstOrThrow();
  questionPath = `/community/questions/${q.id}/${encodeURIComponent(q.slug)}`;
  // A request with a conversation: a staff reply and an internal note (staff see it).
  const agent = await makeUser(suite.server.db, { role: 'staff', displayName: 'Axe Agent' });
  const ticket = await makeTicket(suite.server.db);
  await replyAsStaff(suite.server.db, site, ticket.ref, agent, { body: 'Internal: checked the **logs**.', internal: true });
  await replyAsStaff(suite.server.db, site, ticket.ref, agent, { body: 'Please reconnect the calendar once:\n\n1. Open Settings\n2. Select Reconnect' });
  // A screenshot and a log under the staff reply: the thumbnail and file chips on both ticket pages.
  const reply = await suite.server.db
    .selectFrom('ticket_messages')
    .select('id')
    .where('ticket_id', '=', ticketRefToId(ticket.ref)!)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const screenshot = new Uint8Array(
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
  );
  await storeAttachments(
    suite.server.db,
    [
      { name: 'screenshot.png', bytes: screenshot },
      { name: 'sync.log', bytes: new TextEncoder().encode('ERROR CAL-403\n') },
    ],
    { kind: 'ticket', ticketId: ticketRefToId(ticket.ref)!, messageId: reply.id },
    { uploadedBy: agent.id, accept: 'ticket', maxFiles: 10, maxBytes: 1_000_000 },
  );
  ticketRef = ticket.ref;
  ticketPath = `/tickets/${ticket.ref}?key=${ticket.accessKey}`;
  // A solved request: "How did we do?" on its page, and the page its email's rating link opens.
  const solved = await makeTicket(suite.server.db);
  await replyAsStaff(suite.server.db, site, solved.ref, agent, { body: 'Reconnected on our side: it syncs again.', status: 'solved' });
  const solvedEmail = await suite.server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('kind', '=', 'ticket-reply')
    .where('subject', 'like', `[${solved.ref}]%`)
    .executeTakeFirstOrThrow();
  solvedTicketPath = `/tickets/${solved.ref}?key=${solved.accessKey}`;
  ratingLinkPath = /\/tickets\/[^/]+\/rate\?token=\w+&rating=great/.exec(solvedEmail.text_body)![0];
  // A staff invitation's link, as its email carries it.
  const inviter = await makeUser(suite.server.db, { role: 'admin', displayName: 'Axe Inviter' });
  await inviteStaff(suite.server.db, site, inviter, { email: 'axe.invitee@example.com', role: 'staff' });
  const invitation = await suite.server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('to_address', '=', 'axe.invitee@example.com')
    .executeTakeFirstOrThrow();
  invitationPath = /\/invitations\/[a-z2-7]+/.exec(invitation.text_body)![0];
  // A major incident with a workaround, a linked article and a second update: the staff page's header, timeline and forms.
  const issue = await createKnownIssue(suite.server.db, agent, {
    kind: 'incident',
    title: 'Google Calendar events stop syncing',
    summary: 'Events created in Google Calendar since this morning do not appear in Fieldnote.',
    severity: 'major',
    areas: ['calendar sync'],
    ownerId: agent.id,
    workaround: 'Open **Settings → Calendars** and press *Sync now*.',
    etaAt: null,
    startsAt: null,
    endsAt: null,
    githubRepo: 'fieldnote/fieldnote',
    githubIssueNumber: 812,
    articleSlugs: ['calendar-sync/fix-calendar-sync-errors'],
    status: 'investigating',
    message: 'We are looking into reports that Google Calendar events stop syncing.',
  });
  await postUpdate(suite.server.db, site, agent, issue.id, { status: 'identified', message: 'We found the cause: token refreshes fail.' });
  staffKnownIssuePath = `/staff/known-issues/${issue.id}`;
  // Following a known issue: the follow form, the double opt-in page and the unsubscribe page.
  const open = await insertKnownIssue(suite.server.db, { title: 'PDF exports time out for large notebooks', status: 'fixing', severity: 'minor' });
  followPath = `/known-issues/${open.slug}/follow`;
  await followByEmail(suite.server.db, site, open.id, 'axe.follower@example.com');
  const confirmation = await suite.server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('to_address', '=', 'axe.follower@example.com')
    .executeTakeFirstOrThrow();
  followConfirmPath = /\/known-issues\/follow\/confirm\?token=[a-z2-7]+/.exec(confirmation.text_body)![0];
  const unsubscribeUrl = new URL((await unsubscribeLinks(suite.server.db, site, { address: 'axe.follower@example.com' }, 'known_issue_updates')).url);
  unsubscribePath = `${unsubscribeUrl.pathname}${unsubscribeUrl.search}`;
  fixedIssueId = (await insertKnownIssue(suite.server.db, { title: 'Calendar sync stopped for Outlook', status: 'fixed', fixedAt: Date.now() - 60_000 })).id;
  // A major known issue: the site banner on every page, the board's status line, the issue page with its timeline.
  const publicIssue = await insertKnownIssue(suite.server.db, {
    slug: 'axe-calendar-sync-delayed',
    title: 'Calendar sync delayed for Outlook accounts',
    severity: 'major',
    status: 'identified',
    workaroundHtml: '<p>Press <strong>Sync now</strong> in Settings → Calendars.</p>',
    createdAt: Date.now() - 2 * 60 * 60_000,
    updates: [
      { status: 'investigating', html: '<p>We are looking into delayed Outlook events.</p>', at: Date.now() - 2 * 60 * 60_000 },
      { status: 'identified', html: '<p>We found the cause and are preparing a fix.</p>', at: Date.now() - 60 * 60_000 },
    ],
  });
  await insertKnownIssue(suite.server.db, {
    slug: 'axe-exports-fixed',
    title: 'PDF exports missed images',
    status: 'fixed',
    areas: ['exports'],
    fixedAt: Date.now() - 24 * 60 * 60_000,
  });
  knownIssuePath = `/known-issues/${publicIssue.slug}`;
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** `prepare` brings the page into the state to check (a dropdown open, a field typed). */
async function violations(page: Page, path: string, prepare?: (page: Page) => Promise<void>): Promise<string[]> {
  await page.goto(path);
  await prepare?.(page);
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  })) as { violations: Violation[] };
  return result.violations.map(
    (v) =>
      `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

const publicPages = () => [
  '/',
  '/help',
  '/help/calendar-sync',
  '/help/integrations/webhooks',
  '/search?q=calendar',
  // Nothing found: popular articles and the ways to people.
  '/search?q=xylophone+zeppelin',
  '/contact',
  // A subject carried from search: answers suggested beside the form.
  '/contact?q=export+notes',
  '/community',
  questionPath,
  '/community/privileges',
  '/community/tags',
  '/signin',
  '/signup',
  // A request opened with its private link: the conversation and the reply form.
  ticketPath,
  '/no-such-page',
  solvedTicketPath,
  ratingLinkPath,
  // The confirmation right after sending, with the expected first reply.
  `${ticketPath}&new=1`,
  invitationPath,
  followPath,
  followConfirmPath,
  unsubscribePath,
  '/known-issues',
  '/known-issues?status=fixed&area=exports',
  knownIssuePath,
  // The happiness report: the latest month with the archive, a published month (the seed's), the month so far.
  '/report',
  `/report/${closedMonths(Date.now(), 1)[0]}`,
  '/report/live',
];

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no violations on the public pages in the ${colorScheme} scheme`, async () => {
      const page = await suite.newPage({ colorScheme, bypassCSP: true });
      const found: string[] = [];
      for (const path of publicPages()) found.push(...(await violations(page, path)));
      found.push(
        ...(await violations(page, '/', async (p) => {
          await p.getByRole('combobox', { name: 'Search help and community' }).fill('calendar');
          await p.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').nth(4).waitFor();
        })),
      );
      expect(found).toEqual([]);
    });
  }

  it('has no violations on signed-in pages (question with forms, account, ask, staff tools)', async () => {
    const staff = await makeUser(suite.server.db, { role: 'staff', displayName: 'Axe Staff' });
    const page = await signedInPage(suite, staff.email, GOOD_PASSWORD, { bypassCSP: true });
    const found: string[] = [];
    // Back after two hours: "Fixed since your last visit" above the first page.
    await followAsMember(suite.server.db, staff, fixedIssueId);
    await suite.server.db
      .updateTable('users')
      .set({ last_seen_at: Date.now() - 2 * 60 * 60_000 })
      .where('id', '=', staff.id)
      .execute();
    found.push(...(await violations(page, '/help')));
    expect(await page.getByRole('heading', { name: 'Fixed since your last visit' }).count()).toBe(1);
    for (const path of [
      '/account/email',
      followPath,
      questionPath,
      '/account',
      '/community/ask',
      '/community/ask?title=Google+Calendar',
      '/notifications',
      '/staff',
      '/staff/search',
      '/staff/moderation',
      `/tickets/${ticketRef}`,
      '/tickets',
      '/staff/tickets',
      `/staff/tickets/${ticketRef}`,
      '/staff/saved-replies',
      '/staff/notifications',
      '/staff/inbound-email',
      '/staff/known-issues',
      '/staff/known-issues/new',
      staffKnownIssuePath,
      '/staff/report',
      // Seeded: the last six months are published; the seventh back has the note form.
      `/staff/report/${closedMonths(Date.now(), 7)[6]}`,
      `/staff/report/${closedMonths(Date.now(), 1)[0]}`,
      '/staff/insights',
      `/staff/insights/quarter/${quarterOf(Date.now())}`,
      '/staff/insights/digest',
      `/users/${staff.id}/axe-staff`,
    ])
      found.push(...(await violations(page, path)));
    expect(found).toEqual([]);
  });

  it('has no violations on the administration pages, in both schemes, with a form showing its errors', async () => {
    const admin = await makeUser(suite.server.db, { role: 'admin', displayName: 'Axe Admin' });
    const member = await makeUser(suite.server.db, { displayName: 'Axe Member' });
    // An urgent request notifies every agent: the notifications page with an unread item.
    await makeTicket(suite.server.db, { urgency: 'urgent', subject: 'Everyone is signed out' });
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await signedInPage(suite, admin.email, GOOD_PASSWORD, { bypassCSP: true, colorScheme });
      for (const path of ['/admin', '/admin?q=axe', '/admin/settings', `/admin/users/${member.id}`, `/admin/users/${admin.id}`])
        found.push(...(await violations(page, path)));
      found.push(
        ...(await violations(page, '/admin/settings', async (p) => {
          await p.getByLabel('Opens at').fill('18:00');
          await p.getByLabel('Holidays').fill('2026-13-45');
          await p.getByRole('button', { name: 'Save settings' }).click();
          await p.getByText('Support must close after it opens.').waitFor();
        })),
      );
    }
    expect(found).toEqual([]);
  });
});
