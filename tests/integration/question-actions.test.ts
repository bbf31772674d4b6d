// The question page's action endpoints over HTTP (/community/actions/*):
// success goes back to the post with a 303, a refusal renders the page with
// the message beside the right form and the draft kept; comments are flagged
// and moderated in place; the page shows only what the domain would accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { postAnswer } from '@/server/community/answers';
import { addComment } from '@/server/community/comments';
import { suspendUser } from '@/server/community/moderation';
import { askQuestion, questionUrl } from '@/server/community/questions';
import { grantReputation } from '@/server/community/reputation';
import { GOOD_PASSWORD, makeFlagger, makeUser, site } from '../support/factories';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let asker: SessionUser;
let answerer: SessionUser;
let staff: SessionUser;
let url: string;
let questionId: number;
let answerId: number;
let commentId: number;
const cookies: Record<string, string> = {};

const cookieFor = async (email: string) => (await signInCookie(server, email, GOOD_PASSWORD)).cookie;

const give = (user: SessionUser, points: number, source: string) =>
  grantReputation(server.db, { userId: user.id, ruleDelta: points, reason: 'answer_accepted', postType: null, postId: null, source });

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  const db = server.db;
  // The asker flags a comment below, which needs the flag privilege.
  asker = await makeFlagger(db, { email: 'actions-asker@hearth.test', displayName: 'Ada Asker' });
  answerer = await makeUser(db, { email: 'actions-answerer@hearth.test', displayName: 'Ben Answerer' });
  staff = await makeUser(db, { email: 'actions-staff@hearth.test', displayName: 'Sam Staff', role: 'staff' });
  const member = await makeUser(db, { email: 'actions-member@hearth.test', displayName: 'Mo Member' });
  const suspended = await makeUser(db, { email: 'actions-suspended@hearth.test', displayName: 'Sue Suspended' });
  await give(member, 200, 'test:member');
  await give(suspended, 200, 'test:suspended');
  const q = await askQuestion(db, asker, {
    title: 'Why does the widget show yesterday’s agenda?',
    body: 'The home screen widget shows yesterday until I open the app.',
    tags: 'widget android',
  });
  questionId = q.id;
  url = questionUrl(q.id, q.slug);
  ({ id: answerId } = await postAnswer(db, site, answerer, q.id, 'Allow background activity for Fieldnote in the battery settings.'));
  ({ id: commentId } = await addComment(db, site, answerer, { postType: 'answer', postId: answerId }, 'Visit cheap-watches.example for deals'));
  await suspendUser(db, staff, suspended.id, { days: 3, reason: 'Posting advertising links' });
  for (const who of ['asker', 'answerer', 'staff', 'member', 'suspended']) cookies[who] = await cookieFor(`actions-${who}@hearth.test`);
});
afterAll(async () => server?.stop());

