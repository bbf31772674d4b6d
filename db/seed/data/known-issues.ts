// The demo's known issues (issue 13, item 9): a year of Fieldnote incidents and
// planned maintenance as the support team posted them on the board, each with
// its timeline of updates written the way a status page is written. Times are
// relative to the seed's clock: an issue starts `daysAgo` days before it at a
// UTC time of day (or `minutesAgo` minutes before it, for the ones going on
// now), and every update comes `after` minutes from that start.
// db/seed/known-issues.ts writes them; db/seed/tickets.ts plays the customer
// tickets written during the major and critical incidents (and the bulk
// replies staff sent to them), so the ticket history agrees with the board.
import type { KnownIssueSeverity, KnownIssueStatus, TicketEmotion, TicketUrgency } from '../../schema';
import type { TicketCategory } from '@/server/tickets/tickets';

export const GITHUB_REPO = 'fieldnote/fieldnote';

export type IssueStart = { daysAgo: number; at: string } | { minutesAgo: number };

export interface SeedIssueUpdate {
  /** Minutes after the issue's start. */
  after: number;
  status: KnownIssueStatus;
  /** A demo staff email, or null for an update posted by the GitHub integration. */
  by: string | null;
  message: string;
}

/** A customer who wrote to support during the incident. */
export interface SeedIncidentTicket {
  /** Minutes after the issue's start. */
  after: number;
  subject: string;
  description: string;
  category: TicketCategory;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  /** The customer's answer after staff's first reply (minutes after that reply). */
  followUp?: { after: number; text: string };
}

/** "Reply to all linked tickets": one message to every incident ticket written before it. */
export interface SeedBulkReply {
  after: number;
  by: string;
  /** Markdown; {{requester_name}}, {{ticket_ref}} and {{agent_name}} when it comes from a saved reply. */
  body: string;
  /** The saved reply it started from (by title). */
  savedReply?: string;
  setStatus: 'pending' | 'solved';
}

export interface SeedKnownIssue {
  slug: string;
  title: string;
  summary: string;
  kind?: 'maintenance';
  severity: KnownIssueSeverity;
  areas: string[];
  /** A demo staff email. */
  owner: string;
  start: IssueStart;
  /** Markdown. */
  workaround?: string;
  /** The ETA given, minutes after the start. */
  etaAfter?: number;
  /** Planned maintenance: its window, minutes after the start (the announcement). */
  window?: { after: number; minutes: number };
  githubIssue?: number;
  /** Help articles, as the help hub names them (category/slug). */
  articles: string[];
  updates: SeedIssueUpdate[];
  /** "I'm affected too": members and anonymous visitors. */
  affected: { members: number; visitors: number };
  /** Members, and visitors' addresses (confirmed unless listed as unconfirmed). */
  followers: { members: number; emails?: string[]; unconfirmed?: string[] };
  /** Existing demo tickets with these subjects (of ./ticket-scenarios.ts) written around the incident get linked to it. */
  linkSubjects?: string[];
  tickets?: SeedIncidentTicket[];
  bulkReplies?: SeedBulkReply[];
  /** The incident playbook's steps and when they were done (minutes after the start); the post step is the first update. */
  playbook?: { earlyWarning: number; savedReply?: number; bulkReply?: boolean; by: string };
}

const ADA = 'ada@fieldnote.example';
const SAM = 'sam@fieldnote.example';
const PRIYA = 'priya@fieldnote.example';
const KENJI = 'kenji@fieldnote.example';
const INES = 'ines@fieldnote.example';
const MALIK = 'malik@fieldnote.example';
const ELIF = 'elif@fieldnote.example';

export const KNOWN_ISSUE_SAVED_REPLY = 'Known issue: we’re on it';
export const KNOWN_ISSUE_FIXED_SAVED_REPLY = 'Known issue: fixed';

