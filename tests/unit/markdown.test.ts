import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderUserMarkdown, slugifyHeading, type RenderMode, type RenderOptions } from '@/server/markdown';

const HELP_PAGES: Record<string, string> = { 'sync-settings': '/help/sync-settings', 'reset-password': '/help/reset-password' };
const resolveHelpLink = (slug: string): string | undefined => HELP_PAGES[slug];
const render = (source: string, mode: RenderMode, extra: Partial<RenderOptions> = {}) => renderMarkdown(source, { mode, resolveHelpLink, ...extra });

// ---------------------------------------------------------------------------------------------
// HTML inspection helpers (htmlparser2 tokenizes like a browser would: entities decoded).

interface Element {
  tag: string;
  attribs: Record<string, string>;
}

function parseElements(html: string): Element[] {
  const found: Element[] = [];
  const parser = new Parser(
    { onopentag: (tag, attribs) => found.push({ tag, attribs }) },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

const elementsOf = (html: string, tag: string) =>
  parseElements(html)
    .filter((el) => el.tag === tag)
    .map((el) => el.attribs);

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'aside',
  'div',
  'input',
  'span',
]);
const FORBIDDEN_ATTRIBUTES = new Set(['style', 'srcdoc', 'formaction']);

/** True for a relative path, `#fragment`, or http(s)/mailto URL, judged after stripping whitespace/controls/invisibles. */
function isSafeUrl(value: string): boolean {
  const url = value.replace(/[\p{Cc}\p{Cf}\p{Z}]/gu, '').toLowerCase();
  if (/^[\\/]{2}/.test(url)) return false; // protocol-relative
  const end = url.search(/[:/?#]/);
  if (end === -1 || url[end] !== ':') return true;
  return ['http', 'https', 'mailto'].includes(url.slice(0, end));
}

/** Every way the HTML could run script or pull in active content; [] means inert. */
function activeContent(html: string): string[] {
  const problems: string[] = [];
  for (const { tag, attribs } of parseElements(html)) {
    if (!ALLOWED_TAGS.has(tag)) problems.push(`element <${tag}>`);
    if (tag === 'input' && attribs.type !== 'checkbox') problems.push(`input type=${attribs.type ?? '(none)'}`);
    for (const [name, value] of Object.entries(attribs)) {
      if (name.startsWith('on') || FORBIDDEN_ATTRIBUTES.has(name)) problems.push(`<${tag} ${name}>`);
      if ((name === 'href' || name === 'src') && !isSafeUrl(value)) problems.push(`<${tag} ${name}="${value}">`);
    }
  }
  if (/<script/i.test(html)) problems.push('unescaped <script');
  return problems;
}

function expectInert(html: string): void {
  expect(activeContent(html)).toEqual([]);
}

describe('inertness checker (test helper)', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<img src="//evil.example/x.png">',
    '<p style="color:red">x</p>',
    '<iframe srcdoc="x"></iframe>',
    '<input type="text">',
  ])('flags %s', (html) => {
    expect(activeContent(html)).not.toEqual([]);
  });

  it('accepts ordinary safe markup', () => {
    expect(activeContent('<p><a href="/help/x#y">a</a> <a href="mailto:a@b.c">m</a> <img src="https://x.example/a.png" alt=""></p>')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('slugifyHeading', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['  Multiple   spaces  ', 'multiple-spaces'],
    ['v2.0 release notes', 'v2-0-release-notes'],
    ['同步設定', '同步設定'],
    ['データの同期', 'データの同期'],
    ['동기화 설정', '동기화-설정'],
    ['Café au lait', 'cafe-au-lait'],
    ['ＡＢＣ full-width', 'abc-full-width'],
    ['🚀 Launch', 'launch'],
    ['', 'section'],
    ['!!!', 'section'],
  ])('%j → %j', (text, slug) => {
    expect(slugifyHeading(text)).toBe(slug);
  });
});

describe.each(['trusted', 'user'] as const)('renderMarkdown (%s mode)', (mode) => {
  const prefix = mode === 'user' ? 'user-content-' : '';

  it('gives headings de-duplicated ids and lists h2/h3 in `headings`', () => {
    const { html, headings } = render('# Title\n\n## Setup\n\n### Setup\n\n## Setup\n\n#### Deep\n\n## Tom &amp; *Jerry*\n', mode);
    expect(elementsOf(html, 'h1')[0]?.id).toBe(`${prefix}title`);
    expect(elementsOf(html, 'h4')[0]?.id).toBe(`${prefix}deep`);
    expect(headings).toEqual([
      { depth: 2, text: 'Setup', id: `${prefix}setup` },
      { depth: 3, text: 'Setup', id: `${prefix}setup-1` },
      { depth: 2, text: 'Setup', id: `${prefix}setup-2` },
      { depth: 2, text: 'Tom & Jerry', id: `${prefix}tom-jerry` },
    ]);
    expect(elementsOf(html, 'h2').map((h) => h.id)).toEqual([`${prefix}setup`, `${prefix}setup-2`, `${prefix}tom-jerry`]);
  });

  it('does not let a natural slug collide with a de-duplicated one', () => {
    const { headings } = render('## Setup\n\n## Setup\n\n## Setup 1\n', mode);
    expect(headings.map((h) => h.id)).toEqual([`${prefix}setup`, `${prefix}setup-1`, `${prefix}setup-1-1`]);
  });

  it('keeps CJK heading text in the id', () => {
    const { html, headings } = render('## 同步設定\n', mode);
    expect(elementsOf(html, 'h2')[0]?.id).toBe(`${prefix}同步設定`);
    expect(headings).toEqual([{ depth: 2, text: '同步設定', id: `${prefix}同步設定` }]);
  });

  it('starts every render with fresh heading state', () => {
    render('## Setup\n\n## Setup\n', mode);
    expect(render('## Setup\n', mode).headings).toEqual([{ depth: 2, text: 'Setup', id: `${prefix}setup` }]);
  });

  it('escapes fenced code and restricts the language class', () => {
    const { html } = render('```bash\necho "<script>alert(1)</script>" && rm -rf /tmp/x\n```\n\n```C++\nint x;\n```\n\n```js" onclick="x\n1\n```\n', mode);
    expect(html).toContain('<pre tabindex="0"><code class="language-bash">echo "&lt;script&gt;alert(1)&lt;/script&gt;" &amp;&amp; rm -rf /tmp/x</code></pre>');
    expect(html).toContain('<code class="language-c++">int x;</code>');
    expect(html).toContain('<pre tabindex="0"><code>1</code></pre>');
    expectInert(html);
  });

  it('renders GFM: tables wrapped for scrolling, strikethrough, autolinks, task lists, no soft breaks', () => {
    const { html } = render(
      '| Plan | Price |\n|:-----|------:|\n| Free | 0 |\n\n~~old~~ https://example.com\n\n- [x] done\n- [ ] todo\n\nline one\nline two\n',
      mode,
    );
    expect(html).toMatch(/<div class="table-wrap">\s*<table>/);
    expect(html).toMatch(/<\/table>\s*<\/div>/);
    expect(html).toContain('<th class="align-left">Plan</th>');
    expect(html).toContain('<td class="align-right">0</td>');
    expect(html).toContain('<del>old</del>');
    expect(elementsOf(html, 'a')[0]?.href).toBe('https://example.com');
    expect(elementsOf(html, 'input')).toEqual([
      { checked: '', disabled: '', type: 'checkbox' },
      { disabled: '', type: 'checkbox' },
    ]);
    expect(html).toContain('<p>line one\nline two</p>');
    expect(html).not.toContain('<br');
  });

  it.each([
    ['NOTE', 'note', 'Note'],
    ['TIP', 'tip', 'Tip'],
    ['WARNING', 'warning', 'Warning'],
    ['IMPORTANT', 'note', 'Note'],
    ['CAUTION', 'warning', 'Warning'],
    ['tip', 'tip', 'Tip'],
  ])('turns a [!%s] blockquote into a %s callout', (marker, kind, title) => {
    const { html } = render(`> [!${marker}]\n> Back up **first**.\n>\n> - one\n`, mode);
    expect(html).toBe(
      `<aside class="callout callout-${kind}" role="note">\n<p class="callout-title">${title}</p>\n` +
        '<p>Back up <strong>first</strong>.</p>\n<ul>\n<li>one</li>\n</ul>\n</aside>\n',
    );
  });

  it('leaves other blockquotes alone', () => {
    expect(render('> Just a quote\n', mode).html).toBe('<blockquote>\n<p>Just a quote</p>\n</blockquote>\n');
    expect(render('> [!UNKNOWN]\n> text\n', mode).html).toContain('<blockquote>');
    expect(render('> [!NOTE] on the same line\n', mode).html).toContain('<blockquote>');
  });

  it('resolves help: links and degrades unknown ones', () => {
    const { html } = render('See [Sync](help:sync-settings#conflicts), [Gone](help:no-such-page) and [Reset](help:reset-password).', mode);
    expect(elementsOf(html, 'a').map((a) => a.href)).toEqual(['/help/sync-settings#conflicts', '/help/reset-password']);
    if (mode === 'trusted') expect(html).toContain('<span class="broken-link">Gone</span>');
    else expect(html).toContain(', Gone and');
    expect(render('[Sync](help:sync-settings)', mode, { resolveHelpLink: undefined }).html).not.toContain('<a');
  });

  it('sets rel on external links only', () => {
    const { html } = render(
      '[ext](https://example.com/a) [plain](http://example.com) [rel](/community/q/1) [frag](#top) [mail](mailto:help@example.com)',
      mode,
    );
    const rel = mode === 'user' ? 'nofollow ugc noopener noreferrer' : 'noopener noreferrer';
    expect(elementsOf(html, 'a')).toEqual([
      { href: 'https://example.com/a', rel },
      { href: 'http://example.com', rel },
      { href: '/community/q/1' },
      { href: '#top' },
      { href: 'mailto:help@example.com' },
    ]);
  });

  it('renders images lazily with alt text', () => {
    const { html } = render('![A *happy* cat](/uploads/cat.png "Cat") ![](https://cdn.example.com/a.png)', mode, { imageHosts: ['cdn.example.com'] });
    expect(elementsOf(html, 'img')).toEqual([
      { src: '/uploads/cat.png', alt: 'A happy cat', title: 'Cat', loading: 'lazy', decoding: 'async' },
      { src: 'https://cdn.example.com/a.png', alt: '', loading: 'lazy', decoding: 'async' },
    ]);
  });

  it('allows http images only in trusted mode and never protocol-relative ones', () => {
    expect(elementsOf(render('![old](http://example.com/a.png)', mode, { imageHosts: ['example.com'] }).html, 'img').length).toBe(mode === 'trusted' ? 1 : 0);
    expect(render('![cdn](//cdn.example.com/a.png)', mode).html).toBe('<p>cdn</p>\n');
  });

  it('escapes raw HTML as text', () => {
    expect(render('Hello <b>there</b> &amp; welcome', mode).html).toBe('<p>Hello &lt;b&gt;there&lt;/b&gt; &amp; welcome</p>\n');
    expect(render('<div class="x">\nblock\n</div>', mode).html).toBe('<p>&lt;div class="x"&gt;\nblock\n&lt;/div&gt;</p>\n');
  });

  it('returns whitespace-collapsed plain text', () => {
    const { text } = render(
      '## Sync &amp; *backup*\n\n> [!TIP]\n> Use   `sync --all`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[link](https://example.com) &copy; 2024  \nnext <tag>\n',
      mode,
    );
    expect(text).toBe('Sync & backup Tip Use sync --all. a b 1 2 link © 2024 next <tag>');
  });
});

describe('renderMarkdown mode differences', () => {
  it('adds self-link anchors to h2/h3 in trusted mode only', () => {
    expect(render('## Setup\n\n### Step one\n\n#### Detail\n', 'trusted').html).toBe(
      '<h2 id="setup"><a class="heading-anchor" href="#setup" aria-hidden="true" tabindex="-1">#</a>Setup</h2>\n' +
        '<h3 id="step-one"><a class="heading-anchor" href="#step-one" aria-hidden="true" tabindex="-1">#</a>Step one</h3>\n' +
        '<h4 id="detail">Detail</h4>\n',
    );
    expect(render('## Setup\n', 'user').html).toBe('<h2 id="user-content-setup">Setup</h2>\n');
  });

  it('renderUserMarkdown is the user-mode html', () => {
    const source = '## Hi\n\n[x](help:sync-settings) <img src=x onerror=alert(1)>';
    expect(renderUserMarkdown(source)).toBe(renderMarkdown(source, { mode: 'user' }).html);
  });

  it('keeps per-render state when a help-link resolver renders Markdown itself', () => {
    const nested = (slug: string) => (renderMarkdown('## Setup\n', { mode: 'user' }).headings.length ? `/help/${slug}` : undefined);
    const { headings } = renderMarkdown('## Setup\n\n[x](help:a)\n\n## Setup\n', { mode: 'trusted', resolveHelpLink: nested });
    expect(headings.map((h) => h.id)).toEqual(['setup', 'setup-1']);
  });
});

// Issue 9 item 12: images in user content load only from this site's own uploads and the
// IMAGE_HOSTS allowlist; any other image becomes a plain link, so a post cannot make every
// reader's browser fetch a tracking pixel or a side-effecting URL such as /search?q=….
describe('user-content images', () => {
  const rel = 'nofollow ugc noopener noreferrer';
  const user = (source: string, imageHosts: string[] = []) => renderMarkdown(source, { mode: 'user', imageHosts }).html;

  it('keeps every image in trusted help articles', () => {
    const { html } = render('![cat](/img/cat.png) ![chart](https://cdn.example.com/a.png) ![s](/search?q=x)', 'trusted');
    expect(elementsOf(html, 'img').map((img) => img.src)).toEqual(['/img/cat.png', 'https://cdn.example.com/a.png', '/search?q=x']);
  });

  it("keeps the site's own uploads", () => {
    expect(elementsOf(user('![cat](/uploads/2026/12/cat.png "Cat")'), 'img')).toEqual([
      { src: '/uploads/2026/12/cat.png', alt: 'cat', title: 'Cat', loading: 'lazy', decoding: 'async' },
    ]);
  });

  it('turns an image from any other host into a link with the alt text', () => {
    const html = user('![pixel](https://tracker.example/p.gif?u=1 "hi")');
    expect(elementsOf(html, 'img')).toEqual([]);
    expect(html).toBe(`<p><a href="https://tracker.example/p.gif?u=1" title="hi" rel="${rel}">pixel</a></p>\n`);
  });

  it('labels the link with the address when the image has no alt text', () => {
    expect(user('![](https://tracker.example/p.gif)')).toBe(`<p><a href="https://tracker.example/p.gif" rel="${rel}">https://tracker.example/p.gif</a></p>\n`);
  });

  it('keeps https images from allowlisted hosts only, matching the whole host name', () => {
    const hosts = ['images.example.com'];
    expect(elementsOf(user('![a](https://images.example.com/a.png)', hosts), 'img').map((img) => img.src)).toEqual(['https://images.example.com/a.png']);
    expect(elementsOf(user('![a](https://IMAGES.Example.com/a.png)', hosts), 'img')).toHaveLength(1);
    for (const src of [
      'https://evil.images.example.com/a.png',
      'https://images.example.com.evil.net/a.png',
      'https://images.example.com:8443/a.png',
      'http://images.example.com/a.png',
      'https://other.example/a.png',
    ]) {
      const html = user(`![a](${src})`, hosts);
      expect(elementsOf(html, 'img'), src).toEqual([]);
      expect(
        elementsOf(html, 'a').map((a) => a.href),
        src,
      ).toEqual([src]);
    }
  });

  it('does not render a relative URL outside /uploads/ as an image, so a post cannot log a search', () => {
    for (const src of [
      '/search?q=planted',
      '/search/click?sid=1&to=/x',
      'search?q=x',
      '/uploadsx/a.png',
      '/uploads/../search?q=x',
      '/uploads/%2e%2e/search?q=x',
      '/uploads/%2E%2E/search',
      '/uploads\\..\\search?q=x',
      '/img/cat.png',
    ]) {
      const html = user(`![a](${src})`);
      expect(elementsOf(html, 'img'), src).toEqual([]);
      expect(elementsOf(html, 'a'), src).toHaveLength(1);
    }
  });

  it('shows only the alt text for data: and other non-web images', () => {
    expect(user('![dot](data:image/png;base64,iVBORw0KGgo=)')).toBe('<p>dot</p>\n');
    expect(user('![x](javascript:alert(1))')).toBe('<p>x</p>\n');
  });

  it('does not nest a link in a link when a linked image is not allowed', () => {
    const html = user('[![badge](https://tracker.example/b.svg)](https://project.example)');
    expect(html).toBe(`<p><a href="https://project.example" rel="${rel}">badge</a></p>\n`);
  });

  it('keeps an allowed image inside a link', () => {
    const html = user('[![badge](/uploads/b.png)](https://project.example)');
    expect(elementsOf(html, 'img').map((img) => img.src)).toEqual(['/uploads/b.png']);
    expect(elementsOf(html, 'a')).toHaveLength(1);
  });

  it('keeps reference-style images to the same rules', () => {
    const html = user('![x][t]\n\n[t]: https://tracker.example/t.gif');
    expect(elementsOf(html, 'img')).toEqual([]);
    expect(elementsOf(html, 'a').map((a) => a.href)).toEqual(['https://tracker.example/t.gif']);
  });
});

describe('trusted help article', () => {
  const article = `# Sync your settings across devices

Hearth keeps your preferences in sync. See also [resetting your password](help:reset-password).

## Before you start

> [!IMPORTANT]
> Sync requires version **2.4** or later.

| Platform | Supported | Since |
|----------|:---------:|------:|
| Windows  | yes       | 2.4   |
| macOS    | yes       | 2.5   |

## Turn on sync

1. Open **Settings → Account**.
2. Run the command:

   \`\`\`bash
   hearth sync --enable --device "My Laptop"
   \`\`\`

### Troubleshooting

> [!WARNING]
> Don't run \`hearth sync --reset\` while a sync is in progress.

Still stuck? [Contact support](/support) or read [the old guide](help:legacy-sync).
`;

  it('renders headings, callouts, table, code and help links', () => {
    const { html, headings, text } = render(article, 'trusted');
    expect(headings).toEqual([
      { depth: 2, text: 'Before you start', id: 'before-you-start' },
      { depth: 2, text: 'Turn on sync', id: 'turn-on-sync' },
      { depth: 3, text: 'Troubleshooting', id: 'troubleshooting' },
    ]);
    expect(html).toContain('<h1 id="sync-your-settings-across-devices">Sync your settings across devices</h1>');
    expect(html).toContain('<a class="heading-anchor" href="#turn-on-sync" aria-hidden="true" tabindex="-1">#</a>Turn on sync</h2>');
    expect(html).toContain('<a href="/help/reset-password">resetting your password</a>');
    expect(html).toContain('<span class="broken-link">the old guide</span>');
    expect(html).toContain('<a href="/support">Contact support</a>');
    expect(html).toContain(
      '<aside class="callout callout-note" role="note">\n<p class="callout-title">Note</p>\n<p>Sync requires version <strong>2.4</strong> or later.</p>\n</aside>',
    );
    expect(html).toContain(`<p class="callout-title">Warning</p>\n<p>Don't run <code>hearth sync --reset</code>`);
    expect(html).toMatch(/<div class="table-wrap">\s*<table>[\s\S]*<th class="align-center">Supported<\/th>[\s\S]*<td class="align-right">2.5<\/td>/);
    expect(html).toContain('<pre tabindex="0"><code class="language-bash">hearth sync --enable --device "My Laptop"</code></pre>');
    expect(elementsOf(html, 'ol')).toHaveLength(1);
    expect(text).toMatch(/^Sync your settings across devices Hearth keeps your preferences in sync\. /);
    expect(text).not.toContain('#');
    expectInert(html);
  });
});

// ---------------------------------------------------------------------------------------------

const XSS_VECTORS: Array<[name: string, source: string]> = [
  ['script tag', '<script>alert(1)</script>'],
  ['SCRIPT upper case', '<SCRIPT>alert(1)</SCRIPT>'],
  ['ScRiPt mixed case', '<ScRiPt>alert(1)</sCrIpT>'],
  ['script with src', '<script src="https://evil.example/x.js"></script>'],
  ['script with type and defer', '<script type="module" defer>import("https://evil.example")</script>'],
  ['script split across lines', 'text\n<script\n>alert(1)</script\n>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['IMG OnError mixed case', '<IMG SRC=x OnError="alert(1)">'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg script', '<svg><script>alert(1)</script></svg>'],
  ['svg animate onbegin', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>'],
  ['svg xlink:href', '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>'],
  ['iframe javascript src', '<iframe src="javascript:alert(1)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object data', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  ['math mglyph/style mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ['math href', '<math href="javascript:alert(1)">click</math>'],
  ['style @import', '<style>@import "https://evil.example/x.css";</style>'],
  ['link rel=import', '<link rel="import" href="https://evil.example/x.html">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['button formaction', '<button formaction="javascript:alert(1)">go</button>'],
  ['html anchor javascript:', '<a href="javascript:alert(1)">x</a>'],
  ['html anchor entity scheme', '<a href="&#x6A;avascript:alert(1)">x</a>'],
  ['html anchor spaced data:', '<a href="  data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['md link javascript:', '[x](javascript:alert(1))'],
  ['md link mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
  ['md link &#58; colon', '[x](javascript&#58;alert(1))'],
  ['md link &colon; colon', '[x](javascript&colon;alert(1))'],
  ['md link &#106; first letter', '[x](&#106;avascript:alert(1))'],
  ['md link padded decimal entities', '[x](&#0000106&#0000097vascript:alert(1))'],
  ['md link leading space', '[x]( javascript:alert(1))'],
  ['md link literal tab', '[x](java\tscript:alert(1))'],
  ['md link &#9; tab entity', '[x](java&#9;script:alert(1))'],
  ['md link newline entity', '[x](java&#x0A;script:alert(1))'],
  ['md link percent-encoded scheme', '[x](%6A%61vascript:alert(1))'],
  ['md link angle-bracket destination', '[x](<javascript:alert(1)>)'],
  ['md link vbscript:', '[x](vbscript:msgbox(1))'],
  ['md link data: html', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['md link file:', '[x](file:///etc/passwd)'],
  ['md link zero-width in scheme', '[x](java\u200Bscript:alert(1))'],
  ['md link leading zero-width space', '[x](\u200Bjavascript:alert(1))'],
  ['md link BOM before colon', '[x](javascript\uFEFF:alert(1))'],
  ['md link control character', '[x](\u0001javascript:alert(1))'],
  ['md link soft hyphen', '[x](java&shy;script:alert(1))'],
  ['md image javascript:', '![x](javascript:alert(1))'],
  ['md image data: svg', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['md image protocol-relative', '![x](//evil.example/t.png)'],
  ['md image alt breakout', '![x" onerror="alert(1)](y.png)'],
  ['md image src breakout', '![x](https://ok.example/a.png"onerror="alert(1))'],
  ['md link title breakout', '[x](y "title\\" onmouseover=\\"alert(1)")'],
  ['autolink javascript:', '<javascript:alert(1)>'],
  ['autolink data:', '<data:text/html,<script>alert(1)</script>>'],
  ['reference link javascript:', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['reference image javascript:', '![x][evil]\n\n[evil]: javascript:alert(1) "t"'],
  ['reference link entity scheme', '[x]\n\n[x]: &#x6A;avascript:alert(1)'],
  ['encoded script stays text', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['nested scr<script>ipt', '<scr<script>ipt>alert(1)</script>'],
  ['double angle <<script>', '<<script>script>alert(1)<</script>/script>'],
  ['attribute breakout "><script>', '"><script>alert(1)</script>'],
  ['code span', '`<script>alert(1)</script>`'],
  ['double-backtick code span', '``<img src=x onerror=alert(1)>``'],
  ['fenced code info string', '~~~js" onclick="alert(1)\ncode\n~~~'],
  ['base href', '<base href="https://evil.example/">'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['video source onerror', '<video><source onerror=alert(1)></video>'],
  ['body onload', '<body onload=alert(1)>'],
  ['template script', '<template><script>alert(1)</script></template>'],
  ['noscript title mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['textarea mutation', '<textarea><script>alert(1)</script></textarea>'],
  ['style attribute url()', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['div onmouseover', '<div onmouseover="alert(1)">hover</div>'],
  ['html inside link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['html in table cell', '| <img src=x onerror=alert(1)> |\n|---|\n| x |'],
  ['script in callout', '> [!NOTE]\n> <script>alert(1)</script>'],
  ['html in heading', '# <img src=x onerror=alert(1)>'],
  ['script in task item', '- [ ] <script>alert(1)</script>'],
];

describe('XSS vectors are inert', () => {
  it('has a long list', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_VECTORS)('user mode: %s', (_name, source) => {
    expectInert(renderUserMarkdown(source));
  });

  it.each(XSS_VECTORS)('trusted mode: %s', (_name, source) => {
    expectInert(render(source, 'trusted').html);
  });

  it.each(XSS_VECTORS.filter(([name]) => /^md (link|image) /.test(name) && !name.includes('breakout')))(
    'drops the destination and keeps the text: %s',
    (_name, source) => {
      const html = renderUserMarkdown(source);
      expect(elementsOf(html, 'a')).toEqual([]);
      expect(elementsOf(html, 'img')).toEqual([]);
    },
  );

  it('keeps escaped markup visible as text', () => {
    expect(renderUserMarkdown('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(renderUserMarkdown('<<script>script>')).toBe('<p>&lt;&lt;script&gt;script&gt;</p>\n');
    expect(renderUserMarkdown('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
  });

  it('escapes breakout attempts inside attributes', () => {
    const [img] = elementsOf(renderUserMarkdown('![x" onerror="alert(1)](/uploads/y.png)'), 'img');
    expect(img).toEqual({ src: '/uploads/y.png', alt: 'x" onerror="alert(1)', loading: 'lazy', decoding: 'async' });
    const [a] = elementsOf(renderUserMarkdown('[x](y "title\\" onmouseover=\\"alert(1)")'), 'a');
    expect(a).toEqual({ href: 'y', title: 'title" onmouseover="alert(1)' });
  });
});
