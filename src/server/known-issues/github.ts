// The engineering link: signed GitHub `issues` webhook deliveries move the
// known issues that name the GitHub issue (closed → monitoring and the linked
// tickets reopened to confirm the fix; reopened → back to fixing). Owns
// github_deliveries: each X-GitHub-Delivery is taken once, recorded in the
// same transaction as its effects.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { withTransaction, type DB } from '@db/connection';
import type { SiteContext } from '@/server/email/templates';
import { ValidationError } from '@/server/errors';
import { knownIssuesTrackedBy, postUpdate } from './known-issues';
import { reopenLinkedTickets } from './linked-tickets';

/** Deliveries larger than this are refused unread (GitHub caps payloads at 25 MB; issues events are a few kB). */
export const GITHUB_WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * `X-Hub-Signature-256: sha256=<hex>` is HMAC-SHA256 of the raw body with the
 * webhook's secret; compared in constant time (lengths first, as
 * timingSafeEqual requires).
 */
export function isValidGithubSignature(secret: string, body: Uint8Array, header: string | null | undefined): boolean {
  const hex = /^sha256=([0-9a-f]+)$/i.exec((header ?? '').trim())?.[1];
  if (!hex || hex.length % 2 !== 0) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature header GitHub would send for `body` (tests and tools). */
export function githubSignatureOf(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const issuesPayload = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    state_reason: z.string().nullish(),
  }),
  repository: z.object({ full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/) }),
});

export interface GithubDelivery {
  /** X-GitHub-Delivery. */
  id: string;
  /** X-GitHub-Event. */
  event: string;
  /** The parsed JSON body. */
  payload: unknown;
}

export type GithubOutcome =
  | { status: 'duplicate' }
  | { status: 'ignored'; reason: string }
  | { status: 'handled'; action: 'closed' | 'reopened'; repository: string; issueNumber: number; knownIssueIds: number[]; reopenedTickets: number };

export const DELIVERY_ID_MAX = 100;

function describe(outcome: Exclude<GithubOutcome, { status: 'duplicate' }>): string {
  if (outcome.status === 'ignored') return `ignored: ${outcome.reason}`;
  const ids = outcome.knownIssueIds.length > 0 ? `known issues ${outcome.knownIssueIds.join(', ')}` : 'no known issue changed';
  return `${outcome.action} ${outcome.repository}#${outcome.issueNumber}: ${ids}; ${outcome.reopenedTickets} ticket(s) reopened`;
}

/**
 * Takes one signed delivery: the first time its id is seen, its effects and
 * the delivery's record commit together; the same id again changes nothing
 * ("duplicate"). `ping`, other events and other actions are recorded and
 * ignored. An `issues` payload that does not parse is a ValidationError (400)
 * and is not recorded, so a corrected redelivery is still taken.
 */
export async function receiveGithubDelivery(db: DB, site: SiteContext, delivery: GithubDelivery, now = Date.now()): Promise<GithubOutcome> {
  const id = delivery.id.trim();
  if (id === '' || id.length > DELIVERY_ID_MAX) throw new ValidationError('The X-GitHub-Delivery header is missing or malformed.');
  const event = delivery.event.trim().slice(0, 100);
  return withTransaction(db, async (trx) => {
    const seen = await trx.selectFrom('github_deliveries').select('delivery_id').where('delivery_id', '=', id).executeTakeFirst();
    if (seen) return { status: 'duplicate' } as const;
    const { outcome, action } = await effectsOf(trx, site, event, delivery.payload, now);
    await trx
      .insertInto('github_deliveries')
      .values({ delivery_id: id, event, action, outcome: describe(outcome), received_at: now })
      .execute();
    return outcome;
  });
}

async function effectsOf(
  trx: DB,
  site: SiteContext,
  event: string,
  payload: unknown,
  now: number,
): Promise<{ outcome: Exclude<GithubOutcome, { status: 'duplicate' }>; action: string | null }> {
  const action = z.object({ action: z.string().max(100) }).safeParse(payload).data?.action ?? null;
  if (event === 'ping') return { outcome: { status: 'ignored', reason: 'ping' }, action };
  if (event !== 'issues') return { outcome: { status: 'ignored', reason: `event ${event}` }, action };
  if (action !== 'closed' && action !== 'reopened') return { outcome: { status: 'ignored', reason: `issues ${action ?? '(no action)'}` }, action };
  const parsed = issuesPayload.safeParse(payload);
  if (!parsed.success) throw new ValidationError('The issues event does not have the repository full_name and the issue number.');
  const { repository, issue } = parsed.data;
  // Closed as "not planned" or as a duplicate: nothing was fixed, so nothing moves.
  if (action === 'closed' && (issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate'))
    return { outcome: { status: 'ignored', reason: `closed as ${issue.state_reason}` }, action };
  const tracked = await knownIssuesTrackedBy(trx, repository.full_name, issue.number);
  const knownIssueIds: number[] = [];
  let reopenedTickets = 0;
  for (const known of tracked) {
    if (action === 'closed') {
      if (known.status === 'fixed') continue;
      await postUpdate(
        trx,
        site,
        null,
        known.id,
        { status: 'monitoring', message: `The engineering fix (GitHub issue #${issue.number}) was closed; we are checking with affected customers.` },
        now,
        { source: 'github' },
      );
      reopenedTickets += await reopenLinkedTickets(
        trx,
        site,
        known.id,
        `The engineering fix for “${known.title}” (GitHub issue ${repository.full_name}#${issue.number}) was closed: please check with the customer that it works for them now.`,
        now,
      );
    } else {
      // Reopened: a fix that was out (monitoring) or done (fixed) goes back to fixing; an issue not that far along stays as it is.
      if (known.status !== 'monitoring' && known.status !== 'fixed') continue;
      await postUpdate(
        trx,
        site,
        null,
        known.id,
        {
          status: 'fixing',
          message: `The engineering fix (GitHub issue #${issue.number}) was reopened: it did not solve the problem yet, and we are working on it again.`,
        },
        now,
        { source: 'github' },
      );
    }
    knownIssueIds.push(known.id);
  }
  return { outcome: { status: 'handled', action, repository: repository.full_name, issueNumber: issue.number, knownIssueIds, reopenedTickets }, action };
}
