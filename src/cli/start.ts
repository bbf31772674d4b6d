// `npm start`: build if needed, migrate, seed demo data into an empty database,
// start the background workers and serve the site.
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { seedDemoData } from '@db/seed/index';
import { DEMO_PASSWORD, demoMembers, demoStaff } from '@db/seed/people';
import { countUsers } from '@/server/accounts/users';
import { appDb } from '@/server/db';
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
// With WEB_PROCESSES > 1 this process prepares everything and runs the background workers, and the forked
// processes (cluster workers, which share the port) only serve pages.
const webOnly = cluster.isWorker;
const forks = cfg.WEB_PROCESSES > 1 && !webOnly ? cfg.WEB_PROCESSES : 0;
if (!webOnly) buildIfNeeded(root);

const { db, applied } = webOnly ? { db: appDb(), applied: [] } : await openMigratedDatabase();
if (applied.length > 0) console.log(`Database ${cfg.DATABASE_PATH}: applied ${applied.length} migration(s).`);
let seeded = false;
if (!webOnly && cfg.SEED_DEMO === 'auto' && (await countUsers(db)) === 0) {
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
if (!webOnly) {
  const changed = await syncDocuments(db, 'article', await articleDocuments(db, search.articles));
  if (changed > 0) console.log(`Search: ${changed} help article change(s) queued for the ${search.engine.name} index.`);
}
const workers = webOnly ? { stop: async () => {} } : startWorkers(db, cfg, { search });

const shownHost = cfg.HOST === '0.0.0.0' || cfg.HOST === '::' ? 'localhost' : cfg.HOST;
function printDemoAccounts(): void {
  if (!seeded && cfg.SEED_DEMO !== 'auto') return;
  console.log(`Demo accounts (password "${DEMO_PASSWORD}" for all):`);
  for (const person of demoStaff) console.log(`  ${person.role.padEnd(6)} ${person.email}`);
  console.log(`  member ${demoMembers[0]!.email} (and ${demoMembers.length - 1} more members)`);
}

if (forks > 0) {
  for (let i = 0; i < forks; i++) cluster.fork();
  let online = 0;
  cluster.on('message', (_worker, message: unknown) => {
    if (message !== 'listening' || ++online < forks) return;
    console.log(`\nHearth is running with ${forks} web processes: http://${shownHost}:${cfg.PORT}  (public address: ${cfg.SITE_URL})`);
    printDemoAccounts();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`A web process (${worker.process.pid}) exited (${signal ?? code}); starting another.`);
    cluster.fork();
  });
  let stopping = false;
  const shutdownPrimary = async (signal: string) => {
    stopping = true;
    console.log(`${signal}: stopping…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    await workers.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdownPrimary('SIGINT'));
  process.once('SIGTERM', () => void shutdownPrimary('SIGTERM'));
} else {
  await serve();
}

async function serve(): Promise<void> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(resolve(root, 'dist/server/entry.mjs')).href)) as { handler: NodeHandler };
  const server = createHearthServer({ handler, trustProxy: parseTrustProxy(cfg.TRUST_PROXY), defaultHeaders: securityHeaders(cfg.SITE_URL) });
  await new Promise<void>((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(cfg.PORT, cfg.HOST, () => resolveListening());
  });

  if (webOnly) process.send?.('listening');
  else {
    console.log(`\nHearth is running: http://${shownHost}:${cfg.PORT}  (public address: ${cfg.SITE_URL})`);
    printDemoAccounts();
  }

  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping…`);
    server.close();
    await workers.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
