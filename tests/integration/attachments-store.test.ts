// The attachments store: types from the bytes (a PNG named .txt is a PNG, an
// HTML page named photo.png is text/html), the allowed lists, sanitized names,
// SHA-256 and size, dimensions and a thumbnail for images, per-message limits
// with clear messages, binding to a message, listing, email attachments,
// removal and retention.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '@/server/errors';
import {
  attachmentBytes,
  attachmentsForEmail,
  attachmentsOfTicket,
  attachToMessage,
  detectContentType,
  removeAttachment,
  removeAttachmentsOfTickets,
  sanitizeFileName,
  storeAttachments,
  THUMBNAIL_MAX_PX,
} from '@/server/attachments/store';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const limits = { uploadedBy: null, accept: 'ticket' as const, maxFiles: 10, maxBytes: 20 * 1024 * 1024 };

async function png(width = 800, height = 600): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .png()
      .toBuffer(),
  );
}

const text = (s: string) => new TextEncoder().encode(s);
const pdf = text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// An empty ZIP archive (end of central directory record only).
const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

async function ticketWithMessage() {
  const { ref } = await makeTicket(t.db);
  const ticketId = ticketRefToId(ref)!;
  const message = await t.db
    .insertInto('ticket_messages')
    .values({
      ticket_id: ticketId,
      author_id: null,
      author_role: 'requester',
      visibility: 'public',
      body_source: 'Here.',
      body_html: '<p>Here.</p>',
      created_at: Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ref, ticketId, messageId: message.id };
}

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('detectContentType', () => {
  it('reads the type from the bytes: PNG, PDF, ZIP, plain text, HTML and SVG; unknown binary is null', async () => {
    expect(await detectContentType(await png(4, 4))).toBe('image/png');
    expect(await detectContentType(pdf)).toBe('application/pdf');
    expect(await detectContentType(zip)).toBe('application/zip');
    expect(await detectContentType(text('2026-12-01 10:00:01 ERROR sync failed CAL-403\n'))).toBe('text/plain');
    expect(await detectContentType(text('\n  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>'))).toBe('text/html');
    expect(await detectContentType(text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe(
      'image/svg+xml',
    );
    expect(await detectContentType(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0xff]))).toBe('application/x-elf');
    expect(await detectContentType(new Uint8Array([0x00, 0x9f, 0x92, 0x96, 0xff, 0xfe]))).toBeNull();
  });
});

describe('sanitizeFileName', () => {
  it('keeps the last path segment without control or bidi characters, reserved characters or leading dots', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\dana\\screen shot.png')).toBe('screen shot.png');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
    expect(sanitizeFileName('bad\u0000na\u0007me\r\n.txt')).toBe('badname.txt');
    expect(sanitizeFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(sanitizeFileName('a<b>:"c|?*.log')).toBe('a_b___c___.log');
    expect(sanitizeFileName('   ', 'application/pdf')).toBe('attachment.pdf');
  });

  it('cuts long names to 120 characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(300)}.png`);
    expect(name).toHaveLength(120);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('storeAttachments', () => {
  it('stores a PNG with its detected type, SHA-256, size, dimensions and a WebP thumbnail of at most 320 px', async () => {
    const { ticketId, messageId } = await ticketWithMessage();
    const bytes = await png(1600, 900);
    const [stored] = await storeAttachments(t.db, [{ name: 'screenshot.txt', bytes }], { kind: 'ticket', ticketId, messageId }, limits);
    expect(stored).toMatchObject({
      name: 'screenshot.txt',
      contentType: 'image/png',
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      isImage: true,
      width: 1600,
      height: 900,
      hasThumbnail: true,
    });
    const data = await attachmentBytes(t.db, stored!.id, 'data');
    expect(Buffer.compare(data!, Buffer.from(bytes))).toBe(0);
    const thumb = await sharp((await attachmentBytes(t.db, stored!.id, 'thumbnail'))!).metadata();
    expect(thumb.format).toBe('webp');
    expect(thumb.width).toBe(THUMBNAIL_MAX_PX);
    expect(thumb.height).toBe(180);
  });

  it('stores photo.png that is really HTML as text/html, not an image, without a thumbnail', async () => {
    const { ticketId, messageId } = await ticketWithMessage();
    const [stored] = await storeAttachments(
      t.db,
      [{ name: 'photo.png', bytes: text('<html><body><script>document.cookie</script></body></html>') }],
      { kind: 'ticket', ticketId, messageId },
      limits,
    );
    expect(stored).toMatchObject({ name: 'photo.png', contentType: 'text/html', isImage: false, hasThumbnail: false, width: null, height: null });
  });

  it('takes PDF, logs and ZIP for tickets, and refuses them (and HTML) where only images are accepted', async () => {
    const { ticketId } = await ticketWithMessage();
    const files = [
      { name: 'invoice.pdf', bytes: pdf },
      { name: 'sync.log', bytes: text('ERROR CAL-403\n') },
      { name: 'logs.zip', bytes: zip },
    ];
    const stored = await storeAttachments(t.db, files, { kind: 'ticket', ticketId, messageId: null }, limits);
    expect(stored.map((s) => s.contentType)).toEqual(['application/pdf', 'text/plain', 'application/zip']);

    const images = { ...limits, accept: 'images' as const };
    const error = await refusal(storeAttachments(t.db, [{ name: 'invoice.pdf', bytes: pdf }], { kind: 'post' }, images));
    expect(error.message).toBe('“invoice.pdf” is not a file type we accept. You can attach PNG, JPEG, GIF and WebP images.');
    expect(error.fields.attachments).toBe(error.message);
    await refusal(storeAttachments(t.db, [{ name: 'a.png', bytes: text('<html><body>hi</body></html>') }], { kind: 'avatar' }, images));
    expect((await storeAttachments(t.db, [{ name: 'me.png', bytes: await png(64, 64) }], { kind: 'avatar' }, images))[0]!.isImage).toBe(true);
  });

  it('refuses executables, unknown binary and empty files, and stores nothing of a batch with one bad file', async () => {
    const { ticketId } = await ticketWithMessage();
    const owner = { kind: 'ticket' as const, ticketId, messageId: null };
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);
    const error = await refusal(
      storeAttachments(
        t.db,
        [
          { name: 'ok.png', bytes: await png(10, 10) },
          { name: 'tool.png', bytes: elf },
        ],
        owner,
        limits,
      ),
    );
    expect(error.message).toContain('“tool.png” is not a file type we accept. You can attach images (PNG, JPEG, GIF, WebP), PDF');
    expect((await refusal(storeAttachments(t.db, [{ name: 'blank.txt', bytes: new Uint8Array() }], owner, limits))).message).toBe(
      '“blank.txt” is empty. Please choose the file again.',
    );
    await refusal(storeAttachments(t.db, [{ name: 'x.bin', bytes: new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80]) }], owner, limits));
    expect(await attachmentsOfTicket(t.db, ticketId)).toEqual([]);
  });

  it('refuses a file that claims to be an image but cannot be decoded', async () => {
    const { ticketId } = await ticketWithMessage();
    const broken = (await png(50, 50)).slice(0, 60);
    const error = await refusal(storeAttachments(t.db, [{ name: 'broken.png', bytes: broken }], { kind: 'ticket', ticketId, messageId: null }, limits));
    expect(error.message).toBe('“broken.png” could not be read as an image. Please check the file and attach it again.');
  });

  it('limits the number of files and their total size per message, with the numbers in the message', async () => {
    const { ticketId } = await ticketWithMessage();
    const owner = { kind: 'ticket' as const, ticketId, messageId: null };
    const three = [1, 2, 3].map((n) => ({ name: `${n}.log`, bytes: text(`line ${n}\n`) }));
    expect((await refusal(storeAttachments(t.db, three, owner, { ...limits, maxFiles: 2 }))).message).toBe('Please attach at most 2 files (you chose 3).');
    const big = { name: 'big.log', bytes: text('x'.repeat(1_600_000)) };
    expect((await refusal(storeAttachments(t.db, [big], owner, { ...limits, maxBytes: 1024 * 1024 }))).message).toBe(
      'The files add up to 1.5 MB; the limit is 1 MB per message. Please leave some out or make them smaller.',
    );
    expect(await storeAttachments(t.db, three, owner, { ...limits, maxFiles: 3 })).toHaveLength(3);
  });
});

describe('attachToMessage, attachmentsOfTicket, attachmentsForEmail and removal', () => {
  it('binds attachments of the ticket to a message, and refuses ones already on a message or on another ticket', async () => {
    const a = await ticketWithMessage();
    const b = await ticketWithMessage();
    const [first, second] = await storeAttachments(
      t.db,
      [
        { name: 'one.log', bytes: text('one\n') },
        { name: 'two.log', bytes: text('two\n') },
      ],
      { kind: 'ticket', ticketId: a.ticketId, messageId: null },
      limits,
    );
    await attachToMessage(t.db, [first!.id, second!.id], a.ticketId, a.messageId);
    const listed = await attachmentsOfTicket(t.db, a.ticketId);
    expect(listed.map((x) => [x.name, x.messageId, x.deleted])).toEqual([
      ['one.log', a.messageId, false],
      ['two.log', a.messageId, false],
    ]);
    await expect(attachToMessage(t.db, [first!.id], a.ticketId, a.messageId)).rejects.toThrow(ValidationError);
    const [other] = await storeAttachments(t.db, [{ name: 'b.log', bytes: text('b\n') }], { kind: 'ticket', ticketId: b.ticketId, messageId: null }, limits);
    await expect(attachToMessage(t.db, [other!.id], a.ticketId, a.messageId)).rejects.toThrow(
      'Some attached files are no longer available. Please attach them again.',
    );
    expect((await attachmentsOfTicket(t.db, b.ticketId))[0]!.messageId).toBeNull();
  });

  it('gives the files for an email in order, leaving out removed ones; removal keeps the row, flagged, without bytes', async () => {
    const { ticketId, messageId } = await ticketWithMessage();
    const [image, log] = await storeAttachments(
      t.db,
      [
        { name: 'shot.png', bytes: await png(20, 20) },
        { name: 'sync.log', bytes: text('ERROR CAL-403\n') },
      ],
      { kind: 'ticket', ticketId, messageId },
      limits,
    );
    const files = await attachmentsForEmail(t.db, [log!.id, image!.id]);
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      ['sync.log', 'text/plain'],
      ['shot.png', 'image/png'],
    ]);
    expect(files[0]!.content.toString('utf8')).toBe('ERROR CAL-403\n');

    await removeAttachment(t.db, image!.id, null);
    expect(await attachmentBytes(t.db, image!.id, 'data')).toBeNull();
    expect(await attachmentBytes(t.db, image!.id, 'thumbnail')).toBeNull();
    expect((await attachmentsOfTicket(t.db, ticketId)).map((x) => [x.name, x.deleted, x.hasThumbnail])).toEqual([
      ['shot.png', true, false],
      ['sync.log', false, false],
    ]);
    expect((await attachmentsForEmail(t.db, [image!.id, log!.id])).map((f) => f.filename)).toEqual(['sync.log']);
  });

  it('retention removes the bytes of the given tickets’ attachments only', async () => {
    const old = await ticketWithMessage();
    const kept = await ticketWithMessage();
    for (const ticket of [old, kept]) {
      await storeAttachments(t.db, [{ name: 'a.log', bytes: text('a\n') }], { kind: 'ticket', ticketId: ticket.ticketId, messageId: ticket.messageId }, limits);
    }
    expect(await removeAttachmentsOfTickets(t.db, [old.ticketId])).toBe(1);
    expect(await attachmentBytes(t.db, (await attachmentsOfTicket(t.db, old.ticketId))[0]!.id, 'data')).toBeNull();
    expect((await attachmentsOfTicket(t.db, old.ticketId))[0]!.deleted).toBe(true);
    expect((await attachmentsOfTicket(t.db, kept.ticketId))[0]!.deleted).toBe(false);
    expect(await removeAttachmentsOfTickets(t.db, [old.ticketId])).toBe(0);
    expect(await removeAttachmentsOfTickets(t.db, [])).toBe(0);
  });
});
