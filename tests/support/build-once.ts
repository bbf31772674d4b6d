// Vitest global setup for server-level tests: build the site once (only when
// sources changed), exactly as `npm start` would, and seed the demo template
// the test servers start from (tests/support/demo-template.ts).
import { resolve } from 'node:path';
import { buildIfNeeded } from '@/cli/build-if-needed';
import { ensureDemoTemplate } from './demo-template';

export default function setup(): void {
  buildIfNeeded(resolve(import.meta.dirname, '../..'), (line) => console.log(`[build] ${line}`));
  ensureDemoTemplate((line) => console.log(`[seed] ${line}`));
}
