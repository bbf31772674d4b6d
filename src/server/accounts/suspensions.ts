// The one suspension rule, used by the community's moderators and by admins:
// a suspended account can still read and sign in, but not post, vote, comment
// or flag until `users.suspended_until`. Nobody suspends themselves, and only
// an administrator suspends (or reinstates) staff. Callers check that the actor
// may suspend at all (a moderator, an admin) before calling.
import type { DB } from '@db/connection';
import type { Role } from '@db/schema';
import { ForbiddenError, ValidationError } from '@/server/errors';
import { getMember, setSuspension, type UserStanding } from './users';

export const SUSPENSION_DAYS_MAX = 365;
export const SUSPENSION_REASON_MIN = 5;
export const SUSPENSION_REASON_MAX = 300;
const DAY = 24 * 60 * 60_000;

export interface SuspensionInput {
  days: number;
  reason: string;
}

/** Throws a ValidationError with a message per field when the length or reason is not acceptable. */
export function assertSuspensionInput(input: SuspensionInput): void {
  const reason = input.reason.trim();
  const fields: Record<string, string> = {};
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > SUSPENSION_DAYS_MAX) fields.days = `Suspend for 1 to ${SUSPENSION_DAYS_MAX} days.`;
  if (reason.length < SUSPENSION_REASON_MIN || reason.length > SUSPENSION_REASON_MAX) {
    fields.reason = `Give a reason of ${SUSPENSION_REASON_MIN} to ${SUSPENSION_REASON_MAX} characters; the member sees it.`;
  }
  if (Object.keys(fields).length > 0) throw new ValidationError('Please correct the suspension.', fields);
}

interface Actor {
  id: number;
  role: Role;
}

async function loadSuspensionTarget(db: DB, actor: Actor, targetUserId: number): Promise<UserStanding> {
  const target = await getMember(db, targetUserId);
  if (target.id === actor.id) throw new ForbiddenError('You cannot suspend or reinstate yourself.');
  if ((target.role === 'staff' || target.role === 'admin') && actor.role !== 'admin')
    throw new ForbiddenError('Only an administrator can suspend or reinstate staff.');
  return target;
}

/** Suspends `targetUserId` for `input.days` days from `now`; call inside the caller's transaction, after its own permission check. */
export async function suspendAccount(db: DB, actor: Actor, targetUserId: number, input: SuspensionInput, now: number): Promise<{ until: number }> {
  assertSuspensionInput(input);
  await loadSuspensionTarget(db, actor, targetUserId);
  const until = now + input.days * DAY;
  await setSuspension(db, targetUserId, until, input.reason.trim());
  return { until };
}

/** Lifts a suspension, under the same rule as suspending. */
export async function liftSuspension(db: DB, actor: Actor, targetUserId: number): Promise<void> {
  await loadSuspensionTarget(db, actor, targetUserId);
  await setSuspension(db, targetUserId, null, null);
}
