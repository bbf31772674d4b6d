// One seeded demo database per test run. Seeding the demo takes seconds (52
// argon2 password hashes, a year of help traffic, the report's six published
// months), and about forty test servers start on it; instead of each server
// seeding its own, the global setup seeds one template with `npm run db:seed`
// exactly as `npm start` would, and each test server starts on a copy (the
// server then finds its users and does not seed again). The template is made
// anew when the seed's or the domain's sources change, and after 20 minutes,
// since the demo is seeded relative to the clock.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const FRESH_MS = 20 * 60_000;

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.(ts|md|json)$/.test(name)) hash.update(path).update(readFileSync(join(root, path)));
    }
  };
  for (const dir of ['db', 'src', 'content']) walk(dir);
  return hash.digest('hex').slice(0, 16);
}

/** Where this source tree's template lives (tests/.artifacts, git-ignored). */
export function demoTemplatePath(): string {
  return join(root, 'tests/.artifacts', `demo-${sourceHash()}.db`);
}

/** Seeds the template unless a fresh one exists; returns its path. */
export function ensureDemoTemplate(log: (line: string) => void = () => {}): string {
  const path = demoTemplatePath();
  if (existsSync(path) && Date.now() - statSync(path).mtimeMs < FRESH_MS) return path;
  mkdirSync(join(root, 'tests/.artifacts'), { recursive: true });
  const building = `${path}.${process.pid}.tmp`;
  const started = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/seed.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: building, LOG_REQUESTS: 'false' },
    stdio: 'ignore',
  });
  // better-sqlite3 checkpoints the WAL when the seed closes the database: the main file is complete.
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  renameSync(building, path);
  log(`demo template seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return path;
}
