// Shared by the CLI commands: read the configuration (or explain what is wrong),
// open the database and bring it to the latest migration.
import { migrateToLatest } from '@db/migrate';
import { ConfigError, config, type Config } from '@/config';
import { backfillPostText } from '@/server/community/post-text';
import { appDb } from '@/server/db';

export function loadConfigOrExit(): Config {
  try {
    return config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error('See the Configuration table in README.md.');
      process.exit(2);
    }
    throw error;
  }
}

/** The process's database handle (shared with the server in `npm start`), migrated and with every post's search text filled in. */
export async function openMigratedDatabase() {
  const db = appDb();
  const { applied } = await migrateToLatest(db);
  await backfillPostText(db);
  return { db, applied };
}
