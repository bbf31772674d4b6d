// Redaction of the weekly digest's conversation (src/server/report/redact.ts):
// names of the people on the ticket, emails, phone numbers, signatures and
// private links go; ticket references, error codes, dates, versions and
// ordinary links stay.
import { describe, expect, it } from 'vitest';
import { redact, redactEmails, redactLine, redactLinks, redactNames, redactPhones, redactSignatures } from '@/server/report/redact';

const people = [
  { name: 'Sarah Jones', label: 'customer' },
  { name: 'Will Parker', label: 'agent' },
];

describe('redactNames', () => {
  it('replaces full names, first and last names, in any case, with the label', () => {
    expect(redactNames('Hi Sarah Jones, this is Will Parker from support.', people)).toBe('Hi [customer], this is [agent] from support.');
    expect(redactNames('Hi Sarah! Mrs JONES called. sarah again.', people)).toBe('Hi [customer]! Mrs [customer] called. [customer] again.');
    expect(redactNames('Parker here.', people)).toBe('[agent] here.');
  });

  it('keeps the possessive and matches a full name across a line break', () => {
    expect(redactNames("Sarah's calendar and Sarah’s notes", people)).toBe("[customer]'s calendar and [customer]’s notes");
    expect(redactNames('Thanks,\nSarah\nJones', people)).toBe('Thanks,\n[customer]');
  });

  it('does not replace a name inside another word', () => {
    expect(redactNames('Sarahs and Jonesy and Parkerville', people)).toBe('Sarahs and Jonesy and Parkerville');
  });

  it('matches a first name that is a common word only when capitalized', () => {
    expect(redactNames('It will sync. Will will fix it. WILL said so.', people)).toBe('It will sync. [agent] will fix it. [agent] said so.');
  });

  it('handles letters beyond ASCII and names with regex characters', () => {
    expect(
      redactNames('Merci Zoë, dit José (Ngata).', [
        { name: 'Zoë Ngata', label: 'customer' },
        { name: 'José', label: 'agent' },
      ]),
    ).toBe('Merci [customer], dit [agent] ([customer]).');
    expect(redactNames('Call A.J. (C++) now', [{ name: 'A.J. (C++)', label: 'customer' }])).toBe('Call [customer] now');
  });

  it('never replaces a label already put in, when a name part is the label’s word', () => {
    expect(
      redactNames('Hi Marguerite, customer12 here', [
        { name: 'Marguerite', label: 'customer' },
        { name: 'customer12', label: 'customer' },
      ]),
    ).toBe('Hi [customer], [customer] here');
  });

  it('ignores empty names and leaves short parts alone', () => {
    expect(
      redactNames('Hi Al, hi Bo', [
        { name: '  ', label: 'customer' },
        { name: 'Al Bo', label: 'agent' },
      ]),
    ).toBe('Hi Al, hi Bo');
  });
});

describe('redactEmails', () => {
  it('replaces addresses, mailto links and plus addresses', () => {
    expect(redactEmails('Write to sarah.jones+cal@example.co.uk or mailto:help@fieldnote.app.')).toBe('Write to [email] or [email].');
    expect(redactEmails('zoë@exämple.de')).toBe('[email]');
  });
  it('leaves an @mention and a version alone', () => {
    expect(redactEmails('@sarah on v2.1')).toBe('@sarah on v2.1');
  });
});

describe('redactPhones', () => {
  it('replaces phone numbers in the usual formats', () => {
    for (const phone of [
      '+44 20 7946 0958',
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '07700 900123',
      '0044 20 7946 0958',
      '+1 (415) 555-0100',
      '+4915112345678',
    ])
      expect(redactPhones(`Call me on ${phone}, thanks`)).toBe('Call me on [phone], thanks');
  });
  it('keeps ticket references, error codes, dates, times, versions, amounts and short numbers', () => {
    const text = 'HRT-10023 failed with CAL-403 on 2026-11-30 10:15 in version 1.4.22 from 192.168.10.12; it cost $1,200; code 123456.';
    expect(redactPhones(text)).toBe(text);
  });
  it('replaces a 7-digit local number written 555-1234, 555.1234 or 555 1234', () => {
    for (const phone of ['555-1234', '555.1234', '555 1234']) expect(redactPhones(`Call me on ${phone}, thanks`)).toBe('Call me on [phone], thanks');
  });
  it('keeps 7-digit ticket references, error codes, dates and versions', () => {
    const text =
      'FN-1234 and HRT-555-1234 failed with ERR-555-1234 (E555-1234) on 30.11.2026 and 2026-11-30, version 555.1234.1 and v555-1234; 5551234 and 55-51234.';
    expect(redactPhones(text)).toBe(text);
  });
});

