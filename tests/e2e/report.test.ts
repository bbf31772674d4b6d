// End-to-end: the happiness report in the browser. A staff member previews and
// publishes a month and it appears in the public archive; the charts render
// as SVG with their data tables; axe finds nothing on the report pages in
// either scheme; nothing scrolls sideways at 390 px. Screenshots at 390 and
// 1366 px, light and dark, go to /tmp/shots/report-*.png.
//
// The seeded snapshots are given known figures first (the charts' values are
// then the test's, whatever the metrics compute on the demo data).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { closedMonths, monthLabel, shortMonthLabel } from '@/server/report/months';
import type { MonthReport } from '@/server/report/types';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeUser } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser();
const SHOTS = '/tmp/shots';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const months = closedMonths(Date.now(), 7); // newest first; the seed published six
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Known figures for the i-th seeded month (0 = the newest). */
function withFigures(report: MonthReport, i: number): MonthReport {
  const f = report.figures;
  const set = (
    h: { value: number | null; n: number; previous: number | null; change: number | null },
    value: number,
    n: number,
    previous: number,
    change: number,
  ) => Object.assign(h, { value, n, previous, change });
  set(f.tickets.received, 420 - i * 10, 420 - i * 10, 430 - i * 10, -2.3);
  set(f.tickets.solved, 400 - i * 10, 400 - i * 10, 390 - i * 10, 2.6);
  set(f.firstResponse.median, 50 + i * 12, 380, 62 + i * 12, -19.4);
  set(f.firstResponse.within1h, 0.58, 380, 0.5, 8);
  set(f.happiness.great, 0.8 - i * 0.03, 140, 0.77 - i * 0.03, 3);
  set(f.selfService.score, 9.5 - i * 0.5, 420, 9 - i * 0.5, 5.6);
  f.firstResponse.histogram = [
    { key: 'under_1h', label: '<1 h', count: 220, share: 0.58 },
    { key: '1h_6h', label: '1–6 h', count: 90, share: 0.24 },
    { key: '6h_24h', label: '6–24 h', count: 40, share: 0.11 },
    { key: '1d_3d', label: '1–3 d', count: 20, share: 0.05 },
    { key: 'over_3d', label: '>3 d', count: 10, share: 0.03 },
  ];
  f.categories = [
    { name: 'calendar-sync', count: 150, share: 0.36 },
    { name: 'account-billing', count: 110, share: 0.26 },
    { name: 'other', count: 160, share: 0.38 },
  ];
  return report;
}

async function violations(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  // The data tables too: open every <details>.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  })) as { violations: { id: string; nodes: { target: string[] }[] }[] };
  return result.violations.map((v) => `${path}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const db = suite.server.db;
  for (const [i, month] of months.slice(0, 6).entries()) {
    const row = await db.selectFrom('report_months').select('snapshot').where('month', '=', month).executeTakeFirstOrThrow();
    const snapshot = `${JSON.stringify(withFigures(JSON.parse(row.snapshot) as MonthReport, i), null, 2)}\n`;
    await db.updateTable('report_months').set({ snapshot }).where('month', '=', month).execute();
  }
});

describe('the happiness report in the browser', () => {
  it('shows the latest month with its charts and their data tables, without sideways scrolling at 390 px', async () => {
    const page = await suite.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('/report');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(monthLabel(months[0]!));
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

    // Figures with their change in words.
    const median = page.locator('.figure-card', { hasText: 'Median first response' }).first();
    expect(await median.locator('.figure-value').textContent()).toBe('50 min');
    expect(await median.locator('.figure-change').textContent()).toContain('▼');
    expect(await median.locator('.figure-change').textContent()).toContain('19% from');

    // The histogram: an SVG with five bars and its data as a table.
    const histogram = page.getByRole('figure', { name: /How long the first response took/ });
    expect(await histogram.locator('svg .chart-bar').count()).toBe(5);
    await histogram.getByText('The chart’s data as a table').click();
    const rows = histogram.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(6);
    expect(await rows.nth(1).textContent()).toContain('<1 h');
    expect(await rows.nth(1).textContent()).toContain('220');
    expect(await rows.nth(1).textContent()).toContain('58%');

    // The trends: twelve months, six of them published, each a dot.
    const trend = page.getByRole('figure', { name: 'Ratings that were great' });
    expect(await trend.locator('svg .chart-dot').count()).toBe(6);
    expect(await trend.locator('svg .chart-line').count()).toBe(1);
    await trend.getByText('The chart’s data as a table').click();
    const trendRows = trend.getByRole('table').getByRole('row');
    expect(await trendRows.count()).toBe(13);
    expect((await trendRows.last().textContent())!.replace(/\s+/g, ' ').trim()).toBe(`${shortMonthLabel(months[0]!)} 80%`);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    for (const figure of ['Median first response', 'Self-service score (help views per ticket)'])
      expect(await page.getByRole('figure', { name: figure }).locator('svg').count()).toBe(1);

    await page.goto('/report/live');
    expect(await page.getByText('Provisional.').isVisible()).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  });

  it('takes screenshots at 390 and 1366 px in light and dark, and axe finds nothing', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [390, 1366]) {
        const page = await suite.newPage({ viewport: { width, height: 900 }, colorScheme, bypassCSP: true });
        await page.goto('/report');
        await page.evaluate(() => document.querySelectorAll('.chart details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
        await page.screenshot({ path: `${SHOTS}/report-${width}-${colorScheme}.png`, fullPage: true });
        if (width === 390) expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
        if (width === 1366) for (const path of ['/report', `/report/${months[1]}`, '/report/live']) found.push(...(await violations(page, path)));
        await page.context().close();
      }
    }
    expect(found).toEqual([]);
  });

  it('staff preview and publish a month, and it appears in the public archive', async () => {
    const agent = await makeUser(suite.server.db, { role: 'staff', displayName: 'Report Publisher' });
    const page = await signedInPage(suite, agent.email, GOOD_PASSWORD, { viewport: { width: 390, height: 844 }, bypassCSP: true });
    const month = months[6]!;
    const label = monthLabel(month);
    await page.goto('/staff/report');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: label }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: label }).isVisible()).toBe(true);

    await page.getByLabel('Note for the month').fill('A **steady** month: we answered faster and wrote four new help articles.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByText('This is the page exactly as it will be published.').isVisible()).toBe(true);
    expect(await page.locator('.report-note strong').textContent()).toBe('steady');
    // The note stays in the form, ready to publish.
    expect(await page.getByLabel('Note for the month').inputValue()).toContain('A **steady** month');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/report-staff-preview-390.png`, fullPage: true });

    await page.getByRole('button', { name: `Publish ${label}` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`${label} is published`);
    expect(await page.getByRole('heading', { name: 'Add a correction' }).isVisible()).toBe(true);

    await page.goto('/report');
    const archive = page.getByRole('region', { name: 'Every published month' });
    await archive.getByRole('link', { name: label }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: label }).isVisible()).toBe(true);
    expect(await page.locator('.report-note').textContent()).toContain('we answered faster');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  });
});
