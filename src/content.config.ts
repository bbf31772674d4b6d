// Content collections. The help hub's files are read, validated and rendered
// by src/server/help/content.ts (shared with the CLI tools); a bad frontmatter
// field fails the build with the file name and the field.
import { resolve } from 'node:path';
import { defineCollection } from 'astro:content';
import { loadHelpContent, type HelpContent } from '@/server/help/content';

let content: HelpContent | undefined;
const helpContent = () => (content ??= loadHelpContent(resolve(process.cwd(), 'content/help')));

const helpCategories = defineCollection({
  loader: async () => helpContent().categories.map((category) => ({ id: category.slug, ...category })),
});

const helpArticles = defineCollection({
  loader: async () => helpContent().articles.map((article) => ({ id: article.slug, ...article })),
});

export const collections = { helpCategories, helpArticles };
