// Saved replies: placeholders filled on insert, search over title and body
// (every word, pattern characters taken literally, team filter), Markdown
// rendered once and sanitized, usage counted once per sent reply (and not at
// all when the reply is refused), and staff only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@/server/errors';
import {
  createSavedReply,
  deleteSavedReply,
  fillPlaceholders,
  filledSavedReplies,
  recordSavedReplyUse,
  savedReplies,
  savedReply,
  sendStaffReply,
  updateSavedReply,
} from '@/server/tickets/saved-replies';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const teams = ['web app', 'calendar sync', 'billing'];

describe('fillPlaceholders', () => {
  it('fills the three placeholders, with or without spaces in the braces, and leaves anything else as written', () => {
    const body = 'Hi {{requester_name}},\n\nabout {{ ticket_ref }}: {{unknown}} stays. — {{agent_name}}';
    expect(fillPlaceholders(body, { requesterName: 'Dana Ortiz', ref: 'FN-1042', agentName: 'Priya' })).toBe(
      'Hi Dana Ortiz,\n\nabout FN-1042: {{unknown}} stays. — Priya',
    );
  });

  it('takes a name literally, even when it looks like a replacement pattern', () => {
    expect(fillPlaceholders('Hello {{requester_name}}', { requesterName: "$& and $'", ref: 'FN-1', agentName: 'A' })).toBe("Hello $& and $'");
  });
});

