// Ticket attachments over HTTP (issue 12): uploads on /contact, the requester's
// reply and the staff reply; a file is served only to those who may read the
// ticket (internal notes' files to staff only); photo.png that is really HTML
// is a sandboxed download, never inline; limits with the text kept; staff
// removal; a staff reply's files travel in its email.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';
import { startTestSmtp, type TestSmtp } from '../support/smtp';

let server: TestServer;
let smtp: TestSmtp;
let staff: Awaited<ReturnType<typeof makeUser>>;
let staffCookie: string;
let member: Awaited<ReturnType<typeof makeUser>>;
let memberCookie: string;
let otherCookie: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startTestServer({ SEED_DEMO: 'never', SMTP_URL: smtp.url, ATTACHMENT_MAX_FILES: '3', ATTACHMENT_MAX_BYTES: '300000' });
  staff = await makeUser(server.db, { role: 'staff', displayName: 'Sam Agent' });
  staffCookie = await sessionCookie(server.db, staff);
  member = await makeUser(server.db, { email: 'attach-member@hearth.test', displayName: 'Mia Member' });
  memberCookie = await sessionCookie(server.db, member);
  otherCookie = await sessionCookie(server.db, await makeUser(server.db, { email: 'attach-other@hearth.test' }));
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const png = async (width = 640, height = 480) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .png()
      .toBuffer(),
  );

function multipart(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type?: string }[] = []): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const file of files) data.append('attachments', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return data;
}

const post = (path: string, body: FormData, cookie?: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) }, body });
const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

const attachmentsOf = (ref: string) =>
  server.db
    .selectFrom('attachments')
    .select(['id', 'original_name', 'content_type', 'ticket_message_id', 'deleted_at'])
    .where('ticket_id', '=', ticketRefToId(ref)!)
    .orderBy('id')
    .execute();

async function staffForm(ref: string): Promise<{ version: string; seenAt: string }> {
  const html = await (await get(`/staff/tickets/${ref}`, staffCookie)).text();
  return { version: /name="version" value="(\d+)"/.exec(html)![1]!, seenAt: /name="seenAt" value="(\d+)"/.exec(html)![1]! };
}

