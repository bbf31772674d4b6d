// The staff ticket page's read model: internal notes with their authors, the
// requester's other tickets (same address or account, newest first, at most
// 10), the back-and-forth count behind the "consider a call" hint, the carried
// context resolved only from our own catalogs, and nobody but staff.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicQuestionLink } from '@/server/community/thread';
import { NotFoundError, UnauthenticatedError } from '@/server/errors';
import { loadHelpContent } from '@/server/help/content';
import { replyAsRequester, replyAsStaff } from '@/server/tickets/conversation';
import { backAndForthCount, staffTicketView, type ContextLinks } from '@/server/tickets/staff-view';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeQuestion, makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const help = loadHelpContent(resolve(import.meta.dirname, '../../content/help'));
const links = (): ContextLinks => ({
  article: (slug) => help.articles.find((a) => a.slug === slug),
  question: (id) => publicQuestionLink(t.db, id),
});
const view = (user: Parameters<typeof staffTicketView>[1], ref: string) => staffTicketView(t.db, user, ref, links());
const T0 = Date.UTC(2026, 10, 23, 10);
const HOUR = 3_600_000;

describe('staff ticket view', () => {
  it('shows the conversation with internal notes, each with its author', async () => {
    const agent = await makeUser(t.db, { role: 'staff', displayName: 'Priya from Support' });
    const { ref, accessKey } = await makeTicket(t.db, { name: 'Dana Ortiz', subject: 'Export never arrived' });
    await replyAsStaff(t.db, site, ref, agent, { body: 'Internal: retry queue **7**.', internal: true }, T0);
    await replyAsStaff(t.db, site, ref, agent, { body: 'I restarted your export.' }, T0 + HOUR);
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'Thanks, it arrived.', T0 + 2 * HOUR);

    const v = await view(agent, ref);
    expect(v).toMatchObject({ ref, subject: 'Export never arrived', status: 'open', tier: 1, team: 'calendar sync', tags: ['how-to'], assignee: null });
    expect(v.requester).toMatchObject({ name: 'Dana Ortiz', hasAccount: false });
    expect(v.messages.map((m) => [m.visibility, m.authorName])).toEqual([
      ['internal', 'Priya from Support'],
      ['public', 'Priya from Support'],
      ['public', 'Dana Ortiz'],
    ]);
    expect(v.messages[0]!.html).toContain('<strong>7</strong>');
    expect(v.agents.map((a) => a.name)).toContain('Priya from Support');
    expect(v.teams).toContain('calendar sync');
    expect(v.categoryTags).toContain('feature request');
  });

  it("lists the requester's other tickets, by address or account, newest first, at most 10, and nobody else's", async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db, { email: 'lena@example.com', displayName: 'Lena' });
    const before = await makeTicket(t.db, { email: 'lena@example.com', subject: 'Sent before signing up' });
    const refs: string[] = [];
    for (let i = 0; i < 11; i++) refs.push((await makeTicket(t.db, { subject: `Question ${i}` }, member)).ref);
    await makeTicket(t.db, { email: 'someone@example.com', subject: 'Somebody else' });
    // Spread the creation times so "newest first" is by creation, not by id.
    for (const [i, ref] of refs.entries())
      await t.db
        .updateTable('tickets')
        .set({ created_at: T0 + i * HOUR })
        .where('id', '=', ticketRefToId(ref)!)
        .execute();
    await t.db
      .updateTable('tickets')
      .set({ created_at: T0 + 100 * HOUR, status: 'solved' })
      .where('id', '=', ticketRefToId(before.ref)!)
      .execute();

    const v = await view(agent, refs[0]!);
    expect(v.otherTickets).toHaveLength(10);
    expect(v.otherTickets[0]).toMatchObject({ ref: before.ref, subject: 'Sent before signing up', status: 'solved' });
    expect(v.otherTickets.slice(1).map((o) => o.subject)).toEqual([
      'Question 10',
      'Question 9',
      'Question 8',
      'Question 7',
      'Question 6',
      'Question 5',
      'Question 4',
      'Question 3',
      'Question 2',
    ]);
    expect(v.otherTickets.map((o) => o.subject)).not.toContain('Somebody else');
    expect(v.otherTickets.map((o) => o.ref)).not.toContain(refs[0]);
  });

  it('counts the changes of speaker in public, not notes, and suggests a call from 3', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db);
    const requester = { user: null, accessKey };
    await replyAsRequester(t.db, site, ref, requester, 'Also, the widget is empty.', T0);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Note: maybe the iOS cache.', internal: true }, T0 + 1);
    expect((await view(agent, ref)).backAndForth).toBe(0);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Please reinstall the widget.' }, T0 + 2);
    await replyAsRequester(t.db, site, ref, requester, 'Still empty.', T0 + 3);
    const two = await view(agent, ref);
    expect([two.backAndForth, two.suggestCall]).toEqual([2, false]);
    await replyAsStaff(t.db, site, ref, agent, { body: 'Which iOS version?' }, T0 + 4);
    const three = await view(agent, ref);
    expect([three.backAndForth, three.suggestCall]).toEqual([3, true]);
    expect(
      backAndForthCount([
        { authorRole: 'staff', visibility: 'public' },
        { authorRole: 'staff', visibility: 'public' },
        { authorRole: 'requester', visibility: 'internal' },
      ]),
    ).toBe(1);
  });

  it('turns the carried context into our own links only: searches encoded, known article slugs, public questions by id', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const asker = await makeUser(t.db);
    const { id: questionId } = await makeQuestion(t.db, asker, { title: 'Google Calendar events appear twice after reconnecting' });
    const article = help.articles[0]!;
    const { ref } = await makeTicket(t.db, {
      context: {
        searches: ['sync "twice" & <b>', 'https://evil.example/x'],
        articles: [article.slug, 'https://evil.example/phish', 'no-such-article'],
        questionId,
      },
    });
    const v = await view(agent, ref);
    expect(v.context.searches).toEqual([
      { text: 'sync "twice" & <b>', href: '/search?q=sync%20%22twice%22%20%26%20%3Cb%3E' },
      { text: 'https://evil.example/x', href: '/search?q=https%3A%2F%2Fevil.example%2Fx' },
    ]);
    expect(v.context.articles).toEqual([{ title: article.title, href: article.path }]);
    expect(v.context.question?.title).toBe('Google Calendar events appear twice after reconnecting');
    expect(v.context.question?.href).toMatch(new RegExp(`^/community/questions/${questionId}/`));
    expect(JSON.stringify(v.context)).not.toContain('href":"https://');

    // A question that is no longer public is not linked.
    await t.db.updateTable('questions').set({ visibility: 'hidden' }).where('id', '=', questionId).execute();
    expect((await view(agent, ref)).context.question).toBeNull();
  });

  it('is for staff only: a member (even the requester), a guessed reference and a signed-out visitor are refused', async () => {
    const agent = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const { ref } = await makeTicket(t.db, {}, member);
    await expect(view(member, ref)).rejects.toThrow(NotFoundError);
    await expect(view(null, ref)).rejects.toThrow(UnauthenticatedError);
    await expect(view(agent, 'FN-99999')).rejects.toThrow(NotFoundError);
    await expect(view(agent, 'not-a-ref')).rejects.toThrow(NotFoundError);
    expect((await view(agent, ref)).requester.hasAccount).toBe(true);
  });
});
