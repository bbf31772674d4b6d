// Demo known issues (issue 13, item 9), added after the tickets: a year of
// Fieldnote incidents and planned maintenance from ./data/known-issues.ts,
// written as the board would have written them:
//   - each issue with its areas, help articles, owner, workaround and ETA, and
//     its timeline of updates (Markdown rendered once, here); created_at is the
//     first update, last_update_at the latest, status the latest update's and
//     fixed_at the "fixed" update's time;
//   - "I'm affected too" marks (members and anonymous visitors) and followers
//     (members; visitors' addresses, confirmed, and one still unconfirmed),
//     with the cached counts agreeing with the rows;
//   - linked tickets: the tickets customers wrote during each major and
//     critical incident (played by db/seed/tickets.ts), and demo tickets of the
//     same scenarios written around the incident's time;
//   - the bulk replies staff sent to the linked tickets, each target pointing
//     at the staff message in that ticket, and the incident playbook done on
//     past major and critical incidents (half done on the one going on now);
//   - a search index change per issue, so the index picks them up.
// Deterministic (the seed's random, times relative to the seed's clock) and
// idempotent (an existing known issue means the step ran).
import type { PlaybookStep } from '../schema';
import { sha256Hex } from '@/lib/crypto';
import { renderUserMarkdown } from '@/server/markdown';
import { recordIndexChange, searchDocId } from '@search/indexer';
import { GITHUB_REPO, issueStartAt, knownIssues, minutesAfter, type SeedKnownIssue } from './data/known-issues';
import { savedReplies } from './data/saved-replies';
import type { SeedContext } from './index';
import type { Random } from './random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** An anonymous visitor's cookie key, as src/web/visitor.ts makes them (16 random bytes in base32). */
function visitorKey(random: Random): string {
  return Array.from({ length: 26 }, () => BASE32[random.int(0, 31)]).join('');
}

function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return picked;
}

/** The times an issue's rows are written at, from its start. */
export function issueTimes(issue: SeedKnownIssue, now: number) {
  const start = issueStartAt(issue.start, now);
  const updates = issue.updates.map((u) => ({ ...u, at: minutesAfter(start, u.after) }));
  const last = updates[updates.length - 1]!;
  const fixed = last.status === 'fixed' ? last.at : null;
  return { start, updates, createdAt: updates[0]!.at, lastUpdateAt: last.at, status: last.status, fixedAt: fixed };
}

