// Owns `inbound_emails`: every message that reaches us (SMTP listener or
// webhook) is kept raw, once (deduplicated by Message-ID, else by the SHA-256
// of the raw bytes), with what became of it:
// - ignored: auto-replies, bulk mail and bounces — never a ticket, never a
//   reopen, never an email back (mail loops stop here);
// - appended: a reply from the ticket's requester, matched by the signed reply
//   address, else by In-Reply-To/References; the quote and signature are
//   stripped and it goes through the tickets area's reply rules (replyByEmail);
// - created: a new ticket from a message to the plain support address;
// - quarantined: matched a ticket but came from someone else, or looked like a
//   reply we cannot place; staff review it on /staff/inbound-email;
// - discarded: staff threw it away.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { authenticate as mailauthAuthenticate } from 'mailauth';
import { sql } from 'kysely';
import { withTransaction, type DB } from '@db/connection';
import { config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import { storeAttachments } from '@/server/attachments/store';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError, ValidationError } from '@/server/errors';
import { replyByEmail } from '@/server/tickets/conversation';
import { closedTicketIds, ticketForInboundEmail, ticketOfEmailMessageIds } from '@/server/tickets/email-thread';
import { createTicketFromEmail, ticketIdToRef, ticketRefToId } from '@/server/tickets/tickets';
import type { SiteContext } from './templates';
import { bareAddress, isSupportAddress, mailIdentity, parseReplyAddress, type MailIdentity } from './reply-address';

export interface AuthVerdict {
  /** DMARC passed (or, without a DMARC policy, an SPF or DKIM pass aligned with the From domain). */
  authenticated: boolean;
  /** The SPF / DKIM / DMARC results, for staff. */
  results: Record<string, string>;
}

export interface InboundEnvelope {
  /** MAIL FROM (the return path); empty for bounces. */
  from?: string | undefined;
  to: string[];
  /** The connecting client, for SPF (SMTP listener). */
  remoteAddress?: string | undefined;
  helo?: string | undefined;
}

export type Authenticator = (raw: Buffer, envelope: InboundEnvelope) => Promise<AuthVerdict>;

export type InboundOutcome =
  | { status: 'duplicate' }
  | { status: 'appended' | 'created' | 'quarantined' | 'ignored'; inboundEmailId: number; ticketId: number | null; reason: string | null };

type MailauthResolver = (name: string, type: string) => Promise<unknown>;

