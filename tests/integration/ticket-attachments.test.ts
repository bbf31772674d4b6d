// Ticket attachments in the desk's domain: files come with the request, a
// requester reply (a closed ticket's follow-up keeps them) and a staff reply
// (its email lists them); the requester never sees an internal note's files;
// only staff remove one; retention empties closed tickets' files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '@/server/errors';
import { replyAsRequester, replyAsStaff } from '@/server/tickets/conversation';
import { deleteTicketAttachment, purgeExpiredTicketAttachments, ticketAttachment, ticketAttachments } from '@/server/tickets/attachments';
import { mergeTicket } from '@/server/tickets/desk';
import { ticketRefToId } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const log = (name: string, text = 'ERROR CAL-403\n') => ({ name, bytes: new TextEncoder().encode(text) });
const day = 86_400_000;

describe('ticket attachments', () => {
  it('come with the request and the replies; the requester sees all but the internal note’s, staff see all', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db, { files: [log('first.log')] });
    await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'More detail.', Date.now(), [log('second.log')]);
    await replyAsStaff(t.db, site, ref, staff, { body: 'Team only.', internal: true, files: [log('internal.log')] });
    await replyAsStaff(t.db, site, ref, staff, { body: 'Try this.', files: [log('steps.txt', 'Step 1\n')] });

    const forRequester = await ticketAttachments(t.db, ref, { user: null, accessKey });
    expect(forRequester.map((a) => a.name)).toEqual(['first.log', 'second.log', 'steps.txt']);
    expect(forRequester[0]!.messageId).toBeNull();
    const forStaff = await ticketAttachments(t.db, ref, { user: staff, accessKey: null });
    expect(forStaff.map((a) => a.name)).toEqual(['first.log', 'second.log', 'internal.log', 'steps.txt']);
    const internal = forStaff[2]!;
    await expect(ticketAttachment(t.db, { user: null, accessKey }, ref, internal.id)).rejects.toThrow('This file is not here, or is not yours to see.');
    expect((await ticketAttachment(t.db, { user: staff, accessKey: null }, ref, internal.id)).inline).toBe(false);

    // The public reply's email lists its file, and only it.
    const email = await t.db.selectFrom('email_outbox').select('attachment_ids').where('kind', '=', 'ticket-reply').executeTakeFirstOrThrow();
    expect(JSON.parse(email.attachment_ids!)).toEqual([forStaff[3]!.id]);
  });

  it('a refused file stops the reply: no message, no file', async () => {
    const { ref, accessKey } = await makeTicket(t.db);
    const exe = { name: 'a.exe', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]) };
    await expect(replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'Here.', Date.now(), [exe])).rejects.toThrow(ValidationError);
    expect(await t.db.selectFrom('ticket_messages').select('id').execute()).toEqual([]);
    expect(await ticketAttachments(t.db, ref, { user: null, accessKey })).toEqual([]);
  });

  it('a reply to a closed ticket takes its files to the follow-up', async () => {
    const { ref, accessKey } = await makeTicket(t.db);
    await t.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', ticketRefToId(ref)!).execute();
    const outcome = await replyAsRequester(t.db, site, ref, { user: null, accessKey }, 'It is back.', Date.now(), [log('again.log')]);
    expect(outcome.followUp).toBe(true);
    if (!outcome.followUp) return;
    const files = await ticketAttachments(t.db, outcome.ref, { user: null, accessKey: outcome.accessKey });
    expect(files.map((f) => [f.name, f.messageId])).toEqual([['again.log', null]]);
  });

  it('only staff remove an attachment', async () => {
    const member = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db, { files: [log('remove.log')] }, member);
    const [file] = await ticketAttachments(t.db, ref, { user: member, accessKey: null });
    await expect(deleteTicketAttachment(t.db, member, ref, file!.id)).rejects.toThrow(ForbiddenError);
    await deleteTicketAttachment(t.db, staff, ref, file!.id);
    expect((await ticketAttachments(t.db, ref, { user: null, accessKey }))[0]).toMatchObject({ name: 'remove.log', deleted: true });
    await expect(ticketAttachment(t.db, { user: staff, accessKey: null }, ref, file!.id)).rejects.toThrow('not yours to see');
  });

  it('retention removes the files of tickets closed longer than the retention period only', async () => {
    const now = Date.now();
    const old = await makeTicket(t.db, { files: [log('old.log')] });
    const recent = await makeTicket(t.db, { files: [log('recent.log')] });
    const openOld = await makeTicket(t.db, { files: [log('open.log')] });
    await t.db
      .updateTable('tickets')
      .set({ status: 'closed', updated_at: now - 731 * day })
      .where('id', '=', ticketRefToId(old.ref)!)
      .execute();
    await t.db
      .updateTable('tickets')
      .set({ status: 'closed', updated_at: now - 700 * day })
      .where('id', '=', ticketRefToId(recent.ref)!)
      .execute();
    await t.db
      .updateTable('tickets')
      .set({ updated_at: now - 900 * day })
      .where('id', '=', ticketRefToId(openOld.ref)!)
      .execute();
    expect(await purgeExpiredTicketAttachments(t.db, 730, now)).toBe(1);
    const state = async (ticket: { ref: string; accessKey: string }) =>
      (await ticketAttachments(t.db, ticket.ref, { user: null, accessKey: ticket.accessKey }))[0]!.deleted;
    expect([await state(old), await state(recent), await state(openOld)]).toEqual([true, false, false]);
    expect(await purgeExpiredTicketAttachments(t.db, 730, now)).toBe(0);
  });
});

describe('merging', () => {
  it('moves the duplicate’s files to the target, the request’s own with its intro message', async () => {
    const staff = await makeUser(t.db, { role: 'staff' });
    const target = await makeTicket(t.db, { email: 'same@example.com' });
    const source = await makeTicket(t.db, { email: 'same@example.com', files: [log('dup.log')] });
    await replyAsRequester(t.db, site, source.ref, { user: null, accessKey: source.accessKey }, 'And this.', Date.now(), [log('dup-reply.log')]);
    await mergeTicket(t.db, staff, source.ref, target.ref);
    const files = await ticketAttachments(t.db, target.ref, { user: null, accessKey: target.accessKey });
    expect(files.map((f) => f.name)).toEqual(['dup.log', 'dup-reply.log']);
    expect(files.every((f) => f.messageId !== null)).toBe(true);
    const intro = await t.db.selectFrom('ticket_messages').select('body_source').where('id', '=', files[0]!.messageId!).executeTakeFirstOrThrow();
    expect(intro.body_source).toMatch(/^\*\*Merged from /);
  });
});
