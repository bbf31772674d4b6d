// The typed shape of the database, one interface per table. Timestamps are
// integer milliseconds since the Unix epoch (UTC) everywhere: `*_at` columns.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'member' | 'staff' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  role: Generated<Role>;
  created_at: number;
  password_changed_at: number;
  /** Cached: 1 + the sum of the user's reputation_events; recomputable. */
  reputation: Generated<number>;
  suspended_until: number | null;
  suspension_reason: string | null;
  /** When the owner proved the address with the emailed link; null until then. */
  email_verified_at: number | null;
  /** The member's current avatar (attachments.owner_kind 'avatar'), 0024. */
  avatar_attachment_id: number | null;
  // 0025_known_issues: "since your last visit"
  /** Refreshed at most every 10 minutes while the member browses. */
  last_seen_at: number | null;
  /** When the current visit began (a visit starts after 30 minutes away). */
  visit_started_at: number | null;
  /** last_seen_at as it was when the current visit began: what "since your last visit" compares with. */
  previous_seen_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  expires_at: number;
  created_at: number;
}

export interface PasswordResetTokensTable {
  id: string;
  user_id: number;
  expires_at: number;
  created_at: number;
}

export type AccountTokenPurpose = 'verify-email' | 'sign-in';

export interface AccountTokensTable {
  /** SHA-256 hex of the emailed token. */
  id: string;
  user_id: number;
  purpose: AccountTokenPurpose;
  expires_at: number;
  created_at: number;
}

export type EmailStatus = 'pending' | 'sent' | 'logged' | 'failed';

export interface EmailOutboxTable {
  id: Generated<number>;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  /** JSON: { messageId?, inReplyTo?, references?: string[], replyTo? } (0021). */
  headers: string | null;
  /** JSON array of attachments.id to send with it (0021). */
  attachment_ids: string | null;
}

export interface RateLimitEventsTable {
  id: Generated<number>;
  bucket: string;
  key: string;
  created_at: number;
}

export interface HelpArticleViewsTable {
  article_slug: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  views: number;
}

export interface HelpFeedbackTable {
  id: Generated<number>;
  article_slug: string;
  voter_key: string;
  user_id: number | null;
  helpful: 0 | 1;
  comment: string | null;
  created_at: number;
  updated_at: number;
}

export interface SearchIndexChangesTable {
  id: Generated<number>;
  doc_id: string;
  action: 'upsert' | 'remove';
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  /** "failed": parked after too many attempts, until staff retry it. */
  status: Generated<'pending' | 'failed'>;
  /** Claimed by a worker until then. */
  locked_until: number | null;
}

export interface SearchIndexEntriesTable {
  doc_id: string;
  content_hash: string;
  indexed_at: number;
}

export interface SearchDocumentsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  title: string;
  text: string;
  url: string;
  tags: string;
  category: string;
  status: string;
  /** Known issues' severity, '' for other documents (added by the embedded engine's setup). */
  severity: Generated<string>;
  popularity: number;
  updated_at: number;
}

export interface SearchQueriesTable {
  id: Generated<number>;
  query: string;
  type_filter: string | null;
  result_count: number;
  visitor_key: string | null;
  clicked_url: string | null;
  clicked_at: number | null;
  escalated: Generated<0 | 1>;
  created_at: number;
}

export type TicketUrgency = 'low' | 'normal' | 'high' | 'urgent';
export type TicketEmotion = 'happy' | 'confused' | 'frustrated' | 'angry' | 'sad';
export type TicketStatus = 'new' | 'open' | 'pending' | 'solved' | 'closed';

