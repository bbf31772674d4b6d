// The text of every email Hearth sends. Plain text first: it reads well in any
// client and in the server log.
import { escapeHtml } from '@/lib/html';
import type { EmailHeaders, EmailMessage } from './outbox';

export interface SiteContext {
  siteUrl: string;
  siteName: string;
}

export function verifyEmailEmail(site: SiteContext, to: string, displayName: string, verifyUrl: string, validHours: number): EmailMessage {
  return {
    kind: 'verify-email',
    to,
    subject: `Confirm your email address for ${site.siteName}`,
    text: [
      `Hi ${displayName},`,
      '',
      `Welcome to ${site.siteName}! Confirm that this address is yours to finish creating your account:`,
      verifyUrl,
      '',
      `The link works once and expires in ${validHours} hours. Until then you can read and search, but not ask, answer, vote or see your support tickets.`,
      'If you did not sign up, ignore this email: nothing happens without the link.',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

/** To a known address someone tried to sign up with: no text of theirs (not even the name they typed). */
export function signUpAttemptEmail(site: SiteContext, to: string): EmailMessage {
  return {
    kind: 'sign-up-attempt',
    to,
    subject: `Someone tried to sign up for ${site.siteName} with your address`,
    text: [
      `Someone (hopefully you) tried to create a ${site.siteName} account with this email address, which already has one.`,
      '',
      `If it was you, sign in: ${site.siteUrl}/signin`,
      `Forgot your password? Choose a new one: ${site.siteUrl}/reset-password`,
      '',
      'If it was not you, ignore this email: your account has not changed.',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export function signInLinkEmail(site: SiteContext, to: string, signInUrl: string, validMinutes: number): EmailMessage {
  return {
    kind: 'sign-in-link',
    to,
    subject: `Your ${site.siteName} sign-in link`,
    text: [
      'Someone (hopefully you) asked for a one-time link to sign in to this account.',
      '',
      `Sign in here: ${signInUrl}`,
      '',
      `The link works once and expires in ${validMinutes} minutes. If you did not ask for it, ignore this email; if many sign-in attempts failed on your account, consider choosing a new password: ${site.siteUrl}/reset-password`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export function passwordResetEmail(site: SiteContext, to: string, resetUrl: string, validMinutes: number): EmailMessage {
  return {
    kind: 'password-reset',
    to,
    subject: `Reset your ${site.siteName} password`,
    text: [
      'Someone (hopefully you) asked to reset the password for this account.',
      '',
      `Choose a new password here: ${resetUrl}`,
      '',
      `The link works once and expires in ${validMinutes} minutes. If you did not ask for this, ignore this email: your password stays the same.`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export function passwordChangedEmail(site: SiteContext, to: string): EmailMessage {
  return {
    kind: 'password-changed',
    to,
    subject: `Your ${site.siteName} password was changed`,
    text: [
      'The password for your account was just changed, and every other signed-in device was signed out.',
      '',
      `If this was not you, reset your password now: ${site.siteUrl}/reset-password`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

// Administration: staff invitations.
export interface StaffInvitation {
  to: string;
  inviterName: string;
  /** "staff" or "admin", as the invitation grants it. */
  role: 'staff' | 'admin';
  acceptUrl: string;
  validDays: number;
}

export function staffInvitationEmail(site: SiteContext, invitation: StaffInvitation): EmailMessage {
  const as = invitation.role === 'admin' ? 'an administrator' : 'a member of the support staff';
  return {
    kind: 'staff-invitation',
    to: invitation.to,
    subject: `You are invited to join ${site.siteName} as ${invitation.role}`,
    text: [
      'Hello,',
      '',
      `${invitation.inviterName} invited you to join ${site.siteName} as ${as}.`,
      '',
      `Accept the invitation here: ${invitation.acceptUrl}`,
      '',
      'If this address has no account yet, the link lets you choose your name and password. If it already has one, sign in with it and accept: its role changes.',
      `The link works once and expires in ${invitation.validDays} days. If you did not expect it, ignore this email: nothing happens without the link.`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export interface TicketReceived {
  to: string;
  requesterName: string;
  ref: string;
  subject: string;
  /** How fast we aim to answer ("within 1 business day"). */
  target: string;
  supportHours: string;
  /**
   * When to expect the first reply, worded with the support hours
   * (src/server/tickets/expected-reply.ts); when given it replaces the target
   * and the hours in the email.
   */
  expectedReply?: string | undefined;
  /** The private link to the request. */
  link: string;
}

export function ticketReceivedEmail(site: SiteContext, t: TicketReceived): EmailMessage {
  return {
    kind: 'ticket-received',
    to: t.to,
    subject: `[${t.ref}] We received your request: ${t.subject}`,
    text: [
      `Hi ${t.requesterName},`,
      '',
      `Thanks for contacting us. Your request has the reference ${t.ref}.`,
      expectedReplyLine(t),
      '',
      `See your request at any time: ${t.link}`,
      '(Keep this link private: anyone with it can read the request.)',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export type TicketReference = Omit<TicketReceived, 'requesterName' | 'subject'>;

/** The confirmation's line on when to expect an answer. */
function expectedReplyLine(t: TicketReference): string {
  if (t.expectedReply) return `Expected first reply: ${t.expectedReply}.`;
  return `We aim to answer ${t.target}. Our support team works ${t.supportHours}.`;
}

/**
 * The confirmation for an address nobody has proven (a visitor's): only our own
 * words, the reference and the private link, so the contact form cannot be used
 * to send someone else a message of the sender's choosing.
 */
export function ticketReferenceEmail(site: SiteContext, t: TicketReference): EmailMessage {
  return {
    kind: 'ticket-received',
    to: t.to,
    subject: `[${t.ref}] We received your support request`,
    text: [
      'Hello,',
      '',
      `Thanks for contacting ${site.siteName} support. Your request has the reference ${t.ref}.`,
      expectedReplyLine(t),
      '',
      `See your request at any time: ${t.link}`,
      '(Keep this link private: anyone with it can read the request.)',
      '',
      'If you did not contact us, someone typed your address by mistake: you can ignore this email.',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export interface TicketReply {
  to: string;
  requesterName: string;
  ref: string;
  subject: string;
  agentName: string;
  /** The reply as the agent wrote it (Markdown reads as plain text). */
  body: string;
  /** A private link of this email's own. */
  link: string;
  /** "How did we do?" links for this reply (when it solved the request). */
  ratingLinks?: RatingLinks | undefined;
}

/** A staff member's public reply, to the requester. Internal notes never become one. */
export function ticketReplyEmail(site: SiteContext, t: TicketReply): EmailMessage {
  return {
    kind: 'ticket-reply',
    to: t.to,
    subject: `[${t.ref}] Re: ${t.subject}`,
    text: [
      `Hi ${t.requesterName},`,
      '',
      t.body,
      '',
      `— ${t.agentName}, ${site.siteName}`,
      '',
      ...(t.ratingLinks ? [...ratingLines(t.ratingLinks), ''] : []),
      `Reply or see the whole conversation: ${t.link}`,
      '(Keep this link private: anyone with it can read the request.)',
    ].join('\n'),
  };
}

// Satisfaction ("How did we do?"): a rating of one public staff reply, by one-click links.
/** One link per rating; each opens a page with that choice made, to send with an optional comment. */
export interface RatingLinks {
  great: string;
  okay: string;
  not_good: string;
}

function ratingLines(links: RatingLinks): string[] {
  return ['How did we do? Choose one (no sign-in needed):', `  Great: ${links.great}`, `  Okay: ${links.okay}`, `  Not good: ${links.not_good}`];
}

export interface SatisfactionRequest {
  to: string;
  requesterName: string;
  ref: string;
  subject: string;
  ratingLinks: RatingLinks;
  /** A private link of this email's own, to the request. */
  link: string;
}

/** Sent when a request is solved without a reply going out with the solve (a reply that solves it carries the links itself). */
export function ticketSatisfactionEmail(site: SiteContext, t: SatisfactionRequest): EmailMessage {
  return {
    kind: 'ticket-satisfaction',
    to: t.to,
    subject: `[${t.ref}] How did we do? Re: ${t.subject}`,
    text: [
      `Hi ${t.requesterName},`,
      '',
      `We marked your request ${t.ref} (“${t.subject}”) as solved.`,
      '',
      ...ratingLines(t.ratingLinks),
      '',
      'You can add a comment after choosing. If something is still not right, reply on the request and we will pick it up again:',
      t.link,
      '(Keep this link private: anyone with it can read the request.)',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export interface CommunityNotice {
  kind: 'answer' | 'comment' | 'accepted';
  to: string;
  recipientName: string;
  actorName: string;
  questionTitle: string;
  /** The recipient wrote the answer concerned (not the question). */
  onAnswer: boolean;
  link: string;
  /** The unsubscribe page and List-Unsubscribe headers (src/server/email/preferences.ts). */
  unsubscribeUrl?: string | undefined;
  unsubscribeHeaders?: EmailHeaders | undefined;
}

export function communityNotificationEmail(site: SiteContext, n: CommunityNotice): EmailMessage {
  const title = `“${n.questionTitle}”`;
  const { subject, lead } = {
    answer: { subject: `${n.actorName} answered your question ${title}`, lead: `${n.actorName} answered your question ${title}:` },
    comment: n.onAnswer
      ? { subject: `${n.actorName} commented on your answer to ${title}`, lead: `${n.actorName} commented on your answer to ${title}:` }
      : { subject: `${n.actorName} commented on your question ${title}`, lead: `${n.actorName} commented on your question ${title}:` },
    accepted: { subject: `Your answer was accepted on ${title}`, lead: `${n.actorName} accepted your answer to ${title}. Thank you for helping!` },
  }[n.kind];
  return {
    kind: `notification-${n.kind}`,
    to: n.to,
    subject,
    text: [
      `Hi ${n.recipientName},`,
      '',
      lead,
      n.link,
      '',
      `You receive this because you ${n.onAnswer ? 'answered' : 'asked'} this question. All your notifications: ${site.siteUrl}/notifications`,
      ...(n.unsubscribeUrl ? [`Stop community emails: ${n.unsubscribeUrl}`] : []),
      '',
      `— ${site.siteName}`,
    ].join('\n'),
    ...(n.unsubscribeHeaders ? { headers: n.unsubscribeHeaders } : {}),
  };
}

export interface AgentNotice {
  kind: 'urgent_ticket' | 'assigned' | 'customer_reply';
  to: string;
  agentName: string;
  ref: string;
  subject: string;
  /** Who did it: the requester for a reply, the colleague who assigned. */
  actorName: string;
  /** The staff ticket page. */
  link: string;
}

/** Tells an agent about a new urgent ticket, a ticket assigned to them, or a customer's reply on their ticket. */
export function agentNotificationEmail(site: SiteContext, n: AgentNotice): EmailMessage {
  const { subject, lead } = {
    urgent_ticket: { subject: `[${n.ref}] New urgent request: ${n.subject}`, lead: `${n.actorName} sent an urgent request:` },
    assigned: { subject: `[${n.ref}] Assigned to you: ${n.subject}`, lead: `${n.actorName} assigned this request to you:` },
    customer_reply: { subject: `[${n.ref}] ${n.actorName} replied: ${n.subject}`, lead: `${n.actorName} replied on your request:` },
  }[n.kind];
  return {
    kind: `agent-${n.kind.replace('_', '-')}`,
    to: n.to,
    subject,
    text: [
      `Hi ${n.agentName},`,
      '',
      lead,
      `“${n.subject}” (${n.ref})`,
      n.link,
      '',
      `Choose which of these you receive by email: ${site.siteUrl}/staff/notifications`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

// --- Known issues: playbook and update cadence ---

export interface IncidentEarlyWarning {
  to: string;
  title: string;
  summary: string;
  /** Labels as staff read them ("Major", "Investigating"). */
  severity: string;
  status: string;
  areas: string[];
  ownerName: string | null;
  /** The staff member who sent it. */
  senderName: string;
  staffUrl: string;
  publicUrl: string;
}

/**
 * The incident playbook's early warning to the stakeholders list. Internal:
 * the list is the admins' setting (the email says where), so no per-person
 * unsubscribe. PREFERENCES: none by design (see above).
 */
export function incidentEarlyWarningEmail(site: SiteContext, w: IncidentEarlyWarning): EmailMessage {
  return {
    kind: 'known-issue-early-warning',
    to: w.to,
    subject: `[${w.severity} incident] ${w.title}`,
    text: [
      `Early warning: a ${w.severity.toLowerCase()} incident is open on ${site.siteName}.`,
      '',
      w.title,
      w.summary,
      '',
      `Severity: ${w.severity}`,
      `Status: ${w.status}`,
      `Affected areas: ${w.areas.length > 0 ? w.areas.join(', ') : 'not set yet'}`,
      `Owner: ${w.ownerName ?? 'nobody yet'}`,
      '',
      `Staff page (timeline, linked tickets, playbook): ${w.staffUrl}`,
      `Public page (what customers see): ${w.publicUrl}`,
      '',
      `Sent by ${w.senderName}. You receive this because your address is on the incident stakeholders list in the site settings: ${site.siteUrl}/admin/settings`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export interface KnownIssueUpdateDue {
  to: string;
  recipientName: string;
  /** Why this person: the issue's owner, its creator (no owner), or any staff member (neither). */
  reason: 'owner' | 'creator' | 'staff';
  title: string;
  severity: string;
  /** "3 hours": since the last public update. */
  sinceLastUpdate: string;
  /** "2 hours": the contact period for this severity. */
  cadence: string;
  staffUrl: string;
  publicUrl: string;
}

/**
 * To the owner of an open known issue that went past its contact period
 * without a public update. Staff work email, sent once per due period.
 * PREFERENCES: none by design (staff duty; the cadence is in the site settings).
 */
export function knownIssueUpdateDueEmail(site: SiteContext, n: KnownIssueUpdateDue): EmailMessage {
  const why = {
    owner: 'You receive this because you own this known issue.',
    creator: 'You receive this because you posted this known issue and it has no owner: give it one on its staff page.',
    staff: 'You receive this because this known issue has neither an owner nor its author on the staff: give it an owner on its staff page.',
  }[n.reason];
  return {
    kind: 'known-issue-update-due',
    to: n.to,
    subject: `Update due: ${n.title}`,
    text: [
      `Hi ${n.recipientName},`,
      '',
      `The ${n.severity.toLowerCase()} known issue “${n.title}” has had no public update for ${n.sinceLastUpdate}; customers expect one at least every ${n.cadence}.`,
      '',
      `Post an update (even "still working on it, next update at …"): ${n.staffUrl}`,
      `What customers see now: ${n.publicUrl}`,
      '',
      why,
      `The contact period per severity is in the site settings: ${site.siteUrl}/admin/settings`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

// --- Known issues: tickets (fix notices to linked tickets' requesters) ---
export interface KnownIssueFixedNotice {
  to: string;
  /** The requester's ticket this email belongs to (its thread). */
  ref: string;
  issueTitle: string;
  /** The "fixed" update's message, as staff wrote it (Markdown source). */
  message: string;
  /** The public known-issue page (a path on this site). */
  issueUrl: string;
  /** A private link of this email's own, to the request. */
  link: string;
}

/**
 * Tells the requester of a ticket linked to a known issue that it is fixed; a
 * reply joins their ticket. Our words only (nothing the requester typed): the
 * address may be unproven, like a visitor's on the contact form.
 */
export function knownIssueFixedEmail(site: SiteContext, n: KnownIssueFixedNotice): EmailMessage {
  return {
    kind: 'known-issue-fixed',
    to: n.to,
    subject: `Fixed: ${n.issueTitle}`,
    text: [
      'Hello,',
      '',
      `You contacted us about a problem (request ${n.ref}). It is fixed now:`,
      '',
      n.message,
      '',
      `What happened, from start to finish: ${site.siteUrl}${n.issueUrl}`,
      '',
      'If it still does not work for you, reply to this email: it goes to your request and a person answers.',
      `Your request: ${n.link}`,
      '(Keep this link private: anyone with it can read the request.)',
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

// --- Known issues: followers ---
export interface FollowConfirmation {
  to: string;
  issueTitle: string;
  confirmUrl: string;
  validDays: number;
}

/** Double opt-in for a visitor who follows a known issue by email: only our words and the link. */
export function knownIssueFollowConfirmEmail(site: SiteContext, c: FollowConfirmation): EmailMessage {
  return {
    kind: 'known-issue-follow-confirm',
    to: c.to,
    subject: `Confirm that you want updates on “${c.issueTitle}”`,
    text: [
      'Hello,',
      '',
      `Someone (hopefully you) asked to be emailed about the known issue “${c.issueTitle}” on ${site.siteName}.`,
      '',
      `Confirm here to start receiving its updates: ${c.confirmUrl}`,
      '',
      `The link expires in ${c.validDays} days. If you did not ask for this, ignore this email: you will not hear from us again.`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export interface KnownIssueUpdateNotice {
  to: string;
  issueTitle: string;
  /** The status label of the update ("Fix in progress", "Fixed"). */
  statusLabel: string;
  /** The update says the issue is fixed. */
  fixed: boolean;
  /** The update's message: Markdown source (read as plain text) and its rendered, sanitized HTML. */
  message: string;
  messageHtml: string;
  /** "Dec 1, 2026, 6:55 PM UTC". */
  postedAt: string;
  issueUrl: string;
  /** This issue's unsubscribe page and its List-Unsubscribe headers (src/server/email/preferences.ts). */
  unsubscribeUrl: string;
  unsubscribeHeaders: EmailHeaders;
  /** A member's email settings page; absent for an address without an account. */
  preferencesUrl?: string | undefined;
}

/** A timeline update of a followed known issue; the "fixed" one says so in the subject and the first line. */
export function knownIssueUpdateEmail(site: SiteContext, n: KnownIssueUpdateNotice): EmailMessage {
  const title = `“${n.issueTitle}”`;
  const subject = n.fixed ? `Fixed: ${n.issueTitle}` : `${n.statusLabel}: ${n.issueTitle}`;
  const lead = n.fixed ? `Fixed: ${title} is resolved. Everything should work as it should again.` : `New update on ${title}: ${n.statusLabel}.`;
  const why = 'You receive this because you follow this known issue.';
  const stop = `Stop emails about this issue: ${n.unsubscribeUrl}`;
  const text = [
    lead,
    '',
    n.message,
    '',
    `Status: ${n.statusLabel} (posted ${n.postedAt})`,
    `The issue and its whole timeline: ${n.issueUrl}`,
    '',
    `— ${site.siteName}`,
    '',
    why,
    stop,
    ...(n.preferencesUrl ? [`All your email settings: ${n.preferencesUrl}`] : []),
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(lead)}</strong></p>`,
    n.messageHtml,
    `<p>Status: ${escapeHtml(n.statusLabel)} (posted ${escapeHtml(n.postedAt)})<br><a href="${escapeHtml(n.issueUrl)}">See the issue and its whole timeline</a></p>`,
    `<p>— ${escapeHtml(site.siteName)}</p>`,
    `<p style="font-size:12px;color:#555">${escapeHtml(why)} <a href="${escapeHtml(n.unsubscribeUrl)}">Stop emails about this issue</a>${
      n.preferencesUrl ? ` · <a href="${escapeHtml(n.preferencesUrl)}">All your email settings</a>` : ''
    }</p>`,
  ].join('\n');
  return { kind: n.fixed ? 'known-issue-fixed' : 'known-issue-update', to: n.to, subject, text, html, headers: n.unsubscribeHeaders };
}

// --- Report: the weekly voice-of-the-customer digest ---

/** The digest's conversation, already redacted (src/server/report/redact.ts). */
export interface WeeklyDigestConversation {
  subject: string;
  category: string;
  createdAt: number;
  solvedAt: number;
  rating: 'great' | 'okay' | 'not_good' | null;
  messages: { role: 'customer' | 'support'; text: string; at: number }[];
}

export interface WeeklyDigest {
  to: string;
  /** "30 November – 6 December 2026". */
  weekLabel: string;
  tags: { tag: string; thisWeek: number; lastWeek: number; url: string }[];
  spikes: { tag: string; thisWeek: number; eightWeekAverage: number; url: string }[];
  /**
   * Titles already redacted and links free of ticket text (digestFeatureRequests
   * in src/server/report/digest.ts): a ticket, the team's requests in the inbox,
   * or a public question.
   */
  featureRequests: { team: string; count: number; items: { title: string; count: number; url: string }[] }[];
  /** null: no conversation was solved that week. */
  conversation: WeeklyDigestConversation | null;
  /** The staff page of the digest. */
  digestUrl: string;
  /** A staff member (links to staff pages work for them); false for the company-wide list. */
  staff: boolean;
  unsubscribeUrl: string;
  unsubscribeHeaders: EmailHeaders;
  /** A member's email settings page (staff). */
  preferencesUrl?: string | undefined;
}

const digestRatingLabels = { great: 'rated it great', okay: 'rated it okay', not_good: 'rated it not good' } as const;
const digestDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const digestWhen = (ms: number) => `${digestDate.format(new Date(ms))} UTC`;
const digestPlural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * Every Monday, to staff (and the company-wide list of the site settings): the
 * week's top ticket tags, spikes and feature requests, and one solved
 * conversation in full, redacted. PREFERENCES: kind 'weekly_digest', with the
 * unsubscribe link and List-Unsubscribe headers.
 */
export function weeklyDigestEmail(site: SiteContext, d: WeeklyDigest): EmailMessage {
  const subject = `Voice of the customer: the week of ${d.weekLabel}`;
  const c = d.conversation;
  const link = (url: string) => (d.staff ? ` ${url}` : '');
  const tagLines =
    d.tags.length === 0
      ? ['No ticket was tagged this week.']
      : d.tags.map((t) => `- ${t.tag}: ${digestPlural(t.thisWeek, 'ticket', 'tickets')} (${t.lastWeek.toLocaleString('en')} the week before)${link(t.url)}`);
  const spikeLines =
    d.spikes.length === 0
      ? ['No spikes: no tag rose above twice its 8-week average.']
      : d.spikes.map(
          (t) =>
            `- ${t.tag}: ${digestPlural(t.thisWeek, 'ticket', 'tickets')}, against ${t.eightWeekAverage.toLocaleString('en', { maximumFractionDigits: 1 })} a week on average${link(t.url)}`,
        );
  const featureLines =
    d.featureRequests.length === 0
      ? ['No feature requests this week.']
      : d.featureRequests.flatMap((g) => [
          `${g.team} (${digestPlural(g.count, 'request', 'requests')}):`,
          ...g.items.map((i) => `- ${i.title}${i.count > 1 ? ` (×${i.count})` : ''}${link(i.url)}`),
        ]);
  const who = (role: 'customer' | 'support') => (role === 'customer' ? 'Customer' : 'Support');
  const outcome = c ? `Solved ${digestWhen(c.solvedAt)}; the customer ${c.rating ? digestRatingLabels[c.rating] : 'did not rate it'}.` : '';
  const conversationLines = c
    ? [`“${c.subject}” (${c.category})`, '', ...c.messages.flatMap((m) => [`${who(m.role)}, ${digestWhen(m.at)}:`, m.text, '']), outcome]
    : ['No conversation was solved this week, so this digest goes without one.'];
  const why = d.staff
    ? 'You receive this because you are on the support staff.'
    : `You receive this because your address is on the company-wide digest list in the site settings of ${site.siteName}.`;
  const text = [
    `Voice of the customer: the week of ${d.weekLabel} (UTC).`,
    '',
    'Top issues (ticket tags):',
    ...tagLines,
    '',
    'Spikes:',
    ...spikeLines,
    '',
    'Top feature requests:',
    ...featureLines,
    '',
    'One conversation of the week, in full (picked at random, names and contact details removed):',
    '',
    ...conversationLines,
    '',
    ...(d.staff ? [`The digest in the staff area: ${d.digestUrl}`, ''] : []),
    `— ${site.siteName}`,
    '',
    why,
    `Stop the weekly digest: ${d.unsubscribeUrl}`,
    ...(d.preferencesUrl ? [`All your email settings: ${d.preferencesUrl}`] : []),
  ].join('\n');

  const a = (url: string, label: string) => (d.staff ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label));
  const list = (items: string[], empty: string) =>
    items.length === 0 ? `<p>${escapeHtml(empty)}</p>` : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  const paragraphs = (body: string) =>
    body
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 8px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
  const html = [
    `<h1 style="font-size:20px">Voice of the customer</h1>`,
    `<p>The week of ${escapeHtml(d.weekLabel)} (UTC).</p>`,
    `<h2 style="font-size:16px">Top issues</h2>`,
    list(
      d.tags.map(
        (t) =>
          `${a(t.url, t.tag)}: ${escapeHtml(digestPlural(t.thisWeek, 'ticket', 'tickets'))} (${escapeHtml(t.lastWeek.toLocaleString('en'))} the week before)`,
      ),
      'No ticket was tagged this week.',
    ),
    `<h2 style="font-size:16px">Spikes</h2>`,
    list(
      d.spikes.map(
        (t) =>
          `${a(t.url, t.tag)}: ${escapeHtml(digestPlural(t.thisWeek, 'ticket', 'tickets'))}, against ${escapeHtml(t.eightWeekAverage.toLocaleString('en', { maximumFractionDigits: 1 }))} a week on average`,
      ),
      'No spikes: no tag rose above twice its 8-week average.',
    ),
    `<h2 style="font-size:16px">Top feature requests</h2>`,
    d.featureRequests.length === 0
      ? `<p>No feature requests this week.</p>`
      : d.featureRequests
          .map(
            (g) =>
              `<p><strong>${escapeHtml(g.team)}</strong> (${escapeHtml(digestPlural(g.count, 'request', 'requests'))})</p>${list(
                g.items.map((i) => `${a(i.url, i.title)}${i.count > 1 ? ` (×${i.count})` : ''}`),
                '',
              )}`,
          )
          .join(''),
    `<h2 style="font-size:16px">One conversation of the week</h2>`,
    c
      ? [
          `<p style="color:#555">Picked at random, in full; names and contact details removed.</p>`,
          `<p><strong>“${escapeHtml(c.subject)}”</strong> (${escapeHtml(c.category)})</p>`,
          ...c.messages.map(
            (m) =>
              `<div style="margin:0 0 12px;padding:8px 12px;border-left:3px solid ${m.role === 'customer' ? '#888' : '#2a6df4'}"><p style="margin:0 0 4px;font-size:12px;color:#555"><strong>${who(m.role)}</strong>, ${escapeHtml(digestWhen(m.at))}</p>${paragraphs(m.text)}</div>`,
          ),
          `<p>${escapeHtml(outcome)}</p>`,
        ].join('\n')
      : `<p>No conversation was solved this week, so this digest goes without one.</p>`,
    ...(d.staff ? [`<p><a href="${escapeHtml(d.digestUrl)}">The digest in the staff area</a></p>`] : []),
    `<p>— ${escapeHtml(site.siteName)}</p>`,
    `<p style="font-size:12px;color:#555">${escapeHtml(why)} <a href="${escapeHtml(d.unsubscribeUrl)}">Stop the weekly digest</a>${
      d.preferencesUrl ? ` · <a href="${escapeHtml(d.preferencesUrl)}">All your email settings</a>` : ''
    }</p>`,
  ].join('\n');
  return { kind: 'weekly-digest', to: d.to, subject, text, html, headers: d.unsubscribeHeaders };
}
