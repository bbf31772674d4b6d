// The attachments store (issue 12): the one module that owns the `attachments`
// table. Files are checked from their bytes, never from their name or the
// browser's claimed type: file-type reads the signature; text without one is
// sniffed here (HTML and SVG are recognised so they are labelled honestly and
// served only as downloads). Names are sanitized, SHA-256 and size recorded,
// and raster images get their dimensions and a thumbnail once, at upload.
//
// What may be stored:
// - 'ticket': PNG, JPEG, GIF, WebP, PDF, plain text (logs), ZIP, and HTML/SVG
//   text. HTML and SVG are accepted on purpose: a customer's "photo.png" that
//   is really a saved web page is kept as evidence, stored as text/html, and
//   the serving route only ever sends it as an attachment in a sandbox, never
//   inline (only the four raster image types are shown inline).
// - 'images' (posts, avatars): PNG, JPEG, GIF, WebP only.
// Anything else (executables, Office files, unknown binary) is refused.
//
// Bytes go through `AttachmentBlobs`, so an object store can replace the
// database columns later without touching callers.
import { sql } from 'kysely';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { DB } from '@db/connection';
import { sha256HexOfBytes } from '@/lib/crypto';
import { ValidationError } from '@/server/errors';

export type AttachmentOwner = { kind: 'ticket'; ticketId: number; messageId: number | null } | { kind: 'post' } | { kind: 'avatar' };

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface StoredAttachment {
  id: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  isImage: boolean;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

export type AttachmentAccept = 'ticket' | 'images';

/** The raster image types: the only ones ever shown inline or thumbnailed. */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const ALLOWED: Record<AttachmentAccept, readonly string[]> = {
  ticket: [...INLINE_IMAGE_TYPES, 'application/pdf', 'text/plain', 'application/zip', 'text/html', 'image/svg+xml'],
  images: INLINE_IMAGE_TYPES,
};

const ALLOWED_DESCRIPTION: Record<AttachmentAccept, string> = {
  ticket: 'images (PNG, JPEG, GIF, WebP), PDF, text or log files, and ZIP archives',
  images: 'PNG, JPEG, GIF and WebP images',
};

const EXTENSION_OF: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'application/zip': '.zip',
  'text/html': '.html',
  'image/svg+xml': '.svg',
};

export const THUMBNAIL_MAX_PX = 320;
export const THUMBNAIL_TYPE = 'image/webp';
const MAX_NAME_LENGTH = 120;
/** Decoding guard against image bombs: 50 megapixels. */
const MAX_INPUT_PIXELS = 50_000_000;

/** Where attachment bytes live. The database implementation below keeps them in the row. */
export interface AttachmentBlobs {
  save(db: DB, id: number, data: Uint8Array, thumbnail: Uint8Array | null): Promise<void>;
  load(db: DB, id: number, which: 'data' | 'thumbnail'): Promise<Buffer | null>;
  remove(db: DB, id: number): Promise<void>;
}

export const databaseBlobs: AttachmentBlobs = {
  async save(db, id, data, thumbnail) {
    await db
      .updateTable('attachments')
      .set({ data: Buffer.from(data), thumbnail: thumbnail ? Buffer.from(thumbnail) : null })
      .where('id', '=', id)
      .execute();
  },
  async load(db, id, which) {
    const row = await db.selectFrom('attachments').select(which).where('id', '=', id).executeTakeFirst();
    const value = row?.[which];
    return value ? Buffer.from(value) : null;
  },
  async remove(db, id) {
    await db.updateTable('attachments').set({ data: null, thumbnail: null }).where('id', '=', id).execute();
  },
};

let blobs: AttachmentBlobs = databaseBlobs;

/** The blob store in use (the database unless a deployment configures another). */
export function attachmentBlobs(): AttachmentBlobs {
  return blobs;
}

/** Replace the blob store (an object store, or a test double). */
export function useAttachmentBlobs(next: AttachmentBlobs): void {
  blobs = next;
}

/** A size a person reads: "512 bytes", "14 KB", "2.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? Math.round(mb * 10) / 10 : Math.round(mb)} MB`;
}

/**
 * A name safe to store and to send back in Content-Disposition: the last path
 * segment, without control or bidirectional-override characters, characters
 * Windows refuses, or leading dots; at most 120 characters with the extension
 * kept. Empty → "attachment" plus the extension of the detected type.
 */
export function sanitizeFileName(name: string, contentType?: string): string {
  let base = name.normalize('NFC');
  base = base.slice(Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\')) + 1);
  base = base
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!base) base = `attachment${(contentType && EXTENSION_OF[contentType]) ?? ''}`;
  if ([...base].length > MAX_NAME_LENGTH) {
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
    const stem = [...base.slice(0, base.length - ext.length)].slice(0, MAX_NAME_LENGTH - [...ext].length).join('');
    base = `${stem.trimEnd()}${ext}`;
  }
  return base;
}

const HTML_START =
  /^(<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<meta|<form|<img|<svg|<object|<embed)[\s>/]/i;

