// Vitest global setup for server-level tests: build the site once (only when
// sources changed), exactly as `npm start` would.
import { resolve } from 'node:path';
import { buildIfNeeded } from '@/cli/build-if-needed';

export default function setup(): void {
  buildIfNeeded(resolve(import.meta.dirname, '../..'), (line) => console.log(`[build] ${line}`));
}
