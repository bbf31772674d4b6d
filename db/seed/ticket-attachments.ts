// Demo screenshots, logs and an email thread on the demo tickets (issue 12,
// item 5), added after the tickets step:
//   - about 30 tickets of the scenarios where a customer would take a picture
//     of the problem (error banners, sync failures, layout bugs) carry a
//     screenshot: a small mock Fieldnote window drawn as SVG and turned into a
//     PNG with sharp, stored through the attachments store (storeAttachments:
//     the same type check, name and thumbnail as an upload); a few carry a
//     .log file as well;
//   - one ticket's requester answered two staff replies by email: the inbound
//     messages are kept raw (quoted history and signature included), the
//     ticket messages hold the stripped reply (channel 'email');
//   - a colleague of that requester replied from another address: quarantined
//     for staff review, never appended.
// Deterministic (the seed's random, fixed ids, fixed times) and idempotent.
import sharp from 'sharp';
import type { DB } from '../connection';
import { sha256Hex } from '@/lib/crypto';
import { storeAttachments, type StoredAttachment, type UploadedFile } from '@/server/attachments/store';
import { ticketIdToRef } from '@/server/tickets/tickets';
import { scenarios } from './data/ticket-scenarios';
import type { SeedContext } from './index';
import type { Random } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WIDTH = 640;
const HEIGHT = 400;
/** The default upload limits (the demo's files are a few KB each). */
const UPLOAD_LIMITS = { accept: 'ticket', maxFiles: 10, maxBytes: 20 * 1024 * 1024 } as const;
const SUPPORT = 'support@fieldnote.example';
const REPLY_DOMAIN = 'fieldnote.example';

/** What the customer's screen showed: a window of the app with a banner (or, for layout bugs, the broken layout). */
interface Screenshot {
  file: string;
  area: string;
  banner: string;
  detail: string;
  tone: 'error' | 'warning';
  layout?: 'cut-table' | 'empty-sidebar';
}

/** Per scenario key: the screenshots its tickets carry (one per ticket, in turn). */
const screenshots: Record<string, Screenshot[]> = {
  'google-authorization-expired': [
    {
      file: 'calendar-error.png',
      area: 'Settings · Calendar',
      banner: 'Authorization expired',
      detail: 'Google no longer accepts Fieldnote’s access. Reconnect to sync.',
      tone: 'error',
    },
  ],
  'outlook-cal-403': [
    {
      file: 'outlook-cal-403.png',
      area: 'Settings · Calendar',
      banner: 'CAL-403: Admin approval required',
      detail: 'Your Microsoft 365 organization must approve Fieldnote.',
      tone: 'error',
    },
  ],
  'cal-429-delay': [
    {
      file: 'sync-cal-429.png',
      area: 'Calendar',
      banner: 'CAL-429: Too many requests',
      detail: 'The calendar provider is limiting requests. Next try in 15 min.',
      tone: 'warning',
    },
  ],
  'recurring-event-duplicates': [
    {
      file: 'duplicate-events.png',
      area: 'Calendar',
      banner: 'Weekly stand-up · 09:30 (2)',
      detail: 'The same recurring event appears twice in the calendar panel.',
      tone: 'warning',
    },
  ],
  'notes-not-syncing': [
    {
      file: 'sync-error.png',
      area: 'Notes',
      banner: 'Sync failed: changes not uploaded',
      detail: '3 notes are waiting to sync. Last successful sync 2 days ago.',
      tone: 'error',
    },
  ],
  'export-link-expired': [
    {
      file: 'export-link-expired.png',
      area: 'Export',
      banner: 'This download link has expired',
      detail: 'Export links are valid for 7 days. Start a new export.',
      tone: 'error',
    },
  ],
  'zip-wont-open': [
    {
      file: 'zip-path-too-long.png',
      area: 'Export',
      banner: 'Error 0x80010135: Path too long',
      detail: 'Windows could not extract fieldnote-export.zip.',
      tone: 'error',
    },
  ],
  'pdf-export-tables': [
    {
      file: 'pdf-export-table-cut.png',
      area: 'PDF preview',
      banner: 'Table cut off at the page edge',
      detail: 'Columns 5 to 8 are missing from the exported PDF.',
      tone: 'warning',
      layout: 'cut-table',
    },
  ],
  'app-crash-launch': [
    {
      file: 'app-crash.png',
      area: 'Fieldnote for iOS',
      banner: 'Fieldnote quit unexpectedly',
      detail: 'The app closed while opening the notebook “Field visits”.',
      tone: 'error',
    },
  ],
  'workspace-down': [
    {
      file: 'error-502.png',
      area: 'Workspace',
      banner: '502 Bad Gateway',
      detail: 'Fieldnote is not responding. Please try again in a few minutes.',
      tone: 'error',
    },
  ],
  'api-rate-limit': [
    {
      file: 'api-429.png',
      area: 'Developer console',
      banner: '429 rate_limited',
      detail: 'Retry-After: 60 — 600 requests per minute per token.',
      tone: 'error',
    },
  ],
  'card-declined-upgrade': [
    {
      file: 'payment-declined.png',
      area: 'Billing',
      banner: 'Your card was declined',
      detail: 'The bank declined the payment for the Business plan.',
      tone: 'error',
    },
  ],
  'redesign-sidebar': [
    {
      file: 'sidebar-empty.png',
      area: 'Notebooks',
      banner: 'Pinned notebooks are not shown',
      detail: 'The new sidebar shows no pinned notebooks after the update.',
      tone: 'warning',
      layout: 'empty-sidebar',
    },
  ],
  'guest-cannot-edit': [
    {
      file: 'guest-view-only.png',
      area: 'Shared notebook',
      banner: 'You can only view this notebook',
      detail: 'Ask the owner for edit access.',
      tone: 'warning',
    },
  ],
  'mentions-no-notification': [
    {
      file: 'mention-no-notification.png',
      area: 'Notifications',
      banner: 'No new notifications',
      detail: 'A colleague mentioned me at 10:14 but nothing arrived.',
      tone: 'warning',
    },
  ],
};

