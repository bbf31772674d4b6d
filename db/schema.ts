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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  email_outbox: EmailOutboxTable;
  rate_limit_events: RateLimitEventsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type OutboxEmail = Selectable<EmailOutboxTable>;
