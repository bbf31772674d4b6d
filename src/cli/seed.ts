// `npm run db:seed`: add the demo data (idempotent: existing rows are kept).
import { seedDemoData } from '@db/seed/index';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';

loadConfigOrExit();
const { db } = await openMigratedDatabase();
await seedDemoData(db, { log: console.log });
await db.destroy();