/** A few tickets carry a log too (the name, and lines that fit the scenario). */
const logs: Record<string, { file: string; lines: string[] }> = {
  'notes-not-syncing': {
    file: 'fieldnote-sync.log',
    lines: [
      'INFO  sync: starting upload of 3 changed notes',
      'WARN  sync: note 8f21c0 rejected: version conflict (local 41, server 43)',
      'ERROR sync: upload failed: HTTP 409 conflict, retrying in 30s',
      'ERROR sync: upload failed: HTTP 409 conflict, giving up after 5 attempts',
      'INFO  sync: 3 notes waiting',
    ],
  },
  'app-crash-launch': {
    file: 'crash-report.log',
    lines: [
      'Fieldnote 6.4.1 (1892) on iPhone15,3, iOS 18.1',
      'Exception Type: EXC_CRASH (SIGABRT)',
      'Triggered by Thread: 0',
      '0  Fieldnote  NotebookStore.loadIndex(_:) + 412',
      '1  Fieldnote  AppDelegate.application(_:didFinishLaunchingWithOptions:) + 96',
    ],
  },
  'api-rate-limit': {
    file: 'nightly-sync.log',
    lines: [
      'GET /v1/notes?page=118 200 (412 ms)',
      'GET /v1/notes?page=119 429 rate_limited retry-after=60',
      'GET /v1/notes?page=119 429 rate_limited retry-after=60',
      'sync aborted: 3 consecutive rate_limited responses',
    ],
  },
};

const TICKETS_PER_SCENARIO = 2;

