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
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  email_outbox: EmailOutboxTable;
  rate_limit_events: RateLimitEventsTable;
  help_article_views: HelpArticleViewsTable;
  help_feedback: HelpFeedbackTable;
  search_index_changes: SearchIndexChangesTable;
  search_index_entries: SearchIndexEntriesTable;
  search_documents: SearchDocumentsTable;
  search_queries: SearchQueriesTable;
  tickets: TicketsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type OutboxEmail = Selectable<EmailOutboxTable>;
