// The happiness report over HTTP, on the seeded demo database (which publishes
// the last six closed months): /report with the archive, a published month,
// the live month, the .json (the frozen snapshot byte for byte) and .csv, 404
// for a month not published; /staff/report for staff only, with preview,
// publish (the note kept when refused, CSRF refused) and corrections; and no
// demo requester's, member's or agent's name or address in any report response.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoMembers, demoStaff } from '@db/seed/people';
import { reportNotes } from '@db/seed/data/report-notes';
import { closedMonths, monthLabel } from '@/server/report/months';
import { startTestServer, type TestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';

let server: TestServer;
let staffCookie: string;
const months = closedMonths(Date.now(), 8); // newest first; the seed published the first six
beforeAll(async () => {
  server = await startTestServer();
  staffCookie = (await signInCookie(server, 'sam@fieldnote.example', DEMO_PASSWORD)).cookie;
});
afterAll(async () => server?.stop());

const get = (path: string, cookie = '') => fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, cookie = staffCookie, origin = server.url) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
const decode = (html: string) => html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('the public report', () => {
  it('/report shows the latest published month, its note and the archive of six months', async () => {
    const response = await get('/report');
    expect(response.status).toBe(200);
    const html = decode(await response.text());
    expect(html).toContain(`<h1 id="report-title">${monthLabel(months[0]!)}</h1>`);
    expect(html).toContain('A note from the support team');
    expect(html).toContain('Microsoft 365 disconnection');
    for (const month of months.slice(0, 6)) expect(html).toContain(`href="/report/${month}"`);
    expect(html).not.toContain(`href="/report/${months[6]}"`);
    expect(html).toContain('href="/report/live"');
    // The three trend charts and the histogram each come with their data as a table.
    expect(html).toContain('<caption>Median first response</caption>');
    expect(html).toContain('<caption>Ratings that were great</caption>');
    expect(html).toContain('<caption>Self-service score (help views per ticket)</caption>');
    expect(html).toContain(`<caption>How long the first response took, ${monthLabel(months[0]!)}</caption>`);
    expect(html).toContain('How we count');
  });

  it('draws with nothing the CSP blocks: no inline style attribute, each category bar as long as its share', async () => {
    const response = await get('/report');
    expect(response.headers.get('content-security-policy')).toContain("style-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/<[^>]+\sstyle=/);
    const shares = [...html.matchAll(/<th scope="row">[^<]+<\/th>\s*<td>[\d,]+<\/td>\s*<td>[\s\S]*?class="share-bar-fill" width="(\d+)"[\s\S]*?(\d+)%/g)].map(
      (m) => [Number(m[1]), Number(m[2])],
    );
    expect(shares.length).toBeGreaterThanOrEqual(3);
    for (const [width, percent] of shares) expect(width).toBe(Math.max(2, percent!));
  });

  it('serves a published month with its note, cacheable, and 404 for one not published', async () => {
    const response = await get(`/report/${months[2]}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('max-age=300');
    const html = decode(await response.text());
    expect(html).toContain(`<h1 id="report-title">${monthLabel(months[2]!)}</h1>`);
    expect(html).toContain('API outage');
    expect(html).toContain(`href="/report/${months[2]}.json"`);
    expect((await get(`/report/${months[6]}`)).status).toBe(404);
    expect((await get('/report/2026-13')).status).toBe(404);
    expect((await get('/report/not-a-month')).status).toBe(404);
  });

  it('labels the live month as provisional', async () => {
    const response = await get('/report/live');
    expect(response.status).toBe(200);
    const html = decode(await response.text());
    expect(html).toContain(`${monthLabel(new Date().toISOString().slice(0, 7))} so far`);
    expect(html).toContain('<strong>Provisional.</strong>');
    expect(html).toContain('will change until it ends');
  });

  it('serves the .json as the frozen snapshot, byte for byte, and the .csv one row per figure', async () => {
    const month = months[0]!;
    const row = await server.db.selectFrom('report_months').select(['snapshot', 'definitions_version']).where('month', '=', month).executeTakeFirstOrThrow();
    const json = await get(`/report/${month}.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(Buffer.from(await json.arrayBuffer()).equals(Buffer.from(row.snapshot))).toBe(true);
    const body = JSON.parse(row.snapshot);
    expect(body).toMatchObject({ month, provisional: false, definitionsVersion: row.definitions_version });
    expect(Object.keys(body.figures)).toEqual(
      expect.arrayContaining([
        'tickets',
        'firstResponse',
        'resolution',
        'sla',
        'happiness',
        'effort',
        'selfService',
        'community',
        'knownIssues',
        'categories',
        'frustration',
      ]),
    );

    const csv = await get(`/report/${month}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('key,label,value,unit,n,previous,change');
    expect(lines[1]).toBe(`month,Month (UTC),${month},text,,,`);
    expect(lines[2]).toBe(`definitionsVersion,Definitions version,${row.definitions_version},text,,,`);
    const received = body.figures.tickets.received;
    expect(lines).toContain(
      `tickets.received,Tickets received,${received.value ?? ''},count,${received.n},${received.previous ?? ''},${received.change ?? ''}`,
    );

    // The JSON Schema in the README describes it.
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const schema = JSON.parse(/## Happiness report[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!);
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...body, figures: { ...body.figures, tickets: { received: { value: 'many' } } } })).toBe(false);

    expect((await get(`/report/${months[6]}.json`)).status).toBe(404);
    expect((await get(`/report/${months[6]}.csv`)).status).toBe(404);
  });

  it('never shows a requester’s, member’s or agent’s name or email address', async () => {
    const requesters = await server.db.selectFrom('tickets').select(['requester_name', 'requester_email']).distinct().execute();
    expect(requesters.length).toBeGreaterThan(20);
    const people = [
      ...requesters.flatMap((r) => [r.requester_name, r.requester_email]),
      ...[...demoMembers, ...demoStaff].flatMap((p) => [p.displayName, p.email]),
    ];
    const paths = ['/report', '/report/live', ...months.slice(0, 6).flatMap((m) => [`/report/${m}`, `/report/${m}.json`, `/report/${m}.csv`])];
    for (const path of paths) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      const text = decode(await response.text());
      // Only the report itself: the site header and footer are the same on every page.
      const report = /<article[\s\S]*<\/article>/.exec(text)?.[0] ?? text;
      const leaked = people.filter((p) => p.length > 3 && report.includes(p));
      expect(leaked, path).toEqual([]);
    }
  });
});

describe('/staff/report', () => {
  it('is for staff: visitors sign in first, members are refused', async () => {
    const visitor = await get('/staff/report');
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe('/signin?next=%2Fstaff%2Freport');
    const member = (await signInCookie(server, demoMembers[0]!.email, DEMO_PASSWORD)).cookie;
    expect((await get('/staff/report', member)).status).toBe(403);
    expect((await get(`/staff/report/${months[6]}`, member)).status).toBe(403);
    expect((await post(`/staff/report/${months[6]}`, { intent: 'publish', note: 'Hi.' }, member)).status).toBe(403);
  });

  it('lists the closed months, published or not', async () => {
    const response = await get('/staff/report', staffCookie);
    expect(response.status).toBe(200);
    const html = decode(await response.text());
    for (const month of months) expect(html).toContain(`href="/staff/report/${month}"`);
    expect(html).toContain('Not published');
    expect((await get(`/staff/report/${new Date().toISOString().slice(0, 7)}`, staffCookie)).status).toBe(404);
  });

  it('previews, refuses with the note kept, publishes once, then takes corrections', async () => {
    const month = months[6]!;
    const page = `/staff/report/${month}`;
    const form = decode(await (await get(page, staffCookie)).text());
    expect(form).toContain(`Publish ${monthLabel(month)}`);

    const preview = await post(page, { intent: 'preview', note: 'A **quiet** month.' });
    expect(preview.status).toBe(200);
    const previewHtml = decode(await preview.text());
    expect(previewHtml).toContain('<strong>Preview.</strong>');
    expect(previewHtml).toContain('<strong>quiet</strong>');
    expect(previewHtml).toContain('>A **quiet** month.</textarea>');
    expect(await server.db.selectFrom('report_months').select('month').where('month', '=', month).executeTakeFirst()).toBeUndefined();

    const tooLong = `${'Long. '.repeat(680)}`;
    const refused = await post(page, { intent: 'publish', note: tooLong });
    expect(refused.status).toBe(400);
    const refusedHtml = decode(await refused.text());
    expect(refusedHtml).toContain('The note is too long: at most 4,000 characters, please.');
    expect(refusedHtml).toContain(tooLong.trim());

    // A cross-site form post is refused before it reaches the page (Astro's origin check).
    expect((await post(page, { intent: 'publish', note: 'Sneaky.' }, staffCookie, 'https://evil.example')).status).toBe(403);

    const published = await post(page, { intent: 'publish', note: 'A **quiet** month.' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe(`${page}?done=published`);
    const after = decode(await (await get(`${page}?done=published`, staffCookie)).text());
    expect(after).toContain(`${monthLabel(month)} is published`);
    expect(after).toContain('Add a correction');
    expect(decode(await (await get('/report')).text())).toContain(`href="/report/${month}"`);

    const again = await post(page, { intent: 'publish', note: 'Again.' });
    expect(again.status).toBe(400);
    expect(decode(await again.text())).toContain('is already published, and a published month never changes.');

    const corrected = await post(page, { intent: 'correct', correction: 'The solved count missed *one* day.' });
    expect(corrected.status).toBe(303);
    const publicPage = decode(await (await get(`/report/${month}`)).text());
    expect(publicPage).toContain('Corrections');
    expect(publicPage).toContain('<em>one</em>');
    const emptyCorrection = await post(page, { intent: 'correct', correction: ' ' });
    expect(emptyCorrection.status).toBe(400);
  });

  it('the seed published six months with its notes, newest first', async () => {
    const rows = await server.db
      .selectFrom('report_months')
      .select(['month', 'note_source'])
      .where('month', 'in', months.slice(0, 6))
      .orderBy('month', 'desc')
      .execute();
    expect(rows.map((r) => r.month)).toEqual(months.slice(0, 6));
    expect(rows.map((r) => r.note_source)).toEqual(reportNotes);
  });
});
