// A spam flag remembers the network it came from, so flags that all come from
// one place cannot hide a post on their own. Only a SHA-256 of the network
// (an IPv4 address or an IPv6 /64) is kept, never the address itself; flags
// made before this migration, and by scripts, have none.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flags').addColumn('network_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flags').dropColumn('network_hash').execute();
}
