// "How did we do?": every public staff reply's email carries one-click rating
// links for it (issue 12 item 4); a solve asks the requester to rate the latest public staff
// reply, by email links (a token per request, no sign-in) and on the ticket
// page. A bad or borrowed token is not found, a rating changes within 7 days
// and not after, the ticket keeps its latest rating, and the comment reaches
// only the agent who wrote the rated reply and admins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '@/server/errors';
import { replyAsRequester, replyAsStaff } from '@/server/tickets/conversation';
import { updateTicket, updateTickets } from '@/server/tickets/desk';
import {
  RATING_CHANGE_WINDOW_MS,
  rateAsRequester,
  rateByToken,
  ratingByToken,
  ratingForRequester,
  requestSatisfaction,
  ticketSatisfactionForStaff,
} from '@/server/tickets/satisfaction';
import { getTicketForViewer, ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const T0 = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

async function ticketRow(ref: string) {
  return t.db.selectFrom('tickets').selectAll().where('id', '=', ticketRefToId(ref)!).executeTakeFirstOrThrow();
}

async function emailsOf(kind: string) {
  return t.db.selectFrom('email_outbox').selectAll().where('kind', '=', kind).orderBy('id').execute();
}

/** The token and choices of the rating links in an email's text. */
function ratingLinksIn(text: string, ref: string) {
  const links = [...text.matchAll(new RegExp(`${site.siteUrl}/tickets/${ref}/rate\\?token=([a-z0-9]+)&rating=(\\w+)`, 'g'))];
  return { tokens: [...new Set(links.map((m) => m[1]!))], ratings: links.map((m) => m[2]) };
}

/** A ticket answered and solved by `agent` in one reply; returns the rating token from its email. */
async function solvedTicket(agent: Awaited<ReturnType<typeof makeUser>>, at = T0) {
  const ticket = await makeTicket(t.db, { subject: 'Export never arrived' });
  await replyAsStaff(t.db, site, ticket.ref, agent, { body: 'Internal: export worker was stuck on queue 7.', internal: true }, at);
  await replyAsStaff(t.db, site, ticket.ref, agent, { body: 'I restarted your export; the file is in your inbox now.', status: 'solved' }, at + HOUR);
  const [email] = (await emailsOf('ticket-reply')).filter((e) => e.subject.startsWith(`[${ticket.ref}]`));
  const { tokens } = ratingLinksIn(email!.text_body, ticket.ref);
  return { ...ticket, email: email!, token: tokens[0]! };
}

describe('satisfaction requests', () => {
  it('puts the rating links in the solving reply’s email (one email, no internal note), and a link rates that reply', async () => {
    const agent = await makeUser(t.db, { role: 'staff', displayName: 'Priya from Support' });
    const { ref, email, token } = await solvedTicket(agent);
    expect(await emailsOf('ticket-satisfaction')).toEqual([]);
    expect(email.text_body).toContain('How did we do?');
    expect(ratingLinksIn(email.text_body, ref)).toEqual({ tokens: [token], ratings: ['great', 'okay', 'not_good'] });
    expect(email.text_body).not.toContain('queue 7');
    // Only the token's hash is stored.
    const stored = await t.db.selectFrom('ticket_rating_tokens').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    // Opening the link reads only (mail scanners open every link).
    const opened = await ratingByToken(t.db, ref, token, T0 + 2 * HOUR);
    expect(opened).toMatchObject({ ref, subject: 'Export never arrived', rating: null, changeable: true });
    expect(await t.db.selectFrom('ticket_ratings').selectAll().execute()).toEqual([]);

    const rated = await rateByToken(t.db, ref, token, { rating: 'great', comment: '  Fast and clear, thank you!  ' }, T0 + 3 * HOUR);
    expect(rated).toMatchObject({
      rating: 'great',
      comment: 'Fast and clear, thank you!',
      ratedAt: T0 + 3 * HOUR,
      changeableUntil: T0 + 3 * HOUR + RATING_CHANGE_WINDOW_MS,
    });
    const [rating] = await t.db.selectFrom('ticket_ratings').selectAll().execute();
    const publicReply = await t.db
      .selectFrom('ticket_messages')
      .select('id')
      .where('ticket_id', '=', ticketRefToId(ref)!)
      .where('visibility', '=', 'public')
      .executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ message_id: publicReply.id, rating: 'great' });
    expect(await ticketRow(ref)).toMatchObject({ rating: 'great', rated_at: T0 + 3 * HOUR });
  });

  it('answers a tampered token, a missing one, or another ticket’s token with not-found, recording nothing', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const first = await solvedTicket(agent);
    const second = await solvedTicket(agent);
    const tampered = `${first.token.slice(0, -1)}${first.token.endsWith('a') ? 'b' : 'a'}`;
    await expect(ratingByToken(t.db, first.ref, tampered)).rejects.toThrow(NotFoundError);
    await expect(rateByToken(t.db, first.ref, tampered, { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    await expect(rateByToken(t.db, first.ref, '', { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    // A requester cannot rate their ticket with another ticket's token, nor reach the other ticket through theirs.
    await expect(rateByToken(t.db, first.ref, second.token, { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    await expect(ratingByToken(t.db, second.ref, first.token)).rejects.toThrow(NotFoundError);
    await expect(rateByToken(t.db, 'FN-99999', first.token, { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    expect(await t.db.selectFrom('ticket_ratings').selectAll().execute()).toEqual([]);
    expect((await ticketRow(first.ref)).rating).toBeNull();
  });

  it('lets a rating change within 7 days of it, and not after', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const { ref, token } = await solvedTicket(agent);
    const ratedAt = T0 + 2 * HOUR;
    await rateByToken(t.db, ref, token, { rating: 'not_good' }, ratedAt);
    const changed = await rateByToken(
      t.db,
      ref,
      token,
      { rating: 'okay', comment: 'It works now, but it took two days.' },
      ratedAt + RATING_CHANGE_WINDOW_MS - 1,
    );
    expect(changed).toMatchObject({ rating: 'okay', ratedAt, changedAt: ratedAt + RATING_CHANGE_WINDOW_MS - 1 });
    expect((await ticketRow(ref)).rating).toBe('okay');

    const late = ratedAt + RATING_CHANGE_WINDOW_MS;
    expect(await ratingByToken(t.db, ref, token, late)).toMatchObject({ rating: 'okay', changeable: false });
    await expect(rateByToken(t.db, ref, token, { rating: 'great' }, late)).rejects.toThrow(ConflictError);
    const rows = await t.db.selectFrom('ticket_ratings').select(['rating', 'comment']).execute();
    expect(rows).toEqual([{ rating: 'okay', comment: 'It works now, but it took two days.' }]);
    expect((await ticketRow(ref)).rating).toBe('okay');
  });

  it('refuses a choice that is not great, okay or not good, and a comment past the limit', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const { ref, token } = await solvedTicket(agent);
    await expect(rateByToken(t.db, ref, token, { rating: 'superb' as never })).rejects.toThrow('Choose Great, Okay or Not good.');
    await expect(rateByToken(t.db, ref, token, { rating: 'great', comment: 'x'.repeat(2_001) })).rejects.toThrow('Keep the comment under 2,000 characters.');
    expect(await t.db.selectFrom('ticket_ratings').selectAll().execute()).toEqual([]);
  });

  it('asks by a separate email when a ticket is solved without a reply, until the reply is rated, and not when nobody answered in public', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const { ref } = await makeTicket(t.db, { name: 'Dana', email: 'dana@example.com', subject: 'Invoice address' });
    expect(await t.db.transaction().execute((trx) => requestSatisfaction(trx, site, ticketRefToId(ref)!, T0))).toBe(false);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Only admins see this.', internal: true }, T0);
    expect(await t.db.transaction().execute((trx) => requestSatisfaction(trx, site, ticketRefToId(ref)!, T0))).toBe(false);
    await replyAsStaff(t.db, site, ref, agent, { body: 'I changed the address on your next invoice.' }, T0 + HOUR);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Internal: customer asked twice; billing ticket BIL-88.', internal: true }, T0 + 2 * HOUR);
    // Every public reply's email carries its rating links; the solve asks again, now that the customer knows it is solved.
    const [replyEmail] = await emailsOf('ticket-reply');
    expect(ratingLinksIn(replyEmail!.text_body, ref).ratings).toEqual(['great', 'okay', 'not_good']);

    // Staff set the status to solved (from the ticket page): the desk asks.
    await updateTicket(t.db, site, agent, ref, { status: 'solved' }, T0 + 3 * HOUR);
    const [email] = await emailsOf('ticket-satisfaction');
    expect(email).toMatchObject({ to_address: 'dana@example.com', subject: `[${ref}] How did we do? Re: Invoice address` });
    expect(email!.text_body).not.toContain('BIL-88');
    expect(email!.text_body).not.toContain('Only admins see this');
    const { tokens, ratings } = ratingLinksIn(email!.text_body, ref);
    expect(ratings).toEqual(['great', 'okay', 'not_good']);
    expect(await ratingByToken(t.db, ref, tokens[0]!)).toMatchObject({ rating: null });
    // Its private link opens the request.
    const key = /\?key=([a-z0-9]+)/.exec(email!.text_body)?.[1];
    expect((await getTicketForViewer(t.db, ref, { user: null, accessKey: key! })).ref).toBe(ref);

    // Reopened and solved again: asked again while the reply is unrated; once rated, never again.
    await replyAsRequester(t.db, site, ref, { user: null, accessKey: key! }, 'One more question about the invoice.', T0 + 4 * HOUR);
    await updateTicket(t.db, site, agent, ref, { status: 'solved' }, T0 + 5 * HOUR);
    expect(await emailsOf('ticket-satisfaction')).toHaveLength(2);
    await rateByToken(t.db, ref, tokens[0]!, { rating: 'great' }, T0 + 5 * HOUR);
    expect(await t.db.transaction().execute((trx) => requestSatisfaction(trx, site, ticketRefToId(ref)!, T0 + 6 * HOUR))).toBe(false);
  });

  it('asks each ticket solved by a bulk action that a staff member answered in public and nobody rated yet, and none other', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const answered = await makeTicket(t.db, { email: 'answered@example.com' });
    const unanswered = await makeTicket(t.db, { email: 'unanswered@example.com' });
    const alreadyRated = await makeTicket(t.db, { email: 'already-rated@example.com' });
    await replyAsStaff(t.db, site, alreadyRated.ref, agent, { body: 'Fixed with the last release.' }, T0);
    await replyAsStaff(t.db, site, answered.ref, agent, { body: 'The sync is fixed for everyone now.' }, T0);
    // alreadyRated's customer rated the reply from its email already: nothing to ask.
    const ratedEmail = (await emailsOf('ticket-reply')).find((e) => e.to_address === 'already-rated@example.com')!;
    await rateByToken(t.db, alreadyRated.ref, ratingLinksIn(ratedEmail.text_body, alreadyRated.ref).tokens[0]!, { rating: 'great' }, T0);
    // Setting another status asks nothing.
    await updateTickets(t.db, site, agent, [answered.ref, unanswered.ref], { status: 'open' }, T0 + HOUR);
    expect(await emailsOf('ticket-satisfaction')).toEqual([]);
    await updateTickets(t.db, site, agent, [answered.ref, unanswered.ref, alreadyRated.ref], { status: 'solved' }, T0 + 2 * HOUR);
    const sent = await emailsOf('ticket-satisfaction');
    expect(sent.map((e) => e.to_address)).toEqual(['answered@example.com']);
    expect(ratingLinksIn(sent[0]!.text_body, answered.ref).ratings).toEqual(['great', 'okay', 'not_good']);
  });
});

describe('rating from the ticket page', () => {
  it('offers the latest public staff reply once solved, to the requester only, and records their choice', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const other = await makeUser(t.db);
    const { ref, accessKey } = await makeTicket(t.db);
    const requester = { user: null, accessKey };
    await replyAsStaff(t.db, site, ref, agent, { body: 'Could you send a screenshot?' }, T0);
    expect(await ratingForRequester(t.db, requester, ref, T0)).toBeNull();
    await replyAsRequester(t.db, site, ref, requester, 'Here it is.', T0 + HOUR);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Fixed: reconnect once and it syncs.', status: 'solved' }, T0 + 2 * HOUR);

    const offered = await ratingForRequester(t.db, requester, ref, T0 + 3 * HOUR);
    expect(offered).toMatchObject({ ref, rating: null, repliedAt: T0 + 2 * HOUR, changeable: true });
    expect(await ratingForRequester(t.db, { user: agent, accessKey: null }, ref)).toBeNull();
    await expect(ratingForRequester(t.db, { user: other, accessKey: null }, ref)).rejects.toThrow(NotFoundError);
    await expect(ratingForRequester(t.db, { user: null, accessKey: 'a'.repeat(32) }, ref)).rejects.toThrow(NotFoundError);

    await expect(rateAsRequester(t.db, { user: other, accessKey: null }, ref, offered!.messageId, { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    await expect(rateAsRequester(t.db, { user: agent, accessKey: null }, ref, offered!.messageId, { rating: 'great' })).rejects.toThrow(ForbiddenError);
    // A reply id from another ticket is not part of this one.
    const elsewhere = await solvedTicket(agent);
    const foreign = await t.db
      .selectFrom('ticket_messages')
      .select('id')
      .where('ticket_id', '=', ticketRefToId(elsewhere.ref)!)
      .where('visibility', '=', 'public')
      .executeTakeFirstOrThrow();
    await expect(rateAsRequester(t.db, requester, ref, foreign.id, { rating: 'not_good' })).rejects.toThrow(NotFoundError);
    expect((await ticketRow(elsewhere.ref)).rating).toBeNull();

    const rated = await rateAsRequester(t.db, requester, ref, offered!.messageId, { rating: 'great', comment: 'Thanks!' }, T0 + 3 * HOUR);
    expect(rated).toMatchObject({ rating: 'great', comment: 'Thanks!' });
    expect(await ratingForRequester(t.db, requester, ref, T0 + 4 * HOUR)).toMatchObject({ rating: 'great', comment: 'Thanks!' });
    expect(await ticketRow(ref)).toMatchObject({ rating: 'great', rated_at: T0 + 3 * HOUR });
  });

  it('keeps the ticket’s latest rating when several replies are rated', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey, token } = await solvedTicket(agent);
    await rateByToken(t.db, ref, token, { rating: 'great' }, T0 + 2 * HOUR);
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'It broke again this morning.', T0 + 24 * HOUR);
    expect((await ticketRow(ref)).status).toBe('open');
    await replyAsStaff(t.db, site, ref, agent, { body: 'The second fix is live; sorry for the trouble.', status: 'solved' }, T0 + 25 * HOUR);
    const secondEmail = (await emailsOf('ticket-reply')).at(-1)!;
    const [secondToken] = ratingLinksIn(secondEmail.text_body, ref).tokens;
    expect(secondToken).not.toBe(token);
    await rateByToken(t.db, ref, secondToken!, { rating: 'okay' }, T0 + 26 * HOUR);
    expect(await ticketRow(ref)).toMatchObject({ rating: 'okay', rated_at: T0 + 26 * HOUR });
    const staffView = await ticketSatisfactionForStaff(t.db, agent, ref);
    expect(staffView.ratings.map((r) => r.rating)).toEqual(['okay', 'great']);
    expect(staffView.latest?.rating).toBe('okay');
  });
});

describe('what staff see of a rating', () => {
  it('shows the comment to the agent who wrote the rated reply and to admins, not to other agents', async () => {
    const author = await makeUser(t.db, { role: 'staff' });
    const colleague = await makeUser(t.db, { role: 'staff' });
    const admin = await makeUser(t.db, { role: 'admin' });
    const member = await makeUser(t.db);
    const { ref, token } = await solvedTicket(author);
    expect(await ticketSatisfactionForStaff(t.db, author, ref)).toEqual({ latest: null, ratings: [] });
    await rateByToken(t.db, ref, token, { rating: 'not_good', comment: 'The agent did not read my message.' }, T0 + 2 * HOUR);

    const forAuthor = await ticketSatisfactionForStaff(t.db, author, ref);
    expect(forAuthor.latest).toMatchObject({
      rating: 'not_good',
      ratedAt: T0 + 2 * HOUR,
      agentId: author.id,
      hasComment: true,
      comment: 'The agent did not read my message.',
    });
    expect((await ticketSatisfactionForStaff(t.db, admin, ref)).latest?.comment).toBe('The agent did not read my message.');
    const forColleague = await ticketSatisfactionForStaff(t.db, colleague, ref);
    expect(forColleague.latest).toMatchObject({ rating: 'not_good', hasComment: true, comment: null });
    expect(JSON.stringify(forColleague)).not.toContain('did not read');

    await expect(ticketSatisfactionForStaff(t.db, member, ref)).rejects.toThrow(ForbiddenError);
    await expect(ticketSatisfactionForStaff(t.db, null, ref)).rejects.toThrow();
    await expect(ticketSatisfactionForStaff(t.db, author, 'FN-99999')).rejects.toThrow(NotFoundError);
  });
});