export async function seedKnownIssues({ db, random, now }: SeedContext): Promise<string> {
  if (await db.selectFrom('known_issues').select('id').limit(1).executeTakeFirst()) return 'already seeded';
  const users = await db.selectFrom('users').select(['id', 'email', 'role']).orderBy('id').execute();
  const staffId = new Map(users.filter((u) => u.role !== 'member').map((u) => [u.email, u.id]));
  const memberIds = users.filter((u) => u.role === 'member').map((u) => u.id);
  const person = (email: string | null): number | null => {
    if (email === null) return null;
    const id = staffId.get(email);
    if (id === undefined) throw new Error(`The demo known issues need the demo staff (${email}): run the people step first.`);
    return id;
  };
  const savedReplyIds = new Map(
    (
      await db
        .selectFrom('saved_replies')
        .select(['id', 'title'])
        .where(
          'title',
          'in',
          savedReplies.map((r) => r.title),
        )
        .execute()
    ).map((r) => [r.title, r.id]),
  );

  let linked = 0;
  let bulkTargets = 0;
  let followers = 0;
  const ordered = [...knownIssues].sort((x, y) => issueStartAt(x.start, now) - issueStartAt(y.start, now));
  await db.transaction().execute(async (trx) => {
    for (const issue of ordered) {
      const times = issueTimes(issue, now);
      const { start } = times;
      const ownerId = person(issue.owner);
      const { id } = await trx
        .insertInto('known_issues')
        .values({
          slug: issue.slug,
          kind: issue.kind ?? 'incident',
          title: issue.title,
          summary: issue.summary,
          severity: issue.severity,
          status: times.status,
          owner_id: ownerId,
          workaround_source: issue.workaround ?? '',
          workaround_html: issue.workaround ? renderUserMarkdown(issue.workaround) : '',
          eta_at: issue.etaAfter === undefined ? null : minutesAfter(start, issue.etaAfter),
          starts_at: issue.window ? minutesAfter(start, issue.window.after) : null,
          ends_at: issue.window ? minutesAfter(start, issue.window.after + issue.window.minutes) : null,
          github_repo: issue.githubIssue === undefined ? null : GITHUB_REPO,
          github_issue_number: issue.githubIssue ?? null,
          created_by: person(issue.updates[0]!.by) ?? ownerId,
          created_at: times.createdAt,
          updated_at: times.lastUpdateAt,
          last_update_at: times.lastUpdateAt,
          fixed_at: times.fixedAt,
          update_due_notified_at: null,
          version: issue.updates.length - 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('known_issue_areas')
        .values(issue.areas.map((area) => ({ known_issue_id: id, area })))
        .execute();
      if (issue.articles.length > 0)
        await trx
          .insertInto('known_issue_articles')
          .values(issue.articles.map((article_slug) => ({ known_issue_id: id, article_slug })))
          .execute();
      await trx
        .insertInto('known_issue_updates')
        .values(
          times.updates.map((u) => ({
            known_issue_id: id,
            status: u.status,
            message_source: u.message,
            message_html: renderUserMarkdown(u.message),
            author_id: person(u.by),
            source: u.by === null ? ('github' as const) : ('staff' as const),
            created_at: u.at,
          })),
        )
        .execute();

      // Customers mark and follow it while it is going on (or, for maintenance, once it is announced).
      const until = times.fixedAt ?? now;
      const during = () => Math.min(now - MIN, times.createdAt + Math.floor(random.next() * Math.max(10 * MIN, Math.min(until - times.createdAt, 12 * HOUR))));
      const affected = [
        ...pickDistinct(random, memberIds, issue.affected.members).map((userId) => ({ visitor_key: `u:${userId}`, user_id: userId as number | null })),
        ...Array.from({ length: issue.affected.visitors }, () => ({ visitor_key: visitorKey(random), user_id: null })),
      ].map((row) => ({ ...row, known_issue_id: id, created_at: during() }));
      if (affected.length > 0) await trx.insertInto('known_issue_affected').values(affected).execute();
      const memberFollowers = pickDistinct(random, memberIds, issue.followers.members).map((userId) => {
        const at = during();
        return { known_issue_id: id, user_id: userId, email: null, confirm_token_hash: null, confirmed_at: at, created_at: at, unsubscribed_at: null };
      });
      const emailFollowers = (issue.followers.emails ?? []).map((email) => {
        const at = during();
        return {
          known_issue_id: id,
          user_id: null,
          email,
          confirm_token_hash: null,
          confirmed_at: Math.min(now, at + random.int(1, 40) * MIN),
          created_at: at,
          unsubscribed_at: null,
        };
      });
      const unconfirmed = (issue.followers.unconfirmed ?? []).map((email) => ({
        known_issue_id: id,
        user_id: null,
        email,
        confirm_token_hash: sha256Hex(`seed-follow-${issue.slug}-${email}-${visitorKey(random)}`),
        confirmed_at: null,
        created_at: during(),
        unsubscribed_at: null,
      }));
      const followerRows = [...memberFollowers, ...emailFollowers, ...unconfirmed];
      if (followerRows.length > 0) await trx.insertInto('known_issue_followers').values(followerRows).execute();
      const followerCount = memberFollowers.length + emailFollowers.length;
      followers += followerCount;
      await trx.updateTable('known_issues').set({ affected_count: affected.length, follower_count: followerCount }).where('id', '=', id).execute();

      // Linked tickets: the customers who wrote in during it, and demo tickets of the same problem around its time.
      const incident = (issue.tickets ?? []).map((x) => ({ subject: x.subject, createdAt: minutesAfter(start, x.after) }));
      const incidentTickets =
        incident.length === 0
          ? []
          : (
              await trx
                .selectFrom('tickets')
                .select(['id', 'subject', 'created_at'])
                .where(
                  'subject',
                  'in',
                  incident.map((x) => x.subject),
                )
                .where('known_issue_id', 'is', null)
                .orderBy('id')
                .execute()
            ).filter((t) => incident.some((x) => x.subject === t.subject && x.createdAt === t.created_at));
      const subjects = issue.linkSubjects ?? [];
      const around =
        subjects.length === 0
          ? []
          : await trx
              .selectFrom('tickets')
              .select(['id', 'subject', 'created_at'])
              .where('subject', 'in', subjects)
              .where('created_at', '>=', start - 2 * HOUR)
              .where('created_at', '<=', Math.min(now, until + 6 * HOUR))
              .where('known_issue_id', 'is', null)
              .where('merged_into', 'is', null)
              .orderBy('id')
              .execute();
      const ticketIds = [...new Set([...incidentTickets, ...around].map((t) => t.id))];
      if (ticketIds.length > 0) await trx.updateTable('tickets').set({ known_issue_id: id }).where('id', 'in', ticketIds).execute();
      linked += ticketIds.length;

      // "Reply to all linked tickets": each target is the staff message that bulk reply put in the ticket.
      let firstBulk: { at: number; by: number | null } | undefined;
      for (const [i, reply] of (issue.bulkReplies ?? []).entries()) {
        const at = minutesAfter(start, reply.after);
        const authorId = person(reply.by);
        const targets =
          incidentTickets.length === 0
            ? []
            : await trx
                .selectFrom('ticket_messages')
                .select(['id', 'ticket_id', 'created_at'])
                .where(
                  'ticket_id',
                  'in',
                  incidentTickets.map((t) => t.id),
                )
                .where('author_id', '=', authorId)
                .where('author_role', '=', 'staff')
                .where('visibility', '=', 'public')
                .where('created_at', '>=', at)
                .where('created_at', '<', at + 5 * MIN)
                .orderBy('ticket_id')
                .execute();
        if (targets.length === 0) continue;
        const savedReplyId = reply.savedReply === undefined ? null : (savedReplyIds.get(reply.savedReply) ?? null);
        const body = reply.savedReply === undefined ? reply.body : (savedReplies.find((r) => r.title === reply.savedReply)?.body ?? reply.body);
        const done = Math.max(...targets.map((t) => t.created_at));
        const bulk = await trx
          .insertInto('known_issue_bulk_replies')
          .values({
            known_issue_id: id,
            idempotency_key: `seed:${issue.slug}:${i + 1}`,
            saved_reply_id: savedReplyId,
            body_source: body,
            body_html: renderUserMarkdown(body),
            set_status: reply.setStatus,
            author_id: authorId,
            target_count: targets.length,
            created_at: at,
            completed_at: done + 1000,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('known_issue_bulk_reply_targets')
          .values(targets.map((t) => ({ bulk_reply_id: bulk.id, ticket_id: t.ticket_id, message_id: t.id, done_at: t.created_at })))
          .execute();
        bulkTargets += targets.length;
        firstBulk ??= { at, by: authorId };
      }

      // The incident playbook: posting it put it on the board and the banner on; the rest as the team did it.
      if (issue.playbook && issue.kind !== 'maintenance' && issue.severity !== 'minor') {
        const { playbook } = issue;
        const by = person(playbook.by);
        const first = times.updates[0]!;
        const steps: Array<{ step: PlaybookStep; done_by: number | null; done_at: number; note: string | null }> = [
          { step: 'post', done_by: person(first.by), done_at: first.at, note: null },
          { step: 'banner', done_by: person(first.by), done_at: first.at, note: null },
          {
            step: 'early_warning',
            done_by: by,
            done_at: minutesAfter(start, playbook.earlyWarning),
            note: 'Sent to 3 stakeholders',
          },
        ];
        if (playbook.savedReply !== undefined)
          steps.push({
            step: 'saved_reply',
            done_by: by,
            done_at: minutesAfter(start, playbook.savedReply),
            note: 'Consistent reply drafted for the linked tickets.',
          });
        if (playbook.bulkReply && firstBulk) steps.push({ step: 'bulk_reply', done_by: firstBulk.by, done_at: firstBulk.at, note: null });
        await trx
          .insertInto('known_issue_playbook_steps')
          .values(steps.filter((s) => s.done_at <= now).map((s) => ({ ...s, known_issue_id: id })))
          .execute();
      }

      await recordIndexChange(trx, searchDocId('known_issue', id), 'upsert', now);
    }
  });
  const open = ordered.filter((issue) => issueTimes(issue, now).status !== 'fixed').length;
  return `${ordered.length} known issues (${open} open now), ${linked} linked tickets, ${bulkTargets} bulk reply targets, ${followers} followers`;
}
