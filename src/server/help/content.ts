// Reads the help hub from content/help: category metadata (_category.yml) and
// articles (<category>/<slug>.md), validates every field, checks links between
// articles, and renders each body once with the trusted Markdown renderer.
// The content collection and the command-line tools both use this loader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'astro/zod';
import { renderMarkdown, type Heading } from '@/server/markdown';
import { helpArticleFrontmatterSchema, helpCategorySchema, type HelpCategoryMeta } from './frontmatter';

export interface HelpCategory extends HelpCategoryMeta {
  slug: string;
}

export interface HelpArticle {
  slug: string;
  category: string;
  path: string;
  title: string;
  summary: string;
  tags: string[];
  /** ISO date (YYYY-MM-DD) of the last meaningful update. */
  updated: string;
  related: string[];
  draft: boolean;
  html: string;
  headings: Heading[];
  /** Plain text of the body, for search. */
  text: string;
  readingMinutes: number;
}

export interface HelpContent {
  categories: HelpCategory[];
  articles: HelpArticle[];
}

export class HelpContentError extends Error {
  override name = 'HelpContentError';
}

export function articlePath(category: string, slug: string): string {
  return `/help/${category}/${slug}`;
}

function describeIssues(file: string, error: z.ZodError): string {
  return error.issues.map((issue) => `${file}: frontmatter field "${issue.path.join('.') || '(root)'}": ${issue.message}`).join('\n');
}

function splitFrontmatter(file: string, source: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new HelpContentError(`${file}: missing frontmatter (the file must start with a --- block)`);
  try {
    return { data: parseYaml(match[1]!), body: match[2]! };
  } catch (error) {
    throw new HelpContentError(`${file}: frontmatter is not valid YAML: ${(error as Error).message}`);
  }
}

/** CJK characters count as about a word each for reading time. */
function readingMinutes(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  const cjk = (text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length;
  return Math.max(1, Math.round((words + cjk / 2) / 200));
}

export function loadHelpContent(root: string, options: { includeDrafts?: boolean } = {}): HelpContent {
  if (!existsSync(root)) throw new HelpContentError(`No help content folder at ${root}`);
  const problems: string[] = [];
  const categories: HelpCategory[] = [];
  const raw: Array<{ file: string; slug: string; folder: string; data: z.infer<typeof helpArticleFrontmatterSchema>; body: string }> = [];

  for (const folder of readdirSync(root).sort()) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory()) continue;
    const metaFile = join(dir, '_category.yml');
    const shown = relative(process.cwd(), metaFile);
    if (!existsSync(metaFile)) {
      problems.push(`${shown}: missing (every category folder needs one)`);
      continue;
    }
    const meta = helpCategorySchema.safeParse(parseYaml(readFileSync(metaFile, 'utf8')));
    if (!meta.success) problems.push(describeIssues(shown, meta.error).replaceAll('frontmatter field', 'field'));
    else categories.push({ ...meta.data, slug: folder });

    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.md')) continue;
      const file = relative(process.cwd(), join(dir, name));
      const slug = name.slice(0, -3);
      try {
        const { data, body } = splitFrontmatter(file, readFileSync(join(dir, name), 'utf8'));
        const parsed = helpArticleFrontmatterSchema.safeParse(data);
        if (!parsed.success) {
          problems.push(describeIssues(file, parsed.error));
          continue;
        }
        if (parsed.data.category !== folder) {
          problems.push(`${file}: frontmatter field "category": is "${parsed.data.category}" but the file is in the "${folder}" folder`);
          continue;
        }
        raw.push({ file, slug, folder, data: parsed.data, body });
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }

  const bySlug = new Map<string, (typeof raw)[number]>();
  for (const entry of raw) {
    const other = bySlug.get(entry.slug);
    if (other) problems.push(`${entry.file}: the slug "${entry.slug}" is already used by ${other.file}; slugs must be unique across categories`);
    else bySlug.set(entry.slug, entry);
  }
  for (const entry of raw) {
    for (const related of entry.data.related) {
      if (!bySlug.has(related)) problems.push(`${entry.file}: frontmatter field "related": no article has the slug "${related}"`);
    }
  }
  if (problems.length > 0) throw new HelpContentError(`Help content has problems:\n${problems.join('\n')}`);

  const published = raw.filter((entry) => options.includeDrafts || !entry.data.draft);
  const resolveHelpLink = (slug: string) => {
    const target = bySlug.get(slug);
    return target && (options.includeDrafts || !target.data.draft) ? articlePath(target.folder, slug) : undefined;
  };
  const articles = published.map(({ slug, folder, data, body }): HelpArticle => {
    const rendered = renderMarkdown(body, { mode: 'trusted', resolveHelpLink });
    return {
      slug,
      category: folder,
      path: articlePath(folder, slug),
      title: data.title,
      summary: data.summary,
      tags: data.tags,
      updated: data.updated.toISOString().slice(0, 10),
      related: data.related.filter((r) => resolveHelpLink(r) !== undefined),
      draft: data.draft,
      html: rendered.html,
      headings: rendered.headings,
      text: rendered.text,
      readingMinutes: readingMinutes(rendered.text),
    };
  });
  categories.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
  return { categories, articles };
}
