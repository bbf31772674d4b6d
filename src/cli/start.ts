// `npm start`: build if needed, migrate, seed demo data into an empty database,
// start the background workers and serve the site.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { seedDemoData } from '@db/seed/index';
import { DEMO_PASSWORD, demoMembers, demoStaff } from '@db/seed/people';
import { countUsers } from '@/server/accounts/users';
import { startWorkers } from '@/server/workers';
import { parseTrustProxy } from '@/lib/client-address';
import { createHearthServer, type NodeHandler } from '@/web/node-server';
import { securityHeaders } from '@/web/security-headers';
import { syncDocuments } from '@search/indexer';
import { articleDocuments } from '@search/sources/articles';
import { searchSetup } from './search-setup';
import { buildIfNeeded } from './build-if-needed';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';

const root = resolve(import.meta.dirname, '../..');
const cfg = loadConfigOrExit();
buildIfNeeded(root);

const { db, applied } = await openMigratedDatabase();
if (applied.length > 0) console.log(`Database ${cfg.DATABASE_PATH}: applied ${applied.length} migration(s).`);
let seeded = false;
if (cfg.SEED_DEMO === 'auto' && (await countUsers(db)) === 0) {
  console.log('Empty database: seeding the Fieldnote demo data…');
  await seedDemoData(db, { log: (line) => console.log(`  ${line}`) });
  seeded = true;
}

const search = searchSetup(root);
try {
  // The embedded engine's tables exist before the first page searches; a Meilisearch that is down is set up later by the worker.
  await search.engine.setup();
} catch (error) {
  console.error(
    `Search: the ${search.engine.name} engine could not be set up yet (${error instanceof Error ? error.message : String(error)}); the worker keeps trying.`,
  );
}
const changed = await syncDocuments(db, 'article', await articleDocuments(db, search.articles));
if (changed > 0) console.log(`Search: ${changed} help article change(s) queued for the ${search.engine.name} index.`);
const workers = startWorkers(db, cfg, { search });

// Our own server around Astro's handler (src/web/node-server.ts): Astro's would trust X-Forwarded-For from anyone.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(resolve(root, 'dist/server/entry.mjs')).href)) as { handler: NodeHandler };
const server = createHearthServer({ handler, trustProxy: parseTrustProxy(cfg.TRUST_PROXY), defaultHeaders: securityHeaders(cfg.SITE_URL) });
await new Promise<void>((resolveListening, reject) => {
  server.once('error', reject);
  server.listen(cfg.PORT, cfg.HOST, () => resolveListening());
});

const shownHost = cfg.HOST === '0.0.0.0' || cfg.HOST === '::' ? 'localhost' : cfg.HOST;
console.log(`\nHearth is running: http://${shownHost}:${cfg.PORT}  (public address: ${cfg.SITE_URL})`);
if (seeded || cfg.SEED_DEMO === 'auto') {
  console.log(`Demo accounts (password "${DEMO_PASSWORD}" for all):`);
  for (const person of demoStaff) console.log(`  ${person.role.padEnd(6)} ${person.email}`);
  console.log(`  member ${demoMembers[0]!.email} (and ${demoMembers.length - 1} more members)`);
}

const shutdown = async (signal: string) => {
  console.log(`${signal}: stopping…`);
  server.close();
  await workers.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
