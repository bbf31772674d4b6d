// Every link a visitor can follow from the header, the footer and the home
// page leads somewhere real: no link to a section before it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@db/seed/people';
import { startTestServer, type TestServer } from '../support/server';
import { signInCookie } from '../support/sign-in';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

/** Same-site hrefs inside the first `<tag …>…</tag>` of the page (or the whole page). */
function linksIn(html: string, tag?: 'header' | 'footer' | 'main'): string[] {
  const part = tag ? (new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`).exec(html)?.[0] ?? '') : html;
  const hrefs = [...part.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&#38;', '&'));
  return [...new Set(hrefs.filter((h) => h.startsWith('/') && !h.startsWith('//')))];
}

async function expectEveryLinkAnswers(links: string[], cookie = '') {
  expect(links.length).toBeGreaterThan(3);
  const broken: string[] = [];
  for (const link of links) {
    const response = await fetch(`${server.url}${link}`, { headers: { Cookie: cookie } });
    if (response.status !== 200) broken.push(`${link} → ${response.status}`);
  }
  expect(broken).toEqual([]);
}

describe('links in the header, footer and home page', () => {
  it('all answer 200 for a visitor', async () => {
    const home = await (await fetch(`${server.url}/`)).text();
    const links = [...linksIn(home, 'header'), ...linksIn(home, 'footer'), ...linksIn(home, 'main')];
    expect(links).toEqual(expect.arrayContaining(['/help', '/community', '/known-issues', '/report', '/contact']));
    await expectEveryLinkAnswers([...new Set(links)]);
  });

  it('all answer 200 for a signed-in staff member', async () => {
    const cookie = (await signInCookie(server, 'sam@fieldnote.example', DEMO_PASSWORD)).cookie;
    const home = await (await fetch(`${server.url}/`, { headers: { Cookie: cookie } })).text();
    const links = [...linksIn(home, 'header'), ...linksIn(home, 'footer'), ...linksIn(home, 'main')];
    expect(links).toEqual(expect.arrayContaining(['/account', '/staff', '/notifications']));
    await expectEveryLinkAnswers([...new Set(links)], cookie);
  });

  it('the search page offers only result types the site has, and every tab answers 200', async () => {
    const html = await (await fetch(`${server.url}/search?q=calendar`)).text();
    const tabs = /<nav class="type-tabs"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    expect(tabs).toContain('Help articles');
    expect(tabs).toContain('Community');
    expect(tabs).toContain('Known issues');
    await expectEveryLinkAnswers(
      linksIn(tabs).concat('/search?q=calendar&type=article', '/search?q=calendar&type=question', '/search?q=calendar&type=known_issue'),
    );
  });

  it('every friendly redirect leads to a page that exists', async () => {
    for (const from of ['/support', '/faq', '/kb', '/docs', '/helpdesk', '/contact-us', '/status', '/incidents']) {
      const response = await fetch(`${server.url}${from}`);
      expect(response.redirected, from).toBe(true);
      expect(response.status, from).toBe(200);
    }
    for (const from of ['/status', '/incidents']) {
      const response = await fetch(`${server.url}${from}`, { redirect: 'manual' });
      expect(response.status, from).toBe(301);
      expect(new URL(response.headers.get('location')!, server.url).pathname, from).toBe('/known-issues');
    }
  });
});
