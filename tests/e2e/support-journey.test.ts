// End-to-end, the whole support journey in Chromium: a visitor searches and
// finds nothing, contacts support with the search carried along and sees when
// to expect an answer; gets a reference and an email with a private link. An
// agent finds the request at the top of the inbox, answers with a saved reply
// edited before sending; the visitor reads it through the private link and
// replies (the request reopens); the agent solves it; the visitor rates
// "Great" from the email's link, and the agent sees the rating.
import { describe, expect, it } from 'vitest';
import { createSavedReply } from '@/server/tickets/saved-replies';
import { ticketRefToId } from '@/server/tickets/tickets';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();
const teams = ['web app', 'mobile', 'calendar sync', 'exports', 'billing', 'integrations', 'API'];

async function latestEmailTo(to: string, kind: string) {
  const row = await suite.server.db
    .selectFrom('email_outbox')
    .select(['subject', 'text_body'])
    .where('to_address', '=', to)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error(`No ${kind} email to ${to}`);
  return row;
}
const linkIn = (text: string, pattern: RegExp) => {
  const match = pattern.exec(text);
  if (!match) throw new Error(`No link like ${pattern} in:\n${text}`);
  return new URL(match[0]).pathname + new URL(match[0]).search;
};

describe('from a failed search to a rated answer', () => {
  it('carries the search to support, gets an answer, a reopen, a solve and a "Great"', async () => {
    const db = suite.server.db;
    const agent = await makeUser(db, { role: 'staff', displayName: 'Noor Agent' });
    await createSavedReply(
      db,
      agent,
      {
        title: 'Journey: printing a notebook',
        body: 'Hi {{requester_name}}, thanks for writing in about {{ticket_ref}}. Open the notebook, choose **File → Print**, and pick "Whole notebook".',
        team: null,
      },
      teams,
    );
    const query = 'print a whole notebook with zorblax margins';
    const email = 'mira.visitor@example.com';

    // The visitor searches, finds nothing, and contacts support from the results page.
    const visitor = await suite.newPage();
    await visitor.goto(`/search?q=${encodeURIComponent(query)}`);
    await visitor.getByRole('link', { name: 'Contact support' }).first().click();
    await expect.poll(() => visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Contact support');
    expect(await visitor.getByText(`You searched for “${query}”`).isVisible()).toBe(true);
    expect(await visitor.getByLabel('Subject').inputValue()).toBe(query);
    // The expected reply time is shown before sending, per urgency.
    expect(await visitor.getByRole('radio', { name: /^High/ }).locator('xpath=..').textContent()).toMatch(/within \d+/);
    await visitor.getByLabel('Your name').fill('Mira Visitor');
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByLabel('Subject').fill('Printing a whole notebook');
    await visitor
      .getByLabel('What happened?')
      .fill('I need to print every page of one notebook for a meeting, but I can only find how to print one page at a time.');
    await visitor.getByLabel('What is it about?').selectOption('notes-sharing');
    await visitor.getByRole('radio', { name: /^High/ }).check();
    await visitor.getByRole('button', { name: 'Send to support' }).click();
    await expect.poll(() => visitor.getByRole('status').first().textContent()).toContain('We received your request');
    const confirmation = (await visitor.getByRole('status').first().textContent()) ?? '';
    expect(confirmation).toMatch(/within \d+/);
    const ref = /FN-\d+/.exec(confirmation)![0];
    const ticketId = ticketRefToId(ref)!;
    const stored = await db.selectFrom('tickets').select(['context', 'first_response_due_at']).where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.context).searches).toContain(query);
    expect(stored.first_response_due_at).not.toBeNull();

    // The confirmation email carries the reference and the private link.
    const confirmationEmail = await latestEmailTo(email, 'ticket-received');
    expect(confirmationEmail.subject + confirmationEmail.text_body).toContain(ref);
    linkIn(confirmationEmail.text_body, new RegExp(`http://[^\\s]+/tickets/${ref}\\?key=[a-z0-9]+`));

    // The agent sees it at the top of the inbox (newest first) and opens it.
    const staff = await signedInPage(suite, agent.email, GOOD_PASSWORD);
    await staff.goto('/staff/tickets?sort=newest');
    const rows = staff.getByRole('list', { name: 'Requests' }).getByRole('listitem');
    expect(await rows.nth(0).textContent()).toContain('Printing a whole notebook');
    await rows.nth(0).getByRole('link', { name: 'Printing a whole notebook' }).click();
    await expect.poll(() => staff.getByRole('heading', { level: 1 }).textContent()).toBe('Printing a whole notebook');
    expect(await staff.getByRole('region', { name: 'What they tried' }).textContent()).toContain(query);

    // A saved reply, inserted, then edited before sending.
    const reply = staff.getByRole('region', { name: 'Reply' });
    await reply.getByLabel('Search saved replies').fill('printing');
    await reply.getByRole('button', { name: 'Search', exact: true }).click();
    await staff.getByRole('button', { name: 'Insert “Journey: printing a notebook”' }).click();
    const box = staff.getByLabel('Your reply');
    await expect.poll(() => box.inputValue()).toContain(`Hi Mira Visitor, thanks for writing in about ${ref}.`);
    await box.fill(`${await box.inputValue()}\n\nOn the iPad app the same option is under Share → Print.`);
    await staff.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Sent.');
    expect((await db.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow()).status).toBe('pending');

    // The visitor reads the reply through the email's private link and replies: the request reopens.
    const replyEmail = await latestEmailTo(email, 'ticket-reply');
    expect(replyEmail.subject).toBe(`[${ref}] Re: Printing a whole notebook`);
    expect(replyEmail.text_body).toContain('Share → Print');
    await visitor.goto(linkIn(replyEmail.text_body, new RegExp(`http://[^\\s]+/tickets/${ref}\\?key=[a-z0-9]+`)));
    const conversation = visitor.getByRole('region', { name: 'Conversation' });
    expect(await conversation.textContent()).toContain('On the iPad app the same option is under Share → Print.');
    await visitor.getByLabel('Your reply').fill('That works on the Mac, thank you. On the iPad I do not see Print under Share, though.');
    await visitor.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => conversation.textContent()).toContain('I do not see Print under Share');
    expect((await db.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow()).status).toBe('open');

    // The agent answers and solves it in one go.
    await staff.reload();
    await staff
      .getByLabel('Your reply')
      .fill('On the iPad, scroll the Share sheet down to the second row: Print is there. I am marking this solved; reply if it is not.');
    await staff.getByLabel('Status after a public reply').selectOption('solved');
    await staff.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => staff.getByRole('status').first().textContent()).toContain('Sent.');
    expect((await db.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow()).status).toBe('solved');

    // The visitor rates "Great" from the solving email's link.
    const solvedEmail = await latestEmailTo(email, 'ticket-reply');
    await visitor.goto(linkIn(solvedEmail.text_body, /http:\/\/[^\s]+\/tickets\/[^/\s]+\/rate\?token=[a-z0-9]+&rating=great/));
    expect(await visitor.getByRole('radio', { name: 'Great' }).isChecked()).toBe(true);
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.getByText('we recorded “Great”').waitFor();

    // The agent sees the rating on the ticket page.
    await staff.reload();
    const satisfaction = staff.getByRole('region', { name: 'Satisfaction' });
    expect(await satisfaction.textContent()).toContain('Great');
    expect(await satisfaction.textContent()).toContain('Latest rating');
    expect((await db.selectFrom('tickets').select('rating').where('id', '=', ticketId).executeTakeFirstOrThrow()).rating).toBe('great');
  });
});
