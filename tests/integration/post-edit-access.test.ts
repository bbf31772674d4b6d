// Who may open the edit pages of questions and answers, over HTTP. Chosen:
// a visitor is sent to sign in; a hidden post opens only for its author and
// staff (anyone else: 404, as if it did not exist); a deleted post opens for
// nobody (404: restore it first); a visible post opens for its author and
// staff, and anyone else without "edit others" gets 403 with the reason (the
// text is public anyway, so there is nothing to hide).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer, setAnswerVisibility } from '@/server/community/answers';
import { askQuestion, setQuestionVisibility } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { GOOD_PASSWORD, makeUser, site } from '../support/factories';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let author: SessionUser;
const ids: Record<'question' | 'answer', Record<'visible' | 'hidden' | 'deleted', number>> = {
  question: { visible: 0, hidden: 0, deleted: 0 },
  answer: { visible: 0, hidden: 0, deleted: 0 },
};
const bodyOf = (type: string, state: string) => `The ${state} ${type} body text, secret-${type}-${state}.`;
const cookies: Record<string, string> = {};

const cookieFor = async (email: string) => (await signInCookie(server, email, GOOD_PASSWORD)).cookie;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  const db = server.db;
  author = await makeUser(db, { email: 'edit-author@hearth.test' });
  // Past the new-member posting limit (3 an hour): this author posts seven times.
  await grantReputation(db, { userId: author.id, ruleDelta: 20, reason: 'answer_accepted', postType: null, postId: null, source: 'test:seed' });
  await makeUser(db, { email: 'edit-member@hearth.test' });
  await makeUser(db, { email: 'edit-staff@hearth.test', role: 'staff' });
  const host = await askQuestion(db, author, {
    title: 'Which export formats does the desktop app offer?',
    body: 'I need a list of every export format on Windows.',
    tags: 'export',
  });
  for (const state of ['visible', 'hidden', 'deleted'] as const) {
    const q = await askQuestion(db, author, { title: `An edit access question that is ${state}`, body: bodyOf('question', state), tags: 'export' });
    const a = await postAnswer(db, site, author, host.id, bodyOf('answer', state));
    ids.question[state] = q.id;
    ids.answer[state] = a.id;
    if (state !== 'visible') {
      await setQuestionVisibility(db, q.id, state, 'staff');
      await setAnswerVisibility(db, a.id, state, 'staff');
    }
  }
  for (const who of ['author', 'member', 'staff']) cookies[who] = await cookieFor(`edit-${who}@hearth.test`);
});
afterAll(async () => server?.stop());

async function openEdit(type: 'question' | 'answer', state: 'visible' | 'hidden' | 'deleted', who?: string) {
  const response = await fetch(`${server.url}/community/${type}s/${ids[type][state]}/edit`, {
    redirect: 'manual',
    headers: who ? { Cookie: cookies[who]! } : {},
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

describe.each(['question', 'answer'] as const)('the %s edit page', (type) => {
  it('sends a visitor to sign in, whatever the post', async () => {
    for (const state of ['visible', 'hidden', 'deleted'] as const) {
      const { status, location, html } = await openEdit(type, state);
      expect([302, 303]).toContain(status);
      expect(location).toBe(`/signin?next=${encodeURIComponent(`/community/${type}s/${ids[type][state]}/edit`)}`);
      expect(html).not.toContain(`secret-${type}-${state}`);
    }
  });

  it('answers 404 to a member for hidden and deleted posts, and 403 with the reason for a visible one', async () => {
    for (const state of ['hidden', 'deleted'] as const) {
      const { status, html } = await openEdit(type, state, 'member');
      expect(status, state).toBe(404);
      expect(html).not.toContain(`secret-${type}-${state}`);
    }
    const visible = await openEdit(type, 'visible', 'member');
    expect(visible.status).toBe(403);
    expect(visible.html).toContain('needs 2000 reputation');
    expect(visible.html).not.toContain('<textarea');
  });

  it('opens visible and hidden posts for the author and staff, and deleted posts for nobody', async () => {
    for (const who of ['author', 'staff']) {
      for (const state of ['visible', 'hidden'] as const) {
        const { status, html } = await openEdit(type, state, who);
        expect(status, `${who} ${state}`).toBe(200);
        expect(html).toContain(`secret-${type}-${state}.</textarea>`);
      }
      const deleted = await openEdit(type, 'deleted', who);
      expect(deleted.status, `${who} deleted`).toBe(404);
      expect(deleted.html).not.toContain(`secret-${type}-deleted`);
    }
  });

  it('refuses a save by a member on a hidden post with 404 and changes nothing', async () => {
    const response = await fetch(`${server.url}/community/${type}s/${ids[type].hidden}/edit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.member!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        intent: 'save',
        title: 'A vandalised title that is long enough',
        body: 'Vandalised body text that is long enough.',
        tags: 'export',
      }),
    });
    expect(response.status).toBe(404);
    const table = type === 'question' ? 'questions' : 'answers';
    const row = await server.db.selectFrom(table).select('body_md').where('id', '=', ids[type].hidden).executeTakeFirstOrThrow();
    expect(row.body_md).toBe(bodyOf(type, 'hidden'));
  });
});