const sidebarNames = ['Inbox', 'Field visits', 'Team meetings', 'Research', 'Project Alder', 'Reading list', 'Clients', 'Planning 2027', 'Journal', 'Recipes'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The mock window as SVG: title bar, sidebar, a few lines of note, the banner. */
function screenshotSvg(shot: Screenshot, random: Random): string {
  const font = 'font-family="DejaVu Sans, sans-serif"';
  const palette = shot.tone === 'error' ? { fill: '#fdecec', stroke: '#d64545', text: '#9b1c1c' } : { fill: '#fff6e0', stroke: '#d99a00', text: '#7a5200' };
  const names = [...sidebarNames];
  for (let i = names.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  names.length = 6;
  const sidebar =
    shot.layout === 'empty-sidebar'
      ? `<text x="16" y="76" ${font} font-size="11" fill="#8a93a3">PINNED</text><text x="16" y="98" ${font} font-size="12" fill="#8a93a3">Nothing here</text>`
      : names
          .map((name, i) => `<text x="16" y="${76 + i * 26}" ${font} font-size="12" fill="${i === 1 ? '#1f4fd1' : '#39414f'}">${escapeXml(name)}</text>`)
          .join('');
  const lines = Array.from({ length: 7 }, (_, i) => {
    const width = 180 + random.int(0, 250);
    return `<rect x="176" y="${176 + i * 24}" width="${width}" height="9" rx="4" fill="#dde1e8"/>`;
  }).join('');
  const table =
    shot.layout === 'cut-table'
      ? Array.from({ length: 5 }, (_, row) =>
          Array.from(
            { length: 6 },
            (_, col) =>
              `<rect x="${176 + col * 90}" y="${176 + row * 26}" width="90" height="26" fill="${row === 0 ? '#e6eaf2' : '#ffffff'}" stroke="#b8c0cc"/>`,
          ).join(''),
        ).join('')
      : lines;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#f7f8fa"/>`,
    `<rect width="${WIDTH}" height="30" fill="#2b313c"/>`,
    `<circle cx="16" cy="15" r="5" fill="#ff5f57"/><circle cx="32" cy="15" r="5" fill="#febc2e"/><circle cx="48" cy="15" r="5" fill="#28c840"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" ${font} font-size="12" fill="#e8ebf0">Fieldnote — ${escapeXml(shot.area)}</text>`,
    `<rect x="0" y="30" width="150" height="${HEIGHT - 30}" fill="#eceff4"/>`,
    `<text x="16" y="52" ${font} font-size="11" font-weight="bold" fill="#5b6473">NOTEBOOKS</text>`,
    sidebar,
    `<rect x="166" y="46" width="${WIDTH - 182}" height="58" rx="5" fill="${palette.fill}" stroke="${palette.stroke}"/>`,
    `<text x="182" y="70" ${font} font-size="14" font-weight="bold" fill="${palette.text}">${escapeXml(shot.banner)}</text>`,
    `<text x="182" y="91" ${font} font-size="11" fill="${palette.text}">${escapeXml(shot.detail)}</text>`,
    `<text x="176" y="140" ${font} font-size="16" font-weight="bold" fill="#1d232d">${escapeXml(random.pick(names))}</text>`,
    table,
    `</svg>`,
  ].join('');
}

/** SVG to PNG: flat RGB at zlib level 9 (a palette would be smaller but costs five times the time). */
async function renderScreenshot(svg: string): Promise<Uint8Array> {
  return sharp(Buffer.from(svg)).removeAlpha().png({ compressionLevel: 9 }).toBuffer();
}

interface TicketRow {
  id: number;
  subject: string;
  requester_name: string;
  requester_email: string;
  user_id: number | null;
  created_at: number;
}

interface MessageRow {
  id: number;
  ticket_id: number;
  author_role: 'requester' | 'staff';
  author_id: number | null;
  visibility: 'public' | 'internal';
  body_source: string;
  created_at: number;
}

/** The screenshot scenarios' tickets, newest first per scenario (the ones an agent opens today). */
async function screenshotTickets(db: DB): Promise<{ key: string; ticket: TicketRow }[]> {
  const keyOfSubject = new Map<string, string>();
  for (const s of scenarios) if (screenshots[s.key]) for (const subject of s.subjects) keyOfSubject.set(subject, s.key);
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'requester_name', 'requester_email', 'user_id', 'created_at'])
    .where('subject', 'in', [...keyOfSubject.keys()])
    .where('merged_into', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const taken = new Map<string, number>();
  const picked: { key: string; ticket: TicketRow }[] = [];
  for (const ticket of rows) {
    const key = keyOfSubject.get(ticket.subject)!;
    const n = taken.get(key) ?? 0;
    if (n >= TICKETS_PER_SCENARIO) continue;
    taken.set(key, n + 1);
    picked.push({ key, ticket });
  }
  return picked.sort((a, b) => a.ticket.id - b.ticket.id);
}