/** SPF/DKIM/DMARC with mailauth; tests (and deployments behind a resolver of their own) pass a DNS resolver. */
export function mailauthAuthenticator(opts: { resolver?: MailauthResolver | undefined; mta?: string | undefined } = {}): Authenticator {
  return async (raw, envelope) => {
    const result = await mailauthAuthenticate(raw, {
      ...(opts.resolver && { resolver: opts.resolver as never }),
      ...(envelope.remoteAddress && { ip: envelope.remoteAddress }),
      ...(envelope.helo && { helo: envelope.helo }),
      ...(envelope.from && { sender: envelope.from }),
      mta: opts.mta ?? mailIdentity().replyDomain,
      disableArc: true,
      disableBimi: true,
    } as never);
    const dmarc = (result.dmarc as { status?: { result?: string }; domain?: string } | false) || undefined;
    const spf = (result.spf as { status?: { result?: string }; domain?: string } | false) || undefined;
    const dkim = (result.dkim?.results ?? []) as { status?: { result?: string; aligned?: string | false }; signingDomain?: string }[];
    const fromDomain = (dmarc && dmarc.domain) || '';
    const dmarcResult = dmarc ? (dmarc.status?.result ?? 'none') : 'none';
    const alignedDkim = dkim.some((d) => d.status?.result === 'pass' && d.signingDomain !== undefined && d.signingDomain === fromDomain);
    const alignedSpf = spf?.status?.result === 'pass' && spf.domain !== undefined && spf.domain === fromDomain;
    return {
      authenticated: dmarcResult === 'pass' || (dmarcResult === 'none' && fromDomain !== '' && (alignedDkim || alignedSpf)),
      results: {
        spf: spf?.status?.result ?? 'none',
        dkim: dkim.map((d) => d.status?.result ?? 'none').join(',') || 'none',
        dmarc: dmarcResult,
      },
    };
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter((a) => a !== '');
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

/** Why a message is machine-sent (an auto-reply, a bounce, a list), or undefined for a person's message. */
export function automatedReason(mail: ParsedMail, envelope: InboundEnvelope): string | undefined {
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'An auto-reply (X-Autoreply)';
  const contentType = headerText(mail, 'content-type').toLowerCase();
  if (contentType.startsWith('multipart/report')) return 'A delivery status notification (multipart/report)';
  const from = addresses(mail.from)[0] ?? '';
  if (/^(mailer-daemon|postmaster)@/.test(from)) return 'A delivery status notification (from the mailer daemon)';
  if (envelope.from !== undefined && envelope.from.trim() === '') return 'A delivery status notification (empty return path)';
  return undefined;
}

/** The new text of a reply: the quoted previous message and the signature stripped. */
export function replyText(text: string): string {
  const visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  return visible.trim();
}

function messageIds(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(' ') : value;
  return joined.match(/<[^<>\s]+>/g) ?? [];
}

/**
 * Takes one inbound message. Never throws for what the message says (a
 * message that cannot be placed is quarantined); a message seen before is
 * 'duplicate' and not stored again.
 */
export async function receiveInboundEmail(
  db: DB,
  site: SiteContext,
  raw: Buffer,
  envelope: InboundEnvelope,
  opts: { authenticate: Authenticator; identity?: MailIdentity | undefined; supportHours?: string | undefined },
  now = Date.now(),
): Promise<InboundOutcome> {
  const identity = opts.identity ?? mailIdentity();
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const dedupeKey = mail.messageId ? `mid:${mail.messageId.trim().slice(0, 900)}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const from = addresses(mail.from)[0] ?? bareAddress(envelope.from ?? '');
  const recipients = [...new Set([...addresses(mail.to), ...addresses(mail.cc), ...envelope.to.map(bareAddress)])];
  const automated = automatedReason(mail, envelope);
  const verdict: AuthVerdict = automated
    ? { authenticated: false, results: {} }
    : await opts.authenticate(raw, envelope).catch(() => ({ authenticated: false, results: { error: 'authentication failed to run' } }));

  const inserted = await db
    .insertInto('inbound_emails')
    .values({
      dedupe_key: dedupeKey,
      from_address: from.slice(0, 320),
      to_address: recipients.join(', ').slice(0, 2000),
      subject: (mail.subject ?? '').slice(0, 500),
      raw,
      size: raw.length,
      auth: JSON.stringify(verdict.results),
      authenticated: verdict.authenticated ? 1 : 0,
      // Until placed: a crash in between leaves it for staff review, never lost.
      status: automated ? 'ignored' : 'quarantined',
      reason: automated ?? 'Not processed yet.',
      received_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { status: 'duplicate' };
  const id = inserted.id;
  if (automated) return { status: 'ignored', inboundEmailId: id, ticketId: null, reason: automated };

  const settle = async (status: 'appended' | 'created' | 'quarantined', ticketId: number | null, reason: string | null): Promise<InboundOutcome> => {
    await db.updateTable('inbound_emails').set({ status, ticket_id: ticketId, reason }).where('id', '=', id).execute();
    return { status, inboundEmailId: id, ticketId, reason };
  };

  // 1. A reply address with a right signature; 2. the Message-IDs of our emails it answers.
  let ticketId: number | undefined;
  let replyAddressSeen = false;
  for (const address of recipients) {
    if (!isSupportAddress(address, identity) && address.endsWith(`@${identity.replyDomain}`) && address.includes('+')) replyAddressSeen = true;
    const ref = await parseReplyAddress(db, address, identity);
    if (ref !== undefined) {
      ticketId = ticketRefToId(ref);
      break;
    }
  }
  ticketId ??= await ticketOfEmailMessageIds(db, [...messageIds(mail.inReplyTo), ...messageIds(mail.references).reverse()]);
  const text = mail.text ?? '';

  if (ticketId !== undefined) {
    const ticket = await ticketForInboundEmail(db, ticketId);
    if (!ticket) return settle('quarantined', null, 'The request it answers no longer exists.');
    if (ticket.requester_email.toLowerCase() !== from)
      return settle('quarantined', ticket.id, `Sent by ${from || 'an unknown sender'}, not by the requester of ${ticketIdToRef(ticket.id)}.`);
    // The From says the requester, but their domain's DMARC policy says it was not sent by them.
    if (verdict.results.dmarc === 'fail')
      return settle('quarantined', ticket.id, `DMARC failed: the From (${from}) may be forged. Append it only if you know the requester sent it.`);
    return appendToTicket(db, site, id, ticket.id, replyText(text), mail, now, settle);
  }
  if (recipients.some((a) => isSupportAddress(a, identity)) && !replyAddressSeen) {
    if (from === '') return settle('quarantined', null, 'No sender address.');
    const created = await createTicketFromEmail(
      db,
      site,
      { name: mail.from?.value[0]?.name ?? '', email: from, subject: mail.subject ?? '', description: text, authenticated: verdict.authenticated },
      { supportHours: opts.supportHours ?? config().SUPPORT_HOURS.label },
      now,
    );
    const refused = await storeMailAttachments(db, mail, created.ticketId, null, now);
    const notes = [verdict.authenticated ? '' : 'Sender not authenticated (SPF/DKIM/DMARC): no confirmation sent.', refused].filter((n) => n !== '');
    return settle('created', created.ticketId, notes.length > 0 ? notes.join(' ') : null);
  }
  return settle(
    'quarantined',
    null,
    replyAddressSeen ? 'A reply address whose signature does not match any request.' : 'Not addressed to the support address.',
  );
}

/**
 * The message's attached files, stored on the ticket (and its message) within
 * the configured limits, each checked by the attachments store. A refused file
 * does not lose the message: the refusals are returned as a note for staff.
 */
async function storeMailAttachments(db: DB, mail: ParsedMail, ticketId: number, messageId: number | null, now: number): Promise<string> {
  // Every file part, inline images included (a pasted screenshot is often the point).
  const files = mail.attachments;
  if (files.length === 0) return '';
  const cfg = config();
  const refusals: string[] = [];
  let count = 0;
  let bytes = 0;
  for (const file of files) {
    const name = file.filename ?? 'attachment';
    if (count >= cfg.ATTACHMENT_MAX_FILES || bytes + file.size > cfg.ATTACHMENT_MAX_BYTES) {
      refusals.push(`“${name}” left out (over the limit of ${cfg.ATTACHMENT_MAX_FILES} files or ${cfg.ATTACHMENT_MAX_BYTES} bytes per message).`);
      continue;
    }
    try {
      await storeAttachments(
        db,
        [{ name, bytes: new Uint8Array(file.content) }],
        { kind: 'ticket', ticketId, messageId },
        { uploadedBy: null, accept: 'ticket', maxFiles: 1, maxBytes: cfg.ATTACHMENT_MAX_BYTES },
        now,
      );
      count++;
      bytes += file.size;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      refusals.push(error.message);
    }
  }
  return refusals.join(' ');
}

async function appendToTicket(
  db: DB,
  site: SiteContext,
  inboundEmailId: number,
  ticketId: number,
  text: string,
  mail: ParsedMail,
  now: number,
  settle: (status: 'appended' | 'quarantined', ticketId: number | null, reason: string | null) => Promise<InboundOutcome>,
): Promise<InboundOutcome> {
  try {
    const outcome = await replyByEmail(db, site, ticketId, text, inboundEmailId, now);
    const refused = await storeMailAttachments(db, mail, outcome.ticketId, outcome.messageId, now);
    const notes = [outcome.followUp ? `The request was closed: follow-up ${outcome.ref} started.` : '', refused].filter((n) => n !== '');
    return settle('appended', outcome.ticketId, notes.length > 0 ? notes.join(' ') : null);
  } catch (error) {
    if (error instanceof ValidationError) return settle('quarantined', ticketId, error.message);
    throw error;
  }
}

// Staff review (/staff/inbound-email).

export interface InboundEmailSummary {
  id: number;
  from: string;
  to: string;
  subject: string;
  status: 'appended' | 'created' | 'quarantined' | 'ignored' | 'discarded';
  reason: string | null;
  ticketRef: string | null;
  authenticated: boolean;
  size: number;
  receivedAt: number;
}

/** Quarantined messages (oldest first, they wait for a decision) and the latest ignored ones. */
export async function inboundEmailsForReview(
  db: DB,
  user: SessionUser | null,
  limit = 100,
): Promise<{ quarantined: InboundEmailSummary[]; ignored: InboundEmailSummary[] }> {
  assertCan(user, 'staff.area');
  const columns = ['id', 'from_address', 'to_address', 'subject', 'status', 'reason', 'ticket_id', 'authenticated', 'size', 'received_at'] as const;
  const [quarantined, ignored] = await Promise.all([
    db.selectFrom('inbound_emails').select(columns).where('status', '=', 'quarantined').orderBy('received_at').orderBy('id').limit(limit).execute(),
    db.selectFrom('inbound_emails').select(columns).where('status', '=', 'ignored').orderBy('received_at', 'desc').orderBy('id', 'desc').limit(30).execute(),
  ]);
  const summary = (r: (typeof quarantined)[number]): InboundEmailSummary => ({
    id: r.id,
    from: r.from_address,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    ticketRef: r.ticket_id === null ? null : ticketIdToRef(r.ticket_id),
    authenticated: r.authenticated === 1,
    size: r.size,
    receivedAt: r.received_at,
  });
  return { quarantined: quarantined.map(summary), ignored: ignored.map(summary) };
}

/** The raw message as text (shown escaped, never rendered). */
export async function inboundEmailRaw(db: DB, user: SessionUser | null, id: number): Promise<InboundEmailSummary & { raw: string }> {
  assertCan(user, 'staff.area');
  const row = await db.selectFrom('inbound_emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such inbound message.');
  return {
    id: row.id,
    from: row.from_address,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    reason: row.reason,
    ticketRef: row.ticket_id === null ? null : ticketIdToRef(row.ticket_id),
    authenticated: row.authenticated === 1,
    size: row.size,
    receivedAt: row.received_at,
    raw: row.raw.length === 0 ? '(The raw message was deleted after the retention period.)' : Buffer.from(row.raw).toString('utf8'),
  };
}

async function quarantinedRow(db: DB, id: number) {
  const row = await db.selectFrom('inbound_emails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such inbound message.');
  if (row.status !== 'quarantined' && row.status !== 'ignored') throw new ValidationError('This message was already dealt with.');
  if (row.raw.length === 0) throw new ValidationError('The raw message was deleted after the retention period.');
  return row;
}

/** Staff confirm the sender is the requester: the message is appended to the ticket it matched. */
export async function appendInboundAnyway(db: DB, site: SiteContext, user: SessionUser | null, id: number, now = Date.now()): Promise<InboundOutcome> {
  assertCan(user, 'staff.area');
  const row = await quarantinedRow(db, id);
  if (row.ticket_id === null) throw new ValidationError('This message matched no request: create a new request from it instead.');
  const mail = await simpleParser(Buffer.from(row.raw));
  const settle = async (status: 'appended' | 'quarantined', ticketId: number | null, reason: string | null): Promise<InboundOutcome> => {
    if (status === 'quarantined') throw new ValidationError(reason ?? 'The message could not be appended.');
    await db.updateTable('inbound_emails').set({ status, ticket_id: ticketId, reason, reviewed_by: user.id, reviewed_at: now }).where('id', '=', id).execute();
    return { status, inboundEmailId: id, ticketId, reason };
  };
  return appendToTicket(db, site, id, row.ticket_id, replyText(mail.text ?? ''), mail, now, settle);
}

/** A new request from the message (its sender becomes the requester, unverified: no confirmation is sent). */
export async function createTicketFromInbound(db: DB, site: SiteContext, user: SessionUser | null, id: number, now = Date.now()): Promise<{ ref: string }> {
  assertCan(user, 'staff.area');
  const row = await quarantinedRow(db, id);
  const mail = await simpleParser(Buffer.from(row.raw));
  return withTransaction(db, async (trx) => {
    const created = await createTicketFromEmail(
      trx,
      site,
      { name: mail.from?.value[0]?.name ?? '', email: row.from_address, subject: mail.subject ?? '', description: mail.text ?? '', authenticated: false },
      { supportHours: config().SUPPORT_HOURS.label },
      now,
    );
    await trx
      .updateTable('inbound_emails')
      .set({ status: 'created', ticket_id: created.ticketId, reason: 'Created by staff from a quarantined message.', reviewed_by: user.id, reviewed_at: now })
      .where('id', '=', id)
      .execute();
    return { ref: created.ref };
  });
}

export async function discardInbound(db: DB, user: SessionUser | null, id: number, now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  await quarantinedRow(db, id);
  await db.updateTable('inbound_emails').set({ status: 'discarded', reviewed_by: user.id, reviewed_at: now }).where('id', '=', id).execute();
}

/** Retention: raw messages older than the retention period lose their bytes once their ticket is closed (or they have none). */
export async function pruneInboundEmails(db: DB, retentionDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - retentionDays * 24 * 60 * 60_000;
  const old = await db
    .selectFrom('inbound_emails')
    .select(['id', 'ticket_id'])
    .where('received_at', '<', cutoff)
    .where(sql<boolean>`length(raw) > 0`)
    .orderBy('id')
    .limit(1000)
    .execute();
  const closed = await closedTicketIds(db, [...new Set(old.flatMap((r) => (r.ticket_id === null ? [] : [r.ticket_id])))]);
  const ids = old.filter((r) => r.ticket_id === null || closed.has(r.ticket_id)).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db
    .updateTable('inbound_emails')
    .set({ raw: Buffer.alloc(0) })
    .where('id', 'in', ids)
    .execute();
  return ids.length;
}
