// The demo seed's attachments and email thread (issue 12, item 5), seeded once
// through the whole seedDemoData on a fresh database with a fixed clock:
// screenshots that are real PNGs with their thumbnails, a few logs, an email
// thread whose stored replies are stripped while the raw keeps the quote, and
// a quarantined message for staff to review.
import EmailReplyParser from 'email-reply-parser';
import { simpleParser } from 'mailparser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@db/seed/index';
import { seedTicketAttachments } from '@db/seed/ticket-attachments';
import { createRandom } from '@db/seed/random';
import { sha256HexOfBytes } from '@/lib/crypto';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { createTestDb, type TestDb } from '../support/test-db';

const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let t: TestDb;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db, { now, log: (line) => lines.push(line) });
}, 120_000);

afterAll(async () => {
  await t.close();
});

function attachments() {
  return t.db.selectFrom('attachments').selectAll().orderBy('id').execute();
}

describe('demo screenshots', () => {
  it('puts valid PNG screenshots with their thumbnails on about 30 tickets', async () => {
    const rows = await attachments();
    const images = rows.filter((r) => r.content_type === 'image/png');
    const tickets = new Set(images.map((r) => r.ticket_id));
    expect(tickets.size).toBeGreaterThanOrEqual(25);
    expect(tickets.size).toBeLessThanOrEqual(35);
    for (const r of images) {
      expect(r.owner_kind).toBe('ticket');
      const data = Buffer.from(r.data!);
      expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(r.size).toBe(data.length);
      expect(r.size).toBeLessThan(30_000);
      expect(r.sha256).toBe(sha256HexOfBytes(data));
      const meta = await sharp(data).metadata();
      expect(meta.format).toBe('png');
      expect([meta.width, meta.height]).toEqual([r.width, r.height]);
      // The thumbnail the store makes at upload.
      expect(r.thumbnail_type).toBe('image/webp');
      const thumb = await sharp(Buffer.from(r.thumbnail!)).metadata();
      expect(thumb.format).toBe('webp');
      expect([thumb.width, thumb.height]).toEqual([320, 200]);
      expect(r.original_name).toMatch(/^[a-z0-9-]+\.png$/);
      expect(r.deleted_at).toBeNull();
    }
  });

  it('attaches each file to its ticket, to a message of that ticket or to the description', async () => {
    const rows = await attachments();
    const messages = new Map(
      (await t.db.selectFrom('ticket_messages').select(['id', 'ticket_id', 'author_role', 'visibility']).execute()).map((m) => [m.id, m]),
    );
    const requesters = new Map((await t.db.selectFrom('tickets').select(['id', 'user_id', 'created_at']).execute()).map((r) => [r.id, r]));
    expect(rows.some((r) => r.ticket_message_id === null)).toBe(true);
    expect(rows.some((r) => r.ticket_message_id !== null)).toBe(true);
    for (const r of rows) {
      const ticket = requesters.get(r.ticket_id!)!;
      expect(ticket).toBeDefined();
      expect(r.uploaded_by).toBe(ticket.user_id);
      expect(r.created_at).toBeGreaterThanOrEqual(ticket.created_at);
      if (r.ticket_message_id !== null) {
        const m = messages.get(r.ticket_message_id)!;
        expect(m).toMatchObject({ ticket_id: r.ticket_id, author_role: 'requester', visibility: 'public' });
      }
    }
  });

  it('adds a few .log files as plain text', async () => {
    const logs = (await attachments()).filter((r) => r.original_name.endsWith('.log'));
    expect(logs.length).toBeGreaterThanOrEqual(2);
    for (const r of logs) {
      expect(r.content_type).toBe('text/plain');
      expect(r.thumbnail).toBeNull();
      expect(Buffer.from(r.data!).toString('utf8')).toMatch(/^\d{4}-\d\d-\d\dT.*\n/);
    }
  });
});

