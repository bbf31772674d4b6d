// `npm run reputation:recompute`: rebuilds every user's cached reputation from
// the ledger (1 + the sum of their reputation_events) and reports what changed.
import { recomputeReputation } from '@/server/community/reputation';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';

loadConfigOrExit();
const { db } = await openMigratedDatabase();
const before = new Map((await db.selectFrom('users').select(['id', 'reputation']).execute()).map((u) => [u.id, u.reputation]));
const after = await recomputeReputation(db);
const changed = [...after].filter(([id, value]) => before.get(id) !== value);
console.log(`Recomputed reputation for ${after.size} users from the ledger; ${changed.length} changed.`);
for (const [id, value] of changed.slice(0, 20)) console.log(`  user ${id}: ${before.get(id)} → ${value}`);
await db.destroy();