/** One upload: the files a customer attached to the request (messageId null) or to a reply. */
interface Upload {
  ticketId: number;
  messageId: number | null;
  uploadedBy: number | null;
  at: number;
  files: UploadedFile[];
}

/** The uploads, screenshots drawn in order (the seed's random) and rendered together (sharp works on its own threads). */
async function plannedUploads(db: DB, random: Random): Promise<Upload[]> {
  const picked = await screenshotTickets(db);
  const requesterMessages = await db
    .selectFrom('ticket_messages')
    .select(['id', 'ticket_id', 'created_at'])
    .where('ticket_id', 'in', picked.length > 0 ? picked.map((p) => p.ticket.id) : [0])
    .where('author_role', '=', 'requester')
    .where('visibility', '=', 'public')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const used = new Map<string, number>();
  const loggedScenarios = new Set<string>();
  const uploads: Upload[] = [];
  const drawings: { file: UploadedFile; svg: string }[] = [];
  for (const { key, ticket } of picked) {
    const turn = used.get(key) ?? 0;
    used.set(key, turn + 1);
    const list = screenshots[key]!;
    const shot = list[turn % list.length]!;
    // The first ticket of a scenario sent the screenshot with the request (the description: no message); the
    // second with the customer's first reply, when there is one.
    const reply = turn % 2 === 1 ? requesterMessages.find((m) => m.ticket_id === ticket.id) : undefined;
    const at = reply?.created_at ?? ticket.created_at;
    const screenshot: UploadedFile = { name: shot.file, bytes: new Uint8Array() };
    drawings.push({ file: screenshot, svg: screenshotSvg(shot, random) });
    const files = [screenshot];
    const log = logs[key];
    if (log && !loggedScenarios.has(key)) {
      loggedScenarios.add(key);
      const start = at - 20 * MIN;
      const text = log.lines.map((line, i) => `${new Date(start + i * 37_000).toISOString()} ${line}`).join('\n') + '\n';
      files.push({ name: log.file, bytes: new TextEncoder().encode(text) });
    }
    uploads.push({ ticketId: ticket.id, messageId: reply?.id ?? null, uploadedBy: ticket.user_id, at, files });
  }
  await Promise.all(drawings.map(async ({ file, svg }) => (file.bytes = await renderScreenshot(svg))));
  return uploads;
}

// The email thread.

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date, in UTC: "Tue, 24 Nov 2026 10:02:13 +0000". */
function mailDate(at: number): string {
  const d = new Date(at);
  return `${DAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The mail client's attribution line: "On Tue, 24 Nov 2026 at 10:02, Fieldnote Support <support@…> wrote:". */
function attribution(at: number): string {
  const d = new Date(at);
  return `On ${DAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}, Fieldnote Support <${SUPPORT}> wrote:`;
}

/** The per-ticket reply address; the signature is a plausible HMAC-looking hex string (the demo never verifies it). */
function replyAddress(ref: string): string {
  return `support+${ref}.${sha256Hex(`demo reply address ${ref}`).slice(0, 16)}@${REPLY_DOMAIN}`;
}

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1);
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\r\n');
}

/** Our Message-ID for the email sent for a staff message. */
function sentMessageId(ref: string, messageId: number): string {
  return `<${ref.toLowerCase()}.${messageId}.${sha256Hex(`sent ${messageId}`).slice(0, 12)}@${REPLY_DOMAIN}>`;
}

interface RawMessage {
  from: { name: string; email: string };
  to: string;
  subject: string;
  at: number;
  messageId: string;
  inReplyTo: string;
  references: string[];
  body: string;
  signature: string;
  quote: { at: number; text: string };
}

function rawMessage(m: RawMessage): Buffer {
  const domain = domainOf(m.from.email);
  const headers = [
    `Return-Path: <${m.from.email}>`,
    `Received: from mail.${domain} (mail.${domain} [198.51.100.${((m.at / 1000) % 200) | 0}]) by mx.${REPLY_DOMAIN} with ESMTPS; ${mailDate(m.at - 2000)}`,
    `Authentication-Results: mx.${REPLY_DOMAIN}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`,
    `From: ${m.from.name} <${m.from.email}>`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Date: ${mailDate(m.at - 5000)}`,
    `Message-ID: ${m.messageId}`,
    `In-Reply-To: ${m.inReplyTo}`,
    `References: ${m.references.join('\r\n ')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = [m.body.split('\n').join('\r\n'), '', m.signature.split('\n').join('\r\n'), '', attribution(m.quote.at), quoted(m.quote.text)].join('\r\n');
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`, 'utf8');
}