export interface TicketsTable {
  id: Generated<number>;
  requester_name: string;
  requester_email: string;
  user_id: number | null;
  subject: string;
  description: string;
  category: string;
  urgency: TicketUrgency;
  emotion: TicketEmotion | null;
  status: Generated<TicketStatus>;
  context: string;
  access_key_hash: string;
  created_at: number;
  updated_at: number;
  solved_at: number | null;
  first_response_at: number | null;
  reopened_count: Generated<number>;
  follow_up_of: number | null;
  // 0015_support_desk
  assignee_id: number | null;
  tier: Generated<TicketTier>;
  /** One of the site settings' teams ("web app", "billing", …), or null. */
  team: string | null;
  /** When the first public staff reply is due (SLA); recomputed on an urgency change. */
  first_response_due_at: number | null;
  /** Set at the first public staff reply: met when it came by the due time. */
  sla_outcome: 'met' | 'breached' | null;
  sla_late_minutes: number | null;
  /** Creation → first public staff reply, wall-clock minutes and support-hours minutes. */
  first_response_minutes: number | null;
  first_response_support_minutes: number | null;
  /** Creation → the latest solve, wall-clock minutes. */
  resolution_minutes: number | null;
  /** Public staff replies ("touches"). */
  staff_reply_count: Generated<number>;
  /** A duplicate merged into another ticket points at it (and is closed). */
  merged_into: number | null;
  /** The latest rating (from ticket_ratings) and when it was given. */
  rating: TicketRating | null;
  rated_at: number | null;
  /** Since when the requester has been waiting for staff (null when it is the requester's turn). */
  waiting_since: number | null;
  /** Lower-cased text staff search: reference, subject, requester, description and messages. */
  search_text: Generated<string>;
  /** Bumped by every change; a staff form sent against an older version warns. */
  version: Generated<number>;
  /** 1: created from an email whose sender failed SPF/DKIM/DMARC (no email was sent back). */
  unverified_sender: Generated<0 | 1>;
  /** The known issue this ticket is about (0025). */
  known_issue_id: number | null;
}

export type TicketTier = 1 | 2 | 3;
export type TicketRating = 'great' | 'okay' | 'not_good';
export type StaffNotificationKind = 'urgent_ticket' | 'assigned' | 'customer_reply';

export interface TicketTagsTable {
  ticket_id: number;
  tag: string;
  created_at: number;
}

export interface SavedRepliesTable {
  id: Generated<number>;
  title: string;
  /** Markdown with placeholders ({{requester_name}}, {{ticket_ref}}, {{agent_name}}). */
  body_source: string;
  body_html: string;
  team: string | null;
  usage_count: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** A requester's rating of one public staff reply; the ticket's satisfaction is its latest. */
export interface TicketRatingsTable {
  id: Generated<number>;
  ticket_id: number;
  message_id: number;
  rating: TicketRating;
  comment: string | null;
  created_at: number;
  updated_at: number;
}

export interface StaffNotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: StaffNotificationKind;
  ticket_id: number;
  actor_id: number | null;
  read_at: number | null;
  created_at: number;
}

/** An agent's choice per kind; no row means both on. */
export interface StaffNotificationSettingsTable {
  user_id: number;
  kind: StaffNotificationKind;
  in_site: 0 | 1;
  by_email: 0 | 1;
}

export interface TicketMessagesTable {
  id: Generated<number>;
  ticket_id: number;
  author_id: number | null;
  author_role: 'requester' | 'staff';
  visibility: 'public' | 'internal';
  body_source: string;
  body_html: string;
  created_at: number;
  // 0021_email_channel
  channel: Generated<'web' | 'email'>;
  inbound_email_id: number | null;
  /** The Message-ID of the email sent for this message (staff replies). */
  email_message_id: string | null;
}

export interface TicketAccessKeysTable {
  key_hash: string;
  ticket_id: number;
  created_at: number;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  actor_id: number | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  created_at: number;
}

export type PostType = 'question' | 'answer';
export type Visibility = 'visible' | 'hidden' | 'deleted';

export interface QuestionsTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  slug: string;
  body_md: string;
  body_html: string;
  /** Plain text of body_md, for the search index (NULL only before backfillPostText ran). */
  body_text: string | null;
  tags: string;
  status: Generated<'open' | 'closed'>;
  close_reason: 'duplicate' | 'off-topic' | null;
  duplicate_of_id: number | null;
  closed_by: number | null;
  closed_at: number | null;
  locked: Generated<0 | 1>;
  visibility: Generated<Visibility>;
  hidden_reason: string | null;
  score: Generated<number>;
  answer_count: Generated<number>;
  accepted_answer_id: number | null;
  // The column view_count (0005) stays in the database, unused: nothing counts question views yet.
  last_activity_at: number;
  created_at: number;
  updated_at: number;
}

