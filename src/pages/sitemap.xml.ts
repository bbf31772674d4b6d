import type { APIRoute } from 'astro';
import { config } from '@/config';
import { questionSitemapEntries } from '@/server/community/questions';
import { appDb } from '@/server/db';
import { knownIssueSitemapEntries } from '@/server/known-issues/board';
import { helpCatalog } from '@/web/help-catalog';

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export const GET: APIRoute = async () => {
  const site = config().SITE_URL;
  const catalog = await helpCatalog();
  const entries: Array<{ path: string; lastmod?: string }> = [
    { path: '/' },
    { path: '/help' },
    ...catalog.categories.map((c) => ({ path: `/help/${c.slug}` })),
    ...catalog.articles.map((a) => ({ path: a.path, lastmod: a.updated })),
    { path: '/community' },
    ...(await questionSitemapEntries(appDb())),
    { path: '/known-issues' },
    ...(await knownIssueSitemapEntries(appDb())),
  ];
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((e) => `  <url><loc>${escapeXml(site + e.path)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`),
    '</urlset>',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
};
