// The question page's forms over HTTP: bad input keeps what was typed, the
// domain's refusals are explained, staff moderate in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askQuestion, questionUrl } from '@/server/community/questions';
import { createUser, getUser } from '@/server/accounts/users';
import { grantReputation } from '@/server/community/reputation';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let url: string;
let questionId: number;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  for (const [email, name, role] of [
    ['asker@example.com', 'Asker Person', 'member'],
    ['newbie@example.com', 'New Person', 'member'],
    ['staff@example.com', 'Staff Person', 'staff'],
  ] as const) {
    await createUser(server.db, { email, displayName: name, role, password: 'a long enough password' });
  }
  const asker = await server.db.selectFrom('users').select('id').where('email', '=', 'asker@example.com').executeTakeFirstOrThrow();
  const q = await askQuestion(server.db, await getUser(server.db, asker.id), {
    title: 'Where do exported PDFs end up on Android?',
    body: 'I exported a note as PDF on my Pixel and cannot find the file anywhere.',
    tags: 'export android',
  });
  questionId = q.id;
  url = questionUrl(q.id, q.slug);
});
afterAll(async () => server?.stop());

const cookieFor = async (email: string) => (await signInCookie(server, email, 'a long enough password')).cookie;

/** Posts one of the question page's forms to its endpoint, as the page does: `/community/actions/<intent>` with `back` and `questionId`. */
function post(cookie: string, { intent, ...fields }: Record<string, string>) {
  return fetch(`${server.url}/community/actions/${intent}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ back: url, questionId: String(questionId), ...fields }),
  });
}

describe('question page', () => {
  it('redirects a wrong slug to the canonical address', async () => {
    const response = await fetch(`${server.url}/community/questions/${questionId}/wrong-slug`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(url);
  });

  it('keeps a too-short answer and explains, previews without posting, then posts', async () => {
    const newbie = await cookieFor('newbie@example.com');
    const short = await post(newbie, { intent: 'answer', body: 'Downloads?' });
    expect(short.status).toBe(400);
    const html = await short.text();
    expect(html).toContain('Write at least 20 characters for your answer.');
    expect(html).toContain('>Downloads?</textarea>');

    const preview = await post(newbie, { intent: 'answer', body: 'Look in **Downloads/Fieldnote** on the phone.', preview: '1' });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('<strong>Downloads/Fieldnote</strong>');
    expect(await server.db.selectFrom('answers').selectAll().execute()).toHaveLength(0);

    const ok = await post(newbie, { intent: 'answer', body: 'Look in **Downloads/Fieldnote** on the phone, or use Share → Files.' });
    expect(ok.status).toBe(303);
    // The new answer's permalink, which finds the page of answers it is on.
    expect(ok.headers.get('location')).toMatch(/^\/community\/answers\/(\d+)#answer-\1$/);
  });

  it('explains a refused vote (reputation too low) and refuses a self-vote', async () => {
    const newbie = await cookieFor('newbie@example.com');
    const refused = await post(newbie, { intent: 'vote', postType: 'question', postId: String(questionId), direction: 'up' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Vote up needs 15 reputation; you have 1.');
    const asker = await cookieFor('asker@example.com');
    const self = await post(asker, { intent: 'vote', postType: 'question', postId: String(questionId), direction: 'up' });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('You cannot vote on your own post.');
  });

  it('sends signed-out visitors to sign in instead of acting', async () => {
    const response = await post('', { intent: 'vote', postType: 'question', postId: String(questionId), direction: 'up' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(url)}`);
    expect(await server.db.selectFrom('votes').selectAll().execute()).toHaveLength(0);
  });

  it('lets staff hide an answer in place; members then no longer see it', async () => {
    const answer = await server.db.selectFrom('answers').select(['id', 'body_md']).executeTakeFirstOrThrow();
    const staff = await cookieFor('staff@example.com');
    const hide = await post(staff, { intent: 'moderate', postType: 'answer', postId: String(answer.id), action: 'hide' });
    expect(hide.status).toBe(303);
    const asker = await cookieFor('asker@example.com');
    const page = await (await fetch(`${server.url}${url}`, { headers: { Cookie: asker } })).text();
    expect(page).not.toContain('Downloads/Fieldnote');
    expect(page).toContain('No answers yet');
    const member = await post(asker, { intent: 'moderate', postType: 'answer', postId: String(answer.id), action: 'restore' });
    expect(member.status).toBe(403);
  });

  it('offers "Still stuck? Ask support" to the asker after 48 hours without answers, and the contact form links the thread', async () => {
    const asker = await server.db.selectFrom('users').select('id').where('email', '=', 'asker@example.com').executeTakeFirstOrThrow();
    const old = await askQuestion(
      server.db,
      await getUser(server.db, asker.id),
      {
        title: 'Shared notebook icons disappeared after the update',
        body: 'Since Monday the icons next to shared notebooks are gone for our whole team.',
        tags: 'sharing',
      },
      { now: Date.now() - 3 * 24 * 60 * 60_000 },
    );
    const cookie = await cookieFor('asker@example.com');
    const page = await (await fetch(`${server.url}${questionUrl(old.id, old.slug)}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Still stuck? Ask support');
    const other = await (await fetch(`${server.url}${questionUrl(old.id, old.slug)}`, { headers: { Cookie: await cookieFor('newbie@example.com') } })).text();
    expect(other).not.toContain('Still stuck? Ask support');
    const contact = await (await fetch(`${server.url}/contact?question=${old.id}&q=x`, { headers: { Cookie: cookie } })).text();
    expect(contact).toContain('You asked the community');
    expect(contact).toContain(`${questionUrl(old.id, old.slug)}`);
  });

  it('edits a question through its edit page, with a preview first and a new revision after', async () => {
    const cookie = await cookieFor('asker@example.com');
    const editUrl = `${server.url}/community/questions/${questionId}/edit`;
    const form = (intent: string, body: string) =>
      fetch(editUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent, title: 'Where do exported PDFs end up on Android phones?', body, tags: 'export android', summary: 'Clarified' }),
      });
    const preview = await form('preview', 'I exported a note as PDF on my **Pixel 8** and cannot find the file.');
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('<strong>Pixel 8</strong>');
    const tooShort = await form('save', 'Short');
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('>Short</textarea>');
    const saved = await form('save', 'I exported a note as PDF on my **Pixel 8** and cannot find the file.');
    expect(saved.status).toBe(303);
    const revisions = await (await fetch(`${server.url}/community/questions/${questionId}/revisions`)).text();
    expect(revisions).toContain('Revision 2');
    expect(revisions).toContain('Clarified');
    const other = await fetch(editUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: await cookieFor('newbie@example.com'), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        intent: 'save',
        title: 'Where do exported PDFs end up on Android phones?',
        body: 'Vandalised body text that is long enough.',
        tags: 'export',
      }),
    });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('needs 2000 reputation');
  });

  it('shows a member who may vote up but not down only the up button, and the member who may do both both', async () => {
    const voter = await createUser(server.db, { email: 'voter@example.com', displayName: 'Voter Person', role: 'member', password: 'a long enough password' });
    await grantReputation(server.db, { userId: voter.id, ruleDelta: 29, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed' });
    const cookie = await cookieFor('voter@example.com');
    const page = await (await fetch(`${server.url}${url}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Vote up this question');
    expect(page).not.toContain('Vote down this question');
    await grantReputation(server.db, { userId: voter.id, ruleDelta: 100, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed-2' });
    const later = await (await fetch(`${server.url}${url}`, { headers: { Cookie: cookie } })).text();
    expect(later).toContain('Vote up this question');
    expect(later).toContain('Vote down this question');
  });
});
