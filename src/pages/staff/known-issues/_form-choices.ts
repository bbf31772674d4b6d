// What the known-issue forms offer: the settings' teams as affected areas, the
// staff as owners, the help articles by category; plus whatever the issue
// being edited already has (an area or article since removed stays choosable).
import { config } from '@/config';
import type { DB } from '@db/connection';
import { staffMembers } from '@/server/accounts/staff';
import { siteSettings, type SiteSettings } from '@/server/settings/settings';
import { helpCatalog } from '@/web/help-catalog';
import type { KnownIssueFormChoices } from '@/web/known-issue-form';

export interface ArticleGroup {
  title: string;
  articles: { key: string; title: string }[];
}

export interface FormChoices {
  settings: SiteSettings;
  areas: string[];
  owners: { id: number; name: string }[];
  articleGroups: ArticleGroup[];
  /** The title of a linked article by "category/slug". */
  articleTitle: (key: string) => string;
  choices: KnownIssueFormChoices;
}

export async function loadFormChoices(db: DB, current: { areas: string[]; articleSlugs: string[] } = { areas: [], articleSlugs: [] }): Promise<FormChoices> {
  const [settings, staff, catalog] = await Promise.all([siteSettings(db, config()), staffMembers(db), helpCatalog()]);
  const areas = [...settings.teams, ...current.areas.filter((a) => !settings.teams.includes(a))];
  const titles = new Map<string, string>();
  const articleGroups: ArticleGroup[] = catalog.categories
    .map((category) => ({
      title: category.title,
      articles: catalog
        .articlesIn(category.slug)
        .map((a) => ({ key: `${a.category}/${a.slug}`, title: a.title }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    }))
    .filter((g) => g.articles.length > 0);
  for (const group of articleGroups) for (const a of group.articles) titles.set(a.key, a.title);
  const gone = current.articleSlugs.filter((key) => !titles.has(key));
  if (gone.length > 0) articleGroups.push({ title: 'No longer in the help hub', articles: gone.map((key) => ({ key, title: key })) });
  return {
    settings,
    areas,
    owners: staff.map((s) => ({ id: s.id, name: s.displayName })),
    articleGroups,
    articleTitle: (key) => titles.get(key) ?? key,
    choices: { areas, ownerIds: staff.map((s) => s.id), articleSlugs: articleGroups.flatMap((g) => g.articles.map((a) => a.key)) },
  };
}
