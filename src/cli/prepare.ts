// Shared by the CLI commands: read the configuration (or explain what is wrong),
// open the database and bring it to the latest migration.
import { openDatabase } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { ConfigError, config, type Config } from '@/config';

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

export async function openMigratedDatabase(cfg: Config) {
  const { db, sqlite } = openDatabase(cfg.DATABASE_PATH);
  const { applied } = await migrateToLatest(db);
  return { db, sqlite, applied };
}