export interface QuestionTagsTable {
  question_id: number;
  tag: string;
  created_at: number;
  // Copies of the question's list columns (0008_list_paging), kept by the writers in src/server/community/questions.ts.
  visibility: Generated<Visibility>;
  status: Generated<'open' | 'closed'>;
  score: Generated<number>;
  answer_count: Generated<number>;
  last_activity_at: Generated<number>;
  asked_at: Generated<number>;
}

/** Totals shown by the lists, kept by the writers in questions.ts: scope '*' is every question, else a tag. */
export interface QuestionCountsTable {
  scope: string;
  questions: number;
  unanswered: number;
}

export interface AnswersTable {
  id: Generated<number>;
  question_id: number;
  author_id: number;
  body_md: string;
  body_html: string;
  /** Plain text of body_md, for the search index (NULL only before backfillPostText ran). */
  body_text: string | null;
  score: Generated<number>;
  verified_by: number | null;
  verified_at: number | null;
  visibility: Generated<Visibility>;
  hidden_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface CommentsTable {
  id: Generated<number>;
  post_type: PostType;
  post_id: number;
  author_id: number;
  body_md: string;
  body_html: string;
  visibility: Generated<Visibility>;
  hidden_reason: Generated<string | null>;
  created_at: number;
}

export interface VotesTable {
  id: Generated<number>;
  user_id: number;
  post_type: PostType;
  post_id: number;
  value: 1 | -1;
  created_at: number;
}

export interface ReputationEventsTable {
  id: Generated<number>;
  user_id: number;
  delta: number;
  rule_delta: number;
  reason: string;
  post_type: PostType | null;
  post_id: number | null;
  source: string;
  reversed: Generated<0 | 1>;
  created_at: number;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_type: PostType;
  post_id: number;
  editor_id: number;
  title: string | null;
  body_md: string;
  tags: string | null;
  summary: string;
  created_at: number;
}

export type FlagReason = 'spam' | 'rude' | 'off-topic' | 'needs-staff';

/** What members flag: posts, and comments on them. */
export type FlagTargetType = PostType | 'comment';

export interface FlagsTable {
  id: Generated<number>;
  post_type: FlagTargetType;
  post_id: number;
  flagger_id: number;
  reason: FlagReason;
  note: string | null;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  resolved_by: number | null;
  resolved_at: number | null;
  created_at: number;
  /** SHA-256 hex of the network the flag came from (IPv4 address or IPv6 /64); null for flags from scripts and before 0009. */
  network_hash: Generated<string | null>;
}

export interface UserBadgesTable {
  id: Generated<number>;
  user_id: number;
  badge: string;
  post_type: PostType | null;
  post_id: number | null;
  awarded_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: 'answer' | 'comment' | 'accepted';
  actor_id: number;
  question_id: number;
  answer_id: number | null;
  comment_id: number | null;
  read_at: number | null;
  created_at: number;
}

/** Runtime site settings (src/server/settings): one JSON value per key. */
export interface SiteSettingsTable {
  key: string;
  value: string;
  updated_by: number | null;
  updated_at: number;
}

// 0018_ticket_rating_tokens
/** A "How did we do?" link's token (SHA-256 only): it rates one public staff reply. */
export interface TicketRatingTokensTable {
  token_hash: string;
  ticket_id: number;
  message_id: number;
  created_at: number;
}

// 0019_contact_deflections (src/server/tickets/deflection.ts)
/** A suggestion opened from the contact form: a deflection attempt, stamped with the ticket when the visit sent one. */
export interface ContactDeflectionsTable {
  id: Generated<number>;
  /** The contact form's random visit id. */
  visit_id: string;
  visitor_key: string | null;
  /** The local path opened. */
  url: string;
  doc_type: 'article' | 'question' | 'known_issue' | null;
  created_at: number;
  ticket_id: number | null;
}

// 0020_staff_invitations (administration)
/** An emailed invitation to join as staff or admin; only the token's SHA-256 is kept. */
export interface StaffInvitationsTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  role: 'staff' | 'admin';
  invited_by: number | null;
  expires_at: number;
  created_at: number;
  accepted_at: number | null;
  accepted_by: number | null;
  revoked_at: number | null;
}