describe('redactLinks', () => {
  it('replaces links with a key, token or signature, keeping the sentence punctuation', () => {
    expect(redactLinks('Open https://hearth.test/tickets/HRT-10023?key=abc123def.')).toBe('Open [private link].');
    expect(redactLinks('Reset: https://app.fieldnote.app/reset/8f3kd93kdl20dk3mdl2k3m (valid 1 h)')).toBe('Reset: [private link] (valid 1 h)');
    expect(redactLinks('https://x.test/a?utm_source=mail&token=1 and https://user:pw@x.test/')).toBe('[private link] and [private link]');
    expect(redactLinks('https://x.test/cb#access_token=abc')).toBe('[private link]');
  });
  it('keeps ordinary links', () => {
    const text = 'See https://hearth.test/help/calendar-sync/fix-calendar-sync-errors and https://status.fieldnote.app/?page=2.';
    expect(redactLinks(text)).toBe(text);
  });
});

describe('redactSignatures', () => {
  it('cuts everything after the "-- " separator', () => {
    expect(redactSignatures('It works now.\n-- \nSarah Jones\nHead of Ops, Acme\n+44 20 7946 0958')).toBe('It works now.\n[signature removed]');
    expect(redactSignatures('Done.\n--\nS.')).toBe('Done.\n[signature removed]');
  });
  it('cuts the short block after a closing "Thanks," "Best," or "Regards,"', () => {
    expect(redactSignatures('It syncs again.\n\nThanks,\nSarah\nAcme Ltd · acme.example')).toBe('It syncs again.\n\nThanks,\n[signature removed]');
    expect(redactSignatures('Best,\nWill')).toBe('Best,\n[signature removed]');
    expect(redactSignatures('See below.\nKind regards!\n\nSJ\n')).toBe('See below.\nKind regards!\n[signature removed]');
  });
  it('keeps a "Thanks," that starts a longer message, and one that ends it alone', () => {
    const long = 'Thanks,\nI tried that.\nThen this.\nThen that.\nAnd more.\nStill more.\nAnd a seventh line.\nIt still fails.';
    expect(redactSignatures(long)).toBe(long);
    expect(redactSignatures('That fixed it.\nThanks!')).toBe('That fixed it.\nThanks!');
    expect(redactSignatures('No sign-off here.')).toBe('No sign-off here.');
  });
  it('cuts a short final block that starts with a known name, after a sign-off that is not bare', () => {
    expect(redactSignatures('Thanks for the help!\nSarah\nHead of Ops, Acme', people)).toBe('Thanks for the help!\n[signature removed]');
    expect(redactSignatures('It works now, thanks a lot.\n\nSarah Jones\nHead of Ops\nAcme Ltd', people)).toBe(
      'It works now, thanks a lot.\n\n[signature removed]',
    );
    expect(redactSignatures('Cheers for that\n- Sarah', people)).toBe('Cheers for that\n[signature removed]');
  });
  it('keeps a final block without a known name, a long one, and a name that is all the message', () => {
    expect(redactSignatures('Thanks for the help!\nHead of Ops, Acme')).toBe('Thanks for the help!\nHead of Ops, Acme');
    expect(redactSignatures('Thanks for the help!\nHead of Ops, Acme', people)).toBe('Thanks for the help!\nHead of Ops, Acme');
    const long = 'Thanks for the help!\nSarah\nHead of Ops\nAcme Ltd\n+44 20 7946 0958';
    expect(redactSignatures(long, people)).toBe(long);
    expect(redactSignatures('Sarah says it works now.', people)).toBe('Sarah says it works now.');
    expect(redactSignatures('Sarah', people)).toBe('Sarah');
  });
});

describe('redact', () => {
  it('redacts a whole customer message', () => {
    const message = [
      'Hi Will,',
      '',
      'My calendar (sarah@acme.example) stopped syncing on 2026-11-30. My private link https://hearth.test/tickets/HRT-10023?key=k3y is here.',
      'Call me on +44 20 7946 0958 if needed.',
      '',
      'Best regards,',
      'Sarah Jones',
      'Acme Ltd',
    ].join('\n');
    expect(redact(message, { people })).toBe(
      [
        'Hi [agent],',
        '',
        'My calendar ([email]) stopped syncing on 2026-11-30. My private link [private link] is here.',
        'Call me on [phone] if needed.',
        '',
        'Best regards,',
        '[signature removed]',
      ].join('\n'),
    );
  });

  it('redacts a subject line without touching signatures', () => {
    expect(redactLine('Sarah Jones: sync fails, call 555-123-4567', { people })).toBe('[customer]: sync fails, call [phone]');
    expect(redactLine('Thanks,')).toBe('Thanks,');
    expect(redactLine('Sync fails (call 020 7946 0958)')).toBe('Sync fails (call [phone])');
  });

  it('cuts the signature after a sign-off that is not bare, then redacts the rest', () => {
    expect(redact('Thanks for the help!\nSarah\nHead of Ops, Acme · 555-1234', { people })).toBe('Thanks for the help!\n[signature removed]');
    expect(redact('Call me back on 555-1234 please, Sarah', { people })).toBe('Call me back on [phone] please, [customer]');
  });
});
