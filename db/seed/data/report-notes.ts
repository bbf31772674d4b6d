// The staff notes the demo seed publishes with the last six closed months of
// the happiness report (issue 14, item 8), newest first: reportNotes[0] goes
// with last month, reportNotes[5] with the month six months ago. Markdown, as
// staff write them on /staff/report; they tell each month's support story in
// the terms the figures and the known-issues board use.
export const reportNotes: string[] = [
  'Calendar sync had a rough few days: after the **Microsoft 365 disconnection** a wave of customers wrote in, and we linked every ticket to the known issue so nobody had to explain it twice. First responses slowed while we worked through the backlog, and they were back to normal before the month ended. Thank you for your patience while we fixed it.',
  'We published a **new set of help articles** on calendar sync, sharing and recurring events, and searches on those topics now end on an article far more often. Zero-result searches went down as well, mostly thanks to new synonyms for "recurring" and "invite". Ticket volume stayed flat even though more of you use Fieldnote every week.',
  'The **API outage** in the middle of the month, with errors and delayed webhooks, was our biggest incident of the quarter. We posted an update on the [known-issues board](/known-issues) every half hour until it was fixed and answered every linked ticket in one go. A few customers had to reopen their tickets afterwards, so we added a checklist to make sure one fix is enough.',
  'Summer holidays meant a smaller team, so two of us moved from the community forum to the inbox for three weeks. Community members stepped in and answered more than half of the questions themselves, which we are very grateful for. The **double-charge billing bug** was refunded for every affected customer within two days.',
  'The redesign shipped this month, and with it a spike in "where did this go?" questions: product-confusion tickets doubled for about two weeks. We wrote six short help articles on the new navigation and showed them on the contact form, and the spike was gone before the month was out. Tell us what still feels hard to find; we read every comment.',
  'The **iOS 5.8 crash on launch** made for the worst start to a month this year; a fixed build was in the App Store the next morning. Happiness ratings dipped while it lasted and recovered soon after. We also started answering urgent tickets around the clock, which shows in the share answered within an hour.',
];
