// Images in the community (issue 12 item 3): pictures members upload into
// questions and answers, and their avatars. Who may upload (signed in, e-mail
// confirmed, not suspended) and how often (new members less, like posts) is
// decided here; the bytes go through the attachments store, which detects the
// type from the content and refuses anything but PNG, JPEG, GIF and WebP.
// Uploaded images are served from /uploads/<id>/<name> — the only local image
// source the Markdown renderer shows inline.
import sharp from 'sharp';
import type { DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import { attachmentBytes, attachmentRecord, removeAttachment, storeAttachments, type StoredAttachment, type UploadedFile } from '@/server/attachments/store';
import { isStaff } from '@/server/accounts/authorization';
import { NotFoundError, ValidationError } from '@/server/errors';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import { hourlyRule, loadActor, type CommunityContext } from './posting';
import type { Member } from './privileges';
import { defaultRules, type CommunityRules } from './rules';

/** Largest image a member may upload into a post, and how many in one go. */
export const POST_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const POST_IMAGES_PER_UPLOAD = 5;
/** Largest picture accepted for an avatar (before it is cropped), and the avatar's side in pixels. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 256;
/** The name every avatar is stored (and served) under. */
export const AVATAR_FILE_NAME = 'avatar.png';

/** The content types served from /uploads/: the four image types and nothing else. */
export const SERVED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** The address an uploaded image is served from (and the only kind of local image a post shows). */
export function uploadUrl(attachment: { id: number; name: string }): string {
  // Parentheses and the like encoded too, so the address never ends a Markdown link early.
  const name = encodeURIComponent(attachment.name).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `/uploads/${attachment.id}/${name}`;
}

/** The Markdown that shows an uploaded image: the file name (without extension) as its alt text. */
export function imageMarkdown(attachment: { id: number; name: string }): string {
  const alt = attachment.name
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[[\]\\]/g, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return `![${alt || 'image'}](${uploadUrl(attachment)})`;
}

function imageRule(member: Member, rules: CommunityRules): RateLimitRule {
  return hourlyRule(member, rules, {
    bucket: 'community-image:user',
    newUserMax: rules.limits.newUserImagesPerHour,
    max: rules.limits.imagesPerHour,
    newUserMessage: `New members can upload ${rules.limits.newUserImagesPerHour} images an hour while they find their feet. Please try again a little later.`,
    message: 'You are uploading images very quickly. Please wait a few minutes and try again.',
  });
}

export interface UploadedImage {
  id: number;
  name: string;
  url: string;
  markdown: string;
  width: number | null;
  height: number | null;
}

function asUploaded(stored: StoredAttachment): UploadedImage {
  return { id: stored.id, name: stored.name, url: uploadUrl(stored), markdown: imageMarkdown(stored), width: stored.width, height: stored.height };
}

/**
 * Stores images a member uploads for a question or answer (before it is
 * posted, so not yet tied to a post). Refuses signed-out, unconfirmed and
 * suspended members, more images than the hourly limit allows (staff are not
 * limited), files over POST_IMAGE_MAX_BYTES and anything that is not an image.
 */
export async function uploadPostImages(db: DB, user: SessionUser | null, files: UploadedFile[], context: CommunityContext = {}): Promise<UploadedImage[]> {
  const now = context.now ?? Date.now();
  const rules = context.rules ?? defaultRules;
  const member = await loadActor(db, user, now);
  if (files.length === 0) return [];
  if (files.length > POST_IMAGES_PER_UPLOAD)
    throw new ValidationError(`Upload at most ${POST_IMAGES_PER_UPLOAD} images at a time.`, { images: `Choose at most ${POST_IMAGES_PER_UPLOAD} images.` });
  const tooBig = files.find((f) => f.bytes.byteLength > POST_IMAGE_MAX_BYTES);
  if (tooBig) {
    const message = `“${tooBig.name}” is larger than ${POST_IMAGE_MAX_BYTES / 1024 / 1024} MB. Make it smaller and try again.`;
    throw new ValidationError(message, { images: message });
  }
  const rule = isStaff(member) ? null : imageRule(member, rules);
  if (rule) {
    // Every image counts: there must be room for all of them before any is stored.
    if (files.length > rule.max) throw new ValidationError(rule.message, { images: rule.message });
    await assertWithinLimit(db, { ...rule, max: rule.max - files.length + 1 }, String(member.id), now);
  }
  let stored: StoredAttachment[];
  try {
    stored = await storeAttachments(
      db,
      files,
      { kind: 'post' },
      { uploadedBy: member.id, accept: 'images', maxFiles: POST_IMAGES_PER_UPLOAD, maxBytes: POST_IMAGE_MAX_BYTES * POST_IMAGES_PER_UPLOAD },
      now,
    );
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.message, { images: error.message, ...error.fields });
    throw error;
  }
  if (rule) for (let i = 0; i < stored.length; i++) await recordAttempt(db, rule, String(member.id), now);
  return stored.map(asUploaded);
}

