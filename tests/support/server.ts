// Starts the built Hearth server the way `npm start` does, on a free port with
// its own temporary database, and stops it after the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type DB } from '@db/connection';
import { demoTemplatePath } from './demo-template';

const root = resolve(import.meta.dirname, '../..');

export interface TestServer {
  url: string;
  /** A database handle on the server's own file (WAL: safe to read and write alongside). */
  db: DB;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
  // A server on the demo starts from a copy of the run's seeded template instead of seeding its own.
  const seedsDemo = (env.SEED_DEMO ?? process.env.SEED_DEMO ?? 'auto') === 'auto' && !env.DATABASE_PATH;
  if (seedsDemo && existsSync(demoTemplatePath())) copyFileSync(demoTemplatePath(), join(dir, 'hearth.db'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_URL: url,
      DATABASE_PATH: join(dir, 'hearth.db'),
      WORKER_INTERVAL_MS: '100',
      LOG_REQUESTS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((r) => child.once('exit', r));

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited early:\n${log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  const { db } = openDatabase(join(dir, 'hearth.db'));
  return {
    url,
    db,
    output: () => log,
    async stop() {
      await db.destroy();
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
