// Factories that build realistic rows in one line.
import type { DB } from '@db/connection';
import type { Role } from '@db/schema';
import { createUser } from '@/server/accounts/users';
import type { SiteContext } from '@/server/email/templates';

export const site: SiteContext = { siteUrl: 'http://hearth.test', siteName: 'Fieldnote Support' };
export const GOOD_PASSWORD = 'correct horse battery';

let counter = 0;

export async function makeUser(db: DB, overrides: { email?: string; displayName?: string; role?: Role; password?: string } = {}) {
  counter++;
  return createUser(db, {
    email: overrides.email ?? `person${counter}@example.com`,
    displayName: overrides.displayName ?? `Person ${counter}`,
    password: overrides.password ?? GOOD_PASSWORD,
    role: overrides.role ?? 'member',
  });
}