// As the inbound channel keeps them: the message key is its Message-ID ("mid:<…>"), the verdicts as SPF / DKIM / DMARC results.
const AUTH_PASS = JSON.stringify({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });

/**
 * The newest ticket (not closed, in English, not a member's) whose requester answered two public staff replies in
 * a row: those two answers came by email.
 */
async function emailThreadTicket(
  db: DB,
  now: number,
): Promise<{ ticket: TicketRow; messages: MessageRow[]; replies: { reply: MessageRow; staff: MessageRow }[] } | undefined> {
  const candidates = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'requester_name', 'requester_email', 'user_id', 'created_at'])
    .where('status', 'in', ['open', 'pending', 'solved'])
    .where('merged_into', 'is', null)
    .where('user_id', 'is', null)
    .where('requester_email', 'not like', 'tw.customer%')
    .where('created_at', '<', now - 2 * 24 * HOUR)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  for (const ticket of candidates) {
    const messages = await db
      .selectFrom('ticket_messages')
      .select(['id', 'ticket_id', 'author_role', 'author_id', 'visibility', 'body_source', 'created_at'])
      .where('ticket_id', '=', ticket.id)
      .where('visibility', '=', 'public')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const replies: { reply: MessageRow; staff: MessageRow }[] = [];
    messages.forEach((m, i) => {
      const before = messages[i - 1];
      if (m.author_role === 'requester' && before?.author_role === 'staff' && !/^>/m.test(m.body_source)) replies.push({ reply: m, staff: before });
    });
    const last = messages[messages.length - 1];
    if (replies.length >= 2 && last && last.created_at < now - 3 * HOUR) return { ticket, messages, replies: replies.slice(0, 2) };
  }
  return undefined;
}

const colleagues = [
  { first: 'Maren', last: 'Holt' },
  { first: 'Tobias', last: 'Lind' },
  { first: 'Selin', last: 'Aksoy' },
];

