// The demo's saved replies (the support team's macros at /staff/saved-replies):
// Markdown with the placeholders {{requester_name}}, {{ticket_ref}} and
// {{agent_name}}, as agents insert them into the reply box.

export interface SeedSavedReply {
  title: string;
  body: string;
  /** One of the settings' teams, or null for every team. */
  team: string | null;
  usageCount: number;
  /** Who wrote it (a demo staff email). */
  createdBy: string;
  /** Last edited this many days after it was written. */
  editedDaysLater: number;
}

export const savedReplies: SeedSavedReply[] = [
  {
    title: 'Greeting and thanks',
    body: 'Hi {{requester_name}},\n\nThank you for contacting Fieldnote support, and for the details you sent. I am looking into this now and will get back to you on {{ticket_ref}} as soon as I know more.\n\nBest,\n{{agent_name}}',
    team: null,
    usageCount: 212,
    createdBy: 'sam@fieldnote.example',
    editedDaysLater: 40,
  },
  {
    title: 'Reconnect a calendar (Authorization expired)',
    body: 'The red marker next to your calendar means the provider no longer accepts Fieldnote’s access, which usually happens after a password change.\n\n1. Open **Settings → Calendar**.\n2. Select **Reconnect** next to the account.\n3. Sign in with the same account as before.\n\nYour calendar selection is kept and the next sync starts straight away. The details are in [Fix calendar sync errors](/help/calendar-sync/fix-calendar-sync-errors).',
    team: 'calendar sync',
    usageCount: 87,
    createdBy: 'priya@fieldnote.example',
    editedDaysLater: 12,
  },
  {
    title: 'Microsoft 365 admin consent (CAL-403)',
    body: 'CAL-403 means your Microsoft 365 organization requires an administrator to approve Fieldnote before anyone can connect a calendar. Reconnecting will not help until that is done.\n\nPlease forward the steps in [Connect Outlook or Microsoft 365 calendar](/help/calendar-sync/connect-outlook-calendar) to your IT team. Once they grant consent, everyone in your organization can connect.',
    team: 'calendar sync',
    usageCount: 41,
    createdBy: 'priya@fieldnote.example',
    editedDaysLater: 3,
  },
  {
    title: 'Feature request logged',
    body: 'Thank you for the suggestion, {{requester_name}}. I have added it to our product board together with your use case, which is what our product team reads when they plan the next releases.\n\nI cannot promise a date, but we will update {{ticket_ref}} when there is news.',
    team: null,
    usageCount: 134,
    createdBy: 'sam@fieldnote.example',
    editedDaysLater: 60,
  },
  {
    title: 'Restore from Trash',
    body: 'Deleted notes and notebooks stay in **Trash** for 30 days on Free and 90 days on Team and Business.\n\n1. Open **Trash** at the bottom of the sidebar.\n2. Find the note or notebook.\n3. Select **Restore**: it goes back where it was.\n\nMore in [Find missing notes](/help/troubleshooting/missing-notes-recover-trash).',
    team: 'web app',
    usageCount: 58,
    createdBy: 'ines@fieldnote.example',
    editedDaysLater: 0,
  },
  {
    title: 'Proration explained',
    body: 'Every change to members or plans is prorated: you pay or are credited only for the days that remain in the billing period. A member removed after the invoice was issued shows up as a credit on the **next** invoice, so nothing needs to be refunded by hand.\n\nYou can see every invoice under **Settings → Billing → Invoices**.',
    team: 'billing',
    usageCount: 49,
    createdBy: 'malik@fieldnote.example',
    editedDaysLater: 21,
  },
  {
    title: 'Invoice details and VAT',
    body: 'You can add your company name, address and VAT number under **Settings → Billing → Invoice details**. New invoices use them automatically; reply here if you also need earlier invoices reissued.',
    team: 'billing',
    usageCount: 37,
    createdBy: 'malik@fieldnote.example',
    editedDaysLater: 5,
  },
  {
    title: 'Ask for diagnostics',
    body: 'To see what is going on, could you send me the diagnostics report? In the app, open **Help → Diagnostics** and select **Copy report**, then paste it in your reply to {{ticket_ref}}. It shows your app version, connection and sync status, and never includes the content of your notes.',
    team: null,
    usageCount: 76,
    createdBy: 'kenji@fieldnote.example',
    editedDaysLater: 9,
  },
  {
    title: 'Do not sign out while unsynced',
    body: '**Please do not sign out, reinstall or clear the app’s data** while the sync icon shows a red mark: changes that have not uploaded yet exist only on that device. Keep the app open and connected, and we will get them to the server together.',
    team: 'mobile',
    usageCount: 22,
    createdBy: 'kenji@fieldnote.example',
    editedDaysLater: 0,
  },
  {
    title: 'Export link expired',
    body: 'Export download links are valid for 7 days. You can start a new export under **Settings → Export**; you will get an email from noreply@fieldnote.app when it is ready (please check your spam folder too).',
    team: 'exports',
    usageCount: 31,
    createdBy: 'elif@fieldnote.example',
    editedDaysLater: 14,
  },
  {
    title: 'API rate limits',
    body: 'Each personal access token can make **600 requests per minute**. Requests over the limit get status `429` with a `Retry-After` header in seconds: wait that long and continue. Paging with `page_size=100` usually keeps a sync far below the limit. Details: [REST API and personal access tokens](/help/integrations/rest-api-tokens).',
    team: 'API',
    usageCount: 18,
    createdBy: 'kenji@fieldnote.example',
    editedDaysLater: 2,
  },
  {
    title: 'Offer a screen-share',
    body: 'Hi {{requester_name}}, we have gone back and forth a few times on this, and I think it would be faster to look at it together. Would a 20-minute screen-share work for you? Reply with two or three times that suit you and I will send an invitation.\n\n{{agent_name}}',
    team: null,
    usageCount: 15,
    createdBy: 'ada@fieldnote.example',
    editedDaysLater: 30,
  },
  {
    title: 'Solved: closing note',
    body: 'I will mark {{ticket_ref}} as solved now. If anything is still not right, just reply to this message and the ticket opens again.\n\nThanks for using Fieldnote!\n{{agent_name}}',
    team: null,
    usageCount: 188,
    createdBy: 'sam@fieldnote.example',
    editedDaysLater: 75,
  },
  {
    // Used with "Reply to all linked tickets" on the known-issues board (db/seed/data/known-issues.ts).
    title: 'Known issue: we’re on it',
    body: 'Hi {{requester_name}},\n\nThank you for letting us know. This is a known issue, and our engineers are already working on it; you don’t need to do anything else for now. You can follow the progress, and get an email with every update, on our [known-issues page](/known-issues).\n\nI’ve linked your request to the issue, so we’ll write to you here as soon as it’s fixed.\n\nBest,\n{{agent_name}}',
    team: null,
    usageCount: 46,
    createdBy: 'sam@fieldnote.example',
    editedDaysLater: 6,
  },
  {
    title: 'Known issue: fixed',
    body: 'Hi {{requester_name}},\n\nGood news: the problem you wrote to us about is fixed, and everything should work as usual again. The [known-issues page](/known-issues) has the full timeline of what happened and what we changed.\n\nIf anything still isn’t right on your side, just reply to this message and we’ll look into it straight away.\n\nBest,\n{{agent_name}}',
    team: null,
    usageCount: 31,
    createdBy: 'sam@fieldnote.example',
    editedDaysLater: 2,
  },
];
