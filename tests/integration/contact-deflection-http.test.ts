// The contact form over HTTP (issue 11 item 3): the expected first reply beside
// each urgency, in the confirmation page and in the email; suggestion links
// through /contact/open, which records the attempt and leads on only to a path
// on this site; and sending the form claims the visit's attempts for the ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketRefToId } from '@/server/tickets/tickets';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'never' });
});
afterAll(async () => server?.stop());

const HOURS = 'Monday to Friday, 09:00–17:00 Amsterdam time';
const article = '/help/calendar-sync/fix-calendar-sync-errors';

const openLink = (params: Record<string, string>) => fetch(`${server.url}/contact/open?${new URLSearchParams(params)}`, { redirect: 'manual' });
const rowsOf = (visit: string) => server.db.selectFrom('contact_deflections').selectAll().where('visit_id', '=', visit).orderBy('id').execute();

async function formVisit(): Promise<{ html: string; visit: string }> {
  const html = await (await fetch(`${server.url}/contact`)).text();
  const visit = /name="visit" value="([a-z2-7]+)"/.exec(html)?.[1];
  expect(visit).toMatch(/^[a-z2-7]{26}$/);
  return { html, visit: visit! };
}

describe('the contact form', () => {
  it('shows the expected first reply beside each urgency (the SLA targets while nothing was answered)', async () => {
    const { html } = await formVisit();
    expect(html).toContain('Expected first reply: within 30 minutes, day or night.');
    expect(html).toContain('Expected first reply: within 4 hours during support hours.');
    expect(html).toContain('Expected first reply: within 3 business days.');
    expect(html).toContain('Expected first reply: within 6 business days.');
    expect(html).toContain(`Support hours: ${HOURS}.`);
    expect(html).not.toContain('We aim to answer');
    // Each opening of the form is a new visit.
    expect((await formVisit()).visit).not.toBe((await formVisit()).visit);
  });

  it('records an opened suggestion and leads on to it; a repeat is one attempt', async () => {
    const { visit } = await formVisit();
    const opened = await openLink({ visit, type: 'article', to: article });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(article);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect((await openLink({ visit, type: 'article', to: article })).status).toBe(303);
    expect(await rowsOf(visit)).toMatchObject([{ url: article, doc_type: 'article', ticket_id: null }]);
    // A link without a visit (or a forged one) still leads on, recording nothing.
    const bare = await openLink({ to: '/community/questions/3/late-events?answers=2#answer-7' });
    expect(bare.headers.get('location')).toBe('/community/questions/3/late-events?answers=2#answer-7');
  });

  it('refuses every target off this site, recording nothing', async () => {
    const { visit } = await formVisit();
    const hostile = [
      'https://example.com/x',
      '//example.com',
      '/\\example.com',
      '/\t/example.com',
      '\\\\example.com',
      'javascript:alert(1)',
      '/.//example.com',
      '/%5c/example.com',
      '/%09/example.com',
      'http://127.0.0.1.example.com/',
      '',
    ];
    for (const to of hostile) {
      const response = await openLink({ visit, type: 'article', to });
      expect(response.status, JSON.stringify(to)).toBe(400);
      expect(response.headers.get('location'), JSON.stringify(to)).toBeNull();
    }
    // Without a `to` at all.
    expect((await openLink({ visit })).status).toBe(400);
    expect(await rowsOf(visit)).toEqual([]);
  });

  it('claims the visit for the ticket on send, and confirms the expected reply on the page and in the email', async () => {
    const { visit } = await formVisit();
    await openLink({ visit, type: 'article', to: article });
    const sent = await fetch(`${server.url}/contact`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Robin Hale',
        email: 'robin.deflection@example.org',
        subject: 'Calendar sync fails with CAL-403',
        description: 'Our admin reconnected Outlook and now every sync fails with CAL-403.',
        category: 'calendar-sync',
        urgency: 'normal',
        context: '{"searches":[],"articles":[]}',
        visit,
      }),
    });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    const ref = /\/tickets\/(FN-\d+)\?/.exec(location)![1]!;
    expect(await rowsOf(visit)).toMatchObject([{ url: article, ticket_id: ticketRefToId(ref) }]);

    const page = await (await fetch(`${server.url}${location}`)).text();
    expect(page).toMatch(
      new RegExp(`Expected first reply: within 3 business days; we answer ${HOURS}, (and we are open now|it is now outside those hours)\\.`),
    );
    const email = await server.db.selectFrom('email_outbox').selectAll().where('to_address', '=', 'robin.deflection@example.org').executeTakeFirstOrThrow();
    expect(email.text_body).toMatch(
      new RegExp(`Expected first reply: within 3 business days; we answer ${HOURS}, (and we are open now|it is now outside those hours)\\.`),
    );
    expect(email.text_body).not.toContain('We aim to answer');
  });
});