export interface ServedImage {
  contentType: string;
  bytes: Buffer;
}

/**
 * The bytes of a community image (a post image or an avatar) for /uploads/:
 * 404 for another owner (support desk attachments are never served here), a
 * deleted one, a name that is not its name, or a type outside the four images.
 */
export async function servedImage(db: DB, id: number, name: string): Promise<ServedImage> {
  const record = await attachmentRecord(db, id);
  if (
    !record ||
    record.deleted ||
    (record.ownerKind !== 'post' && record.ownerKind !== 'avatar') ||
    record.name !== name ||
    !(SERVED_IMAGE_TYPES as readonly string[]).includes(record.contentType)
  )
    throw new NotFoundError('No such image.');
  const bytes = await attachmentBytes(db, id, 'data');
  if (!bytes) throw new NotFoundError('No such image.');
  return { contentType: record.contentType, bytes };
}

const AVATAR_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);

/**
 * Sets the member's avatar from an uploaded picture: checked to be one of the
 * four image types, cropped to a centred AVATAR_SIZE square, stored as owner
 * 'avatar'; the previous avatar is retired. Suspended members keep theirs.
 */
export async function setAvatar(db: DB, user: SessionUser | null, file: UploadedFile | undefined, context: CommunityContext = {}): Promise<UploadedImage> {
  const now = context.now ?? Date.now();
  const member = await loadActor(db, user, now);
  if (!file) throw new ValidationError('Choose a picture for your avatar.', { avatar: 'Choose a PNG, JPEG, GIF or WebP picture.' });
  if (file.bytes.byteLength > AVATAR_MAX_BYTES) {
    const message = `That picture is larger than ${AVATAR_MAX_BYTES / 1024 / 1024} MB. Choose a smaller one.`;
    throw new ValidationError(message, { avatar: message });
  }
  let cropped: Buffer;
  try {
    const image = sharp(file.bytes, { limitInputPixels: 40_000_000 });
    const meta = await image.metadata();
    if (!meta.format || !AVATAR_FORMATS.has(meta.format)) throw new Error('not one of the four image types');
    cropped = await image.rotate().resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' }).png().toBuffer();
  } catch {
    const message = 'That file is not a PNG, JPEG, GIF or WebP picture.';
    throw new ValidationError(message, { avatar: message });
  }
  const [stored] = await storeAttachments(
    db,
    [{ name: AVATAR_FILE_NAME, bytes: new Uint8Array(cropped) }],
    { kind: 'avatar' },
    { uploadedBy: member.id, accept: 'images', maxFiles: 1, maxBytes: AVATAR_MAX_BYTES },
    now,
  );
  const previous = await db.selectFrom('users').select('avatar_attachment_id').where('id', '=', member.id).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ avatar_attachment_id: stored!.id }).where('id', '=', member.id).execute();
  if (previous.avatar_attachment_id !== null) await removeAttachment(db, previous.avatar_attachment_id, member.id, now);
  return asUploaded(stored!);
}

/**
 * The avatar addresses of users (those without one are left out), for pages
 * that show names: from users.avatar_attachment_id alone, as every avatar is
 * stored under AVATAR_FILE_NAME and a replaced one is no longer pointed to.
 */
export async function avatarUrls(db: DB, userIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'avatar_attachment_id'])
    .where('id', 'in', ids)
    .where('avatar_attachment_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, uploadUrl({ id: r.avatar_attachment_id!, name: AVATAR_FILE_NAME })]));
}

/** A draft with the Markdown of newly uploaded images added at its end (the forms' file input, without JavaScript). */
export async function withUploadedImages(
  db: DB,
  user: SessionUser | null,
  body: string,
  files: UploadedFile[],
  context: CommunityContext = {},
): Promise<string> {
  if (files.length === 0) return body;
  const images = await uploadPostImages(db, user, files, context);
  const trimmed = body.replace(/\s+$/, '');
  return `${trimmed}${trimmed ? '\n\n' : ''}${images.map((i) => i.markdown).join('\n\n')}\n`;
}
