// Background work for one server process: delivers outbox emails, applies
// pending search index changes, emails known issues' owners when an update is
// due, sends the approved weekly digest, and tidies expired sessions and old
// rate-limit events. Each loop runs again only after the last run ends.
import type { DB } from '@db/connection';
import type { Config } from '@/config';
import { deleteExpiredAccountTokens } from '@/server/accounts/email-links';
import { deleteExpiredSessions } from '@/server/accounts/sessions';
import { createEmailTransport, deliverDueEmails } from '@/server/email/delivery';
import { pruneRateLimitEvents } from '@/server/security/rate-limit';
import { MAX_INDEX_ATTEMPTS, applyPendingIndexChanges, type DocumentSource } from '@search/indexer';
import type { SearchEngine } from '@search/types';
import { closeSolvedTickets } from './tickets/conversation';
import { mailauthAuthenticator, pruneInboundEmails } from './email/inbound';
import { startInboundSmtp, type InboundSmtp } from './email/inbound-smtp';
import { purgeExpiredTicketAttachments } from './tickets/attachments';
import { notifyUpdatesDue } from './known-issues/update-due';
import { processBulkReplies } from './known-issues/bulk-replies';
import { runWeeklyDigest } from './report/digest';

export interface Workers {
  stop(): Promise<void>;
  /** Runs every loop once now (tests and the CLI use it). */
  runOnce(): Promise<void>;
}

type Loop = { name: string; everyMs: number; run: () => Promise<unknown> };

export interface WorkerDeps {
  search: { engine: SearchEngine; sources: DocumentSource[] };
  log?: (line: string) => void;
}

export function startWorkers(db: DB, cfg: Config, deps: WorkerDeps): Workers {
  const log = deps.log ?? console.log;
  const transport = createEmailTransport({ smtpUrl: cfg.SMTP_URL, from: cfg.EMAIL_FROM, log });
  let searchReady = false;
  const loops: Loop[] = [
    { name: 'email', everyMs: cfg.WORKER_INTERVAL_MS, run: () => deliverDueEmails(db, transport) },
    {
      name: 'search-index',
      everyMs: cfg.WORKER_INTERVAL_MS,
      run: async () => {
        // An engine that is down at start is set up as soon as it answers.
        if (!searchReady) {
          await deps.search.engine.setup();
          searchReady = true;
        }
        const outcome = await applyPendingIndexChanges(db, deps.search.engine, deps.search.sources);
        const retried = outcome.failed - outcome.parked;
        if (retried > 0) log(`[worker:search-index] ${retried} change(s) failed and will be retried`);
        if (outcome.parked > 0) log(`[worker:search-index] ${outcome.parked} change(s) refused ${MAX_INDEX_ATTEMPTS} times and parked: see /staff/search`);
      },
    },
    {
      // Owners of open known issues past their contact period get one email per due period.
      // About once a minute (contact periods are minutes long at the least); sooner with a short WORKER_INTERVAL_MS (tests).
      name: 'known-issues-update-due',
      everyMs: Math.min(60_000, cfg.WORKER_INTERVAL_MS * 30),
      run: () => notifyUpdatesDue(db, { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME }, cfg),
    },
    {
      // Replies to all tickets linked to a known issue: whatever the request did not finish (it was stopped, or a send failed).
      name: 'bulk-replies',
      everyMs: cfg.WORKER_INTERVAL_MS,
      run: async () => {
        const outcome = await processBulkReplies(db, { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME }, Date.now(), 200, { log });
        if (outcome.failed > 0) log(`[worker:bulk-replies] ${outcome.failed} reply(ies) failed and will be retried`);
      },
    },
    {
      // The weekly voice-of-the-customer digest: picks the last completed week's conversation (for staff to review on Monday)
      // and sends the week once a staff member approved it, once. Every few minutes; sooner with a short WORKER_INTERVAL_MS (tests).
      name: 'weekly-digest',
      everyMs: Math.min(5 * 60_000, cfg.WORKER_INTERVAL_MS * 30),
      run: () => runWeeklyDigest(db, { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME }, cfg),
    },
    {
      name: 'housekeeping',
      everyMs: 60 * 60_000,
      run: async () => {
        await deleteExpiredSessions(db);
        await deleteExpiredAccountTokens(db);
        await pruneRateLimitEvents(db);
        // Solved tickets close after 7 days without a reply from the requester.
        await closeSolvedTickets(db);
        // Raw inbound emails of closed tickets go after EMAIL_RETENTION_DAYS.
        await pruneInboundEmails(db, cfg.EMAIL_RETENTION_DAYS);
        // Attachments of tickets closed longer than the retention period lose their bytes.
        await purgeExpiredTicketAttachments(db, cfg.EMAIL_RETENTION_DAYS);
      },
    },
  ];
  // Inbound mail: the SMTP listener runs beside the workers when INBOUND_SMTP_PORT is set.
  const inboundSmtp: Promise<InboundSmtp | undefined> = cfg.INBOUND_SMTP_PORT
    ? startInboundSmtp(
        db,
        { siteUrl: cfg.SITE_URL, siteName: cfg.SITE_NAME },
        {
          port: cfg.INBOUND_SMTP_PORT,
          host: cfg.INBOUND_SMTP_HOST,
          maxBytes: cfg.INBOUND_MAX_BYTES,
          authenticate: mailauthAuthenticator(),
          log,
        },
      ).then(
        (smtp) => (log(`Inbound mail: SMTP listener on ${cfg.INBOUND_SMTP_HOST}:${smtp.port}`), smtp),
        (error: unknown) => (log(`[inbound-smtp] could not start: ${error instanceof Error ? error.message : String(error)}`), undefined),
      )
    : Promise.resolve(undefined);
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const schedule = (loop: Loop, delay: number) => {
    if (stopped) return;
    const timer = setTimeout(async () => {
      timers.delete(timer);
      const job = loop.run().catch((error) => log(`[worker:${loop.name}] ${error instanceof Error ? error.stack : String(error)}`));
      running.add(job);
      await job;
      running.delete(job);
      schedule(loop, loop.everyMs);
    }, delay);
    timer.unref();
    timers.add(timer);
  };
  for (const loop of loops) schedule(loop, Math.min(loop.everyMs, 1000));

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
      await (await inboundSmtp)?.close();
      transport.close();
    },
    async runOnce() {
      for (const loop of loops) await loop.run();
    },
  };
}
