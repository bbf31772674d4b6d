// The frontmatter of help articles and categories. Written with Astro's zod
// (v3, `astro/zod`) so the same schema serves the content collection and the
// command-line tools that read the files directly.
import { z } from 'astro/zod';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and hyphens');

export const helpCategoryIcons = ['rocket', 'credit-card', 'share', 'calendar', 'plug', 'smartphone', 'wrench', 'globe', 'book', 'shield'] as const;

export const helpCategorySchema = z.object({
  title: z.string().min(2).max(60),
  description: z.string().min(20).max(200),
  order: z.number().int().min(0).max(1000),
  icon: z.enum(helpCategoryIcons),
});

export const helpArticleFrontmatterSchema = z
  .object({
    title: z.string().min(5).max(120),
    summary: z.string().min(20).max(240),
    category: slug,
    tags: z
      .array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'tags must be lower-case words joined by hyphens'))
      .min(1)
      .max(6),
    updated: z.coerce.date(),
    related: z.array(slug).max(6).default([]),
    draft: z.boolean().default(false),
  })
  .strict();

export type HelpCategoryMeta = z.infer<typeof helpCategorySchema>;
export type HelpArticleFrontmatter = z.infer<typeof helpArticleFrontmatterSchema>;
