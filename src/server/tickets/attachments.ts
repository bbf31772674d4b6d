// Ticket attachments as the desk sees them (issue 12): who may read one (the
// ticket's gate, and internal notes' files for staff only), the files under
// each message, staff removal, the limits for a message, and retention. The
// bytes and checks live in the attachments store.
import type { DB } from '@db/connection';
import { config } from '@/config';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import {
  attachmentBytes,
  attachmentRecord,
  attachmentsOfTicket,
  checkAttachments,
  INLINE_IMAGE_TYPES,
  removeAttachment,
  moveTicketAttachments,
  removeAttachmentsOfTickets,
  saveAttachments,
  type CheckedFile,
  type StoredAttachment,
  type UploadedFile,
} from '@/server/attachments/store';
import { NotFoundError } from '@/server/errors';
import { touchTicket } from './desk';
import { ticketForViewer, type TicketViewer } from './tickets';

export interface TicketAttachmentItem extends StoredAttachment {
  /** The message it came with; null: with the request itself (the description). */
  messageId: number | null;
  /** Removed by staff or by retention: the name stays, the bytes are gone. */
  deleted: boolean;
}

/** The per-message limits from the configuration. */
export function attachmentLimits(): { maxFiles: number; maxBytes: number } {
  const cfg = config();
  return { maxFiles: cfg.ATTACHMENT_MAX_FILES, maxBytes: cfg.ATTACHMENT_MAX_BYTES };
}

/** Checks a message's files for a ticket (before any transaction): type, count and size. */
export async function checkTicketFiles(files: readonly UploadedFile[] | undefined): Promise<CheckedFile[]> {
  if (!files || files.length === 0) return [];
  return checkAttachments([...files], { accept: 'ticket', ...attachmentLimits() });
}

const NOT_FOUND = 'This file is not here, or is not yours to see.';

async function visibleIds(db: DB, ticketId: number, asStaff: boolean): Promise<Set<number> | null> {
  if (asStaff) return null;
  const publicMessages = await db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).where('visibility', '=', 'public').execute();
  return new Set(publicMessages.map((m) => m.id));
}

/**
 * The attachments of a ticket the viewer may see, oldest first: staff see all;
 * the requester sees those of the request itself and of public messages
 * (never of internal notes). NotFoundError as the ticket's gate.
 */
export async function ticketAttachments(db: DB, ref: string, viewer: TicketViewer): Promise<TicketAttachmentItem[]> {
  const { row, asStaff } = await ticketForViewer(db, ref, viewer);
  const all = await attachmentsOfTicket(db, row.id);
  const visible = await visibleIds(db, row.id, asStaff);
  return visible === null ? all : all.filter((a) => a.messageId === null || visible.has(a.messageId));
}

export interface ServedAttachment {
  name: string;
  contentType: string;
  /** Only the four raster image types are ever shown inline. */
  inline: boolean;
  bytes: Buffer;
}

/**
 * One attachment's bytes (or its thumbnail) for a viewer who may read the
 * ticket; internal notes' files only for staff. Anything else, a removed file,
 * or a file of another ticket: NotFoundError.
 */
export async function ticketAttachment(db: DB, viewer: TicketViewer, ref: string, id: number, thumbnail = false): Promise<ServedAttachment> {
  const { row, asStaff } = await ticketForViewer(db, ref, viewer);
  const record = await attachmentRecord(db, id);
  if (!record || record.ownerKind !== 'ticket' || record.ticketId !== row.id || record.deleted) throw new NotFoundError(NOT_FOUND);
  if (!asStaff && record.messageId !== null) {
    const message = await db.selectFrom('ticket_messages').select('visibility').where('id', '=', record.messageId).executeTakeFirst();
    if (message?.visibility !== 'public') throw new NotFoundError(NOT_FOUND);
  }
  const bytes = await attachmentBytes(db, id, thumbnail ? 'thumbnail' : 'data');
  if (!bytes) throw new NotFoundError(NOT_FOUND);
  if (thumbnail) return { name: record.name, contentType: record.thumbnailType ?? 'image/webp', inline: true, bytes };
  return { name: record.name, contentType: record.contentType, inline: INLINE_IMAGE_TYPES.includes(record.contentType), bytes };
}

/** Staff remove an attachment of a ticket: its bytes go, "file removed by staff" stays in the conversation (deleted_by and deleted_at say who and when). */
export async function deleteTicketAttachment(db: DB, user: SessionUser | null, ref: string, id: number, now = Date.now()): Promise<void> {
  assertCan(user, 'staff.area');
  const { row } = await ticketForViewer(db, ref, { user, accessKey: null });
  const record = await attachmentRecord(db, id);
  if (!record || record.ownerKind !== 'ticket' || record.ticketId !== row.id) throw new NotFoundError(NOT_FOUND);
  if (record.deleted) return;
  await db.transaction().execute(async (trx) => {
    await removeAttachment(trx, id, user.id, now);
    await touchTicket(trx, row.id, now);
  });
}

/**
 * Retention: the bytes of attachments of tickets closed more than
 * `retentionDays` ago are removed (a closed ticket no longer changes, so its
 * `updated_at` is when it closed). Returns how many files were removed.
 */
export async function purgeExpiredTicketAttachments(db: DB, retentionDays: number, now = Date.now(), limit = 100): Promise<number> {
  const cutoff = now - retentionDays * 24 * 60 * 60_000;
  const tickets = await db.selectFrom('tickets').select('id').where('status', '=', 'closed').where('updated_at', '<', cutoff).orderBy('id').execute();
  let removed = 0;
  for (let i = 0; i < tickets.length && removed < limit; i += 50) {
    removed += await removeAttachmentsOfTickets(
      db,
      tickets.slice(i, i + 50).map((t) => t.id),
      now,
    );
  }
  return removed;
}

/**
 * Inside the transaction that just added a message (or created the ticket:
 * `withMessage` false), stores its checked files with it. Files of the request
 * itself have no message: they belong to the description.
 */
export async function saveTicketFiles(
  trx: DB,
  ticketId: number,
  checked: CheckedFile[],
  uploadedBy: number | null,
  withMessage: boolean,
  now: number,
): Promise<number[]> {
  if (checked.length === 0) return [];
  const message = withMessage
    ? await trx.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
    : null;
  const stored = await saveAttachments(trx, checked, { kind: 'ticket', ticketId, messageId: message?.id ?? null }, uploadedBy, now);
  return stored.map((s) => s.id);
}

/** On a merge, right after the duplicate's intro message was added to the target: the duplicate's files move with its conversation. */
export async function moveAttachmentsOnMerge(trx: DB, sourceId: number, targetId: number): Promise<void> {
  const intro = await trx.selectFrom('ticket_messages').select('id').where('ticket_id', '=', targetId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  await moveTicketAttachments(trx, sourceId, targetId, intro.id);
}
