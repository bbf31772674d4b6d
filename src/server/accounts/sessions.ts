// Owns `sessions`, following the Lucia guide's session design: the client holds
// a random token; the database stores only the token's SHA-256 as the id.
// Sessions last 30 days and are extended when fewer than 15 days remain.
// The session lookup also reads the member's visit times ("since your last
// visit"), so keeping them fresh costs one UPDATE every 10 minutes, no read.
import { randomToken, sha256Hex } from '@/lib/crypto';
import type { DB } from '@db/connection';
import type { Role } from '@db/schema';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60_000;
const SESSION_RENEW_WITHIN_MS = SESSION_LIFETIME_MS / 2;

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  /** The owner proved the address; until then the account may not post, vote or see tickets. */
  emailVerified: boolean;
}

export interface ValidSession {
  id: string;
  userId: number;
  expiresAt: number;
  /** True when this validation extended the expiry: the cookie must be set again. */
  renewed: boolean;
}

/** users.last_seen_at / visit_started_at / previous_seen_at as the session lookup read them. */
export interface VisitTimes {
  lastSeenAt: number | null;
  visitStartedAt: number | null;
  previousSeenAt: number | null;
}

/** last_seen_at is written at most this often. */
export const LAST_SEEN_REFRESH_MS = 10 * 60_000;
/** More than this away since last_seen_at, and the next request starts a new visit. */
export const VISIT_GAP_MS = 30 * 60_000;

/**
 * The visit times after a request at `now`: `write` when they changed (at most
 * every 10 minutes), `started` when this request begins a new visit (the first
 * ever, or after more than 30 minutes away: previous_seen_at keeps the old
 * last_seen_at, which is what "since your last visit" compares with).
 */
export function nextVisitTimes(t: VisitTimes, now: number): { times: VisitTimes; write: boolean; started: boolean } {
  if (t.lastSeenAt === null || now - t.lastSeenAt > VISIT_GAP_MS)
    return { times: { lastSeenAt: now, visitStartedAt: now, previousSeenAt: t.lastSeenAt }, write: true, started: true };
  if (now - t.lastSeenAt >= LAST_SEEN_REFRESH_MS) return { times: { ...t, lastSeenAt: now }, write: true, started: false };
  return { times: t, write: false, started: false };
}

/** Applies nextVisitTimes for a signed-in member: one UPDATE when they changed, none otherwise. */
export async function recordVisit(db: DB, userId: number, t: VisitTimes, now = Date.now()): Promise<{ times: VisitTimes; started: boolean }> {
  const next = nextVisitTimes(t, now);
  if (next.write) {
    await db
      .updateTable('users')
      .set({ last_seen_at: next.times.lastSeenAt, visit_started_at: next.times.visitStartedAt, previous_seen_at: next.times.previousSeenAt })
      .where('id', '=', userId)
      .execute();
  }
  return { times: next.times, started: next.started };
}

export function generateSessionToken(): string {
  return randomToken(20);
}

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token);
}

export async function createSession(db: DB, token: string, userId: number, now = Date.now()): Promise<ValidSession> {
  const session = { id: sessionIdFromToken(token), user_id: userId, expires_at: now + SESSION_LIFETIME_MS, created_at: now };
  await db.insertInto('sessions').values(session).execute();
  return { id: session.id, userId, expiresAt: session.expires_at, renewed: true };
}

export async function validateSessionToken(
  db: DB,
  token: string,
  now = Date.now(),
): Promise<{ session: ValidSession; user: SessionUser; visit: VisitTimes } | { session: null; user: null; visit: null }> {
  const sessionId = sessionIdFromToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.display_name',
      'users.role',
      'users.email_verified_at',
      'users.last_seen_at',
      'users.visit_started_at',
      'users.previous_seen_at',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return { session: null, user: null, visit: null };
  if (now >= row.expires_at) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return { session: null, user: null, visit: null };
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  if (expiresAt - now < SESSION_RENEW_WITHIN_MS) {
    expiresAt = now + SESSION_LIFETIME_MS;
    renewed = true;
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
  }
  return {
    session: { id: sessionId, userId: row.user_id, expiresAt, renewed },
    user: { id: row.user_id, email: row.email, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null },
    visit: { lastSeenAt: row.last_seen_at, visitStartedAt: row.visit_started_at, previousSeenAt: row.previous_seen_at },
  };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, except `keepSessionId` when given. */
export async function invalidateUserSessions(db: DB, userId: number, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: DB, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