/** Text without a binary signature: HTML, SVG or plain text; null when not UTF-8 text. */
function sniffText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096);
  if (/<svg[\s>]/i.test(head) && (/^<svg[\s>]/i.test(head) || /^<\?xml/i.test(head) || /^<!doctype svg/i.test(head))) return 'image/svg+xml';
  if (HTML_START.test(head) || /<(script|html|body|iframe)[\s>]/i.test(head)) return 'text/html';
  return 'text/plain';
}

/** The content type from the bytes alone, or null when it cannot be told. */
export async function detectContentType(bytes: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && detected.mime !== 'application/xml') return detected.mime;
  return sniffText(bytes);
}

/** A file that passed checkAttachments, ready for saveAttachments. */
export interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  contentType: string;
  sha256: string;
  width: number | null;
  height: number | null;
  thumbnail: Uint8Array | null;
}

async function imageDetails(bytes: Uint8Array, name: string): Promise<{ width: number; height: number; thumbnail: Uint8Array }> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    const turned = (meta.orientation ?? 1) >= 5;
    const thumbnail = await image
      .rotate()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, thumbnail };
  } catch {
    throw new ValidationError(`“${name}” could not be read as an image. Please check the file and attach it again.`, {
      attachments: `“${name}” could not be read as an image.`,
    });
  }
}

/**
 * Checks files without storing them: count, total size, each type from its
 * bytes against the allowed list; makes thumbnails. Throws ValidationError
 * (field `attachments`) with a message a person can act on.
 */
export async function checkAttachments(files: UploadedFile[], opts: { accept: AttachmentAccept; maxFiles: number; maxBytes: number }): Promise<CheckedFile[]> {
  const refuse = (message: string): never => {
    throw new ValidationError(message, { attachments: message });
  };
  if (files.length > opts.maxFiles) {
    refuse(`Please attach at most ${opts.maxFiles} file${opts.maxFiles === 1 ? '' : 's'} (you chose ${files.length}).`);
  }
  const total = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  if (total > opts.maxBytes) {
    refuse(`The files add up to ${formatBytes(total)}; the limit is ${formatBytes(opts.maxBytes)} per message. Please leave some out or make them smaller.`);
  }
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const shownName = sanitizeFileName(file.name) || 'attachment';
    if (file.bytes.byteLength === 0) refuse(`“${shownName}” is empty. Please choose the file again.`);
    const contentType = await detectContentType(file.bytes);
    if (!contentType || !ALLOWED[opts.accept].includes(contentType)) {
      refuse(`“${shownName}” is not a file type we accept. You can attach ${ALLOWED_DESCRIPTION[opts.accept]}.`);
    }
    const type = contentType as string;
    const name = sanitizeFileName(file.name, type);
    const image = INLINE_IMAGE_TYPES.includes(type) ? await imageDetails(file.bytes, name) : null;
    checked.push({
      name,
      bytes: file.bytes,
      contentType: type,
      sha256: sha256HexOfBytes(file.bytes),
      width: image?.width ?? null,
      height: image?.height ?? null,
      thumbnail: image?.thumbnail ?? null,
    });
  }
  return checked;
}

/**
 * Checks (type from the bytes via file-type, allowed list, size), sanitizes the
 * name, makes the thumbnail (sharp) for images; throws ValidationError with a
 * clear message. `accept`: 'ticket' (images, PDF, text/logs, ZIP) or 'images'
 * (PNG, JPEG, GIF, WebP). All checks and image work happen before the first
 * write, so a refused file stores nothing.
 */
export async function storeAttachments(
  db: DB,
  files: UploadedFile[],
  owner: AttachmentOwner,
  opts: { uploadedBy: number | null; accept: AttachmentAccept; maxFiles: number; maxBytes: number },
  now = Date.now(),
): Promise<StoredAttachment[]> {
  return saveAttachments(db, await checkAttachments(files, opts), owner, opts.uploadedBy, now);
}

/**
 * Stores files already checked by checkAttachments. Split from it so a caller
 * can do the checks and image work before its transaction and only the writes
 * inside it.
 */
