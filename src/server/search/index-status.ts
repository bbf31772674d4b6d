// What staff see of the search index's outbox: the changes parked after the
// engine refused them too often (with the engine's error), and retrying them.
// The indexer owns the table; this module adds who may look and act.
import type { DB } from '@db/connection';
import { listParkedIndexChanges, requeueParkedIndexChanges, type ParkedIndexChange } from '@search/indexer';
import { assertCan } from '@/server/accounts/authorization';
import type { SessionUser } from '@/server/accounts/sessions';
import { NotFoundError } from '@/server/errors';

export async function parkedIndexChanges(db: DB, viewer: SessionUser | null, limit = 100): Promise<ParkedIndexChange[]> {
  assertCan(viewer, 'staff.area');
  return listParkedIndexChanges(db, limit);
}

/** Queues parked changes again (one, or all); the worker tries them within seconds. Returns how many were queued. */
export async function retryParkedIndexChanges(db: DB, viewer: SessionUser | null, which: { id: number } | 'all', now = Date.now()): Promise<number> {
  assertCan(viewer, 'staff.area');
  const queued = await requeueParkedIndexChanges(db, which === 'all' ? 'all' : [which.id], now);
  if (which !== 'all' && queued === 0) throw new NotFoundError('No failed index change has this number: it may have been retried or applied already.');
  return queued;
}
