// The demo seed: idempotent (running it twice changes nothing) and
// deterministic (a fixed random seed). Each area adds its own step below.
import type { DB } from '../connection';
import { insertUser, prepareAccount } from '@/server/accounts/users';
import { createRandom, type Random } from './random';
import { seedHelpTraffic } from './help';
import { seedCommunity } from './community';
import { seedModeration } from './moderation';
import { seedTickets } from './tickets';
import { seedTicketAttachments } from './ticket-attachments';
import { seedKnownIssues } from './known-issues';
import { seedSearchLog } from './search-log';
import { seedReport } from './report';
import { DEMO_PASSWORD, demoMembers, demoStaff } from './people';

export const SEED = 20261125;

export interface SeedContext {
  db: DB;
  random: Random;
  now: number;
  log: (line: string) => void;
}

/**
 * The demo staff and members who do not exist yet; returns how many were
 * created. They share the public demo password, so it is checked and hashed
 * once (argon2 costs tens of milliseconds each), outside any transaction.
 */
export async function seedPeople(db: DB, now: number): Promise<number> {
  let created = 0;
  let passwordHash: string | undefined;
  for (const [index, person] of [...demoStaff, ...demoMembers].entries()) {
    const exists = await db.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
    if (exists) continue;
    passwordHash ??= (await prepareAccount({ ...person, password: DEMO_PASSWORD })).passwordHash;
    // Members join over the past year, staff first.
    const joined = now - (400 - index * 7) * 24 * 60 * 60_000;
    // Demo accounts are seeded verified, so they can post and vote at once.
    await insertUser(db, { email: person.email, displayName: person.displayName, passwordHash, role: person.role, verified: true }, joined);
    created++;
  }
  return created;
}

type SeedStep = { name: string; run: (ctx: SeedContext) => Promise<string> };

const steps: SeedStep[] = [
  { name: 'people', run: async ({ db, now }) => `${await seedPeople(db, now)} users` },
  { name: 'help traffic', run: seedHelpTraffic },
  { name: 'community', run: seedCommunity },
  { name: 'moderation', run: seedModeration },
  { name: 'tickets', run: seedTickets },
  { name: 'ticket attachments', run: seedTicketAttachments },
  { name: 'known issues', run: seedKnownIssues },
  { name: 'search log', run: seedSearchLog },
  // Last: the report counts everything the steps above wrote.
  { name: 'report', run: seedReport },
];

export async function seedDemoData(db: DB, options: { now?: number; log?: (line: string) => void } = {}): Promise<void> {
  const ctx: SeedContext = { db, random: createRandom(SEED), now: options.now ?? Date.now(), log: options.log ?? (() => {}) };
  for (const step of steps) {
    const summary = await step.run(ctx);
    ctx.log(`seed: ${step.name}: ${summary}`);
  }
}
