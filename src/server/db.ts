// The application's database handle: one Kysely instance per process, opened
// lazily from DATABASE_PATH. Domain modules never import this; pages and
// workers pass the handle in.
import { openDatabase, type DB } from '@db/connection';
import { config } from '@/config';

let instance: DB | undefined;

export function appDb(): DB {
  instance ??= openDatabase(config().DATABASE_PATH).db;
  return instance;
}
