// `npm run user:create -- --email ops@example.com --role admin [--name "Ops"] [--password …]`
// Creates an account for an operator. Without --password, one is generated and printed once.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { randomToken } from '@/lib/crypto';
import { createUser } from '@/server/accounts/users';
import { DomainError } from '@/server/errors';
import { loadConfigOrExit, openMigratedDatabase } from './prepare';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string', default: 'member' },
    name: { type: 'string' },
    password: { type: 'string' },
  },
});
const args = z
  .object({
    email: z.email('--email must be an email address'),
    role: z.enum(['member', 'staff', 'admin'], '--role must be member, staff or admin'),
    name: z.string().min(2).max(50).optional(),
    password: z.string().optional(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => i.message).join('\n'));
  console.error('Usage: npm run user:create -- --email ops@example.com --role admin [--name "Ops Team"] [--password "…"]');
  process.exit(2);
}
loadConfigOrExit();
const { db } = await openMigratedDatabase();
const password = args.data.password ?? randomToken(15);
try {
  const user = await createUser(db, {
    email: args.data.email,
    displayName: args.data.name ?? args.data.email.split('@')[0]!,
    password,
    role: args.data.role,
    // The operator vouches for the address: no confirmation email.
    verified: true,
  });
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
  if (!args.data.password) console.log(`Password: ${password}  (shown once; change it under Account settings)`);
} catch (error) {
  if (error instanceof DomainError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
} finally {
  await db.destroy();
}
