import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HelpContentError, loadHelpContent } from '@/server/help/content';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hearth-help-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const category = 'title: Calendar sync\ndescription: Connect your calendars and turn events into notes.\norder: 4\nicon: calendar\n';
function article(
  fields: Record<string, string>,
  body = 'Intro paragraph.\n\n## First step\n\nDo this.\n\n## Second step\n\nSee [the other one](help:other-article).\n',
) {
  const front = {
    title: 'Connect Google Calendar',
    summary: 'Link your Google account so events appear next to your notes.',
    category: 'calendar-sync',
    tags: '[calendar, google]',
    updated: '2026-10-14',
    ...fields,
  };
  return `---\n${Object.entries(front)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n${body}`;
}

describe('help content loader', () => {
  it('loads categories and articles, renders once, resolves help: links and related slugs', () => {
    write('calendar-sync/_category.yml', category);
    write('calendar-sync/connect-google.md', article({ related: '[other-article]' }));
    write('calendar-sync/other-article.md', article({ title: 'Another article here' }, 'Body with [a link back](help:connect-google).\n'));
    const content = loadHelpContent(root);
    expect(content.categories).toEqual([
      { slug: 'calendar-sync', title: 'Calendar sync', description: 'Connect your calendars and turn events into notes.', order: 4, icon: 'calendar' },
    ]);
    const first = content.articles.find((a) => a.slug === 'connect-google')!;
    expect(first).toMatchObject({
      path: '/help/calendar-sync/connect-google',
      updated: '2026-10-14',
      related: ['other-article'],
      tags: ['calendar', 'google'],
    });
    expect(first.headings.map((h) => h.text)).toEqual(['First step', 'Second step']);
    expect(first.html).toContain('href="/help/calendar-sync/other-article"');
    expect(first.text).toContain('Do this.');
    expect(first.readingMinutes).toBe(1);
  });

  it('fails with the file name and the field when frontmatter is wrong', () => {
    write('calendar-sync/_category.yml', category);
    write('calendar-sync/bad.md', article({ title: '""', tags: '[Calendar Sync]' }));
    expect(() => loadHelpContent(root)).toThrow(HelpContentError);
    try {
      loadHelpContent(root);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/calendar-sync\/bad\.md: frontmatter field "title"/);
      expect(message).toMatch(/calendar-sync\/bad\.md: frontmatter field "tags\.0"/);
    }
  });

  it.each([
    ['an unknown field', { author: 'Sam' }, /frontmatter field "\(root\)".*author|Unrecognized key/],
    ['a missing summary', { summary: '' }, /field "summary"/],
    ['a bad date', { updated: 'last tuesday' }, /field "updated"/],
    ['a category that is not its folder', { category: 'billing' }, /field "category": is "billing" but the file is in the "calendar-sync" folder/],
    ['a related slug that does not exist', { related: '[nowhere]' }, /field "related": no article has the slug "nowhere"/],
  ])('reports %s', (_name, fields, expected) => {
    write('calendar-sync/_category.yml', category);
    write('calendar-sync/x-article.md', article(fields));
    write('calendar-sync/other-article.md', article({ title: 'Another article here' }));
    expect(() => loadHelpContent(root)).toThrow(expected);
  });

  it('reports a category without metadata and duplicate slugs across categories', () => {
    write('calendar-sync/_category.yml', category);
    write('calendar-sync/same.md', article({}));
    write('billing/same.md', article({ category: 'billing' }));
    expect(() => loadHelpContent(root)).toThrow(/billing\/_category\.yml: missing/);
  });

  it('leaves drafts out unless asked, and links to drafts become plain text', () => {
    write('calendar-sync/_category.yml', category);
    write('calendar-sync/connect-google.md', article({}, 'See [soon](help:secret-draft).\n'));
    write('calendar-sync/secret-draft.md', article({ title: 'Unreleased feature', draft: 'true' }));
    const content = loadHelpContent(root);
    expect(content.articles.map((a) => a.slug)).toEqual(['connect-google']);
    expect(content.articles[0]!.html).not.toContain('/help/calendar-sync/secret-draft');
    expect(loadHelpContent(root, { includeDrafts: true }).articles).toHaveLength(2);
  });
});

describe('the real help content', () => {
  it('is valid and large enough: at least 36 articles in at least 6 categories, one of them Chinese', () => {
    const content = loadHelpContent(join(process.cwd(), 'content/help'));
    expect(content.articles.length).toBeGreaterThanOrEqual(36);
    expect(content.categories.length).toBeGreaterThanOrEqual(6);
    const chinese = content.articles.filter((a) => /[\u4e00-\u9fff]/.test(a.title));
    expect(chinese.length).toBeGreaterThanOrEqual(4);
    for (const a of content.articles) {
      expect(a.headings.filter((h) => h.depth === 2).length, a.slug).toBeGreaterThanOrEqual(2);
      expect(a.html, a.slug).not.toContain('broken-link');
    }
  });
});
