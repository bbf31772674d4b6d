// `npm run db:migrate`: bring the database to the latest migration.
import { loadConfigOrExit, openMigratedDatabase } from './prepare';

loadConfigOrExit();
const { db, applied } = await openMigratedDatabase();
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is already at the latest migration.');
await db.destroy();