describe('who may read an attachment', () => {
  it('its requester (private link or account) and staff; another member and a wrong key get 404', async () => {
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Widget is blank' }, member);
    const answer = await post(
      `/tickets/${ref}?key=${accessKey}`,
      multipart({ body: 'Here is a screenshot.' }, [{ name: 'widget.png', bytes: await png(), type: 'image/png' }]),
    );
    expect(answer.status).toBe(303);
    const [file] = await attachmentsOf(ref);
    expect(file).toMatchObject({ original_name: 'widget.png', content_type: 'image/png', deleted_at: null });
    expect(file!.ticket_message_id).not.toBeNull();

    const page = await (await get(`/tickets/${ref}?key=${accessKey}`)).text();
    expect(page).toContain(`<img src="/tickets/${ref}/attachments/${file!.id}?key=${accessKey}&#38;thumb=1" alt="widget.png (thumbnail)"`);
    expect(page).toContain('widget.png');

    const byKey = await get(`/tickets/${ref}/attachments/${file!.id}?key=${accessKey}`);
    expect(byKey.status).toBe(200);
    expect(byKey.headers.get('content-type')).toBe('image/png');
    expect(byKey.headers.get('content-disposition')).toBe(`inline; filename="widget.png"; filename*=UTF-8''widget.png`);
    expect(byKey.headers.get('cache-control')).toBe('private, no-store');
    expect(
      Buffer.from(await byKey.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const thumb = await get(`/tickets/${ref}/attachments/${file!.id}?key=${accessKey}&thumb=1`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(320);

    expect((await get(`/tickets/${ref}/attachments/${file!.id}`, memberCookie)).status).toBe(200);
    expect((await get(`/tickets/${ref}/attachments/${file!.id}`, staffCookie)).status).toBe(200);
    expect((await get(`/tickets/${ref}/attachments/${file!.id}`, otherCookie)).status).toBe(404);
    expect((await get(`/tickets/${ref}/attachments/${file!.id}?key=wrongkey${accessKey.slice(8)}`)).status).toBe(404);
    expect((await get(`/tickets/${ref}/attachments/${file!.id}`)).status).toBe(404);
    // The id of this file under another ticket the visitor may read: still 404.
    const other = await makeTicket(server.db, { subject: 'Another' });
    expect((await get(`/tickets/${other.ref}/attachments/${file!.id}?key=${other.accessKey}`)).status).toBe(404);
  });

  it('never gives the requester the files of an internal note; staff see them', async () => {
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Export fails' });
    const stamp = await staffForm(ref);
    const sent = await post(
      `/staff/tickets/${ref}`,
      multipart({ intent: 'send', body: 'Server log for the team.', kind: 'internal', status: 'pending', savedReplyIds: '', ...stamp }, [
        { name: 'server-trace.log', bytes: new TextEncoder().encode('ERROR export job 1234 failed\n') },
      ]),
      staffCookie,
    );
    expect(sent.status).toBe(303);
    const [file] = await attachmentsOf(ref);
    expect(file!.content_type).toBe('text/plain');
    expect((await get(`/tickets/${ref}/attachments/${file!.id}?key=${accessKey}`)).status).toBe(404);
    expect(await (await get(`/tickets/${ref}?key=${accessKey}`)).text()).not.toContain('server-trace.log');
    const forStaff = await get(`/tickets/${ref}/attachments/${file!.id}`, staffCookie);
    expect(forStaff.status).toBe(200);
    expect(forStaff.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(await (await get(`/staff/tickets/${ref}`, staffCookie)).text()).toContain('server-trace.log');
  });
});

describe('uploads', () => {
  it('stores photo.png that is really HTML, sent with /contact, as text/html and serves it only as a sandboxed download', async () => {
    const html = new TextEncoder().encode('<html><body><script>fetch("/account")</script></body></html>');
    const answer = await post(
      '/contact',
      multipart(
        {
          intent: 'send',
          name: 'Robin Hale',
          email: 'robin@example.org',
          subject: 'Photo of the problem',
          description: 'The calendar shows the wrong week, see the photo.',
          category: 'other',
          urgency: 'normal',
          context: '{"searches":[],"articles":[]}',
        },
        [{ name: 'photo.png', bytes: html, type: 'image/png' }],
      ),
    );
    expect(answer.status).toBe(303);
    const location = answer.headers.get('location')!;
    const ref = /\/tickets\/(FN-\d+)/.exec(location)![1]!;
    const key = /key=([a-z2-7]+)/.exec(location)![1]!;
    const [file] = await attachmentsOf(ref);
    expect(file).toMatchObject({ original_name: 'photo.png', content_type: 'text/html', ticket_message_id: null });
    const page = await (await get(location)).text();
    expect(page).toContain('photo.png');
    expect(page).not.toContain('thumb=1');

    const served = await get(`/tickets/${ref}/attachments/${file!.id}?key=${key}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="photo.png"; filename*=UTF-8''photo.png`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(served.headers.get('cache-control')).toBe('private, no-store');
  });

  it('refuses too many files, too many bytes and a refused type with a clear message, keeping the text and storing nothing', async () => {
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Limits' });
    const log = (n: number) => ({ name: `part-${n}.log`, bytes: new TextEncoder().encode(`line ${n}\n`) });
    const tooMany = await post(`/tickets/${ref}?key=${accessKey}`, multipart({ body: 'Four logs, as asked.' }, [log(1), log(2), log(3), log(4)]));
    expect(tooMany.status).toBe(400);
    const page = await tooMany.text();
    expect(page).toContain('Please attach at most 3 files (you chose 4).');
    expect(page).toContain('Four logs, as asked.');
    expect(page).toContain('please attach them again');

    const big = { name: 'huge.log', bytes: new TextEncoder().encode('x'.repeat(400_000)) };
    const tooBig = await post(`/tickets/${ref}?key=${accessKey}`, multipart({ body: 'A big log.' }, [big]));
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('The files add up to 391 KB; the limit is 293 KB per message.');

    const exe = { name: 'fix.png', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]) };
    const refused = await post(`/tickets/${ref}?key=${accessKey}`, multipart({ body: 'Try this tool.' }, [exe]));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('“fix.png” is not a file type we accept.');

    // Far past the limit (twice it and more): refused before the body is read.
    const huge = await post(
      `/tickets/${ref}?key=${accessKey}`,
      multipart({ body: 'Everything.' }, [{ name: 'dump.log', bytes: new Uint8Array(2_000_000).fill(65) }]),
    );
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('The files are far too large: at most 293 KB per message.');

    expect(await attachmentsOf(ref)).toEqual([]);
    const messages = await server.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketRefToId(ref)!).execute();
    expect(messages).toEqual([]);
  });
});

describe('staff', () => {
  it('send a public reply whose files travel in its email, and the saved-reply insert still works on the multipart form', async () => {
    const { ref } = await makeTicket(server.db, { subject: 'Invoice missing', email: 'invoice-requester@example.org' });
    // Insert (no JavaScript) posts the multipart form and keeps the text.
    const stamp = await staffForm(ref);
    const search = await post(
      `/staff/tickets/${ref}`,
      multipart({ intent: 'search-saved', body: 'Draft kept.', savedQuery: 'nothing-matches', savedReplyIds: '' }),
      staffCookie,
    );
    expect(search.status).toBe(200);
    expect(await search.text()).toContain('Draft kept.');

    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const sent = await post(
      `/staff/tickets/${ref}`,
      multipart({ intent: 'send', body: 'Here is your invoice.', kind: 'public', status: 'pending', savedReplyIds: '', ...stamp }, [
        { name: 'invoice-1042.pdf', bytes: pdf },
      ]),
      staffCookie,
    );
    expect(sent.status).toBe(303);
    const mail = await smtp.waitFor(
      (m) => m.to !== undefined && JSON.stringify(m.to).includes('invoice-requester@example.org') && m.text?.includes('Here is your invoice.') === true,
    );
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['invoice-1042.pdf', 'application/pdf']]);
    expect(Buffer.compare(mail.attachments[0]!.content, Buffer.from(pdf))).toBe(0);
  });

  it('remove an attachment: the bytes go, "file removed by staff" is shown; a member cannot remove one', async () => {
    const { ref, accessKey } = await makeTicket(server.db, { subject: 'Remove me' });
    await post(`/tickets/${ref}?key=${accessKey}`, multipart({ body: 'Oops, that has my password.' }, [{ name: 'secret.png', bytes: await png(40, 40) }]));
    const [file] = await attachmentsOf(ref);
    expect((await post(`/staff/tickets/${ref}/attachments/${file!.id}`, multipart({}), memberCookie)).status).not.toBe(303);
    expect((await get(`/tickets/${ref}/attachments/${file!.id}?key=${accessKey}`)).status).toBe(200);

    const removed = await post(`/staff/tickets/${ref}/attachments/${file!.id}`, multipart({}), staffCookie);
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe(`/staff/tickets/${ref}?done=removed#attachment-${file!.id}`);
    const row = await server.db.selectFrom('attachments').select(['data', 'thumbnail', 'deleted_by']).where('id', '=', file!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ data: null, thumbnail: null, deleted_by: staff.id });
    expect((await get(`/tickets/${ref}/attachments/${file!.id}?key=${accessKey}`)).status).toBe(404);
    const page = await (await get(`/tickets/${ref}?key=${accessKey}`)).text();
    expect(page).toContain('secret.png — <em>file removed by staff</em>');
  });
});