describe('the demo email thread', () => {
  it('stores the stripped replies by email while the raw messages keep the quote and signature', async () => {
    const inbound = await t.db.selectFrom('inbound_emails').selectAll().where('status', '=', 'appended').orderBy('received_at').execute();
    expect(inbound).toHaveLength(2);
    const ticketId = inbound[0]!.ticket_id!;
    const ticket = await t.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    for (const email of inbound) {
      expect(email).toMatchObject({ ticket_id: ticketId, authenticated: 1, from_address: ticket.requester_email });
      expect(email.to_address).toMatch(/^support\+FN-\d+\.[0-9a-f]{16}@fieldnote\.example$/);
      const raw = Buffer.from(email.raw).toString('utf8');
      expect(email.size).toBe(Buffer.byteLength(raw));
      expect(email.dedupe_key).toMatch(/^mid:<.+>$/);
      expect(raw).toContain(`Message-ID: ${email.dedupe_key.slice(4)}`);
      expect(raw).toMatch(/^In-Reply-To: <.+@fieldnote\.example>$/m);
      expect(raw).toMatch(/On \w{3}, \d+ \w{3} 2026 at \d\d:\d\d, Fieldnote Support <support@fieldnote\.example> wrote:/);
      expect(raw).toMatch(/^> /m);
      expect(raw).toMatch(/^-- $/m);
      expect(raw).toContain('Sent from my phone');
      const message = await t.db.selectFrom('ticket_messages').selectAll().where('inbound_email_id', '=', email.id).executeTakeFirstOrThrow();
      expect(message).toMatchObject({ ticket_id: ticketId, channel: 'email', author_role: 'requester', visibility: 'public' });
      expect(message.body_source).not.toMatch(/^> /m);
      expect(message.body_source).not.toContain('wrote:');
      expect(message.body_source).not.toContain('Sent from my phone');
      // The stored reply is what the customer typed above the quote.
      expect(raw.replace(/\r\n/g, '\n')).toContain(message.body_source);
      // A real RFC 822 message: mailparser reads its sender, threading headers and text.
      const parsed = await simpleParser(Buffer.from(email.raw));
      expect(parsed.from?.value[0]?.address).toBe(ticket.requester_email);
      expect(`mid:${parsed.messageId}`).toBe(email.dedupe_key);
      expect(parsed.inReplyTo).toMatch(/@fieldnote\.example>$/);
      expect(parsed.subject).toBe(email.subject);
      expect(parsed.text?.replace(/\r\n/g, '\n')).toContain(message.body_source);
      // Stripping the quote and signature (email-reply-parser) leaves exactly the stored reply.
      expect(new EmailReplyParser().parseReply(parsed.text ?? '').trim()).toBe(message.body_source);
    }
    const emailMessages = await t.db.selectFrom('ticket_messages').select('id').where('channel', '=', 'email').execute();
    expect(emailMessages).toHaveLength(2);
    // The staff replies they answer went out by email, with the Message-IDs the replies refer to.
    const raws = inbound.map((e) => Buffer.from(e.raw).toString('utf8'));
    const sent = await t.db
      .selectFrom('ticket_messages')
      .select('email_message_id')
      .where('ticket_id', '=', ticketId)
      .where('author_role', '=', 'staff')
      .execute();
    for (const raw of raws) {
      const inReplyTo = /^In-Reply-To: (.+)$/m.exec(raw)![1]!.trim();
      expect(sent.map((s) => s.email_message_id)).toContain(inReplyTo);
    }
  });

  it('quarantines a colleague’s reply from another address for review', async () => {
    const appended = await t.db.selectFrom('inbound_emails').select(['ticket_id']).where('status', '=', 'appended').executeTakeFirstOrThrow();
    const quarantined = await t.db.selectFrom('inbound_emails').selectAll().where('status', '=', 'quarantined').execute();
    expect(quarantined).toHaveLength(1);
    const q = quarantined[0]!;
    const ticket = await t.db.selectFrom('tickets').select(['requester_email']).where('id', '=', appended.ticket_id!).executeTakeFirstOrThrow();
    expect(q.ticket_id).toBe(appended.ticket_id);
    expect(q.from_address).not.toBe(ticket.requester_email);
    expect(q.from_address.split('@')[1]).toBe(ticket.requester_email.split('@')[1]);
    expect(q.reviewed_at).toBeNull();
    expect(q.reason).toBe(`Sent by ${q.from_address}, not by the requester of ${ticketIdToRef(q.ticket_id!)}.`);
    expect(q.received_at).toBeLessThanOrEqual(now);
    expect(Buffer.from(q.raw).toString('utf8')).toMatch(/^> /m);
    const appendedFromIt = await t.db.selectFrom('ticket_messages').select('id').where('inbound_email_id', '=', q.id).execute();
    expect(appendedFromIt).toHaveLength(0);
  });
});

describe('the step', () => {
  it('writes the same files and messages from the same seed and clock', async () => {
    const other = await createTestDb();
    try {
      await seedDemoData(other.db, { now });
      const fingerprint = async (db: TestDb['db']) => ({
        attachments: await db
          .selectFrom('attachments')
          .select(['ticket_id', 'ticket_message_id', 'original_name', 'sha256', 'size', 'created_at'])
          .orderBy('id')
          .execute(),
        inbound: (await db.selectFrom('inbound_emails').select(['raw', 'status', 'ticket_id', 'received_at']).orderBy('id').execute()).map((e) => ({
          ...e,
          raw: Buffer.from(e.raw).toString('utf8'),
        })),
      });
      expect(await fingerprint(other.db)).toEqual(await fingerprint(t.db));
    } finally {
      await other.close();
    }
  }, 120_000);

  it('reports what it added and changes nothing when run again', async () => {
    expect(lines.some((line) => /^seed: ticket attachments: \d+ screenshots and \d+ logs on \d+ tickets, email thread on FN-\d+/.test(line))).toBe(true);
    const before = (await attachments()).length;
    expect(await seedTicketAttachments({ db: t.db, random: createRandom(1), now, log: () => {} })).toBe('already seeded');
    expect((await attachments()).length).toBe(before);
  });
});
