// Issue 12 item 3 over HTTP: members upload images into questions and answers
// (new members fewer an hour, suspended and signed-out people not at all, only
// the four image types by their bytes), the images are served from
// /uploads/<id>/<name> with their type and safe headers, and avatars replace
// one another.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSuspension } from '@/server/accounts/users';
import { questionUrl } from '@/server/community/questions';
import { makeMemberWithReputation, makeQuestion, makeUser, sessionCookie } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let png: Uint8Array;
let jpeg: Uint8Array;

async function picture(width: number, height: number, format: 'png' | 'jpeg'): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  return new Uint8Array(await (format === 'png' ? image.png() : image.jpeg()).toBuffer());
}

function form(fields: Record<string, string>, files: Record<string, Array<{ name: string; bytes: Uint8Array; type?: string }>> = {}): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const [key, list] of Object.entries(files))
    for (const f of list) data.append(key, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/png' }), f.name);
  return data;
}

async function upload(cookie: string | null, files: Array<{ name: string; bytes: Uint8Array; type?: string }>) {
  const response = await fetch(`${server.url}/community/images/upload`, {
    method: 'POST',
    headers: { Origin: server.url, ...(cookie && { Cookie: cookie }) },
    body: form({}, { images: files }),
  });
  return { status: response.status, body: (await response.json()) as { images?: { id: number; url: string; markdown: string }[]; error?: string } };
}

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  png = await picture(40, 30, 'png');
  jpeg = await picture(600, 300, 'jpeg');
}, 120_000);
afterAll(async () => server?.stop());

describe('uploading images for posts', () => {
  it('stores an image from an established member and serves it inline with its detected type', async () => {
    const member = await makeMemberWithReputation(server.db, 21);
    const { status, body } = await upload(await sessionCookie(server.db, member), [{ name: 'sync error.png', bytes: png }]);
    expect(status).toBe(201);
    const [image] = body.images!;
    expect(image!.url).toMatch(/^\/uploads\/\d+\/[^/]+$/);
    expect(image!.markdown).toBe(`![sync error](${image!.url})`);

    const served = await fetch(`${server.url}${image!.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe('inline');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
  });

  it('refuses visitors, suspended members, and new members past their hourly images', async () => {
    expect((await upload(null, [{ name: 'a.png', bytes: png }])).status).toBe(401);

    const suspended = await makeUser(server.db);
    await setSuspension(server.db, suspended.id, Date.now() + 86_400_000, 'Spam');
    const refusal = await upload(await sessionCookie(server.db, suspended), [{ name: 'a.png', bytes: png }]);
    expect(refusal.status).toBe(403);
    expect(refusal.body.error).toMatch(/suspended/);

    const newcomer = await makeUser(server.db);
    const cookie = await sessionCookie(server.db, newcomer);
    expect(
      (
        await upload(cookie, [
          { name: 'one.png', bytes: png },
          { name: 'two.png', bytes: png },
        ])
      ).status,
    ).toBe(201);
    // Two of three used: two more at once do not fit, one does, and then none.
    const both = await upload(cookie, [
      { name: 'three.png', bytes: png },
      { name: 'four.png', bytes: png },
    ]);
    expect(both.status).toBe(429);
    expect(both.body.error).toMatch(/New members can upload 3 images an hour/);
    expect((await upload(cookie, [{ name: 'three.png', bytes: png }])).status).toBe(201);
    expect((await upload(cookie, [{ name: 'four.png', bytes: png }])).status).toBe(429);
  });

  it('refuses files that are not images, whatever they are called', async () => {
    const member = await makeMemberWithReputation(server.db, 11);
    const cookie = await sessionCookie(server.db, member);
    const html = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const disguised = await upload(cookie, [{ name: 'innocent.png', bytes: html, type: 'image/png' }]);
    expect(disguised.status).toBe(400);
    expect(disguised.body.error).toBeTruthy();
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect((await upload(cookie, [{ name: 'manual.pdf', bytes: pdf, type: 'application/pdf' }])).status).toBe(400);
    const count = await server.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('uploaded_by', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('serves no support attachment, deleted image or wrong name from /uploads/', async () => {
    const member = await makeMemberWithReputation(server.db, 11);
    const { body } = await upload(await sessionCookie(server.db, member), [{ name: 'kept.png', bytes: png }]);
    const [image] = body.images!;
    expect((await fetch(`${server.url}/uploads/${image!.id}/other.png`)).status).toBe(404);

    const ticketFile = await server.db
      .insertInto('attachments')
      .values({
        owner_kind: 'ticket',
        ticket_id: null,
        ticket_message_id: null,
        uploaded_by: member.id,
        sha256: 'x'.repeat(64),
        size: png.byteLength,
        content_type: 'image/png',
        original_name: 'invoice.png',
        data: Buffer.from(png),
        width: 40,
        height: 30,
        thumbnail: null,
        thumbnail_type: null,
        created_at: Date.now(),
        deleted_at: null,
        deleted_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await fetch(`${server.url}/uploads/${ticketFile.id}/invoice.png`)).status).toBe(404);

    await server.db.updateTable('attachments').set({ deleted_at: Date.now() }).where('id', '=', image!.id).execute();
    expect((await fetch(`${server.url}${image!.url}`)).status).toBe(404);
  });
});

describe('images in the ask and answer forms without JavaScript', () => {
  it('adds the chosen image to the question, where it shows inline', async () => {
    const member = await makeMemberWithReputation(server.db, 11);
    const cookie = await sessionCookie(server.db, member);
    const response = await fetch(`${server.url}/community/ask`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookie },
      body: form(
        { title: 'The sync dialog shows a red banner after login', body: 'After signing in the sync dialog shows this banner:', tags: 'sync', intent: 'post' },
        { images: [{ name: 'banner.jpg', bytes: jpeg, type: 'image/jpeg' }] },
      ),
    });
    expect(response.status).toBe(303);
    const page = await (await fetch(`${server.url}${response.headers.get('location')}`)).text();
    const src = /<img src="(\/uploads\/\d+\/banner\.jpg)"/.exec(page)?.[1];
    expect(src).toBeDefined();
    expect((await fetch(`${server.url}${src}`)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('keeps what was typed and says why when the image is refused', async () => {
    const member = await makeMemberWithReputation(server.db, 11);
    const response = await fetch(`${server.url}/community/ask`, {
      method: 'POST',
      headers: { Origin: server.url, Cookie: await sessionCookie(server.db, member) },
      body: form(
        { title: 'Export stops halfway through the year', body: 'The export stops in June every time I run it.', tags: 'export', intent: 'post' },
        { images: [{ name: 'notes.png', bytes: new TextEncoder().encode('just some text'), type: 'image/png' }] },
      ),
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('The export stops in June every time I run it.');
    expect(page).toContain('id="field-body-images-error"');
  });

  it('adds the chosen image to an answer', async () => {
    const asker = await makeUser(server.db);
    const question = await makeQuestion(server.db, asker);
    const answerer = await makeMemberWithReputation(server.db, 11);
    const back = questionUrl(question.id, question.slug);
    const response = await fetch(`${server.url}/community/actions/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: await sessionCookie(server.db, answerer) },
      body: form(
        { back, questionId: String(question.id), body: 'Open Settings, then Sync, and press the button shown here:' },
        { images: [{ name: 'settings.png', bytes: png }] },
      ),
    });
    expect(response.status).toBe(303);
    const answer = await server.db.selectFrom('answers').select(['body_md', 'body_html']).where('question_id', '=', question.id).executeTakeFirstOrThrow();
    expect(answer.body_md).toMatch(/!\[settings\]\(\/uploads\/\d+\/settings\.png\)/);
    expect(answer.body_html).toMatch(/<img src="\/uploads\/\d+\/settings\.png"/);
  });
});

