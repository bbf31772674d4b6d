// Delivers outbox emails: through SMTP (nodemailer) when SMTP_URL is set,
// otherwise by printing them to the server log and marking them "logged".
import nodemailer from 'nodemailer';
import type { DB } from '@db/connection';
import type { OutboxEmail } from '@db/schema';
import { attachmentsForEmail } from '@/server/attachments/store';
import { claimDueEmails, emailHeadersOf, markEmailDelivered, markEmailFailed } from './outbox';

/** A file sent with an email (nodemailer's attachment shape). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface EmailTransport {
  kind: 'smtp' | 'log';
  send(email: OutboxEmail, attachments?: EmailAttachment[]): Promise<void>;
  close(): void;
}

export function createEmailTransport(options: { smtpUrl?: string | undefined; from: string; log?: (line: string) => void }): EmailTransport {
  if (!options.smtpUrl) {
    const log = options.log ?? ((line: string) => console.log(line));
    return {
      kind: 'log',
      async send(email, attachments = []) {
        const files = attachments.map((a) => `\n[attachment] ${a.filename} (${a.contentType}, ${a.content.byteLength} bytes)`).join('');
        log(`[email] to=${email.to_address} subject=${JSON.stringify(email.subject)}\n${email.text_body}${files}\n[/email]`);
      },
      close() {},
    };
  }
  const transporter = nodemailer.createTransport(options.smtpUrl);
  return {
    kind: 'smtp',
    async send(email, attachments = []) {
      await transporter.sendMail({
        from: options.from,
        to: email.to_address,
        subject: email.subject,
        text: email.text_body,
        ...(email.html_body ? { html: email.html_body } : {}),
        ...threading(email),
        ...listHeaders(email),
        ...(attachments.length > 0 ? { attachments } : {}),
      });
    },
    close() {
      transporter.close();
    },
  };
}

/** Reply-To, Message-ID, In-Reply-To and References of a ticket email. */
function threading(email: OutboxEmail) {
  const h = emailHeadersOf(email);
  return {
    ...(h.messageId && { messageId: h.messageId }),
    ...(h.inReplyTo && { inReplyTo: h.inReplyTo }),
    ...(h.references && h.references.length > 0 && { references: h.references }),
    ...(h.replyTo && { replyTo: h.replyTo }),
  };
}

/** List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058) of an email one can unsubscribe from. */
export function listHeaders(email: Pick<OutboxEmail, 'headers'>): { headers?: Record<string, string> } {
  const h = emailHeadersOf(email);
  const headers: Record<string, string> = {
    ...(h.listUnsubscribe && { 'List-Unsubscribe': h.listUnsubscribe }),
    ...(h.listUnsubscribePost && { 'List-Unsubscribe-Post': h.listUnsubscribePost }),
  };
  return Object.keys(headers).length > 0 ? { headers } : {};
}

/** Sends every due email once; returns how many were delivered and how many failed. */
export async function deliverDueEmails(db: DB, transport: EmailTransport, now = Date.now()): Promise<{ delivered: number; failed: number }> {
  const due = await claimDueEmails(db, now);
  let delivered = 0;
  let failed = 0;
  for (const email of due) {
    try {
      const ids = email.attachment_ids ? (JSON.parse(email.attachment_ids) as number[]) : [];
      await transport.send(email, await attachmentsForEmail(db, ids));
      await markEmailDelivered(db, email.id, transport.kind === 'smtp' ? 'sent' : 'logged', Date.now());
      delivered++;
    } catch (error) {
      await markEmailFailed(db, email, error instanceof Error ? error.message : String(error), Date.now());
      failed++;
    }
  }
  return { delivered, failed };
}