function act(who: string | null, action: string, fields: Record<string, string>) {
  return fetch(`${server.url}/community/actions/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(who ? { Cookie: cookies[who]! } : {}) },
    body: new URLSearchParams({ back: url, ...fields }),
  });
}

const page = async (who: string | null, path = url) => (await fetch(`${server.url}${path}`, { headers: who ? { Cookie: cookies[who]! } : {} })).text();

describe('action endpoints', () => {
  it('keeps a refused comment beside its form, with the status and what was typed, and writes nothing', async () => {
    const tooShort = await act('member', 'comment', { postType: 'answer', postId: String(answerId), comment: 'Hm' });
    expect(tooShort.status).toBe(400);
    const html = await tooShort.text();
    expect(html).toContain(`id="comment-answer-${answerId}-error"`);
    expect(html).toContain('Write at least 5 characters for your comment.');
    expect(html).toMatch(new RegExp(`id="comment-answer-${answerId}"[^>]*>Hm</textarea>`));
    const comments = await server.db.selectFrom('comments').select('id').execute();
    expect(comments).toHaveLength(1);
  });

  it('posts a comment and goes back to it with a 303', async () => {
    const response = await act('member', 'comment', { postType: 'question', postId: String(questionId), comment: 'Which Android version is this on?' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#comment-\\d+$`));
  });

  it('shows the asker the unread notification in the header (counted once per request by the middleware)', async () => {
    // Ben's answer and Mo's comment.
    const html = await page('asker');
    expect(html).toMatch(/<span class="count">2<\/span>\s*<span class="visually-hidden"> unread<\/span>/);
    expect(await page('member')).not.toContain('class="count"');
    expect(await page(null)).not.toContain('href="/notifications"');
  });

  it('refuses bad requests without acting: no page to return to, a form it does not understand, a GET, a POST to the page itself', async () => {
    const noBack = await fetch(`${server.url}/community/actions/vote`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.member!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ back: '//evil.example/', postType: 'question', postId: String(questionId), direction: 'up' }),
    });
    expect(noBack.status).toBe(400);
    const garbled = await act('member', 'vote', { postType: 'question', postId: String(questionId), direction: 'sideways' });
    expect(garbled.status).toBe(400);
    expect(await garbled.text()).toContain('That action was not understood. Please try again.');
    expect(await server.db.selectFrom('votes').selectAll().execute()).toHaveLength(0);
    const get = await fetch(`${server.url}/community/actions/vote`, { redirect: 'manual' });
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toBe('/');
    const old = await fetch(`${server.url}${url}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.member!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'vote' }),
    });
    expect(old.status).toBe(405);
  });

  it('lets the asker accept and undo, and staff verify, each back at the answer', async () => {
    const accept = await act('asker', 'accept', { answerId: String(answerId) });
    expect(accept.status).toBe(303);
    // The accepted answer moves to the top of page 1: its permalink finds it.
    expect(accept.headers.get('location')).toBe(`/community/answers/${answerId}#answer-${answerId}`);
    expect(await page('asker')).toContain('Undo accept');
    const undo = await act('asker', 'unaccept', { questionId: String(questionId) });
    expect(undo.status).toBe(303);
    const notAsker = await act('member', 'accept', { answerId: String(answerId) });
    expect(notAsker.status).toBe(403);
    expect(await notAsker.text()).toContain('Only the person who asked can accept an answer.');
    const verify = await act('staff', 'verify', { answerId: String(answerId), verified: 'true' });
    expect(verify.status).toBe(303);
    expect(await page(null)).toContain('Verified by staff');
  });

  it('shows a suspended member the domain’s suspension message and no controls that would be refused', async () => {
    const html = await page('suspended');
    expect(html).toMatch(/Your account is suspended until \d{4}-\d\d-\d\d \d\d:\d\d UTC: Posting advertising links\. You can still read everything\./);
    for (const control of ['Vote up this', 'Vote down this', 'Add a comment', 'Send flag', 'Post your answer', 'Close question'])
      expect(html, control).not.toContain(control);
    const vote = await act('suspended', 'vote', { postType: 'question', postId: String(questionId), direction: 'up' });
    expect(vote.status).toBe(403);
  });

  it('lets staff lock the question; then nobody sees vote buttons, members cannot answer, staff still can', async () => {
    expect((await act('staff', 'lock', { questionId: String(questionId), locked: 'true' })).status).toBe(303);
    const member = await page('member');
    expect(member).not.toContain('Vote up this');
    expect(member).toContain('This question is locked: it takes no new answers.');
    const staffPage = await page('staff');
    expect(staffPage).not.toContain('Vote up this');
    expect(staffPage).toContain('Post your answer');
    const refused = await act('member', 'answer', { questionId: String(questionId), body: 'Restart the phone after allowing background activity.' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('>Restart the phone after allowing background activity.</textarea>');
    expect((await act('staff', 'lock', { questionId: String(questionId), locked: 'false' })).status).toBe(303);
  });
});

describe('comments are flagged and moderated', () => {
  it('offers a flag on someone else’s comment, takes it and says thank you', async () => {
    const html = await page('asker');
    expect(html).toContain(`id="flag-comment-${commentId}"`);
    expect(await page('answerer')).not.toContain(`id="flag-comment-${commentId}"`);
    const response = await fetch(`${server.url}/community/flag`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.asker!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ postType: 'comment', postId: String(commentId), reason: 'spam', note: 'Advertising', back: url }),
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(`${url}?flagged=1#comment-${commentId}`);
    expect(await page('asker', location.split('#')[0])).toContain('Thank you: staff will look at what you flagged.');
  });

  it('lists the comment flag in the staff queue with its text and a link to the comment', async () => {
    const html = await page('staff', '/staff/moderation');
    expect(html).toContain(`Comment on “Why does the widget show yesterday’s agenda?”`);
    expect(html).toContain('Visit cheap-watches.example for deals');
    expect(html).toContain(`href="/community/answers/${answerId}#comment-${commentId}"`);
    expect(html).toContain(`name="postType" value="comment"`);
  });

  it('lets staff hide the comment in place; members then no longer see it, staff and its author see it marked', async () => {
    expect(await page('staff')).toContain(`name="postType" value="comment"`);
    const member = await act('member', 'moderate', { postType: 'comment', postId: String(commentId), action: 'hide' });
    expect(member.status).toBe(403);
    expect(await member.text()).toContain('Only staff can moderate the community.');
    const hide = await act('staff', 'moderate', { postType: 'comment', postId: String(commentId), action: 'hide' });
    expect(hide.status).toBe(303);
    expect(hide.headers.get('location')).toBe(`${url}#comment-${commentId}`);
    expect(await page('member')).not.toContain('cheap-watches');
    expect(await page(null)).not.toContain('cheap-watches');
    for (const who of ['staff', 'answerer']) {
      const html = await page(who);
      expect(html).toContain('cheap-watches');
      expect(html).toContain('This comment is hidden pending review.');
    }
    expect(await page('staff', '/staff/moderation')).not.toContain('Visit cheap-watches.example for deals');
    const restore = await act('staff', 'moderate', { postType: 'comment', postId: String(commentId), action: 'restore' });
    expect(restore.status).toBe(303);
    expect(await page('member')).toContain('cheap-watches');
  });

  it('lets staff delete a comment in place', async () => {
    const response = await act('staff', 'moderate', { postType: 'comment', postId: String(commentId), action: 'delete' });
    expect(response.status).toBe(303);
    expect(await page('answerer')).not.toContain('cheap-watches');
    expect(await page('staff')).toContain('This comment is deleted.');
  });
});
