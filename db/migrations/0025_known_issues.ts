// The known-issues board (issue 13). A known issue is an incident (or planned
// maintenance) with a timeline of updates, affected areas (the site settings'
// teams), linked help articles, "I'm affected too" marks, followers (members
// or confirmed email addresses), linked tickets with idempotent bulk replies,
// an incident playbook checklist, and an optional GitHub issue whose signed
// webhook deliveries are taken once. Email preferences (per kind, per person
// or address) live here too, for every email that can be unsubscribed from.
// Members get a last-seen time for "Fixed since your last visit".
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { idColumn } from '../dialect';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('known_issues')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('incident')
        .check(sql`kind in ('incident', 'maintenance')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('minor', 'major', 'critical')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('investigating', 'identified', 'fixing', 'monitoring', 'fixed')`))
    .addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('workaround_source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('workaround_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('eta_at', 'bigint')
    // Planned maintenance: its window.
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    // "owner/repo" and the issue number of the GitHub issue tracking the fix.
    .addColumn('github_repo', 'text')
    .addColumn('github_issue_number', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Any change (edit or update); the public "latest update" is last_update_at.
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_update_at', 'bigint', (c) => c.notNull())
    .addColumn('fixed_at', 'bigint')
    // Cached counts (recomputable from their tables).
    .addColumn('affected_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('follower_count', 'integer', (c) => c.notNull().defaultTo(0))
    // When the owner was last emailed that an update is due (once per due period).
    .addColumn('update_due_notified_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('known_issues_status_severity').on('known_issues').columns(['status', 'severity', 'last_update_at']).execute();
  await db.schema.createIndex('known_issues_fixed').on('known_issues').column('fixed_at').execute();
  await db.schema.createIndex('known_issues_github').on('known_issues').columns(['github_repo', 'github_issue_number']).execute();

  await db.schema
    .createTable('known_issue_areas')
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_issue_areas_pk', ['known_issue_id', 'area'])
    .execute();
  await db.schema.createIndex('known_issue_areas_area').on('known_issue_areas').columns(['area', 'known_issue_id']).execute();

  await db.schema
    .createTable('known_issue_updates')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_source', 'text', (c) => c.notNull())
    .addColumn('message_html', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // 'staff' (written on the board) or 'github' (from the webhook).
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('staff'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('known_issue_updates_issue').on('known_issue_updates').columns(['known_issue_id', 'created_at']).execute();
  await db.schema.createIndex('known_issue_updates_created').on('known_issue_updates').column('created_at').execute();

  // Help articles affected by the issue (article slug as the help hub names it).
  await db.schema
    .createTable('known_issue_articles')
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('article_slug', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_issue_articles_pk', ['known_issue_id', 'article_slug'])
    .execute();
  await db.schema.createIndex('known_issue_articles_slug').on('known_issue_articles').column('article_slug').execute();

  // "I'm affected too": one per visitor (member "u:<id>" or anonymous cookie key).
  await db.schema
    .createTable('known_issue_affected')
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('visitor_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_issue_affected_pk', ['known_issue_id', 'visitor_key'])
    .execute();
  await db.schema.createIndex('known_issue_affected_user').on('known_issue_affected').columns(['user_id', 'known_issue_id']).execute();

  // Followers: a member (user_id) or an email address (confirmed by double opt-in).
  await db.schema
    .createTable('known_issue_followers')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    // Lower-cased address of a visitor follower; null for a member.
    .addColumn('email', 'text')
    // SHA-256 of the emailed confirmation token (visitors), null once confirmed.
    .addColumn('confirm_token_hash', 'text')
    .addColumn('confirmed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('unsubscribed_at', 'bigint')
    .addUniqueConstraint('known_issue_followers_user', ['known_issue_id', 'user_id'])
    .addUniqueConstraint('known_issue_followers_email', ['known_issue_id', 'email'])
    .execute();
  await db.schema.createIndex('known_issue_followers_user_id').on('known_issue_followers').column('user_id').execute();
  await db.schema.createIndex('known_issue_followers_token').on('known_issue_followers').column('confirm_token_hash').execute();

  // Incident playbook checklist: one row per step done.
  await db.schema
    .createTable('known_issue_playbook_steps')
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('done_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('done_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('known_issue_playbook_steps_pk', ['known_issue_id', 'step'])
    .execute();

  // "Reply to all linked tickets": one row per request (idempotency key from the form),
  // one target per linked ticket; a target is done in the same transaction as its reply.
  await db.schema
    .createTable('known_issue_bulk_replies')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('known_issue_id', 'integer', (c) => c.notNull().references('known_issues.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('saved_reply_id', 'integer', (c) => c.references('saved_replies.id').onDelete('set null'))
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('set_status', 'text', (c) => c.check(sql`set_status in ('pending', 'solved')`))
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('target_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema
    .createTable('known_issue_bulk_reply_targets')
    .addColumn('bulk_reply_id', 'integer', (c) => c.notNull().references('known_issue_bulk_replies.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'integer', (c) => c.references('ticket_messages.id').onDelete('set null'))
    .addColumn('done_at', 'bigint')
    .addPrimaryKeyConstraint('known_issue_bulk_reply_targets_pk', ['bulk_reply_id', 'ticket_id'])
    .execute();
  await db.schema.createIndex('known_issue_bulk_reply_targets_pending').on('known_issue_bulk_reply_targets').columns(['done_at', 'bulk_reply_id']).execute();

  // Signed GitHub webhook deliveries, each X-GitHub-Delivery taken once.
  await db.schema
    .createTable('github_deliveries')
    .addColumn('delivery_id', 'text', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();

  // Tickets link to one known issue.
  await db.schema
    .alterTable('tickets')
    .addColumn('known_issue_id', 'integer', (c) => c.references('known_issues.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('tickets_known_issue').on('tickets').columns(['known_issue_id', 'status']).execute();

  // Email preferences: per kind of email, per person (user_id) or per address (visitors).
  await db.schema
    .createTable('email_preferences')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('address', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subscribed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('email_preferences_user_kind', ['user_id', 'kind'])
    .addUniqueConstraint('email_preferences_address_kind', ['address', 'kind'])
    .execute();

  // "Since your last visit": last_seen_at is refreshed at most every 10 minutes; a visit starts
  // after 30 minutes away, and previous_seen_at keeps when the member was last seen before it.
  await db.schema.alterTable('users').addColumn('last_seen_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('visit_started_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('previous_seen_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['previous_seen_at', 'visit_started_at', 'last_seen_at']) await db.schema.alterTable('users').dropColumn(column).execute();
  await db.schema.dropTable('email_preferences').execute();
  await db.schema.dropIndex('tickets_known_issue').execute();
  await db.schema.alterTable('tickets').dropColumn('known_issue_id').execute();
  for (const table of [
    'github_deliveries',
    'known_issue_bulk_reply_targets',
    'known_issue_bulk_replies',
    'known_issue_playbook_steps',
    'known_issue_followers',
    'known_issue_affected',
    'known_issue_articles',
    'known_issue_updates',
    'known_issue_areas',
    'known_issues',
  ])
    await db.schema.dropTable(table).execute();
}
