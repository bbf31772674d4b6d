// Owns `sessions`, following the Lucia guide's session design: the client holds
// a random token; the database stores only the token's SHA-256 as the id.
// Sessions last 30 days and are extended when fewer than 15 days remain.
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
): Promise<{ session: ValidSession; user: SessionUser } | { session: null; user: null }> {
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
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return { session: null, user: null };
  if (now >= row.expires_at) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return { session: null, user: null };
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