async function seedEmailThread(db: DB, random: Random, now: number): Promise<string> {
  const found = await emailThreadTicket(db, now);
  if (!found) return 'no email thread (no ticket fits)';
  const { ticket, messages, replies } = found;
  const ref = ticketIdToRef(ticket.id);
  const to = replyAddress(ref);
  const first = ticket.requester_name.split(' ')[0]!;
  const domain = domainOf(ticket.requester_email);
  const company = domain.split('.')[0]!.replace(/-/g, ' ');
  // Their mail client adds the signature under what they type.
  const signature = `-- \n${ticket.requester_name}\n${company.replace(/\b\w/g, (c) => c.toUpperCase())}\nSent from my phone`;
  const references: string[] = [];
  const staffMessages = messages.filter((m) => m.author_role === 'staff');
  // Every public staff reply of this ticket went out as an email with its own Message-ID.
  for (const m of staffMessages)
    await db
      .updateTable('ticket_messages')
      .set({ email_message_id: sentMessageId(ref, m.id) })
      .where('id', '=', m.id)
      .execute();

  let appended = 0;
  for (const { reply, staff } of replies) {
    const staffId = sentMessageId(ref, staff.id);
    references.push(staffId);
    const messageId = `<${sha256Hex(`inbound ${reply.id}`).slice(0, 20)}@mail.${domain}>`;
    const receivedAt = reply.created_at - 3000;
    const raw = rawMessage({
      from: { name: ticket.requester_name, email: ticket.requester_email },
      to,
      subject: `Re: ${ticket.subject} [${ref}]`,
      at: receivedAt,
      messageId,
      inReplyTo: staffId,
      references: [...references],
      body: reply.body_source,
      signature,
      quote: { at: staff.created_at, text: staff.body_source },
    });
    const { id } = await db
      .insertInto('inbound_emails')
      .values({
        dedupe_key: `mid:${messageId}`,
        from_address: ticket.requester_email,
        to_address: to,
        subject: `Re: ${ticket.subject} [${ref}]`,
        raw,
        size: raw.length,
        auth: AUTH_PASS,
        authenticated: 1,
        status: 'appended',
        reason: null,
        ticket_id: ticket.id,
        received_at: receivedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('ticket_messages').set({ channel: 'email', inbound_email_id: id }).where('id', '=', reply.id).execute();
    references.push(messageId);
    appended++;
  }

  // A colleague answers the latest staff email from their own address: not the requester, so quarantined.
  const latestStaff = staffMessages[staffMessages.length - 1]!;
  const colleague = random.pick(colleagues);
  const colleagueEmail = `${colleague.first.toLowerCase()}.${colleague.last.toLowerCase()}@${domain}`;
  const last = messages[messages.length - 1]!;
  const receivedAt = Math.min(now - HOUR, last.created_at + random.int(40, 180) * MIN);
  const messageId = `<${sha256Hex(`colleague ${ticket.id}`).slice(0, 20)}@mail.${domain}>`;
  const raw = rawMessage({
    from: { name: `${colleague.first} ${colleague.last}`, email: colleagueEmail },
    to,
    subject: `Re: ${ticket.subject} [${ref}]`,
    at: receivedAt,
    messageId,
    inReplyTo: sentMessageId(ref, latestStaff.id),
    references: [...references, sentMessageId(ref, latestStaff.id)],
    body: `Hi,\n\n${first} is out of the office this week, so I am picking this up for our team. Two more people here have the same question. Could you send the answer to me as well, and add me to this request?\n\nThanks!\n${colleague.first}`,
    signature: `-- \n${colleague.first} ${colleague.last}\nOperations`,
    quote: { at: latestStaff.created_at, text: latestStaff.body_source },
  });
  await db
    .insertInto('inbound_emails')
    .values({
      dedupe_key: `mid:${messageId}`,
      from_address: colleagueEmail,
      to_address: to,
      subject: `Re: ${ticket.subject} [${ref}]`,
      raw,
      size: raw.length,
      auth: AUTH_PASS,
      authenticated: 1,
      status: 'quarantined',
      reason: `Sent by ${colleagueEmail}, not by the requester of ${ref}.`,
      ticket_id: ticket.id,
      received_at: receivedAt,
    })
    .execute();
  return `email thread on ${ref} (${appended} replies by email, 1 quarantined)`;
}

export async function seedTicketAttachments({ db, random, now }: SeedContext): Promise<string> {
  const seeded =
    (await db.selectFrom('attachments').select('id').where('owner_kind', '=', 'ticket').limit(1).executeTakeFirst()) ??
    (await db.selectFrom('inbound_emails').select('id').limit(1).executeTakeFirst());
  if (seeded) return 'already seeded';
  // Images are drawn before the transaction (sharp works outside the database).
  const uploads = await plannedUploads(db, random);
  const { stored, thread } = await db.transaction().execute(async (trx) => {
    const stored: StoredAttachment[] = [];
    for (const u of uploads)
      stored.push(
        ...(await storeAttachments(
          trx,
          u.files,
          { kind: 'ticket', ticketId: u.ticketId, messageId: u.messageId },
          { uploadedBy: u.uploadedBy, ...UPLOAD_LIMITS },
          u.at,
        )),
      );
    return { stored, thread: await seedEmailThread(trx, random, now) };
  });
  const images = stored.filter((a) => a.isImage).length;
  return `${images} screenshots and ${stored.length - images} logs on ${uploads.length} tickets, ${thread}`;
}