export const knownIssues: SeedKnownIssue[] = [
  // ---- Going on now: the one active major incident (the banner shows it). ----
  {
    slug: 'notes-slow-to-sync-eu',
    title: 'Note changes slow to sync between devices',
    summary:
      'Edits made in the web app can take up to 20 minutes to appear on other devices, and some workspaces in the EU region see “Couldn’t save” errors. Nothing you write is lost.',
    severity: 'major',
    areas: ['web app', 'mobile'],
    owner: KENJI,
    start: { minutesAgo: 185 },
    workaround:
      'Your changes are kept on the device you wrote them on and sync once the queue catches up.\n\n- **Don’t sign out** of the app you edited in until the note shows *Synced* (signing out discards changes that have not synced yet).\n- If you need a note on another device right now, open it in the web app at **app.fieldnote.example**: the web app reads the latest saved version directly.\n- If you see *Couldn’t save*, copy your text before reloading the page.',
    etaAfter: 300,
    githubIssue: 5127,
    articles: ['troubleshooting/notes-not-syncing', 'mobile-apps/offline-mode'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: SAM,
        message:
          'We’re seeing delayed syncs of note changes between devices, and some workspaces in the EU region get “Couldn’t save” errors in the web app. We’re investigating and will post an update within the hour.',
      },
      {
        after: 38,
        status: 'identified',
        by: KENJI,
        message:
          'We’ve found the cause: one of the queues that carries note changes between devices fell behind after this morning’s infrastructure update, and it is now about 20 minutes behind. Your changes are stored safely and will arrive on your other devices; please don’t sign out of the app you edited in until the note shows *Synced*.',
      },
      {
        after: 96,
        status: 'fixing',
        by: KENJI,
        message:
          'We’ve added capacity to the sync queue and rolled back the configuration change that slowed it down. The backlog is shrinking: most changes now arrive within 5 minutes. We expect the queue to be fully caught up within about three hours.',
      },
      {
        after: 162,
        status: 'fixing',
        by: SAM,
        message:
          'Progress update: the backlog is down by two thirds and the “Couldn’t save” errors have stopped for nearly all workspaces. A few workspaces with very large notebooks are still catching up; we’ll post again as soon as they are.',
      },
    ],
    affected: { members: 9, visitors: 34 },
    followers: { members: 6, emails: ['it-desk@harbor-legal.example', 'ops@kestrel-studio.example'], unconfirmed: ['m.varga@tidewater.example'] },
    linkSubjects: ['Edits on my laptop do not reach my phone', 'Notes not syncing between devices', 'Sync icon shows a red exclamation mark'],
    tickets: [
      {
        after: 14,
        subject: 'Changes from my laptop are not showing on my phone',
        description:
          'I updated our site visit checklist on my laptop about twenty minutes ago and my phone still shows the old version. My colleague sees the old one too. Is something wrong with sync right now?',
        category: 'bug',
        urgency: 'high',
        emotion: 'confused',
      },
      {
        after: 31,
        subject: '"Couldn\'t save" error every few minutes in the web app',
        description:
          'Since this morning the web app keeps showing a red “Couldn’t save” message while I type meeting notes. Reloading helps for a few minutes, then it happens again. We are in Amsterdam, if that matters.',
        category: 'bug',
        urgency: 'urgent',
        emotion: 'frustrated',
      },
      {
        after: 74,
        subject: 'Team sees different versions of the same note',
        description:
          'Three of us are editing our sprint planning note and each of us sees a different version. I am worried we will overwrite each other’s changes. Should we stop editing until this is sorted out?',
        category: 'notes-sharing',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 128,
        subject: 'Sync delay on iPad since this morning',
        description:
          'Notes I write on my iPad take a very long time to reach the web app today. The sync icon keeps spinning. I am about to present from my laptop in an hour and need those notes there.',
        category: 'mobile-apps',
        urgency: 'normal',
        emotion: null,
      },
    ],
    playbook: { earlyWarning: 9, savedReply: 52, by: SAM },
  },

  // ---- Open minor issues. ----
  {
    slug: 'outlook-recurring-events-duplicated',
    title: 'Recurring Outlook events duplicated after editing one occurrence',
    summary:
      'When you change a single occurrence of a recurring Outlook or Microsoft 365 event, Fieldnote can show the series twice in the calendar panel. Meeting notes you already linked are not affected.',
    severity: 'minor',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 2, at: '09:40' },
    workaround:
      'Open **Settings → Calendar** and select **Sync now** next to the Outlook account: the duplicate disappears after the next full sync. Linked meeting notes stay linked.',
    articles: ['calendar-sync/connect-outlook-calendar', 'calendar-sync/fix-calendar-sync-errors'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: PRIYA,
        message:
          'Some customers see recurring Outlook events twice in the calendar panel after editing one occurrence of the series. We’re investigating; a manual **Sync now** removes the duplicate in the meantime.',
      },
      {
        after: 5 * 60,
        status: 'investigating',
        by: PRIYA,
        message:
          'We’ve reproduced the duplicate with series that have a changed occurrence and an attendee outside the organizer’s organization. We’re comparing what Microsoft Graph sends in that case with what our sync expects.',
      },
      {
        after: 28 * 60,
        status: 'investigating',
        by: KENJI,
        message:
          'We’re still investigating. For these series Microsoft Graph sometimes sends the changed occurrence with a new identifier, and we’ve asked Microsoft whether that is expected before we change our sync. **Sync now** still removes the duplicate in the meantime.',
      },
    ],
    affected: { members: 2, visitors: 5 },
    followers: { members: 2, emails: ['calendar-admin@oakridge-university.example'] },
    linkSubjects: ['Every recurring meeting shows up twice', 'Calendar panel shows the same event two times'],
  },
  {
    slug: 'safari-3ds-upgrade-payments',
    title: 'Card payments with 3-D Secure fail on the upgrade page in Safari',
    summary:
      'Upgrading to Team or Business with a card that asks for 3-D Secure confirmation fails in Safari 18 with “Payment could not be completed”. No money is taken.',
    severity: 'minor',
    areas: ['billing', 'web app'],
    owner: MALIK,
    start: { daysAgo: 4, at: '13:15' },
    workaround:
      'Upgrade in **Chrome, Firefox or Edge**, or from the Fieldnote desktop app (**Settings → Plan → Change plan**). Your card is not charged by the failed attempt; a pending authorisation your bank shows disappears within a few days.',
    etaAfter: 6 * 24 * 60,
    articles: ['account-billing/change-your-plan', 'account-billing/update-payment-method'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: MALIK,
        message:
          'Some customers can’t complete an upgrade in Safari when their bank asks for 3-D Secure confirmation. We’re looking into it. Upgrading in another browser works.',
      },
      {
        after: 4 * 60 + 20,
        status: 'identified',
        by: MALIK,
        message:
          'We found the cause: Safari 18 blocks the bank’s confirmation window because it opens from inside a frame on our upgrade page. Our payment provider has confirmed the fix on their side; we’ll change how the confirmation opens in our next web release, expected early next week.',
      },
      {
        after: 2 * 24 * 60 + 45,
        status: 'identified',
        by: ELIF,
        message:
          'The change is written and being tested with the three largest card networks. Until it ships, please upgrade in Chrome, Firefox or Edge, or from the desktop app. Nobody has been charged by a failed attempt.',
      },
    ],
    affected: { members: 1, visitors: 7 },
    followers: { members: 1, emails: ['finance@copperleaf.example'] },
    linkSubjects: ['Card keeps getting declined when upgrading', 'Cannot pay for the Business plan'],
  },
  {
    slug: 'webhook-retries-too-frequent',
    title: 'Webhook deliveries retried more often than documented',
    summary:
      'Failed webhook deliveries are retried every minute instead of with the documented backoff, so an endpoint that is down receives many more attempts than expected.',
    severity: 'minor',
    areas: ['API', 'integrations'],
    owner: KENJI,
    start: { daysAgo: 6, at: '08:05' },
    workaround:
      'Make your handler idempotent on the `X-Fieldnote-Delivery` header, as described in [Webhooks](/help/integrations/webhooks), and answer `200` to deliveries you have already processed.',
    githubIssue: 5089,
    articles: ['integrations/webhooks', 'integrations/rest-api-tokens'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: KENJI,
        message:
          'A few developers report that webhook deliveries to an endpoint that is down are retried every minute instead of backing off. We’re checking the delivery worker.',
      },
      {
        after: 3 * 60,
        status: 'identified',
        by: KENJI,
        message:
          'Confirmed: since release 4.31 the retry schedule ignores the backoff setting. Deliveries are still sent only once when your endpoint answers, and nothing is lost. The fix is tracked in GitHub.',
      },
      {
        after: 2 * 24 * 60 + 2 * 60,
        status: 'fixing',
        by: KENJI,
        message:
          'The fix has been merged and is rolling out with this week’s API release. Retries will go back to the documented schedule (1 minute, 5 minutes, 30 minutes, then hourly for a day).',
      },
    ],
    affected: { members: 2, visitors: 3 },
    followers: { members: 2, emails: ['dev@lumen-analytics.example'] },
  },
  {
    slug: 'large-pdf-exports-time-out',
    title: 'Large PDF exports time out',
    summary: 'Exporting a notebook with more than about 300 pages to PDF stops after a few minutes with “Export failed”. Smaller exports and other formats work.',
    severity: 'minor',
    areas: ['exports'],
    owner: INES,
    start: { daysAgo: 3, at: '15:30' },
    workaround:
      'Export the notebook in parts: select a range of notes, then **Export → PDF**. Or export as **HTML** or **Markdown** (ZIP), which is not affected. See [Export failed](/help/troubleshooting/export-failed).',
    articles: ['troubleshooting/export-failed', 'notes-sharing/export-notes'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: INES,
        message: 'We’re seeing PDF exports of very large notebooks fail with “Export failed” after a few minutes. We’re looking into it.',
      },
      {
        after: 5 * 60,
        status: 'fixing',
        by: INES,
        message:
          'The PDF renderer runs out of its time limit on notebooks with many images. We’re raising the limit and splitting long exports into parts behind the scenes; the change goes out tomorrow morning.',
      },
      {
        after: 22 * 60,
        status: 'monitoring',
        by: INES,
        message:
          'The fix has been deployed to all regions; we’re monitoring. Exports of up to 1,000 pages now finish in a few minutes. If an export still fails, please try again and tell us the notebook’s name.',
      },
    ],
    affected: { members: 1, visitors: 4 },
    followers: { members: 1, emails: [] },
  },

  // ---- Planned maintenance. ----
  {
    slug: 'maintenance-search-upgrade',
    title: 'Planned maintenance: search upgrade',
    summary:
      'We’re upgrading the search service. During the window, search in notes and in the help center may return incomplete results for a few minutes; everything else works as usual.',
    kind: 'maintenance',
    severity: 'minor',
    areas: ['web app', 'mobile', 'API'],
    owner: ADA,
    start: { daysAgo: 2, at: '14:00' },
    window: { after: 5 * 24 * 60 + 15 * 60, minutes: 90 },
    articles: ['troubleshooting/slow-performance'],
    updates: [
      {
        after: 0,
        status: 'identified',
        by: ADA,
        message:
          'We’ll upgrade the search service during a 90-minute window early in the morning (European time), when Fieldnote is quietest. Notes, calendars, exports and the API keep working; search results may be incomplete for a few minutes while the new index takes over.',
      },
      {
        after: 24 * 60 + 30,
        status: 'identified',
        by: SAM,
        message:
          'A reminder that the window is unchanged. The API’s `/search` endpoint will answer `503` with a `Retry-After` header for at most 10 minutes during it; other endpoints are not affected.',
      },
    ],
    affected: { members: 0, visitors: 0 },
    followers: { members: 3, emails: ['it@summit-architects.example'] },
  },
  {
    slug: 'maintenance-calendar-sync-upgrade',
    title: 'Planned maintenance: calendar sync service upgrade',
    summary: 'Calendar sync paused for up to 45 minutes while we moved it to new servers. Events synced as soon as the window ended.',
    kind: 'maintenance',
    severity: 'minor',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 74, at: '11:00' },
    window: { after: 3 * 24 * 60 + 19 * 60, minutes: 45 },
    articles: ['calendar-sync/sync-frequency-and-limits'],
    updates: [
      {
        after: 0,
        status: 'identified',
        by: PRIYA,
        message:
          'We’re moving calendar sync to new servers. During the 45-minute window, new and changed events won’t sync; they will arrive right after. Nothing else is affected.',
      },
      {
        after: 3 * 24 * 60 + 19 * 60,
        status: 'fixing',
        by: KENJI,
        message: 'The maintenance has started. Calendar sync is paused; events you change now will sync when we’re done.',
      },
      {
        after: 3 * 24 * 60 + 19 * 60 + 38,
        status: 'monitoring',
        by: KENJI,
        message: 'Calendar sync is running on the new servers and is catching up on the events changed during the window. We’re watching it closely.',
      },
      {
        after: 3 * 24 * 60 + 20 * 60 + 30,
        status: 'fixed',
        by: KENJI,
        message: 'Completed: the upgrade is done and every calendar has synced again. Thank you for your patience.',
      },
    ],
    affected: { members: 0, visitors: 1 },
    followers: { members: 2, emails: [] },
  },
  {
    slug: 'maintenance-eu-database',
    title: 'Planned maintenance: EU database upgrade',
    summary: 'Workspaces in the EU region were read-only for about 20 minutes while we upgraded their database to a new version.',
    kind: 'maintenance',
    severity: 'minor',
    areas: ['web app', 'mobile', 'API'],
    owner: ADA,
    start: { daysAgo: 246, at: '10:00' },
    window: { after: 6 * 24 * 60 + 18 * 60, minutes: 30 },
    articles: ['mobile-apps/offline-mode'],
    updates: [
      {
        after: 0,
        status: 'identified',
        by: ADA,
        message:
          'We’ll upgrade the database of the EU region. During a 30-minute window, EU workspaces will be read-only: you can read every note, and the apps keep what you write offline until the upgrade is done.',
      },
      {
        after: 6 * 24 * 60 + 18 * 60,
        status: 'fixing',
        by: ADA,
        message: 'The maintenance has started. EU workspaces are read-only for now; the mobile and desktop apps keep your changes and sync them afterwards.',
      },
      {
        after: 6 * 24 * 60 + 18 * 60 + 21,
        status: 'fixed',
        by: ADA,
        message: 'Completed: the upgrade finished in 21 minutes and EU workspaces are writable again. Changes made offline have synced.',
      },
    ],
    affected: { members: 0, visitors: 2 },
    followers: { members: 2, emails: ['admin@granite-builders.example'] },
  },

  // ---- Past critical incidents. ----
  {
    slug: 'eu-region-outage',
    title: 'Fieldnote unavailable for workspaces in the EU region',
    summary: 'Workspaces hosted in the EU region could not load notes for 38 minutes after a database node failed during an upgrade. No data was lost.',
    severity: 'critical',
    areas: ['web app', 'mobile', 'API'],
    owner: ADA,
    start: { daysAgo: 291, at: '08:12' },
    articles: ['troubleshooting/notes-not-syncing', 'mobile-apps/offline-mode', 'troubleshooting/slow-performance'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: SAM,
        message:
          'Workspaces in the EU region can’t load notes right now: the web app shows a 502 error and the apps say they can’t reach the server. We’re investigating with the highest priority.',
      },
      {
        after: 11,
        status: 'identified',
        by: ADA,
        message:
          'A database node in the EU region stopped accepting connections during a routine upgrade, and the automatic failover did not start. We’re switching to the standby node by hand.',
      },
      {
        after: 24,
        status: 'fixing',
        by: ADA,
        message:
          'The standby node has taken over and workspaces are coming back one by one. The mobile and desktop apps kept everything you wrote offline and will sync it in the next minutes.',
      },
      {
        after: 38,
        status: 'monitoring',
        by: ADA,
        message: 'All EU workspaces load again and the offline changes have synced. We’re monitoring the database closely before we call this resolved.',
      },
      {
        after: 3 * 60 + 10,
        status: 'fixed',
        by: ADA,
        message:
          'Fixed: the EU region has been stable for over two hours. The outage lasted 38 minutes and no notes were lost. We’ve changed the upgrade procedure so the failover is tested before any node is upgraded, and we’ll publish a full incident report this week.',
      },
    ],
    affected: { members: 12, visitors: 61 },
    followers: { members: 8, emails: ['it@brightlane.example', 'helpdesk@riverbend-school.example', 'ops@northwind-traders.example'] },
    linkSubjects: ['Fieldnote is down for our whole team', 'Nothing loads, error 502', 'Cannot open any note'],
    tickets: [
      {
        after: 4,
        subject: 'Fieldnote shows 502 for our whole office',
        description:
          'Nobody in our office can open Fieldnote: the web app shows a 502 error and the desktop app says it cannot reach the server. We have a client workshop in an hour and all our notes are in there.',
        category: 'bug',
        urgency: 'urgent',
        emotion: 'angry',
      },
      {
        after: 7,
        subject: 'Cannot open any notes on any device',
        description:
          'None of my notes open, on my laptop or my phone. The app just says it cannot reach the server. Is Fieldnote down, or is it something on our side?',
        category: 'bug',
        urgency: 'urgent',
        emotion: 'frustrated',
      },
      {
        after: 15,
        subject: 'Is my data safe? Everything stopped loading',
        description:
          'Everything stopped loading a few minutes ago in the middle of writing a long note. Please tell me the note is not lost. I did not get a chance to copy it.',
        category: 'other',
        urgency: 'high',
        emotion: 'sad',
        followUp: { after: 25, text: 'Thank you. Should I keep the app open so it can sync later, or does that not matter?' },
      },
      {
        after: 21,
        subject: 'Outage: API calls returning 502',
        description:
          'Our nightly import job started failing with 502 responses from the API at the same time our users reported the web app being down. Is there an incident we can follow?',
        category: 'integrations',
        urgency: 'high',
        emotion: null,
      },
    ],
    bulkReplies: [
      {
        after: 27,
        by: SAM,
        body: 'Hello,\n\nThank you for writing to us. Fieldnote is currently unavailable for workspaces in the EU region because of a database failure, and our engineers are restoring it right now. **Your notes are safe**: the apps keep what you write offline and sync it as soon as the service is back.\n\nYou can follow every update on our [known-issues page](/known-issues/eu-region-outage). We’ll write to you here again when it is resolved.\n\nSam, Fieldnote support',
        setStatus: 'pending',
      },
      {
        after: 3 * 60 + 25,
        by: SAM,
        body: 'Hello again,\n\nThe outage is fixed: every EU workspace has been working normally for more than two hours, and the changes made offline have synced. Nothing was lost. We’re sorry for the disruption; the incident report on the [known-issues page](/known-issues/eu-region-outage) explains what happened and what we changed.\n\nIf anything still looks wrong in your workspace, just reply here and we’ll look into it.\n\nSam, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 6, savedReply: 19, bulkReply: true, by: SAM },
  },
  {
    slug: 'sso-sign-in-failing',
    title: 'Single sign-on failing for all SAML workspaces',
    summary: 'Members of workspaces that sign in with SAML single sign-on (Okta, Entra ID, Google Workspace) could not sign in for about an hour after a certificate change.',
    severity: 'critical',
    areas: ['web app', 'integrations'],
    owner: KENJI,
    start: { daysAgo: 204, at: '07:48' },
    workaround:
      'Members who were already signed in were not affected. Workspace admins could still sign in with their password and **Settings → Security → Sign-in recovery**.',
    articles: ['integrations/single-sign-on-saml', 'troubleshooting/cannot-sign-in'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: MALIK,
        message:
          'Members of workspaces using SAML single sign-on get “Sign-in failed: invalid response” when they try to sign in. People who are already signed in can keep working. We’re investigating.',
      },
      {
        after: 17,
        status: 'identified',
        by: KENJI,
        message:
          'We rotated our SAML signing certificate this morning, and the new certificate was published to identity providers with the wrong validity date, so they reject our sign-in requests. We’re rolling back to the previous certificate.',
      },
      {
        after: 41,
        status: 'fixing',
        by: KENJI,
        message:
          'The previous certificate is back in place. Sign-in works again for Okta and Google Workspace; Entra ID caches the certificate for a short while, so Entra workspaces recover over the next 20 minutes.',
      },
      {
        after: 66,
        status: 'monitoring',
        by: KENJI,
        message: 'Single sign-on works again for every identity provider we support. We’re monitoring sign-ins and will keep the old certificate until the rotation is redone safely.',
      },
      {
        after: 5 * 60,
        status: 'fixed',
        by: KENJI,
        message:
          'Fixed: SAML sign-in has worked normally for four hours. No admin action is needed. Next time we rotate the certificate we’ll announce it a week ahead and keep both certificates valid during the change.',
      },
    ],
    affected: { members: 7, visitors: 29 },
    followers: { members: 5, emails: ['identity@oakridge-university.example', 'it@mosaic-labs.example'] },
    linkSubjects: ['SAML sign-in fails with Okta', 'Locked out after enabling SSO'],
    tickets: [
      {
        after: 6,
        subject: 'Nobody at our company can sign in with Okta',
        description:
          'Since about 8 this morning none of our 60 employees can sign in with Okta. Fieldnote says “Sign-in failed: invalid response”. Nothing changed on our side, our Okta admin checked.',
        category: 'integrations',
        urgency: 'urgent',
        emotion: 'angry',
      },
      {
        after: 12,
        subject: 'SSO error "invalid response" after signing out',
        description:
          'I signed out to switch accounts and now I cannot get back in through our company login. The error says invalid response. My colleagues who did not sign out are fine.',
        category: 'account-billing',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 29,
        subject: 'Entra ID single sign-on broken this morning',
        description:
          'Our Entra ID sign-in to Fieldnote stopped working this morning with an invalid response error. We have a board meeting with notes in Fieldnote at 11. Can you help urgently?',
        category: 'integrations',
        urgency: 'urgent',
        emotion: 'frustrated',
        followUp: { after: 40, text: 'It works for me now, but two of my colleagues still get the error.' },
      },
    ],
    bulkReplies: [
      {
        after: 44,
        by: MALIK,
        body: 'Hello,\n\nThank you for reporting this so quickly. A certificate change on our side broke single sign-on for every SAML workspace this morning. We’ve rolled it back and sign-in is coming back now: Okta and Google Workspace work again, and Entra ID workspaces recover within about 20 minutes.\n\nYou don’t need to change anything in your identity provider. Updates are on the [known-issues page](/known-issues/sso-sign-in-failing).\n\nMalik, Fieldnote support',
        setStatus: 'pending',
      },
      {
        after: 5 * 60 + 20,
        by: MALIK,
        body: 'Hello again,\n\nSingle sign-on has been working normally for every identity provider for several hours, so we’re marking this as resolved. We’re sorry for the trouble this morning; next time we change the certificate we’ll announce it a week ahead.\n\nIf anyone in your team still can’t sign in, reply here with their email address and we’ll check right away.\n\nMalik, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 10, savedReply: 35, bulkReply: true, by: KENJI },
  },
  {
    slug: 'api-errors-webhooks-delayed',
    title: 'API returning errors and webhooks delayed',
    summary:
      'About a third of API requests failed with 500 errors and webhook deliveries were delayed by up to two hours after a faulty API release. Integrations such as Zapier and Slack were affected too.',
    severity: 'critical',
    areas: ['API', 'integrations'],
    owner: KENJI,
    start: { daysAgo: 97, at: '13:05' },
    githubIssue: 4730,
    articles: ['integrations/rest-api-tokens', 'integrations/webhooks', 'integrations/zapier-integration'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: ELIF,
        message: 'Many API requests are failing with `500 Internal Server Error`, and webhooks are arriving late. Zapier and Slack notifications are affected too. We’re investigating.',
      },
      {
        after: 14,
        status: 'identified',
        by: KENJI,
        message: 'The errors started with today’s API release, which exhausts database connections under load. We’re rolling the release back now.',
      },
      {
        after: 32,
        status: 'fixing',
        by: KENJI,
        message:
          'The rollback is complete and the error rate is back to normal. Webhook deliveries that were queued are being sent now, oldest first; expect them to arrive over the next hour or two. Each delivery is sent once.',
      },
      {
        after: 2 * 60 + 20,
        status: 'monitoring',
        by: KENJI,
        message: 'The webhook backlog has been delivered. We’re monitoring the API and will keep the faulty release back until the fix is reviewed.',
      },
      {
        after: 6 * 60,
        status: 'fixed',
        by: KENJI,
        message:
          'Fixed: the API has been healthy for over three hours and every delayed webhook has been delivered. Requests that failed with a 500 error were not processed, so retrying them is safe. The root cause is documented in our GitHub issue.',
      },
    ],
    affected: { members: 6, visitors: 22 },
    followers: { members: 4, emails: ['platform@cobalt-games.example', 'dev@atlas-logistics.example'] },
    linkSubjects: ['Webhooks stopped arriving', 'Zap stopped posting our announcements', 'Zapier "New note" trigger stopped firing', 'Slack does not receive my mentions', 'Mentions from Fieldnote missing in Slack'],
    tickets: [
      {
        after: 5,
        subject: 'API suddenly returning 500 on every other request',
        description:
          'Our sync service started getting 500 Internal Server Error on roughly every third call to the notes endpoint a few minutes ago. Same token, same code as yesterday. Is the API having problems?',
        category: 'integrations',
        urgency: 'urgent',
        emotion: 'frustrated',
      },
      {
        after: 18,
        subject: 'Zapier zaps failing with Fieldnote errors',
        description:
          'All our zaps that create Fieldnote notes have been failing for the last quarter of an hour. Zapier shows an error from Fieldnote. We rely on them for our support hand-offs.',
        category: 'integrations',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 50,
        subject: 'Webhooks arriving very late today',
        description:
          'Webhook deliveries for note updates are arriving more than an hour late today. Will they all be delivered eventually, or do we need to backfill from the API?',
        category: 'integrations',
        urgency: 'normal',
        emotion: 'confused',
      },
    ],
    bulkReplies: [
      {
        after: 6 * 60 + 15,
        by: ELIF,
        body: 'Hello,\n\nThe API incident is resolved. A faulty release caused the 500 errors; we rolled it back, and every webhook that was delayed has now been delivered, each exactly once, so you don’t need to backfill. Requests that failed with a 500 were not processed, which means retrying them is safe.\n\nThe details are on the [known-issues page](/known-issues/api-errors-webhooks-delayed). Reply here if anything still looks out of sync.\n\nElif, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 8, savedReply: 40, bulkReply: true, by: ELIF },
  },

  // ---- Past major incidents. ----
  {
    slug: 'google-calendar-sync-delays',
    title: 'Google Calendar events syncing with long delays',
    summary: 'New and changed Google Calendar events took up to six hours to appear in Fieldnote, and some accounts showed the CAL-429 warning.',
    severity: 'major',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 333, at: '07:30' },
    workaround: 'Events already in Fieldnote stay available. To pull a single account’s changes sooner, open **Settings → Calendar** and select **Sync now** (at most once every 10 minutes).',
    articles: ['calendar-sync/fix-calendar-sync-errors', 'calendar-sync/sync-frequency-and-limits', 'calendar-sync/connect-google-calendar'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: PRIYA,
        message: 'We’re seeing delayed syncs for Google Calendar accounts: new events can take several hours to appear in Fieldnote, and some accounts show the CAL-429 warning. We’re investigating.',
      },
      {
        after: 55,
        status: 'identified',
        by: PRIYA,
        message:
          'Our Google Calendar quota was used up early this morning by a retry loop on a small number of accounts, so Google is slowing down every request we make. We’re stopping the loop and have asked Google to reset the quota.',
      },
      {
        after: 3 * 60 + 10,
        status: 'fixing',
        by: KENJI,
        message: 'The retry loop is fixed and the quota has been reset. Calendars are catching up on the changes from this morning; most accounts are already current.',
      },
      {
        after: 6 * 60,
        status: 'monitoring',
        by: KENJI,
        message: 'Every Google Calendar account is syncing within the usual 5 minutes again. We’re monitoring the quota for the rest of the day.',
      },
      {
        after: 26 * 60,
        status: 'fixed',
        by: PRIYA,
        message:
          'Fixed: Google Calendar sync has been on time for a full day. We’ve added a limit per account so a single calendar can’t use up the shared quota again. The CAL-429 warning should now only appear for calendars with thousands of changes at once.',
      },
    ],
    affected: { members: 8, visitors: 27 },
    followers: { members: 5, emails: ['office@mapleleaf-dental.example'] },
    linkSubjects: ['CAL-429 error all afternoon', 'Calendar events arrive an hour late', 'Sync stuck with CAL-429', 'Google Calendar stopped syncing', 'My meetings no longer show up next to my notes'],
    tickets: [
      {
        after: 40,
        subject: 'Today\'s meetings missing from the calendar panel',
        description:
          'The meetings I added to Google Calendar this morning are not showing in Fieldnote, so I cannot create meeting notes from them. Yesterday it worked within minutes. I see a yellow CAL-429 warning in settings.',
        category: 'calendar-sync',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 2 * 60 + 15,
        subject: 'Google Calendar not updating for the whole team',
        description:
          'None of the six people on our team see new Google Calendar events in Fieldnote today. Reconnecting did not help. Is this a problem on your side?',
        category: 'calendar-sync',
        urgency: 'normal',
        emotion: 'confused',
        followUp: { after: 90, text: 'Thanks, it is slowly coming back. Two of us are current now.' },
      },
    ],
    bulkReplies: [
      {
        after: 26 * 60 + 20,
        by: PRIYA,
        body: 'Hello,\n\nGoogle Calendar sync is back to normal: every account has been syncing on time for a full day. The delay came from our shared Google quota being used up by a retry loop, which we’ve fixed and limited so it can’t happen again. You don’t need to reconnect anything.\n\nThe full timeline is on the [known-issues page](/known-issues/google-calendar-sync-delays). Reply here if events are still missing.\n\nPriya, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 20, savedReply: 70, bulkReply: true, by: PRIYA },
  },
  {
    slug: 'workspace-exports-stuck',
    title: 'Workspace exports stuck at “Preparing”',
    summary: 'Full workspace exports stayed at “Preparing” for hours and no download link was emailed. Exports of single notes and notebooks worked.',
    severity: 'major',
    areas: ['exports'],
    owner: INES,
    start: { daysAgo: 252, at: '10:20' },
    workaround: 'Export notebooks one at a time from the notebook menu (**⋯ → Export**), which is not affected. Workspace exports you already started will finish on their own; there’s no need to start them again.',
    githubIssue: 3912,
    articles: ['notes-sharing/export-notes', 'troubleshooting/export-failed'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: INES,
        message: 'Workspace exports are staying at “Preparing” and the download email does not arrive. Exports of single notebooks work. We’re looking into it.',
      },
      {
        after: 80,
        status: 'identified',
        by: INES,
        message: 'The export workers stopped picking up new jobs after a storage permission change last night. Your export requests are queued and none have been lost.',
      },
      {
        after: 2 * 60 + 40,
        status: 'fixing',
        by: KENJI,
        message: 'We’ve restored the permission and the workers are processing the queue. Large workspaces take longer; the download emails will arrive over the next few hours.',
      },
      {
        after: 7 * 60,
        status: 'monitoring',
        by: null,
        message: 'The GitHub issue fieldnote/fieldnote#3912 tracking the fix was closed. We’re monitoring that it holds.',
      },
      {
        after: 24 * 60,
        status: 'fixed',
        by: INES,
        message: 'Fixed: every queued workspace export has finished and its download link has been emailed. Links are valid for 7 days as usual.',
      },
    ],
    affected: { members: 5, visitors: 14 },
    followers: { members: 3, emails: ['records@harbor-legal.example'] },
    linkSubjects: ['Workspace export never arrived', 'Where is my export email?'],
    tickets: [
      {
        after: 45,
        subject: 'Workspace export has been preparing for three hours',
        description:
          'I started a full export of our workspace this morning for our auditors and it still says Preparing. The email with the link never came. We need the archive by tomorrow.',
        category: 'notes-sharing',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 2 * 60,
        subject: 'No download email for our workspace export',
        description: 'We requested a workspace export before cancelling our plan, but no download email has arrived after several hours. Could you check if it is stuck?',
        category: 'account-billing',
        urgency: 'normal',
        emotion: 'confused',
      },
    ],
    bulkReplies: [
      {
        after: 2 * 60 + 50,
        by: INES,
        body: 'Hello,\n\nThank you for your patience. Workspace exports were stuck because of a permission change on our side, which we’ve now fixed. Your export is in the queue and will finish on its own; the download link will be emailed to you within the next few hours, so there’s no need to start it again.\n\nYou can follow the progress on the [known-issues page](/known-issues/workspace-exports-stuck).\n\nInés, Fieldnote support',
        setStatus: 'pending',
      },
      {
        after: 24 * 60 + 15,
        by: INES,
        body: 'Hello again,\n\nEvery queued workspace export has now finished, and the download link has been sent to the address that requested it. The link is valid for 7 days. If you can’t find the email, check your spam folder or reply here and I’ll send a new one.\n\nInés, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 25, savedReply: 150, bulkReply: true, by: INES },
  },
  {
    slug: 'ios-app-crash-5-8',
    title: 'iOS app crashes on launch after updating to 5.8',
    summary: 'Fieldnote 5.8 for iPhone and iPad crashed on launch for customers with widgets on their home screen. Version 5.8.1 fixes it.',
    severity: 'major',
    areas: ['mobile'],
    owner: ELIF,
    start: { daysAgo: 176, at: '06:50' },
    workaround: 'Remove the Fieldnote widget from your home screen, then open the app: it starts normally. You can add the widget back after updating to **5.8.1**.',
    githubIssue: 4307,
    articles: ['mobile-apps/mobile-widgets', 'mobile-apps/install-mobile-apps'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: ELIF,
        message: 'Some iPhone and iPad users report that Fieldnote crashes right after launch since updating to version 5.8. We’re investigating.',
      },
      {
        after: 50,
        status: 'identified',
        by: ELIF,
        message:
          'The crash happens when a Fieldnote widget is on the home screen: 5.8 reads the widget’s settings in an old format. Removing the widget lets the app start. We’re preparing version 5.8.1.',
      },
      {
        after: 5 * 60,
        status: 'fixing',
        by: ELIF,
        message: 'Version 5.8.1 has been submitted to Apple with an expedited review. We’ve also paused the rollout of 5.8 so no one else receives it.',
      },
      {
        after: 22 * 60,
        status: 'monitoring',
        by: ELIF,
        message: 'Version 5.8.1 is available in the App Store. Please update; the app starts normally with or without the widget. We’re watching the crash reports.',
      },
      {
        after: 3 * 24 * 60,
        status: 'fixed',
        by: ELIF,
        message: 'Fixed: crash reports are back to their usual level since 5.8.1. Thank you to everyone who sent us details.',
      },
    ],
    affected: { members: 10, visitors: 41 },
    followers: { members: 6, emails: ['mobile@pinecone-media.example', 'anna.dubois@mail.example'] },
    linkSubjects: ['iOS app crashes on launch after update'],
    tickets: [
      {
        after: 35,
        subject: 'iPhone app closes immediately after the update',
        description: 'After updating Fieldnote on my iPhone this morning, the app closes as soon as I open it. I restarted the phone twice. I need my notes for a site visit today.',
        category: 'mobile-apps',
        urgency: 'urgent',
        emotion: 'frustrated',
      },
      {
        after: 2 * 60,
        subject: 'Fieldnote 5.8 crashes on iPad',
        description: 'The new version crashes on my iPad Air every time I open it. The web app works fine. Should I reinstall the app, or will I lose offline notes?',
        category: 'mobile-apps',
        urgency: 'high',
        emotion: 'confused',
        followUp: { after: 60, text: 'Removing the widget worked, thank you! I will wait for the update before adding it back.' },
      },
      {
        after: 4 * 60,
        subject: 'App crashing for our field team since this morning',
        description: 'All twelve people on our field team use iPhones and since the update this morning the app crashes for most of them. Please advise quickly, they are on site without laptops.',
        category: 'bug',
        urgency: 'urgent',
        emotion: 'angry',
      },
    ],
    bulkReplies: [
      {
        after: 4 * 60 + 20,
        by: ELIF,
        body: 'Hello,\n\nThank you for letting us know. Fieldnote 5.8 for iPhone and iPad crashes when a Fieldnote widget is on the home screen. **Please don’t reinstall the app**: your offline notes are safe. To use the app right away, remove the widget from your home screen and open Fieldnote again.\n\nVersion 5.8.1 with the fix is on its way to the App Store. Updates are on the [known-issues page](/known-issues/ios-app-crash-5-8).\n\nElif, Fieldnote support',
        setStatus: 'pending',
      },
      {
        after: 3 * 24 * 60 + 30,
        by: ELIF,
        body: 'Hello again,\n\nVersion 5.8.1 is available in the App Store and fixes the crash. After updating you can add the widget back to your home screen. If the app still doesn’t start after updating, reply here and we’ll help you right away.\n\nElif, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 15, savedReply: 120, bulkReply: true, by: ELIF },
  },
  {
    slug: 'duplicate-renewal-charges',
    title: 'Some customers charged twice for their monthly renewal',
    summary: 'A payment retry charged about 140 monthly subscriptions twice on the same day. Every duplicate charge has been refunded.',
    severity: 'major',
    areas: ['billing'],
    owner: MALIK,
    start: { daysAgo: 141, at: '09:10' },
    workaround: 'There is nothing you need to do: we refund every duplicate charge automatically. Refunds show on your statement within 5–10 business days, depending on your bank.',
    articles: ['account-billing/download-invoices', 'account-billing/update-payment-method'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: MALIK,
        message: 'Some customers on monthly plans have been charged twice for today’s renewal. We’re investigating and will refund every duplicate charge.',
      },
      {
        after: 45,
        status: 'identified',
        by: MALIK,
        message: 'A payment retry ran for renewals that had already succeeded, which charged about 140 subscriptions a second time. We’ve stopped the retry job.',
      },
      {
        after: 3 * 60,
        status: 'fixing',
        by: MALIK,
        message: 'We’re refunding every duplicate charge now. You’ll receive a refund receipt by email; the money reaches your account within 5–10 business days, depending on your bank.',
      },
      {
        after: 7 * 60,
        status: 'monitoring',
        by: ADA,
        message: 'All 142 duplicate charges have been refunded and the retry job has been corrected. We’re monitoring tonight’s renewals before we close this.',
      },
      {
        after: 26 * 60,
        status: 'fixed',
        by: MALIK,
        message: 'Fixed: last night’s renewals ran normally, each charged once. If you were charged twice and didn’t receive a refund receipt, please contact us and we’ll sort it out the same day.',
      },
    ],
    affected: { members: 4, visitors: 19 },
    followers: { members: 3, emails: ['accounts@foxglove.example'] },
    tickets: [
      {
        after: 30,
        subject: 'Charged twice for this month\'s subscription',
        description: 'My bank statement shows two Fieldnote charges of the same amount today. I only have one workspace. Please refund the second charge.',
        category: 'account-billing',
        urgency: 'high',
        emotion: 'angry',
      },
      {
        after: 95,
        subject: 'Double payment for our Team plan',
        description: 'Our finance team noticed that the Team plan renewal was charged twice this morning. Can you confirm whether this is a mistake and when we will get the money back?',
        category: 'account-billing',
        urgency: 'normal',
        emotion: 'confused',
      },
      {
        after: 2 * 60 + 30,
        subject: 'Two renewal charges and only one invoice',
        description: 'There are two charges on my credit card for the renewal but only one invoice in Fieldnote. I would like the duplicate refunded and a note for our bookkeeping.',
        category: 'account-billing',
        urgency: 'normal',
        emotion: 'frustrated',
      },
    ],
    bulkReplies: [
      {
        after: 3 * 60 + 15,
        by: MALIK,
        body: 'Hello,\n\nI’m sorry about the double charge. A payment retry on our side charged some monthly renewals twice today. We’re refunding every duplicate charge now, **you don’t need to do anything**: you’ll receive a refund receipt by email, and the money reaches your account within 5–10 business days, depending on your bank.\n\nYour invoice for this month stays as it is. Progress is on the [known-issues page](/known-issues/duplicate-renewal-charges).\n\nMalik, Fieldnote support',
        setStatus: 'pending',
      },
      {
        after: 26 * 60 + 10,
        by: MALIK,
        body: 'Hello again,\n\nEvery duplicate charge has been refunded, and last night’s renewals ran normally. You should have received the refund receipt by email. If your bank still shows both charges after 10 business days, reply here with the date of the charge and we’ll follow up with our payment provider.\n\nMalik, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 12, savedReply: 170, bulkReply: true, by: MALIK },
  },
  {
    slug: 'pdf-exports-missing-images',
    title: 'PDF exports missing images',
    summary: 'Images in notes were left out of PDF exports, leaving empty boxes. HTML and Markdown exports included them.',
    severity: 'major',
    areas: ['exports'],
    owner: INES,
    start: { daysAgo: 112, at: '12:40' },
    workaround: 'Export as **HTML** (the ZIP contains every image), or print the note from the web app with **⋯ → Print** and save it as PDF.',
    githubIssue: 4615,
    articles: ['notes-sharing/export-notes', 'troubleshooting/export-failed'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: INES,
        message: 'PDF exports show empty boxes where images should be. HTML and Markdown exports include the images. We’re investigating.',
      },
      {
        after: 2 * 60,
        status: 'identified',
        by: INES,
        message: 'The PDF renderer can no longer download images since we moved image storage to a new domain. We’re giving it access to the new domain.',
      },
      {
        after: 5 * 60,
        status: 'monitoring',
        by: INES,
        message: 'The fix has been deployed to all regions; we’re monitoring. New PDF exports include images again. Please export again any PDF made in the last two days.',
      },
      {
        after: 28 * 60,
        status: 'fixed',
        by: INES,
        message: 'Fixed: PDF exports have included every image since yesterday’s fix. We’ve added a check to our release tests so an export without images can’t ship again.',
      },
    ],
    affected: { members: 3, visitors: 11 },
    followers: { members: 2, emails: [] },
    linkSubjects: ['Images missing in PDF export'],
    tickets: [
      {
        after: 60,
        subject: 'Images missing from PDF export',
        description: 'When I export my project notes to PDF, every screenshot is replaced by an empty grey box. It worked last week. I need to send this report to a client today.',
        category: 'bug',
        urgency: 'high',
        emotion: 'frustrated',
      },
      {
        after: 3 * 60,
        subject: 'PDF shows empty boxes instead of photos',
        description: 'Our inspection notes have photos from the mobile scanner, and the PDF export now shows only empty boxes. Is there a way to get the photos into the PDF?',
        category: 'notes-sharing',
        urgency: 'normal',
        emotion: 'confused',
      },
    ],
    bulkReplies: [
      {
        after: 5 * 60 + 20,
        by: INES,
        body: 'Hello,\n\nThe problem with missing images in PDF exports is fixed: the PDF renderer could not reach our new image storage, and it can again. Please export the note again and the images will be there.\n\nPDFs made in the last two days are missing images, so export those again too. Details are on the [known-issues page](/known-issues/pdf-exports-missing-images).\n\nInés, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 30, savedReply: 140, bulkReply: true, by: INES },
  },
  {
    slug: 'microsoft-365-calendars-disconnected',
    title: 'Microsoft 365 calendars disconnected',
    summary: 'Many Microsoft 365 and Outlook.com calendars showed “Authorization expired” after Microsoft changed how sign-in tokens are refreshed.',
    severity: 'major',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 61, at: '08:25' },
    workaround: 'Reconnect the calendar in **Settings → Calendar → Reconnect**. Your calendar selection and linked meeting notes are kept.',
    articles: ['calendar-sync/connect-outlook-calendar', 'calendar-sync/fix-calendar-sync-errors'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: PRIYA,
        message: 'Many Microsoft 365 and Outlook.com calendars show “Authorization expired” this morning, although nobody changed their password. We’re investigating. Reconnecting the calendar works.',
      },
      {
        after: 70,
        status: 'identified',
        by: PRIYA,
        message: 'Microsoft changed how sign-in tokens are refreshed overnight, and our sync treated the new response as a revoked token. We’re updating the sync to handle it.',
      },
      {
        after: 4 * 60,
        status: 'fixing',
        by: KENJI,
        message: 'The update is rolling out. Calendars that have not been reconnected yet will reconnect on their own within the next hour; no action needed.',
      },
      {
        after: 6 * 60,
        status: 'monitoring',
        by: KENJI,
        message: 'The update is live everywhere and the disconnected calendars have reconnected on their own. We’re monitoring for new “Authorization expired” errors.',
      },
      {
        after: 30 * 60,
        status: 'fixed',
        by: PRIYA,
        message: 'Fixed: Microsoft 365 and Outlook.com calendars have synced normally for a day. If one still shows a red marker, select **Reconnect** once.',
      },
    ],
    affected: { members: 6, visitors: 23 },
    followers: { members: 4, emails: ['it-support@sunrise-travel.example'] },
    linkSubjects: ['Cannot connect our Microsoft 365 calendars', 'Calendar says "Authorization expired"'],
    tickets: [
      {
        after: 40,
        subject: 'Outlook calendar says Authorization expired for everyone',
        description: 'This morning every person in our company sees Authorization expired next to their Outlook calendar in Fieldnote. Nobody changed passwords. Do we all need to reconnect?',
        category: 'calendar-sync',
        urgency: 'high',
        emotion: 'confused',
      },
      {
        after: 3 * 60,
        subject: 'Microsoft 365 calendar disconnected overnight',
        description: 'My Microsoft 365 calendar got disconnected overnight and now my meeting notes do not show the attendees. I reconnected but want to know why this happened.',
        category: 'calendar-sync',
        urgency: 'normal',
        emotion: null,
      },
    ],
    bulkReplies: [
      {
        after: 6 * 60 + 10,
        by: PRIYA,
        body: 'Hello,\n\nThe “Authorization expired” errors for Microsoft 365 and Outlook.com calendars are resolved. Microsoft changed how sign-in tokens are refreshed, and we’ve updated our sync to handle it; disconnected calendars have reconnected on their own, with your calendar selection and meeting notes kept.\n\nIf a calendar still shows a red marker, select **Reconnect** once in **Settings → Calendar**. Details are on the [known-issues page](/known-issues/microsoft-365-calendars-disconnected).\n\nPriya, Fieldnote support',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 15, savedReply: 90, bulkReply: true, by: PRIYA },
  },
  {
    slug: 'slack-notifications-not-delivered',
    title: 'Slack notifications not delivered',
    summary: 'Mentions, comments and reminders were not posted to Slack channels for about nine hours after Slack retired an API we used.',
    severity: 'major',
    areas: ['integrations'],
    owner: MALIK,
    start: { daysAgo: 31, at: '09:00' },
    workaround: 'Notifications in the Fieldnote app and by email are not affected. Check **Notifications** in the sidebar for anything you may have missed in Slack.',
    githubIssue: 4988,
    articles: ['integrations/slack-integration', 'notes-sharing/mentions-and-comments'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: MALIK,
        message: 'Fieldnote notifications are not arriving in Slack channels this morning. Notifications in the app and by email work. We’re investigating.',
      },
      {
        after: 95,
        status: 'identified',
        by: KENJI,
        message: 'Slack retired an older API we still used for posting to channels. We’re moving the integration to the current API; you won’t need to reconnect Slack.',
      },
      {
        after: 6 * 60,
        status: 'fixing',
        by: KENJI,
        message: 'The new version of the Slack integration is being deployed. Notifications from the last hours will not be posted afterwards, so please check the Notifications panel in Fieldnote for anything you missed.',
      },
      {
        after: 9 * 60,
        status: 'monitoring',
        by: null,
        message: 'The GitHub issue fieldnote/fieldnote#4988 tracking the fix was closed. We’re monitoring that it holds.',
      },
      {
        after: 9 * 60 + 40,
        status: 'monitoring',
        by: MALIK,
        message: 'Notifications are arriving in Slack again for every workspace we checked. We’ll keep an eye on it until tomorrow.',
      },
      {
        after: 32 * 60,
        status: 'fixed',
        by: MALIK,
        message: 'Fixed: Slack notifications have been delivered normally for a day. Thank you for your patience while we moved to Slack’s new API.',
      },
    ],
    affected: { members: 5, visitors: 12 },
    followers: { members: 4, emails: ['tools@velvet-design.example'] },
    linkSubjects: ['Slack does not receive my mentions', 'Mentions from Fieldnote missing in Slack'],
    tickets: [
      {
        after: 50,
        subject: 'Slack channel stopped getting Fieldnote notifications',
        description: 'Our #design channel usually gets a message for every comment on our shared notes, but nothing has come through since this morning. The Slack app still shows as connected.',
        category: 'integrations',
        urgency: 'normal',
        emotion: 'confused',
      },
      {
        after: 3 * 60,
        subject: 'No Slack messages for mentions today',
        description: 'I was mentioned in three notes today and got nothing in Slack, although the emails arrived. Do I need to reconnect the integration?',
        category: 'integrations',
        urgency: 'normal',
        emotion: null,
      },
    ],
    bulkReplies: [
      {
        after: 3 * 60 + 30,
        by: MALIK,
        savedReply: KNOWN_ISSUE_SAVED_REPLY,
        body: '',
        setStatus: 'pending',
      },
      {
        after: 32 * 60 + 15,
        by: MALIK,
        savedReply: KNOWN_ISSUE_FIXED_SAVED_REPLY,
        body: '',
        setStatus: 'solved',
      },
    ],
    playbook: { earlyWarning: 10, savedReply: 110, bulkReply: true, by: MALIK },
  },

  // ---- Past minor issues. ----
  {
    slug: 'icloud-invalid-credentials',
    title: 'iCloud calendar connection fails with “invalid credentials”',
    summary: 'Connecting an iCloud calendar with a new app-specific password failed for some Apple IDs, although the password was correct.',
    severity: 'minor',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 322, at: '11:30' },
    workaround: 'Create a second app-specific password at **appleid.apple.com** and try again after 10 minutes; see [Connect an iCloud calendar](/help/calendar-sync/connect-icloud-calendar).',
    articles: ['calendar-sync/connect-icloud-calendar'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: PRIYA,
        message: 'Some customers can’t connect an iCloud calendar: Fieldnote says “invalid credentials” even with a new app-specific password. We’re looking into it.',
      },
      {
        after: 6 * 60,
        status: 'identified',
        by: PRIYA,
        message: 'Apple needs a few minutes before a new app-specific password works, and we only tried once. We’re adding retries, so a fresh password connects without a second attempt.',
      },
      {
        after: 3 * 24 * 60,
        status: 'fixed',
        by: PRIYA,
        message: 'Fixed: Fieldnote now retries for up to 10 minutes when a new app-specific password is not accepted yet. iCloud calendars connect on the first try again.',
      },
    ],
    affected: { members: 2, visitors: 6 },
    followers: { members: 1, emails: [] },
    linkSubjects: ['iCloud calendar will not accept my password', 'iCloud connection fails every time'],
  },
  {
    slug: 'android-widget-not-refreshing',
    title: 'Android widget not refreshing',
    summary: 'The Fieldnote home-screen widget on Android kept showing old notes until the app was opened.',
    severity: 'minor',
    areas: ['mobile'],
    owner: ELIF,
    start: { daysAgo: 268, at: '14:10' },
    workaround: 'Open the Fieldnote app once: the widget refreshes when the app syncs.',
    articles: ['mobile-apps/mobile-widgets'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: ELIF,
        message: 'The Android widget shows old notes for some customers until they open the app. We’re investigating.',
      },
      {
        after: 24 * 60,
        status: 'fixing',
        by: ELIF,
        message: 'Android 15’s battery saver stops our background refresh. Version 5.4.2 schedules it in a way Android allows, and is rolling out on Google Play now.',
      },
      {
        after: 4 * 24 * 60,
        status: 'fixed',
        by: ELIF,
        message: 'Fixed: version 5.4.2 is available to everyone on Google Play, and the widget refreshes every 30 minutes again.',
      },
    ],
    affected: { members: 2, visitors: 8 },
    followers: { members: 2, emails: [] },
  },
  {
    slug: 'markdown-export-checklists',
    title: 'Markdown export drops checklist formatting',
    summary: 'Checklists exported to Markdown became plain bullet points, losing which items were done.',
    severity: 'minor',
    areas: ['exports'],
    owner: INES,
    start: { daysAgo: 231, at: '09:45' },
    workaround: 'Export as **HTML**, which keeps the checkboxes, or copy the checklist from the note directly.',
    githubIssue: 3850,
    articles: ['notes-sharing/export-notes'],
    updates: [
      {
        after: 0,
        status: 'identified',
        by: INES,
        message: 'Checklists lose their checkboxes when a note is exported to Markdown: done and open items both become plain bullets. We know the cause and a fix is planned.',
      },
      {
        after: 2 * 24 * 60,
        status: 'fixing',
        by: INES,
        message: 'The fix is in review. Exports will write checklists as `- [x]` and `- [ ]`, which every Markdown editor we tested understands.',
      },
      {
        after: 5 * 24 * 60,
        status: 'fixed',
        by: INES,
        message: 'Fixed: Markdown exports keep checklists with their done state again. Export the note again to get the corrected file.',
      },
    ],
    affected: { members: 1, visitors: 5 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'invoice-wrong-vat-number',
    title: 'Invoices showed an outdated VAT number',
    summary: 'Invoices issued over four days showed a customer’s previous VAT number after it had been changed in billing settings.',
    severity: 'minor',
    areas: ['billing'],
    owner: MALIK,
    start: { daysAgo: 216, at: '10:00' },
    workaround: 'Download the corrected invoice from **Settings → Billing → Invoices**; we reissued every affected invoice automatically.',
    articles: ['account-billing/download-invoices'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: MALIK,
        message: 'Some invoices show the VAT number a customer had before changing it in billing settings. We’re checking which invoices are affected.',
      },
      {
        after: 5 * 60,
        status: 'fixing',
        by: MALIK,
        message: 'Invoices were built from a copy of the billing details that was not refreshed after a change. We’ve fixed that and are reissuing the 37 invoices affected.',
      },
      {
        after: 26 * 60,
        status: 'fixed',
        by: MALIK,
        message: 'Fixed: every affected invoice has been reissued with the right VAT number, and the customers concerned have been emailed the corrected invoice.',
      },
    ],
    affected: { members: 1, visitors: 4 },
    followers: { members: 1, emails: ['finance@redwood-consulting.example'] },
    linkSubjects: ['Corrected invoice for last quarter'],
  },
  {
    slug: 'zapier-new-note-trigger-twice',
    title: 'Zapier “New note” trigger firing twice',
    summary: 'The Zapier “New note” trigger ran twice for notes created from a template, creating duplicate tasks and messages in connected apps.',
    severity: 'minor',
    areas: ['integrations'],
    owner: KENJI,
    start: { daysAgo: 187, at: '15:20' },
    workaround: 'Add a **Filter** step to the zap that continues only when the note’s `created_at` and `updated_at` are equal.',
    articles: ['integrations/zapier-integration'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: KENJI,
        message: 'Some zaps using the “New note” trigger run twice for the same note. We’re investigating.',
      },
      {
        after: 3 * 60,
        status: 'identified',
        by: KENJI,
        message: 'Notes created from a template are saved twice in quick succession, and the trigger counts both as new. We’re changing the trigger to fire once per note.',
      },
      {
        after: 2 * 24 * 60,
        status: 'monitoring',
        by: KENJI,
        message: 'The fix is live in our Zapier app. We’re watching the trigger for a couple of days before closing this.',
      },
      {
        after: 4 * 24 * 60,
        status: 'fixed',
        by: KENJI,
        message: 'Fixed: the “New note” trigger fires once per note again, template or not. You can remove the filter step you may have added.',
      },
    ],
    affected: { members: 2, visitors: 6 },
    followers: { members: 2, emails: ['automation@stellar-events.example'] },
    linkSubjects: ['Zap runs twice for every note'],
  },
  {
    slug: 'api-pagination-skipping-notes',
    title: 'API pagination skipped notes',
    summary: 'Listing notes through the REST API with a page cursor could skip notes edited while the listing was in progress.',
    severity: 'minor',
    areas: ['API'],
    owner: KENJI,
    start: { daysAgo: 158, at: '08:30' },
    workaround: 'Sort the listing by `created_at` instead of `updated_at` (`?sort=created_at`), which is not affected.',
    githubIssue: 4412,
    articles: ['integrations/rest-api-tokens'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: KENJI,
        message: 'A developer reported that paging through `GET /v1/notes` sorted by `updated_at` can skip notes. We’re reproducing it.',
      },
      {
        after: 8 * 60,
        status: 'identified',
        by: KENJI,
        message: 'Confirmed: a note edited during the listing moves past the cursor and is skipped. Sorting by `created_at` is not affected. We’re making the cursor stable.',
      },
      {
        after: 3 * 24 * 60,
        status: 'fixed',
        by: KENJI,
        message: 'Fixed: cursors now pin the listing to the moment the first page was read, so no note is skipped. The change is described in the API changelog.',
      },
    ],
    affected: { members: 1, visitors: 2 },
    followers: { members: 1, emails: ['backend@nimbus-research.example'] },
  },
  {
    slug: 'mention-emails-not-sent',
    title: 'Email notifications for @mentions not sent',
    summary: 'People mentioned in a note did not receive the email notification for about a day. In-app notifications worked.',
    severity: 'minor',
    areas: ['web app'],
    owner: SAM,
    start: { daysAgo: 126, at: '16:05' },
    workaround: 'Mentions still appear under **Notifications** in the sidebar.',
    articles: ['notes-sharing/mentions-and-comments', 'troubleshooting/email-not-received'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: SAM,
        message: 'Email notifications for @mentions are not being sent. Mentions still show in the Notifications panel. We’re investigating.',
      },
      {
        after: 2 * 60,
        status: 'identified',
        by: KENJI,
        message: 'A change in yesterday’s release stopped mention emails from being queued. We’re reverting it.',
      },
      {
        after: 5 * 60,
        status: 'monitoring',
        by: KENJI,
        message: 'Mention emails are being sent again for new mentions. Emails for mentions from the last day will not be sent afterwards, to avoid a flood of old notifications.',
      },
      {
        after: 24 * 60,
        status: 'fixed',
        by: SAM,
        message: 'Fixed: mention emails have been sent normally since yesterday’s change was reverted.',
      },
    ],
    affected: { members: 3, visitors: 7 },
    followers: { members: 2, emails: [] },
    linkSubjects: ['Mentions stopped sending emails', '@mentions do not notify anyone'],
  },
  {
    slug: 'android-push-delayed',
    title: 'Push notifications delayed on Android',
    summary: 'Push notifications on Android arrived up to 30 minutes late for two days.',
    severity: 'minor',
    areas: ['mobile'],
    owner: ELIF,
    start: { daysAgo: 82, at: '07:15' },
    workaround: 'Allow Fieldnote to run without battery restrictions: **Settings → Apps → Fieldnote → Battery → Unrestricted**. See [Push notifications](/help/mobile-apps/push-notifications).',
    articles: ['mobile-apps/push-notifications'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: ELIF,
        message: 'Push notifications on Android are arriving late, sometimes by half an hour. iPhone notifications are on time. We’re investigating.',
      },
      {
        after: 20 * 60,
        status: 'identified',
        by: ELIF,
        message: 'Our notifications were sent with normal priority after a configuration change, so Android held them back to save battery. We’re restoring high priority for mentions and reminders.',
      },
      {
        after: 2 * 24 * 60,
        status: 'fixed',
        by: ELIF,
        message: 'Fixed: mentions and reminders are delivered with high priority again and arrive within seconds.',
      },
    ],
    affected: { members: 2, visitors: 9 },
    followers: { members: 2, emails: [] },
    linkSubjects: ['Reminders do not show on Android'],
  },
  {
    slug: 'github-link-previews-not-loading',
    title: 'GitHub link previews not loading',
    summary: 'Links to GitHub issues and pull requests in notes showed a plain link instead of a preview card for private repositories.',
    severity: 'minor',
    areas: ['integrations'],
    owner: KENJI,
    start: { daysAgo: 46, at: '13:50' },
    articles: ['integrations/github-integration'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: KENJI,
        message: 'Previews for links to private GitHub repositories are not loading in notes. Public repositories work. We’re investigating.',
      },
      {
        after: 4 * 60,
        status: 'fixing',
        by: KENJI,
        message: 'Our GitHub app’s permissions were not renewed for some organizations after GitHub’s permission update. We’re renewing them; no action is needed from you.',
      },
      {
        after: 26 * 60,
        status: 'fixed',
        by: KENJI,
        message: 'Fixed: previews load again for private repositories. If an organization admin declined the renewed permissions, they can accept them in GitHub’s settings for the Fieldnote app.',
      },
    ],
    affected: { members: 1, visitors: 3 },
    followers: { members: 1, emails: [] },
    linkSubjects: ['GitHub previews not working', 'GitHub links show "private repository"'],
  },
  {
    slug: 'search-missing-recent-edits',
    title: 'Search missing notes edited in the last hour',
    summary: 'Search in notes could miss changes made in the previous hour while the search index caught up after a spike in edits.',
    severity: 'minor',
    areas: ['web app', 'mobile'],
    owner: SAM,
    start: { daysAgo: 19, at: '10:35' },
    workaround: 'Open the notebook and use **Find in notebook** (Ctrl+F or Cmd+F), which always reads the latest version.',
    articles: ['troubleshooting/slow-performance', 'getting-started/keyboard-shortcuts'],
    updates: [
      {
        after: 0,
        status: 'investigating',
        by: SAM,
        message: 'Search results are missing recent changes to notes: an edit can take up to an hour to be searchable. We’re investigating.',
      },
      {
        after: 90,
        status: 'fixing',
        by: KENJI,
        message: 'The search index fell behind during a spike in edits. We’ve added capacity and it’s catching up; new edits are searchable within a few minutes again.',
      },
      {
        after: 4 * 60,
        status: 'monitoring',
        by: KENJI,
        message: 'The index has caught up completely. We’re monitoring it through tomorrow’s busy hours.',
      },
      {
        after: 28 * 60,
        status: 'fixed',
        by: SAM,
        message: 'Fixed: search has stayed current through a full working day. We’ve raised the index’s capacity permanently.',
      },
    ],
    affected: { members: 2, visitors: 5 },
    followers: { members: 2, emails: [] },
  },
  // ---- Small fixes (issue 14's demo): minor issues found and fixed within days, several a month now and then. ----
  {
    slug: 'web-sidebar-collapses',
    title: 'Sidebar collapses on its own in narrow browser windows',
    summary: 'In browser windows narrower than about 1,000 pixels the notebook sidebar folded away every time a note was opened.',
    severity: 'minor',
    areas: ['web app'],
    owner: MALIK,
    start: { daysAgo: 260, at: '09:20' },
    workaround: 'Widen the window a little, or pin the sidebar with the pin icon at its top.',
    articles: [],
    updates: [
      { after: 0, status: 'investigating', by: MALIK, message: 'Some customers see the sidebar fold away whenever they open a note in a narrow window. We’re looking into it.' },
      { after: 3 * 60, status: 'fixing', by: MALIK, message: 'We found the cause: the sidebar treated every narrow window as a phone. A fix is on its way.' },
      { after: 26 * 60, status: 'fixed', by: MALIK, message: 'Fixed: the sidebar stays open in narrow windows unless you close it yourself.' },
    ],
    affected: { members: 1, visitors: 4 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'invoice-pdf-wrong-date',
    title: 'Invoice PDFs showed the wrong billing date',
    summary: 'Invoice PDFs downloaded from the billing page showed the day after the real billing date for customers in time zones west of UTC.',
    severity: 'minor',
    areas: ['billing'],
    owner: INES,
    start: { daysAgo: 248, at: '14:40' },
    articles: ['account-billing/download-invoices'],
    updates: [
      { after: 0, status: 'investigating', by: INES, message: 'Some invoice PDFs show a billing date one day later than the charge. We’re checking which invoices are affected.' },
      { after: 5 * 60, status: 'identified', by: INES, message: 'Only the PDF is wrong; the charge itself happened on the right day. We’re correcting how the date is printed.' },
      { after: 2 * 24 * 60, status: 'fixed', by: INES, message: 'Fixed: every invoice PDF, old and new, now shows the correct billing date. Download it again to get the corrected copy.' },
    ],
    affected: { members: 1, visitors: 3 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'ios-share-sheet-missing',
    title: 'Fieldnote missing from the iOS share sheet',
    summary: 'After updating to iOS 18.5, Fieldnote no longer appeared in the share sheet, so links and photos could not be saved to a note.',
    severity: 'minor',
    areas: ['mobile'],
    owner: ELIF,
    start: { daysAgo: 170, at: '08:15' },
    workaround: 'Copy the link or photo, open Fieldnote and paste it into a note.',
    articles: ['mobile-apps/install-mobile-apps'],
    updates: [
      { after: 0, status: 'investigating', by: ELIF, message: 'Fieldnote is missing from the share sheet for some iPhone users on iOS 18.5. We’re investigating.' },
      { after: 8 * 60, status: 'fixing', by: ELIF, message: 'iOS 18.5 changed how share extensions register. Version 5.8.3 fixes it and is waiting for App Store review.' },
      { after: 3 * 24 * 60, status: 'fixed', by: ELIF, message: 'Fixed: version 5.8.3 is in the App Store, and Fieldnote is back in the share sheet.' },
    ],
    affected: { members: 2, visitors: 7 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'template-variables-blank',
    title: 'Date placeholders in templates left blank',
    summary: 'Notes created from a template showed an empty space where the {date} placeholder should have been filled in with today’s date.',
    severity: 'minor',
    areas: ['web app'],
    owner: MALIK,
    start: { daysAgo: 163, at: '10:05' },
    workaround: 'Type the date yourself for now; the rest of the template works as usual.',
    articles: ['notes-sharing/templates'],
    updates: [
      { after: 0, status: 'investigating', by: MALIK, message: 'Date placeholders in templates come out blank for some workspaces. We’re looking into it.' },
      { after: 4 * 60, status: 'identified', by: MALIK, message: 'Workspaces with a date format set to “system default” were affected. We’re fixing the fallback.' },
      { after: 30 * 60, status: 'fixed', by: MALIK, message: 'Fixed: template placeholders fill in today’s date again, in your workspace’s date format.' },
    ],
    affected: { members: 1, visitors: 5 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'slack-unfurl-private-notes',
    title: 'Slack link previews showed “Note not found” for shared notes',
    summary: 'Links to notes shared with a Slack channel showed “Note not found” in their preview, even for people who could open the note.',
    severity: 'minor',
    areas: ['integrations'],
    owner: KENJI,
    start: { daysAgo: 155, at: '13:30' },
    articles: ['integrations/slack-integration'],
    updates: [
      { after: 0, status: 'investigating', by: KENJI, message: 'Slack previews of some shared notes say “Note not found”. The links themselves work. We’re investigating.' },
      { after: 6 * 60, status: 'fixing', by: KENJI, message: 'The preview checked the wrong workspace for notes shared from a second workspace. The fix is being deployed.' },
      { after: 22 * 60, status: 'fixed', by: KENJI, message: 'Fixed: Slack previews show the note’s title and first lines again.' },
    ],
    affected: { members: 1, visitors: 3 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'outlook-time-zone-shift',
    title: 'Outlook events shown an hour early after the clocks changed',
    summary: 'For some Outlook calendars, events created after the daylight saving change showed one hour early in Fieldnote’s meeting notes.',
    severity: 'minor',
    areas: ['calendar sync'],
    owner: PRIYA,
    start: { daysAgo: 78, at: '07:50' },
    workaround: 'Open the event in Outlook once and save it without changes; Fieldnote picks up the right time at the next sync.',
    articles: ['calendar-sync/connect-outlook-calendar'],
    updates: [
      { after: 0, status: 'investigating', by: PRIYA, message: 'Some Outlook events show one hour early in Fieldnote. We’re checking which calendars are affected.' },
      { after: 5 * 60, status: 'identified', by: PRIYA, message: 'Calendars with a custom time zone name were read without their daylight saving rule. We’re fixing it.' },
      { after: 2 * 24 * 60, status: 'fixed', by: PRIYA, message: 'Fixed: Outlook events show at the right time again; affected events were corrected at the last sync.' },
    ],
    affected: { members: 2, visitors: 6 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'api-rate-limit-headers',
    title: 'API responses missing rate-limit headers',
    summary: 'Responses from the REST API stopped including the documented rate-limit headers, so clients could not tell how close they were to the limit.',
    severity: 'minor',
    areas: ['API'],
    owner: KENJI,
    start: { daysAgo: 70, at: '15:10' },
    articles: ['integrations/rest-api-tokens'],
    updates: [
      { after: 0, status: 'investigating', by: KENJI, message: 'API responses are missing the X-RateLimit headers. The limits themselves are unchanged. We’re investigating.' },
      { after: 2 * 60, status: 'fixing', by: KENJI, message: 'A proxy update dropped the headers. We’re rolling back its configuration.' },
      { after: 5 * 60, status: 'fixed', by: KENJI, message: 'Fixed: every API response carries its rate-limit headers again.' },
    ],
    affected: { members: 1, visitors: 2 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'mobile-scan-blurry',
    title: 'Scanned documents saved blurry on some Android phones',
    summary: 'Documents scanned with the Fieldnote app on some Android phones were saved at a low resolution and came out blurry.',
    severity: 'minor',
    areas: ['mobile'],
    owner: ELIF,
    start: { daysAgo: 66, at: '09:00' },
    workaround: 'Take a normal photo and add it to the note; it keeps its full resolution.',
    articles: ['mobile-apps/scan-documents'],
    updates: [
      { after: 0, status: 'investigating', by: ELIF, message: 'Scans from some Android phones come out blurry. We’re investigating which devices are affected.' },
      { after: 24 * 60, status: 'fixing', by: ELIF, message: 'The scanner picked the preview resolution on phones with more than one rear camera. Version 5.9.1 fixes it and is rolling out.' },
      { after: 3 * 24 * 60, status: 'fixed', by: ELIF, message: 'Fixed: version 5.9.1 is available to everyone on Google Play, and scans are sharp again.' },
    ],
    affected: { members: 2, visitors: 5 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'export-file-names-garbled',
    title: 'Exported files named with garbled characters',
    summary: 'Notes with accents or non-Latin letters in their titles were exported with garbled file names in ZIP exports.',
    severity: 'minor',
    areas: ['exports'],
    owner: SAM,
    start: { daysAgo: 50, at: '11:25' },
    articles: ['notes-sharing/export-notes'],
    updates: [
      { after: 0, status: 'investigating', by: SAM, message: 'ZIP exports give some files garbled names when their titles have accents or non-Latin letters. We’re looking into it.' },
      { after: 4 * 60, status: 'identified', by: SAM, message: 'The ZIP files did not say their names are UTF-8, so some unzip tools guessed wrong. We’re fixing it.' },
      { after: 26 * 60, status: 'fixed', by: SAM, message: 'Fixed: new exports keep every file name intact. Export again to get correctly named files.' },
    ],
    affected: { members: 1, visitors: 4 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'mentions-autocomplete-slow',
    title: '@mention suggestions slow in large workspaces',
    summary: 'In workspaces with more than a few hundred members, the list of people to @mention took several seconds to appear.',
    severity: 'minor',
    areas: ['web app'],
    owner: MALIK,
    start: { daysAgo: 42, at: '10:40' },
    workaround: 'Type the first letters of the name; the list appears faster the more you type.',
    articles: ['notes-sharing/mentions-and-comments'],
    updates: [
      { after: 0, status: 'investigating', by: MALIK, message: '@mention suggestions take several seconds in large workspaces. We’re investigating.' },
      { after: 5 * 60, status: 'fixing', by: MALIK, message: 'The list loaded every member before showing anyone. We’re changing it to load as you type.' },
      { after: 2 * 24 * 60, status: 'fixed', by: MALIK, message: 'Fixed: suggestions appear right away in every workspace, however large.' },
    ],
    affected: { members: 2, visitors: 4 },
    followers: { members: 1, emails: [] },
  },
  {
    slug: 'receipt-email-missing-vat',
    title: 'Payment receipts sent without the VAT breakdown',
    summary: 'Receipt emails for card payments left out the VAT amount, although the invoice PDFs had it right.',
    severity: 'minor',
    areas: ['billing'],
    owner: INES,
    start: { daysAgo: 36, at: '08:30' },
    articles: ['account-billing/download-invoices'],
    updates: [
      { after: 0, status: 'investigating', by: INES, message: 'Receipt emails are missing the VAT breakdown. Invoices are correct. We’re looking into it.' },
      { after: 3 * 60, status: 'identified', by: INES, message: 'A change to the receipt template dropped the tax lines. We’re restoring them.' },
      { after: 20 * 60, status: 'fixed', by: INES, message: 'Fixed: receipts show the VAT amount again. Your invoice PDF on the billing page always had it.' },
    ],
    affected: { members: 1, visitors: 3 },
    followers: { members: 1, emails: [] },
  },
];

const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;

/** When an issue started, for the seed's clock. */
export function issueStartAt(start: IssueStart, now: number): number {
  if ('minutesAgo' in start) return now - start.minutesAgo * MINUTE;
  const [hours, minutes] = start.at.split(':').map(Number) as [number, number];
  return Math.floor((now - start.daysAgo * DAY_MS) / DAY_MS) * DAY_MS + (hours * 60 + minutes) * MINUTE;
}

/** The time of an issue's update, bulk reply or ticket: minutes after its start. */
export function minutesAfter(start: number, minutes: number): number {
  return start + minutes * MINUTE;
}