export async function saveAttachments(
  db: DB,
  checked: CheckedFile[],
  owner: AttachmentOwner,
  uploadedBy: number | null,
  now = Date.now(),
): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const file of checked) {
    const row = await db
      .insertInto('attachments')
      .values({
        owner_kind: owner.kind,
        ticket_id: owner.kind === 'ticket' ? owner.ticketId : null,
        ticket_message_id: owner.kind === 'ticket' ? owner.messageId : null,
        uploaded_by: uploadedBy,
        sha256: file.sha256,
        size: file.bytes.byteLength,
        content_type: file.contentType,
        original_name: file.name,
        data: null,
        width: file.width,
        height: file.height,
        thumbnail: null,
        thumbnail_type: file.thumbnail ? THUMBNAIL_TYPE : null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await blobs.save(db, row.id, file.bytes, file.thumbnail);
    stored.push({
      id: row.id,
      name: file.name,
      contentType: file.contentType,
      size: file.bytes.byteLength,
      sha256: file.sha256,
      isImage: INLINE_IMAGE_TYPES.includes(file.contentType),
      width: file.width,
      height: file.height,
      hasThumbnail: file.thumbnail !== null,
    });
  }
  return stored;
}

/**
 * Binds stored ticket attachments to a message of that ticket. Only
 * attachments of this ticket (or not yet on any ticket) and not yet on a
 * message move; otherwise ValidationError and nothing changes (run it in the
 * caller's transaction).
 */
export async function attachToMessage(db: DB, attachmentIds: number[], ticketId: number, messageId: number): Promise<void> {
  const ids = [...new Set(attachmentIds)];
  if (ids.length === 0) return;
  const result = await db
    .updateTable('attachments')
    .set({ ticket_id: ticketId, ticket_message_id: messageId })
    .where('id', 'in', ids)
    .where('owner_kind', '=', 'ticket')
    .where('ticket_message_id', 'is', null)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('ticket_id', '=', ticketId), eb('ticket_id', 'is', null)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) {
    throw new ValidationError('Some attached files are no longer available. Please attach them again.', {
      attachments: 'Some attached files are no longer available. Please attach them again.',
    });
  }
}

const summaryColumns = [
  'id',
  'original_name',
  'content_type',
  'size',
  'sha256',
  'width',
  'height',
  'ticket_message_id',
  'deleted_at',
  sql<number>`case when thumbnail is null then 0 else 1 end`.as('has_thumbnail'),
] as const;

/** Every attachment of a ticket, oldest first, deleted ones included (flagged). No authorization: callers in src/server/tickets check the ticket first. */
export async function attachmentsOfTicket(db: DB, ticketId: number): Promise<(StoredAttachment & { messageId: number | null; deleted: boolean })[]> {
  const rows = await db.selectFrom('attachments').select(summaryColumns).where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.original_name,
    contentType: r.content_type,
    size: r.size,
    sha256: r.sha256,
    isImage: INLINE_IMAGE_TYPES.includes(r.content_type),
    width: r.width,
    height: r.height,
    hasThumbnail: r.deleted_at === null && Number(r.has_thumbnail) === 1,
    messageId: r.ticket_message_id,
    deleted: r.deleted_at !== null,
  }));
}

/** The files to send with an email (nodemailer `attachments`), in the order asked; deleted ones left out. */
export async function attachmentsForEmail(db: DB, ids: number[]): Promise<{ filename: string; contentType: string; content: Buffer }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'original_name', 'content_type'])
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  const out: { filename: string; contentType: string; content: Buffer }[] = [];
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row) continue;
    const content = await blobs.load(db, id, 'data');
    if (content) out.push({ filename: row.original_name, contentType: row.content_type, content });
  }
  return out;
}

/** One attachment's metadata and owner, for the serving and deleting functions in src/server/tickets (no authorization here). */
export async function attachmentRecord(db: DB, id: number) {
  const row = await db
    .selectFrom('attachments')
    .select([...summaryColumns, 'owner_kind', 'ticket_id', 'thumbnail_type'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.original_name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    isImage: INLINE_IMAGE_TYPES.includes(row.content_type),
    width: row.width,
    height: row.height,
    hasThumbnail: row.deleted_at === null && Number(row.has_thumbnail) === 1,
    thumbnailType: row.thumbnail_type,
    ownerKind: row.owner_kind,
    ticketId: row.ticket_id,
    messageId: row.ticket_message_id,
    deleted: row.deleted_at !== null,
  };
}

/** The bytes of an attachment or its thumbnail; null once removed. */
export async function attachmentBytes(db: DB, id: number, which: 'data' | 'thumbnail'): Promise<Buffer | null> {
  return blobs.load(db, id, which);
}

/** Removes an attachment's bytes and marks it deleted (the row stays: "file removed"). No authorization here. */
export async function removeAttachment(db: DB, id: number, deletedBy: number | null, now = Date.now()): Promise<void> {
  await blobs.remove(db, id);
  await db.updateTable('attachments').set({ deleted_at: now, deleted_by: deletedBy }).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

/**
 * A merge moves a ticket's attachments to the ticket it was merged into; the
 * files of the request itself go with the message that now carries its
 * description (`introMessageId`).
 */
export async function moveTicketAttachments(db: DB, fromTicketId: number, toTicketId: number, introMessageId: number): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ ticket_message_id: introMessageId })
    .where('ticket_id', '=', fromTicketId)
    .where('ticket_message_id', 'is', null)
    .execute();
  await db.updateTable('attachments').set({ ticket_id: toTicketId }).where('ticket_id', '=', fromTicketId).execute();
}

/**
 * Retention: removes the bytes of the (not yet removed) attachments of these
 * tickets. The tickets area decides which tickets are past retention. Returns
 * how many were removed.
 */
export async function removeAttachmentsOfTickets(db: DB, ticketIds: number[], now = Date.now()): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const rows = await db.selectFrom('attachments').select('id').where('ticket_id', 'in', ticketIds).where('deleted_at', 'is', null).orderBy('id').execute();
  for (const row of rows) await removeAttachment(db, row.id, null, now);
  return rows.length;
}
