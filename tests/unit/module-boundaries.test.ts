// The house rules that code review kept missing, checked on the source:
// one module owns each table, dependencies point one way, a helper exists
// once, and every email's words live in the email templates.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

const files = [...sourceFiles('src'), ...sourceFiles('search')].map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const matching = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.path);

describe('module boundaries', () => {
  it.each([
    ['password_reset_tokens', 'src/server/accounts/password-reset.ts'],
    ['reputation_events', 'src/server/community/reputation.ts'],
    ['email_outbox', 'src/server/email/outbox.ts'],
    ['sessions', 'src/server/accounts/sessions.ts'],
    ['rate_limit_events', 'src/server/security/rate-limit.ts'],
    ['site_settings', 'src/server/settings/settings.ts'],
    ['contact_deflections', 'src/server/tickets/deflection.ts'],
    ['staff_invitations', 'src/server/accounts/invitations.ts'],
    ['inbound_emails', 'src/server/email/inbound.ts'],
    ['secrets', 'src/server/email/reply-address.ts'],
    ['attachments', 'src/server/attachments/store.ts'],
    ['report_months', 'src/server/report/publish.ts'],
    ['report_corrections', 'src/server/report/publish.ts'],
    ['digest_weeks', 'src/server/report/digest.ts'],
  ])('only the owner of %s queries it', (table, owner) => {
    expect(matching(new RegExp(`(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\\('${table}'`))).toEqual([owner]);
  });

  // The support desk's tables belong to the tickets area (src/server/tickets), whose files share them.
  it.each([
    'tickets',
    'ticket_messages',
    'ticket_events',
    'ticket_access_keys',
    'ticket_tags',
    'saved_replies',
    'ticket_ratings',
    'staff_notifications',
    'staff_notification_settings',
    'ticket_rating_tokens',
  ])('only the tickets area queries %s', (table) => {
    const users = matching(new RegExp(`(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\\('${table}'`));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((path) => !path.startsWith('src/server/tickets/'))).toEqual([]);
  });

  // The known-issues board's tables belong to its area (src/server/known-issues).
  it.each([
    'known_issues',
    'known_issue_areas',
    'known_issue_updates',
    'known_issue_articles',
    'known_issue_affected',
    'known_issue_followers',
    'known_issue_playbook_steps',
    'known_issue_bulk_replies',
    'known_issue_bulk_reply_targets',
    'github_deliveries',
  ])('only the known-issues area queries %s', (table) => {
    const users = matching(new RegExp(`(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\\('${table}'`));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((path) => !path.startsWith('src/server/known-issues/'))).toEqual([]);
  });

  // The happiness report's tables belong to its area (src/server/report).
  it.each(['report_months', 'report_corrections', 'digest_weeks'])('only the report area queries %s', (table) => {
    const users = matching(new RegExp(`(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\\('${table}'`));
    expect(users.filter((path) => !path.startsWith('src/server/report/'))).toEqual([]);
  });

  it('accounts, email, tickets and security depend on no community module', () => {
    const lower = files.filter((f) => /^src\/server\/(accounts|email|tickets|security)\//.test(f.path));
    expect(lower.filter((f) => /@\/server\/community\//.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('escapeHtml, SHA-256 hex and random tokens are each written once, in src/lib', () => {
    expect(matching(/function escapeHtml\b/)).toEqual(['src/lib/html.ts']);
    expect(matching(/encodeHexLowerCase\(sha256\(/)).toEqual(['src/lib/crypto.ts']);
    expect(matching(/getRandomValues\(|randomBytes\(/)).toEqual(['src/lib/crypto.ts']);
  });

  it('every email is written in the email templates', () => {
    const enqueuers = files.filter((f) => /enqueueEmail\(/.test(f.text));
    expect(enqueuers.length).toBeGreaterThanOrEqual(3);
    // An inline message is an object literal with a subject passed to enqueueEmail.
    expect(enqueuers.filter((f) => /enqueueEmail\(\s*\w+,\s*\{/.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