describe('a refused answer keeps its uploaded image', () => {
  it('puts the image’s Markdown back into the answer box with the refusal', async () => {
    // Just under the longest answer allowed, so the image's Markdown takes it over.
    const long = 'Restart the sync. '.repeat(1665).trim();
    const question = await makeQuestion(server.db, await makeUser(server.db));
    const answerer = await makeMemberWithReputation(server.db, 11);
    const response = await fetch(`${server.url}/community/actions/answer`, {
      method: 'POST',
      headers: { Origin: server.url, Cookie: await sessionCookie(server.db, answerer) },
      body: form(
        { back: questionUrl(question.id, question.slug), questionId: String(question.id), body: long },
        { images: [{ name: 'short.png', bytes: png }] },
      ),
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Keep your answer under 30,000 characters.');
    expect(page).toMatch(/Restart the sync\.\n\n!\[short\]\(\/uploads\/\d+\/short\.png\)\n<\/textarea>/);
  });
});

describe('avatars', () => {
  async function postAvatar(cookie: string, bytes: Uint8Array, name = 'me.jpg') {
    return fetch(`${server.url}/account`, {
      method: 'POST',
      headers: { Origin: server.url, Cookie: cookie },
      body: form({ form: 'avatar' }, { avatar: [{ name, bytes, type: 'image/jpeg' }] }),
    });
  }

  it('crops the picture to a square, shows it on the profile, and replaces the previous one', async () => {
    const member = await makeUser(server.db, { displayName: 'Ada Avatar' });
    const cookie = await sessionCookie(server.db, member);
    const first = await postAvatar(cookie, jpeg);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Your new avatar is saved.');
    const before = await server.db.selectFrom('users').select('avatar_attachment_id').where('id', '=', member.id).executeTakeFirstOrThrow();
    const firstRow = await server.db
      .selectFrom('attachments')
      .select(['id', 'original_name', 'owner_kind', 'width', 'height'])
      .where('id', '=', before.avatar_attachment_id!)
      .executeTakeFirstOrThrow();
    expect(firstRow).toMatchObject({ owner_kind: 'avatar', width: 256, height: 256 });
    const firstUrl = `/uploads/${firstRow.id}/${firstRow.original_name}`;
    const served = await fetch(`${server.url}${firstUrl}`);
    expect(served.status).toBe(200);
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);

    await postAvatar(cookie, png, 'second.png');
    const after = await server.db.selectFrom('users').select('avatar_attachment_id').where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(after.avatar_attachment_id).not.toBe(before.avatar_attachment_id);
    expect((await fetch(`${server.url}${firstUrl}`)).status).toBe(404);

    const profile = await (await fetch(`${server.url}/users/${member.id}/ada-avatar`)).text();
    expect(profile).toMatch(new RegExp(`<img class="avatar[^"]*" src="/uploads/${after.avatar_attachment_id}/`));
    expect(profile).not.toContain(firstUrl);
  });

  it('refuses a file that is not a picture and keeps the initials', async () => {
    const member = await makeUser(server.db, { displayName: 'Ben Blank' });
    const response = await postAvatar(await sessionCookie(server.db, member), new TextEncoder().encode('<html>not a picture</html>'), 'me.png');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('That file is not a PNG, JPEG, GIF or WebP picture.');
    const row = await server.db.selectFrom('users').select('avatar_attachment_id').where('id', '=', member.id).executeTakeFirstOrThrow();
    expect(row.avatar_attachment_id).toBeNull();
    const profile = await (await fetch(`${server.url}/users/${member.id}/ben-blank`)).text();
    expect(profile).toMatch(/<span class="avatar initials[^"]*"[^>]*>\s*BB\s*<\/span>/);
  });
});
