// The incident playbook (owner: playbook, cadence & GitHub). PLACEHOLDER until it lands:
// only the signature other modules build against. Replace this whole file.
import type { DB } from '@db/connection';
import type { PlaybookStep } from '@db/schema';

/** Marks a step done (idempotent: the first who did it stays). */
export async function markPlaybookStep(db: DB, issueId: number, step: PlaybookStep, userId: number | null, now = Date.now(), note?: string): Promise<void> {
  void [db, issueId, step, userId, now, note];
}
