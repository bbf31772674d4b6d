// Runs the migrations in db/migrations up to the latest. Safe to call at every
// start: a database already at the latest version is left untouched.
import { Migrator } from 'kysely';
import type { DB } from './connection';
import { migrationProvider } from './migrations/index';

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: DB): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
