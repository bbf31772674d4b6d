// The list of migrations, in order. Astro bundles the server, so Kysely's
// FileMigrationProvider cannot find these files at run time; an explicit list
// works the same from `npm start`, the CLI scripts and the tests.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
