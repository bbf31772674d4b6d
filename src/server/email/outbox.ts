// Owns `email_outbox`. Every email is a row written in the same transaction as
// the change that causes it; the delivery worker sends it later, with retry, so
// a crash never loses an email and a rolled-back change never sends one.
import type { DB } from '@db/connection';
import type { OutboxEmail } from '@db/schema';

export interface EmailMessage {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** attachments.id of files to send with it (a staff reply's attachments). */
  attachmentIds?: number[] | undefined;
  /** Threading headers of a ticket email (kept in email_outbox.headers). */
  headers?: EmailHeaders | undefined;
}

/** Message-IDs with their angle brackets, and the unsubscribe headers of an email one can stop. */
export interface EmailHeaders {
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  replyTo?: string | undefined;
  /** RFC 2369 `List-Unsubscribe` ("<https://…>"), from src/server/email/preferences.ts. */
  listUnsubscribe?: string | undefined;
  /** RFC 8058 `List-Unsubscribe-Post` ("List-Unsubscribe=One-Click"). */
  listUnsubscribePost?: string | undefined;
}

/** The message with threading headers added. */
export function withEmailHeaders(message: EmailMessage, headers: EmailHeaders): EmailMessage {
  return { ...message, headers };
}

/** The headers an outbox row carries (none for an older row or a plain email). */
export function emailHeadersOf(email: { headers: string | null }): EmailHeaders {
  return email.headers ? (JSON.parse(email.headers) as EmailHeaders) : {};
}

export const MAX_EMAIL_ATTEMPTS = 8;
const CLAIM_LOCK_MS = 2 * 60_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function emailBackoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export async function enqueueEmail(db: DB, message: EmailMessage, now = Date.now()): Promise<number> {
  const row = await db
    .insertInto('email_outbox')
    .values({
      kind: message.kind,
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html ?? null,
      headers: message.headers ? JSON.stringify(message.headers) : null,
      next_attempt_at: now,
      locked_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
      attachment_ids: message.attachmentIds?.length ? JSON.stringify(message.attachmentIds) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Picks due emails and locks them for a while, so two workers never send the same one. */
export async function claimDueEmails(db: DB, now = Date.now(), limit = 20): Promise<OutboxEmail[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('email_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    await trx
      .updateTable('email_outbox')
      .set({ locked_until: now + CLAIM_LOCK_MS })
      .where(
        'id',
        'in',
        due.map((e) => e.id),
      )
      .execute();
    return due;
  });
}

export async function markEmailDelivered(db: DB, id: number, how: 'sent' | 'logged', now = Date.now()): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({ status: how, sent_at: now, locked_until: null, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', '=', id)
    .execute();
}

export async function markEmailFailed(db: DB, email: OutboxEmail, error: string, now = Date.now()): Promise<void> {
  const attempts = email.attempts + 1;
  const giveUp = attempts >= MAX_EMAIL_ATTEMPTS;
  await db
    .updateTable('email_outbox')
    .set({
      attempts,
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: now + emailBackoffMs(attempts),
      locked_until: null,
      last_error: error.slice(0, 1000),
    })
    .where('id', '=', email.id)
    .execute();
}
