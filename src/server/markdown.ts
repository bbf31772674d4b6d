// The one Markdown renderer for Hearth: staff help articles ('trusted') and anything users write ('user').
// Owns Markdown → HTML (GFM, heading ids and table of contents, callouts, help: links), URL safety,
// the final sanitize-html pass, and the plain-text rendition used for search indexing and snippets.
import { Marked, Renderer, type RendererObject, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { config } from '@/config';
import { escapeHtml } from '@/lib/html';

export type RenderMode = 'trusted' | 'user';
export interface Heading {
  depth: number;
  text: string;
  id: string;
}
export interface RenderOptions {
  mode: RenderMode;
  /** Resolves `help:<slug>` links to a URL path; unknown slugs render as plain text with class "broken-link" (trusted) / are dropped to text (user). */
  resolveHelpLink?: (slug: string) => string | undefined;
  /** User mode: https hosts whose images are shown (besides /uploads/); others become links. Defaults to IMAGE_HOSTS. */
  imageHosts?: readonly string[];
}
export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
  text: string; /* plain text of the document, whitespace-collapsed, for search indexing and snippets */
}

/** Turns heading text into an id: lower-case, ASCII letters/digits and CJK characters kept, other runs → '-', trimmed; '' → 'section'. */
export function slugifyHeading(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase(); // "Café" → "cafe"
  const slug = folded
    .replace(/[^a-z0-9\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu, '-') // ー: kana length mark
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

// ---------------------------------------------------------------------------------------------
// Escaping, plain text and URLs

// Tag-stripping via sanitize-html (which decodes entities); the trusted-mode "#" heading anchors are
// renamed to a non-text tag so their content is skipped. Its output escapes only & < > (and ").
const TEXT_ONLY: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  transformTags: {
    a: (tagName, attribs) => ({ tagName: attribs.class === 'heading-anchor' ? 'heading-anchor' : tagName, attribs }),
  },
  nonTextTags: ['heading-anchor'],
};

/** Plain text of an HTML fragment this module produced: tags dropped, entities decoded. */
function htmlToText(html: string): string {
  return sanitizeHtml(html, TEXT_ONLY)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain text of stored HTML this module rendered (for search documents): tags dropped, entities decoded, spaces collapsed. */
export function plainTextOf(html: string): string {
  return collapseWhitespace(htmlToText(html));
}

/** Marked leaves character references in link destinations and titles undecoded (`&#106;avascript:`). */
function decodeEntities(value: string): string {
  return value.includes('&') ? htmlToText(value.replace(/</g, '&lt;')) : value;
}

// Controls, format characters (zero-width, bidi, soft hyphen, BOM) and every kind of space.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/gu;
const INVISIBLE_AT_EDGES = /^[\p{Cc}\p{Cf}\p{Z}]+|[\p{Cc}\p{Cf}\p{Z}]+$/gu;

interface ParsedUrl {
  url: string;
  scheme: string; /* lower-case; '' for relative paths and #fragments */
}

/**
 * Decodes and trims a destination and finds its scheme the way a lenient browser would (invisible
 * characters ignored). Protocol-relative URLs (`//host`, `/\host`) are refused. A ':' before any
 * '/', '?' or '#' counts as a scheme, so `foo:bar` and `%6A%61vascript:` end up refused by callers.
 * The returned `url` is exactly what was checked; emit it escaped, never the raw input.
 */
function parseUrl(raw: string, literal: boolean): ParsedUrl | undefined {
  const url = (literal ? raw : decodeEntities(raw)).replace(INVISIBLE_AT_EDGES, '');
  const probe = url.replace(INVISIBLE, '').toLowerCase();
  if (/^[\\/]{2}/.test(probe)) return undefined;
  const end = probe.search(/[:/?#]/);
  return { url, scheme: end !== -1 && probe[end] === ':' ? probe.slice(0, end) : '' };
}

const LINK_SCHEMES = ['', 'http', 'https', 'mailto'];
const IMAGE_SCHEMES: Record<RenderMode, string[]> = { trusted: ['', 'http', 'https'], user: ['', 'https'] };
const EXTERNAL_REL: Record<RenderMode, string> = { trusted: 'noopener noreferrer', user: 'nofollow ugc noopener noreferrer' };

// User content may show images only from this site's own uploads and the IMAGE_HOSTS allowlist:
// any other image would make every reader's browser fetch it (a tracking pixel, or a GET with a
// side effect here such as /search?q=…). Such images become links. Help articles are trusted.
const OWN_UPLOADS = '/uploads/';
const RESOLVE_BASE = 'https://hearth.invalid'; // resolves a path the way the browser will, dot segments and backslashes included

function isAllowedUserImage(url: string, imageHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, RESOLVE_BASE);
  } catch {
    return false;
  }
  if (parsed.origin === RESOLVE_BASE) return url.startsWith('/') && !/^[\\/]{2}/.test(url) && parsed.pathname.startsWith(OWN_UPLOADS);
  return parsed.protocol === 'https:' && parsed.port === '' && parsed.username === '' && parsed.password === '' && imageHosts.includes(parsed.hostname);
}

function titleAttr(title: string | null | undefined): string {
  return title ? ` title="${escapeHtml(decodeEntities(title))}"` : '';
}

// ---------------------------------------------------------------------------------------------
// Per-render state. Parsing is synchronous, so the active render is a module slot that
// renderMarkdown sets and restores (re-entrancy safe, nothing survives a call).

interface RenderState {
  options: RenderOptions;
  imageHosts: readonly string[];
  usedSlugs: Set<string>;
  headings: Heading[];
  linkDepth: number;
}
let active: RenderState | undefined;

function current(): RenderState {
  if (!active) throw new Error('markdown renderer used outside renderMarkdown()');
  return active;
}

function uniqueSlug(used: Set<string>, base: string): string {
  let slug = base;
  for (let n = 1; used.has(slug); n++) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}

// ---------------------------------------------------------------------------------------------
// Callouts: GitHub alert syntax, a blockquote whose first line is `[!NOTE]` etc.

type CalloutKind = 'note' | 'tip' | 'warning';
const CALLOUT_MARKER = /^\[!(note|tip|warning|important|caution)\][ \t]*(?:\n|$)/i;
const CALLOUT_KIND: Record<string, CalloutKind> = { note: 'note', important: 'note', tip: 'tip', warning: 'warning', caution: 'warning' };
const CALLOUT_TITLE: Record<CalloutKind, string> = { note: 'Note', tip: 'Tip', warning: 'Warning' };

/** The callout kind and the blockquote's tokens without the marker line, or undefined for a plain blockquote. */
function splitCallout(tokens: Token[]): { kind: CalloutKind; body: Token[] } | undefined {
  const [first, ...rest] = tokens;
  if (first?.type !== 'paragraph') return undefined;
  const paragraph = first as Tokens.Paragraph;
  const [lead, ...inline] = paragraph.tokens;
  const marker = CALLOUT_MARKER.exec(paragraph.raw);
  if (!marker || lead?.type !== 'text' || !CALLOUT_MARKER.test(lead.raw)) return undefined;
  const kind = CALLOUT_KIND[marker[1]!.toLowerCase()]!;
  const remainder = lead.raw.replace(CALLOUT_MARKER, '');
  const leadRest: Token[] = remainder ? [{ ...lead, raw: remainder, text: remainder }] : [];
  const paragraphTokens = [...leadRest, ...inline];
  const body: Token[] = paragraphTokens.length ? [{ ...paragraph, tokens: paragraphTokens }, ...rest] : rest;
  return { kind, body };
}

// ---------------------------------------------------------------------------------------------
// Renderers

function rendererFor(mode: RenderMode): RendererObject {
  const idPrefix = mode === 'user' ? 'user-content-' : '';

  return {
    heading({ tokens, depth }) {
      const state = current();
      const inner = this.parser.parseInline(tokens);
      const text = collapseWhitespace(htmlToText(inner));
      const id = idPrefix + uniqueSlug(state.usedSlugs, slugifyHeading(text));
      const inToc = depth === 2 || depth === 3;
      if (inToc) state.headings.push({ depth, text, id });
      const anchor = mode === 'trusted' && inToc ? `<a class="heading-anchor" href="#${escapeHtml(id)}" aria-hidden="true" tabindex="-1">#</a>` : '';
      return `<h${depth} id="${escapeHtml(id)}">${anchor}${inner}</h${depth}>\n`;
    },

    code({ text, lang }) {
      const language = (lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
      const cls = /^[a-z0-9+#-]+$/.test(language) ? ` class="language-${language}"` : '';
      // tabindex: a code block that scrolls sideways must be reachable by keyboard.
      return `<pre tabindex="0"><code${cls}>${escapeHtml(text)}</code></pre>\n`;
    },

    blockquote({ tokens }) {
      const callout = splitCallout(tokens);
      if (!callout) return false; // marked's default <blockquote>
      const { kind, body } = callout;
      return `<aside class="callout callout-${kind}" role="note">\n<p class="callout-title">${CALLOUT_TITLE[kind]}</p>\n${this.parser.parse(body)}</aside>\n`;
    },

    // Raw HTML is never passed through, in either mode: it is shown as the text it is.
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },

    table(token) {
      return `<div class="table-wrap">\n${Renderer.prototype.table.call(this, token)}</div>\n`;
    },

    tablecell({ tokens, header, align }) {
      const tag = header ? 'th' : 'td';
      return `<${tag}${align ? ` class="align-${align}"` : ''}>${this.parser.parseInline(tokens)}</${tag}>\n`;
    },

    br() {
      return '<br>\n'; // the newline keeps words apart in the plain-text rendition
    },

    link({ href, title, text, tokens, autolink }) {
      const state = current();
      state.linkDepth++;
      let label: string;
      try {
        label = autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      } finally {
        state.linkDepth--;
      }
      let url = parseUrl(href, autolink === true);
      if (url?.scheme === 'help') {
        const target = resolveHelpTarget(url.url.slice(url.url.indexOf(':') + 1));
        if (target === undefined) return mode === 'trusted' ? `<span class="broken-link">${label}</span>` : label;
        url = parseUrl(target, true);
      }
      if (!url || !LINK_SCHEMES.includes(url.scheme)) return label;
      const external = url.scheme === 'http' || url.scheme === 'https';
      const rel = external ? ` rel="${EXTERNAL_REL[mode]}"` : '';
      return `<a href="${escapeHtml(url.url)}"${titleAttr(title)}${rel}>${label}</a>`;
    },

    image({ href, title, text, tokens }) {
      const alt = tokens ? collapseWhitespace(htmlToText(this.parser.parseInline(tokens))) : text;
      const url = parseUrl(href, false);
      if (mode === 'user' && url && !isAllowedUserImage(url.url, current().imageHosts)) {
        // Shown as a link to the image instead (as text only inside another link: links do not nest).
        if (!['', 'http', 'https'].includes(url.scheme) || current().linkDepth > 0) return escapeHtml(alt);
        return `<a href="${escapeHtml(url.url)}"${titleAttr(title)} rel="${EXTERNAL_REL.user}">${escapeHtml(alt || url.url)}</a>`;
      }
      if (!url || !IMAGE_SCHEMES[mode].includes(url.scheme)) return escapeHtml(alt);
      return `<img src="${escapeHtml(url.url)}" alt="${escapeHtml(alt)}"${titleAttr(title)} loading="lazy" decoding="async">`;
    },
  };
}

/** `help:slug` or `help:slug#fragment` → the resolved path (fragment kept), or undefined when unknown. */
function resolveHelpTarget(reference: string): string | undefined {
  const hash = reference.indexOf('#');
  const slug = hash === -1 ? reference : reference.slice(0, hash);
  const path = current().options.resolveHelpLink?.(slug);
  return path === undefined ? undefined : path + (hash === -1 ? '' : reference.slice(hash));
}

// ---------------------------------------------------------------------------------------------
// Final sanitizer pass: an allowlist matching exactly what the renderers above emit.

const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];

function sanitizerFor(mode: RenderMode): sanitizeHtml.IOptions {
  const trusted = mode === 'trusted';
  return {
    allowedTags: [
      'p',
      'br',
      'hr',
      ...HEADING_TAGS,
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
    ],
    allowedAttributes: {
      a: ['href', 'rel', 'title', ...(trusted ? ['class', 'aria-hidden', 'tabindex'] : [])],
      img: ['src', 'alt', 'title', 'loading', 'decoding'],
      ...Object.fromEntries(HEADING_TAGS.map((tag) => [tag, ['id']])),
      ol: ['start'],
      pre: [{ name: 'tabindex', values: ['0'] }],
      code: ['class'],
      th: ['class'],
      td: ['class'],
      aside: ['class', { name: 'role', values: ['note'] }],
      div: ['class'],
      p: ['class'],
      span: trusted ? ['class'] : [],
      input: [{ name: 'type', values: ['checkbox'] }, 'checked', 'disabled'],
    },
    allowedClasses: {
      a: trusted ? ['heading-anchor'] : [],
      code: ['language-*'],
      th: ALIGN_CLASSES,
      td: ALIGN_CLASSES,
      aside: ['callout', 'callout-note', 'callout-tip', 'callout-warning'],
      div: ['table-wrap'],
      p: ['callout-title'],
      span: trusted ? ['broken-link'] : [],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: IMAGE_SCHEMES[mode].filter(Boolean) },
    allowProtocolRelative: false,
    // Only task-list checkboxes and table wrappers survive as <input> / <div>; in user content, only allowed images.
    exclusiveFilter: (frame) => {
      if (frame.tag === 'input') return frame.attribs.type !== 'checkbox' || !('disabled' in frame.attribs);
      if (frame.tag === 'div' && frame.attribs.class !== 'table-wrap') return 'excludeTag';
      if (frame.tag === 'img' && !trusted) return !isAllowedUserImage(frame.attribs.src ?? '', current().imageHosts);
      return false;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points: one Marked instance and one sanitizer configuration per mode, built once.

const MODES = {
  trusted: { marked: new Marked({ async: false, gfm: true, breaks: false, renderer: rendererFor('trusted') }), sanitize: sanitizerFor('trusted') },
  user: { marked: new Marked({ async: false, gfm: true, breaks: false, renderer: rendererFor('user') }), sanitize: sanitizerFor('user') },
} satisfies Record<RenderMode, { marked: Marked; sanitize: sanitizeHtml.IOptions }>;

export function renderMarkdown(source: string, options: RenderOptions): RenderedMarkdown {
  const { marked, sanitize } = MODES[options.mode];
  const imageHosts = options.mode === 'user' ? (options.imageHosts ?? config().IMAGE_HOSTS) : [];
  const state: RenderState = { options, imageHosts, usedSlugs: new Set(), headings: [], linkDepth: 0 };
  const previous = active;
  active = state;
  try {
    const html = sanitizeHtml(marked.parse(source, { async: false }), sanitize);
    return { html, headings: state.headings, text: collapseWhitespace(htmlToText(html)) };
  } finally {
    active = previous;
  }
}

/** Convenience: user-mode render returning html only. */
export function renderUserMarkdown(source: string): string {
  return renderMarkdown(source, { mode: 'user' }).html;
}
