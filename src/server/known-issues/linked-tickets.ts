// Tickets linked to known issues (owner: tickets link & bulk reply). PLACEHOLDER until it lands:
// only the signatures other modules build against. Replace this whole file.
import type { DB } from '@db/connection';
import type { SiteContext } from '@/server/email/templates';

/** When an issue is fixed: tells each linked ticket's requester (outbox, same transaction). Returns how many. */
export async function notifyLinkedRequestersOfFix(db: DB, site: SiteContext, issueId: number, updateId: number, now = Date.now()): Promise<number> {
  void [db, site, issueId, updateId, now];
  return 0;
}

/**
 * The GitHub issue closed: linked solved or pending tickets go back to open with an internal note,
 * closed ones get a linked follow-up ticket; not counted as customer reopenings. Returns how many.
 */
export async function reopenLinkedTickets(db: DB, site: SiteContext, issueId: number, note: string, now = Date.now()): Promise<number> {
  void [db, site, issueId, note, now];
  return 0;
}
