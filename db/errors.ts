// Recognizes database errors by the driver's error code, never by message
// text, so domain code stays dialect-neutral: better-sqlite3 today
// (SqliteError.code), node-postgres later (SQLSTATE in error.code).

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const UNIQUE_CODES = new Set([
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  '23505', // PostgreSQL unique_violation
]);

/** A unique index or primary key refused the row: another writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && UNIQUE_CODES.has(code);
}

const BUSY_CODES = new Set([
  '40001', // PostgreSQL serialization_failure
  '40P01', // PostgreSQL deadlock_detected
  '55P03', // PostgreSQL lock_not_available
]);

/** The database was locked by another writer for too long; nothing was written, trying again may work. */
export function isBusy(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  // SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_TIMEOUT).
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || BUSY_CODES.has(code);
}
