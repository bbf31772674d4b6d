// Known issues (owner: the known-issues core). PLACEHOLDER until the core lands: only the
// signature other modules build against. Replace this whole file.
import type { DB } from '@db/connection';
import type { SessionUser } from '@/server/accounts/sessions';
import type { SiteContext } from '@/server/email/templates';
import type { KnownIssueStatus } from './model';

export interface UpdateInput {
  status: KnownIssueStatus;
  /** Markdown. */
  message: string;
}

/**
 * Posts a timeline update: by staff (`user`), or by the GitHub integration
 * (`user` null with `source: 'github'`). Runs in `db`'s transaction when it is one.
 */
export async function postUpdate(
  db: DB,
  site: SiteContext,
  user: SessionUser | null,
  issueId: number,
  input: UpdateInput,
  now = Date.now(),
  options: { source?: 'staff' | 'github' } = {},
): Promise<{ updateId: number }> {
  void [db, site, user, issueId, input, now, options];
  throw new Error('postUpdate: built by the known-issues core');
}