export interface InboundEmailsTable {
  id: Generated<number>;
  dedupe_key: string;
  from_address: string;
  to_address: string;
  subject: string;
  raw: Buffer;
  size: number;
  auth: string;
  authenticated: 0 | 1;
  status: 'appended' | 'created' | 'quarantined' | 'ignored' | 'discarded';
  reason: string | null;
  ticket_id: number | null;
  reviewed_by: number | null;
  reviewed_at: number | null;
  received_at: number;
}

export interface AttachmentsTable {
  id: Generated<number>;
  owner_kind: 'ticket' | 'post' | 'avatar';
  ticket_id: number | null;
  ticket_message_id: number | null;
  uploaded_by: number | null;
  sha256: string;
  size: number;
  content_type: string;
  original_name: string;
  data: Buffer | null;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
  thumbnail_type: string | null;
  created_at: number;
  deleted_at: number | null;
  deleted_by: number | null;
}

// 0022_secrets
export interface SecretsTable {
  name: string;
  value: string;
  created_at: number;
}

// 0025_known_issues (src/server/known-issues; email_preferences: src/server/email/preferences.ts)
export type KnownIssueKind = 'incident' | 'maintenance';
export type KnownIssueSeverity = 'minor' | 'major' | 'critical';
export type KnownIssueStatus = 'investigating' | 'identified' | 'fixing' | 'monitoring' | 'fixed';

export interface KnownIssuesTable {
  id: Generated<number>;
  slug: string;
  kind: Generated<KnownIssueKind>;
  title: string;
  summary: string;
  severity: KnownIssueSeverity;
  status: KnownIssueStatus;
  /** The staff member who owns it (gets the "update due" emails). */
  owner_id: number | null;
  workaround_source: Generated<string>;
  workaround_html: Generated<string>;
  eta_at: number | null;
  /** Planned maintenance window. */
  starts_at: number | null;
  ends_at: number | null;
  /** "owner/repo" and number of the GitHub issue tracking the fix. */
  github_repo: string | null;
  github_issue_number: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** Time of the latest timeline update (list order, feed, update cadence). */
  last_update_at: number;
  fixed_at: number | null;
  affected_count: Generated<number>;
  follower_count: Generated<number>;
  update_due_notified_at: number | null;
  version: Generated<number>;
}

export interface KnownIssueAreasTable {
  known_issue_id: number;
  /** One of the site settings' teams. */
  area: string;
}

export interface KnownIssueUpdatesTable {
  id: Generated<number>;
  known_issue_id: number;
  status: KnownIssueStatus;
  message_source: string;
  message_html: string;
  author_id: number | null;
  source: Generated<'staff' | 'github'>;
  created_at: number;
}

export interface KnownIssueArticlesTable {
  known_issue_id: number;
  /** The help article's slug as the help hub names it ("calendar-sync/fix-calendar-sync-errors"). */
  article_slug: string;
}

export interface KnownIssueAffectedTable {
  known_issue_id: number;
  /** "u:<id>" for a member, the anonymous visitor cookie's key otherwise. */
  visitor_key: string;
  user_id: number | null;
  created_at: number;
}

export interface KnownIssueFollowersTable {
  id: Generated<number>;
  known_issue_id: number;
  user_id: number | null;
  /** Lower-cased address of a visitor; null for a member. */
  email: string | null;
  /** SHA-256 of the emailed confirmation token; null once confirmed (and for members). */
  confirm_token_hash: string | null;
  confirmed_at: number | null;
  created_at: number;
  unsubscribed_at: number | null;
}

export type PlaybookStep = 'early_warning' | 'post' | 'saved_reply' | 'bulk_reply' | 'banner';

export interface KnownIssuePlaybookStepsTable {
  known_issue_id: number;
  step: PlaybookStep;
  done_by: number | null;
  done_at: number;
  note: string | null;
}

export interface KnownIssueBulkRepliesTable {
  id: Generated<number>;
  known_issue_id: number;
  idempotency_key: string;
  saved_reply_id: number | null;
  body_source: string;
  body_html: string;
  set_status: 'pending' | 'solved' | null;
  author_id: number | null;
  target_count: Generated<number>;
  created_at: number;
  completed_at: number | null;
}

