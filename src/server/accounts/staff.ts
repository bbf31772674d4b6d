// The people who work the support desk: staff and admins, for assignee lists
// and agent notifications.
import type { DB } from '@db/connection';
import type { Role } from '@db/schema';

export interface StaffMember {
  id: number;
  displayName: string;
  email: string;
  role: Role;
}

/** Staff and admins who are not suspended, by name. */
export async function staffMembers(db: DB, now = Date.now()): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'role'])
    .where('role', 'in', ['staff', 'admin'])
    .where((eb) => eb.or([eb('suspended_until', 'is', null), eb('suspended_until', '<=', now)]))
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, role: r.role }));
}

/** One staff member (or admin), or undefined when the id is no (active) agent. */
export async function staffMember(db: DB, id: number, now = Date.now()): Promise<StaffMember | undefined> {
  return (await staffMembers(db, now)).find((m) => m.id === id);
}
