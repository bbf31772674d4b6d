// `npm start` builds the server only when a source file is newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'content', 'db', 'search', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
const ENTRY = 'dist/server/entry.mjs';
const STAMP = 'dist/.build-stamp';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isBuildStale(root: string): boolean {
  const stamp = join(root, STAMP);
  if (!existsSync(join(root, ENTRY)) || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

export function buildIfNeeded(root: string, log: (line: string) => void = console.log): void {
  if (!isBuildStale(root)) return;
  log('Building Hearth (first start, or sources changed)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('The build failed; see the messages above.');
  writeFileSync(join(root, STAMP), new Date().toISOString());
  log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