describe('saved replies', () => {
  it('stores the Markdown source beside its sanitized HTML, and edits and deletes', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const id = await createSavedReply(
      t.db,
      staff,
      { title: 'Reconnect calendar', body: 'Open **Settings** <script>alert(1)</script>', team: 'calendar sync' },
      teams,
    );
    const stored = await savedReply(t.db, staff, id);
    expect(stored).toMatchObject({
      title: 'Reconnect calendar',
      bodySource: 'Open **Settings** <script>alert(1)</script>',
      team: 'calendar sync',
      usageCount: 0,
    });
    expect(stored.bodyHtml).toContain('<strong>Settings</strong>');
    expect(stored.bodyHtml).not.toContain('<script');

    await updateSavedReply(t.db, staff, id, { title: 'Reconnect the calendar', body: 'Select _Reconnect_.', team: null }, teams);
    const edited = await savedReply(t.db, staff, id);
    expect(edited).toMatchObject({ title: 'Reconnect the calendar', team: null });
    expect(edited.bodyHtml).toContain('<em>Reconnect</em>');

    await deleteSavedReply(t.db, staff, id);
    await expect(savedReply(t.db, staff, id)).rejects.toThrow(NotFoundError);
    await expect(deleteSavedReply(t.db, staff, id)).rejects.toThrow(NotFoundError);
  });

  it('refuses an empty title or body and a team that is not in the list, saying which field', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const error = await createSavedReply(t.db, staff, { title: ' ', body: '', team: 'space program' }, teams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({
      title: 'Give the saved reply a title.',
      body: 'Write the text of the saved reply.',
      team: 'Choose one of the teams, or none.',
    });
    expect(await savedReplies(t.db, staff)).toEqual([]);
  });

  it('finds replies by every word in the title or body, takes % literally, and filters by team', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    await createSavedReply(t.db, staff, { title: 'Refund policy', body: 'We refund within 14 days of the charge.', team: 'billing' }, teams);
    await createSavedReply(t.db, staff, { title: 'Calendar reconnect', body: 'Reconnect your Google calendar in Settings.', team: 'calendar sync' }, teams);
    await createSavedReply(t.db, staff, { title: 'Discount', body: 'Nonprofits get 50% off.', team: null }, teams);

    const titles = async (filter: Parameters<typeof savedReplies>[2]) => (await savedReplies(t.db, staff, filter)).map((r) => r.title);
    expect(await titles({})).toEqual(['Calendar reconnect', 'Discount', 'Refund policy']);
    expect(await titles({ query: 'REFUND' })).toEqual(['Refund policy']);
    expect(await titles({ query: 'google settings' })).toEqual(['Calendar reconnect']);
    expect(await titles({ query: 'google refund' })).toEqual([]);
    expect(await titles({ query: '50%' })).toEqual(['Discount']);
    expect(await titles({ query: '%' })).toEqual(['Discount']);
    expect(await titles({ team: 'billing' })).toEqual(['Refund policy']);
    expect(await titles({ query: 'calendar', team: 'billing' })).toEqual([]);
  });

  it('fills the chosen replies in the order given, skipping ones that no longer exist', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const greet = await createSavedReply(t.db, staff, { title: 'Greeting', body: 'Hi {{requester_name}},', team: null }, teams);
    const sign = await createSavedReply(t.db, staff, { title: 'Sign-off', body: 'Best, {{agent_name}} ({{ticket_ref}})', team: null }, teams);
    const filled = await filledSavedReplies(t.db, staff, [sign, 9999, greet], { requesterName: 'Dana', ref: 'FN-1001', agentName: 'Sam' });
    expect(filled).toEqual([
      { id: sign, body: 'Best, Sam (FN-1001)' },
      { id: greet, body: 'Hi Dana,' },
    ]);
  });

  it('counts a use once per sent reply, lists the most used first, and counts nothing for a refused reply', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const a = await createSavedReply(t.db, staff, { title: 'A greeting', body: 'Hi {{requester_name}},', team: null }, teams);
    const b = await createSavedReply(t.db, staff, { title: 'B sign-off', body: 'Best, {{agent_name}}', team: null }, teams);
    const { ref } = await makeTicket(t.db);
    await sendStaffReply(t.db, site, ref, staff, { body: 'Hi Dana, it is fixed. Best, Sam' }, [b, b, a]);
    await sendStaffReply(t.db, site, ref, staff, { body: 'Best, Sam' }, [b]);
    expect((await savedReplies(t.db, staff)).map((r) => [r.title, r.usageCount])).toEqual([
      ['B sign-off', 2],
      ['A greeting', 1],
    ]);
    const messages = await t.db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', ticketRefToId(ref)!).execute();
    expect(messages).toHaveLength(2);

    await expect(sendStaffReply(t.db, site, ref, staff, { body: '   ' }, [a])).rejects.toThrow(ValidationError);
    expect((await savedReply(t.db, staff, a)).usageCount).toBe(1);
    await recordSavedReplyUse(t.db, staff, [a, -1, 0]);
    expect((await savedReply(t.db, staff, a)).usageCount).toBe(2);
  });

  it('is for staff only', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const member = await makeUser(t.db);
    const id = await createSavedReply(t.db, staff, { title: 'Greeting', body: 'Hi {{requester_name}},', team: null }, teams);
    await expect(savedReplies(t.db, member)).rejects.toThrow(ForbiddenError);
    await expect(savedReplies(t.db, null)).rejects.toThrow(UnauthenticatedError);
    await expect(savedReply(t.db, member, id)).rejects.toThrow(ForbiddenError);
    await expect(createSavedReply(t.db, member, { title: 'Mine', body: 'Text', team: null }, teams)).rejects.toThrow(ForbiddenError);
    await expect(updateSavedReply(t.db, member, id, { title: 'Mine', body: 'Text', team: null }, teams)).rejects.toThrow(ForbiddenError);
    await expect(deleteSavedReply(t.db, member, id)).rejects.toThrow(ForbiddenError);
    await expect(filledSavedReplies(t.db, member, [id], { requesterName: 'x', ref: 'FN-1001', agentName: 'y' })).rejects.toThrow(ForbiddenError);
    await expect(recordSavedReplyUse(t.db, member, [id])).rejects.toThrow(ForbiddenError);
    expect(await savedReply(t.db, staff, id)).toMatchObject({ title: 'Greeting', usageCount: 0 });
  });
});
