// `npm run seed:scale`: grows the database to benchmark size (db/seed/scale.ts),
// checks it, and makes the new questions searchable. Options (after `--`):
// --questions 50000 --answers 150000 --users 5000 (totals of questions and
// answers; new users), --tickets 30000 (total support tickets, live at the
// current time, on the site's support hours and SLA targets, with agents to
// work them: db/seed/scale-tickets.ts), --demo (seed the Fieldnote demo first
// when the database is empty), --no-index (leave the search index alone). Exits 1 when the
// verification finds anything inconsistent.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seedDemoData } from '@db/seed/index';
import { generateScaleData, indexScaleData, verifyScaleData } from '@db/seed/scale';
import { generateScaleTickets } from '@db/seed/scale-tickets';
import { countUsers } from '@/server/accounts/users';
import { siteSettings, supportCalendar } from '@/server/settings/settings';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';
import { searchSetup } from './search-setup';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '50000' },
    answers: { type: 'string', default: '150000' },
    users: { type: 'string', default: '5000' },
    tickets: { type: 'string', default: '30000' },
    demo: { type: 'boolean', default: false },
    'no-index': { type: 'boolean', default: false },
  },
});
const count = z.coerce.number().int().min(0).max(5_000_000);
const parsed = z.object({ questions: count, answers: count, users: count, tickets: count }).safeParse(values);
if (!parsed.success) {
  console.error(`seed:scale: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '../..');
const cfg = loadConfigOrExit();
const { db } = await openMigratedDatabase();
if (values.demo && (await countUsers(db)) === 0) {
  const t0 = performance.now();
  await seedDemoData(db, { log: (line) => console.log(`  ${line}`) });
  console.log(`Demo seed: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const { tickets, ...community } = parsed.data;
const summary = await generateScaleData(db, { ...community, log: console.log });
console.log(
  `Generated ${summary.users} users, ${summary.questions} questions, ${summary.answers} answers, ${summary.votes} votes, ` +
    `${summary.accepted} accepted answers, ${summary.reputationEvents} ledger rows (${summary.rendered} distinct bodies rendered) in ${summary.seconds} s.`,
);
const desk = await siteSettings(db, cfg);
const ticketSummary = await generateScaleTickets(db, {
  tickets,
  now: Date.now(),
  calendar: supportCalendar(desk),
  slaTargets: desk.slaTargets,
  log: console.log,
});
console.log(
  `Generated ${ticketSummary.tickets} tickets (${Object.entries(ticketSummary.statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ')}), ${ticketSummary.messages} messages, ${ticketSummary.tags} tags and ${ticketSummary.agents} agents in ${ticketSummary.seconds} s.`,
);
const verification = await verifyScaleData(db);
console.log(
  'Database now holds:',
  Object.entries(verification.figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', '),
);
if (verification.problems.length > 0) {
  console.error(`Inconsistent:\n${verification.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exitCode = 1;
} else console.log('Verified: reputation = ledger, scores = votes, answer counts, accepted answers, list copies and totals, HTML stored.');
if (!values['no-index'] && !process.exitCode) {
  const { engine } = searchSetup(root);
  await engine.setup();
  const indexed = await indexScaleData(db, engine, { log: console.log });
  console.log(`Indexed ${indexed.documents} questions into the ${engine.name} engine in ${indexed.seconds} s.`);
}
await db.destroy();
