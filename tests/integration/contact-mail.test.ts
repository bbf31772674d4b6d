// Issue 9 item 4: the contact form must not relay mail. A visitor's (unproven)
// address gets only the reference and the private link, a few times a day at
// most; a signed-in member's address gets the full confirmation; names are one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signInCookie } from '../support/sign-in';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let memberCookie: string;

const fields = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    name: 'Robin Hale',
    email: 'target@example.org',
    subject: 'Claim your prize at prize.example',
    description: 'Congratulations! Visit http://prize.example to claim the prize you have won today.',
    category: 'other',
    urgency: 'normal',
    context: '{"searches":[],"articles":[]}',
    ...overrides,
  }).toString();

const send = (body: string, cookie?: string) =>
  fetch(`${server.url}/contact`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });

const outbox = (to: string) => server.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
  await makeUser(server.db, { email: 'contact-member@hearth.test', displayName: 'Mia Member' });
  memberCookie = (await signInCookie(server, 'contact-member@hearth.test', GOOD_PASSWORD)).cookie;
});
afterAll(async () => server?.stop());

describe('contact form email', () => {
  it('sends a visitor address only the reference and the private link, three times a day at most', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(fields()));
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    const emails = await outbox('target@example.org');
    expect(emails).toHaveLength(3);
    for (const email of emails) {
      expect(email.subject).toMatch(/^\[FN-\d+\] We received your support request$/);
      expect(email.text_body).toMatch(/\/tickets\/FN-\d+\?key=[a-z2-7]+/);
      expect(email.subject + email.text_body).not.toMatch(/prize|Robin|Hale|Congratulations/i);
    }
    // The fourth request is filed; its page says no further email was sent, and still opens with the key.
    const page = await (await fetch(`${server.url}${answers[3]!.headers.get('location')}`)).text();
    expect(page).toContain('We received your request.');
    expect(page).toContain('we did not send another confirmation email');
  });

  it('sends a signed-in member the full confirmation at the account address, not the typed one', async () => {
    expect((await send(fields({ email: 'someone-else@example.org', subject: 'Sync stopped' }), memberCookie)).status).toBe(303);
    expect(await outbox('someone-else@example.org')).toHaveLength(0);
    const [email] = await outbox('contact-member@hearth.test');
    expect(email!.subject).toMatch(/^\[FN-\d+\] We received your request: Sync stopped$/);
  });

  it('refuses a name with a line break or control character, with a clear message and nothing written', async () => {
    const before = await server.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const name of ['Robin\nBcc: all@example.org', 'Robin\r\nHale', 'Robin\u0000Hale', 'Robin\u001bHale']) {
      const answer = await send(fields({ name, email: 'line-break@example.org' }));
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(await answer.text()).toContain('Write your name on one line');
    }
    const after = await server.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await outbox('line-break@example.org')).toHaveLength(0);
  });
});