export interface KnownIssueBulkReplyTargetsTable {
  bulk_reply_id: number;
  ticket_id: number;
  message_id: number | null;
  done_at: number | null;
}

export interface GithubDeliveriesTable {
  /** X-GitHub-Delivery. */
  delivery_id: string;
  event: string;
  action: string | null;
  outcome: string;
  received_at: number;
}

export interface EmailPreferencesTable {
  id: Generated<number>;
  user_id: number | null;
  /** Lower-cased address for someone without an account; null for a member. */
  address: string | null;
  kind: string;
  subscribed: 0 | 1;
  updated_at: number;
}

// 0026_report: the happiness report's published months, their corrections, and the weekly digest.
export interface ReportMonthsTable {
  /** "2026-10": a UTC calendar month. */
  month: string;
  /** The frozen figures: the exact JSON text /report/<month>.json serves. */
  snapshot: string;
  definitions_version: string;
  note_source: string;
  note_html: string;
  published_by: number | null;
  published_at: number;
}

export interface ReportCorrectionsTable {
  id: Generated<number>;
  month: string;
  note_source: string;
  note_html: string;
  created_by: number | null;
  created_at: number;
}

export type DigestWeekStatus = 'pending' | 'approved' | 'sent';

export interface DigestWeeksTable {
  /** The Monday (UTC) the week starts: "2026-11-30". */
  week: string;
  ticket_id: number | null;
  /** The picked conversation as it will be sent, redacted (JSON). */
  conversation: string | null;
  picked_at: number;
  approved_by: number | null;
  approved_at: number | null;
  status: Generated<DigestWeekStatus>;
  sent_at: number | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  account_tokens: AccountTokensTable;
  email_outbox: EmailOutboxTable;
  rate_limit_events: RateLimitEventsTable;
  help_article_views: HelpArticleViewsTable;
  help_feedback: HelpFeedbackTable;
  search_index_changes: SearchIndexChangesTable;
  search_index_entries: SearchIndexEntriesTable;
  search_documents: SearchDocumentsTable;
  search_queries: SearchQueriesTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  ticket_events: TicketEventsTable;
  ticket_access_keys: TicketAccessKeysTable;
  ticket_tags: TicketTagsTable;
  saved_replies: SavedRepliesTable;
  ticket_ratings: TicketRatingsTable;
  staff_notifications: StaffNotificationsTable;
  staff_notification_settings: StaffNotificationSettingsTable;
  questions: QuestionsTable;
  question_tags: QuestionTagsTable;
  question_counts: QuestionCountsTable;
  answers: AnswersTable;
  comments: CommentsTable;
  votes: VotesTable;
  reputation_events: ReputationEventsTable;
  post_revisions: PostRevisionsTable;
  flags: FlagsTable;
  user_badges: UserBadgesTable;
  notifications: NotificationsTable;
  site_settings: SiteSettingsTable;
  inbound_emails: InboundEmailsTable;
  attachments: AttachmentsTable;
  // 0018_ticket_rating_tokens
  ticket_rating_tokens: TicketRatingTokensTable;
  // 0019_contact_deflections
  contact_deflections: ContactDeflectionsTable;
  // 0020_staff_invitations
  staff_invitations: StaffInvitationsTable;
  // 0022_secrets
  secrets: SecretsTable;
  // 0025_known_issues
  known_issues: KnownIssuesTable;
  known_issue_areas: KnownIssueAreasTable;
  known_issue_updates: KnownIssueUpdatesTable;
  known_issue_articles: KnownIssueArticlesTable;
  known_issue_affected: KnownIssueAffectedTable;
  known_issue_followers: KnownIssueFollowersTable;
  known_issue_playbook_steps: KnownIssuePlaybookStepsTable;
  known_issue_bulk_replies: KnownIssueBulkRepliesTable;
  known_issue_bulk_reply_targets: KnownIssueBulkReplyTargetsTable;
  github_deliveries: GithubDeliveriesTable;
  email_preferences: EmailPreferencesTable;
  // 0026_report
  report_months: ReportMonthsTable;
  report_corrections: ReportCorrectionsTable;
  digest_weeks: DigestWeeksTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type OutboxEmail = Selectable<EmailOutboxTable>;
export type SearchIndexChange = Selectable<SearchIndexChangesTable>;
