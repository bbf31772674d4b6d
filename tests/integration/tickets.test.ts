import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, RateLimitedError, ValidationError } from '@/server/errors';
import { recordSearch } from '@/server/search/analytics';
import { rateLimits } from '@/server/security/rate-limit';
import { contactPerIp, createTicket, getTicketForViewer, ticketIdToRef, ticketRefToId, type NewTicket } from '@/server/tickets/tickets';
import { makeTicket, makeUser, site } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

const request: NewTicket = {
  name: 'Robin Hale',
  email: 'Robin@Example.com',
  subject: 'Calendar stopped syncing',
  description: 'Since Monday no Outlook events show up in Fieldnote, even after Sync now.',
  category: 'calendar-sync',
  urgency: 'high',
  emotion: 'frustrated',
  context: { searches: ['outlook sync'], articles: ['fix-calendar-sync-errors'] },
};
const hours = 'Monday to Friday, 09:00–17:00 Amsterdam time';

describe('tickets from the contact form', () => {
  it('converts references and ids both ways', () => {
    expect(ticketIdToRef(42)).toBe('FN-1042');
    expect(ticketRefToId('FN-1042')).toBe(42);
    expect(ticketRefToId('fn-1042')).toBe(42);
    expect(ticketRefToId('FN-999')).toBeUndefined();
    expect(ticketRefToId('XX-1042')).toBeUndefined();
  });

  it('creates a ticket with its context, sends a visitor a confirmation with the reference and private link only, and marks the searches as escalated', async () => {
    await recordSearch(t.db, { query: 'outlook sync', type: null, resultCount: 3, visitorKey: 'v:abc' });
    const { ref, accessKey } = await createTicket(t.db, site, request, { user: null, ip: '10.0.0.1', visitorKey: 'v:abc', supportHours: hours });
    expect(ref).toBe('FN-1001');
    const row = await t.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ requester_email: 'robin@example.com', urgency: 'high', emotion: 'frustrated', status: 'new', user_id: null });
    expect(JSON.parse(row.context)).toEqual(request.context);
    expect(row.access_key_hash).not.toContain(accessKey);
    const email = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(email.to_address).toBe('robin@example.com');
    expect(email.subject).toBe('[FN-1001] We received your support request');
    expect(email.text_body).toContain(`${site.siteUrl}/tickets/FN-1001?key=${accessKey}`);
    expect(email.text_body).toContain('within 4 business hours');
    // A visitor's address is unproven: nothing they typed is echoed to it.
    for (const typed of ['Robin', 'Hale', 'Calendar stopped syncing', 'Outlook', 'outlook sync']) {
      expect(email.subject + email.text_body).not.toContain(typed);
    }
    const search = await t.db.selectFrom('search_queries').select('escalated').executeTakeFirstOrThrow();
    expect(search.escalated).toBe(1);
  });

  it('shows a ticket to its requester (account or private link) and staff, and to nobody else', async () => {
    const owner = await makeUser(t.db);
    const other = await makeUser(t.db);
    const staff = await makeUser(t.db, { role: 'staff' });
    const { ref, accessKey } = await makeTicket(t.db, { subject: 'Calendar stopped syncing' }, owner);
    expect((await getTicketForViewer(t.db, ref, { user: owner, accessKey: null })).subject).toBe('Calendar stopped syncing');
    expect((await getTicketForViewer(t.db, ref, { user: null, accessKey })).ref).toBe(ref);
    expect((await getTicketForViewer(t.db, ref, { user: staff, accessKey: null })).ref).toBe(ref);
    await expect(getTicketForViewer(t.db, ref, { user: other, accessKey: null })).rejects.toThrow(NotFoundError);
    await expect(getTicketForViewer(t.db, ref, { user: null, accessKey: 'wrongkey' })).rejects.toThrow(NotFoundError);
    await expect(getTicketForViewer(t.db, 'FN-9999', { user: owner, accessKey: null })).rejects.toThrow(NotFoundError);
    // A signed-in requester's own email is used, whatever was typed.
    const row = await t.db.selectFrom('tickets').select('requester_email').executeTakeFirstOrThrow();
    expect(row.requester_email).toBe(owner.email);
  });

  it('sends a signed-in member the full confirmation at their account address', async () => {
    const member = await makeUser(t.db, { email: 'member@example.com' });
    const { ref } = await createTicket(
      t.db,
      site,
      { ...request, email: 'victim@example.org' },
      { user: member, ip: '10.0.0.2', visitorKey: null, supportHours: hours },
    );
    const email = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(email.to_address).toBe('member@example.com');
    expect(email.subject).toBe(`[${ref}] We received your request: Calendar stopped syncing`);
    expect(email.text_body).toContain('Hi Robin Hale,');
  });

  it('treats an unconfirmed member like a visitor: reference-only email, ticket not attached to the account', async () => {
    const member = { ...(await makeUser(t.db, { email: 'unconfirmed@example.com' })), emailVerified: false };
    const { ref } = await createTicket(t.db, site, request, { user: member, ip: '10.0.0.3', visitorKey: null, supportHours: hours });
    const email = await t.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    expect(email.to_address).toBe('unconfirmed@example.com');
    expect(email.subject).not.toContain('Calendar stopped syncing');
    expect(email.text_body).not.toContain('Robin Hale');
    expect(email.text_body).toContain(ref);
    const row = await t.db.selectFrom('tickets').select('user_id').executeTakeFirstOrThrow();
    expect(row.user_id).toBeNull();
  });

  it(`sends a visitor address at most ${rateLimits.ticketConfirmationsPerAddress.max} confirmations a day; the ticket is still filed and its page still reachable`, async () => {
    const results = [];
    for (let i = 0; i < rateLimits.ticketConfirmationsPerAddress.max + 2; i++) {
      const email = i % 2 ? 'VICTIM@example.org' : 'victim@example.org';
      results.push(await createTicket(t.db, site, { ...request, email }, { user: null, ip: `10.0.1.${i}`, visitorKey: null, supportHours: hours }));
    }
    expect(results.map((r) => r.emailed)).toEqual([true, true, true, false, false]);
    expect(await t.db.selectFrom('tickets').selectAll().execute()).toHaveLength(5);
    const sent = await t.db.selectFrom('email_outbox').select('to_address').execute();
    expect(sent.map((e) => e.to_address)).toEqual(['victim@example.org', 'victim@example.org', 'victim@example.org']);
    // The limit is per recipient: another address still gets its confirmation, and a day later the first does again.
    expect(
      (await createTicket(t.db, site, { ...request, email: 'other@example.org' }, { user: null, ip: '10.0.2.1', visitorKey: null, supportHours: hours }))
        .emailed,
    ).toBe(true);
    const tomorrow = Date.now() + 24 * 60 * 60_000 + 1000;
    expect(
      (
        await createTicket(
          t.db,
          site,
          { ...request, email: 'victim@example.org' },
          { user: null, ip: '10.0.2.2', visitorKey: null, supportHours: hours },
          tomorrow,
        )
      ).emailed,
    ).toBe(true);
    // No address is kept in the rate-limit log, only its hash.
    const keys = await t.db.selectFrom('rate_limit_events').select('key').where('bucket', '=', rateLimits.ticketConfirmationsPerAddress.bucket).execute();
    expect(keys.every((k) => !k.key.includes('@'))).toBe(true);
  });

  it('refuses a name of more than one line or with control characters, writing nothing', async () => {
    for (const name of ['Robin\nBcc: everyone@example.org', 'Robin\r\nVisit http://phish.example', 'Robin\u0007', 'Robin\u2028Hale']) {
      await expect(createTicket(t.db, site, { ...request, name }, { user: null, ip: '10.0.3.1', visitorKey: null, supportHours: hours })).rejects.toThrow(
        ValidationError,
      );
    }
    expect(await t.db.selectFrom('tickets').selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
  });

  it('limits requests per IP address', async () => {
    for (let i = 0; i < contactPerIp.max; i++) await createTicket(t.db, site, request, { user: null, ip: '10.0.0.9', visitorKey: null, supportHours: hours });
    await expect(createTicket(t.db, site, request, { user: null, ip: '10.0.0.9', visitorKey: null, supportHours: hours })).rejects.toThrow(RateLimitedError);
    expect(await t.db.selectFrom('tickets').selectAll().execute()).toHaveLength(contactPerIp.max);
  });
});
