// Database errors are recognized by driver codes (better-sqlite3 now,
// PostgreSQL SQLSTATE later), never by matching SQLite's message text.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isBusy, isUniqueViolation } from '@db/errors';

const root = resolve(import.meta.dirname, '../..');

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

describe('database error helpers', () => {
  const sqlite = new SQLite(':memory:');
  sqlite.exec('create table t (id integer primary key, email text not null unique)');
  sqlite.prepare("insert into t (id, email) values (1, 'a@example.com')").run();

  it('recognize a unique index and a primary key refusing a row', () => {
    const unique = thrownBy(() => sqlite.prepare("insert into t (id, email) values (2, 'a@example.com')").run());
    const primaryKey = thrownBy(() => sqlite.prepare("insert into t (id, email) values (1, 'b@example.com')").run());
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isUniqueViolation(primaryKey)).toBe(true);
    expect(isBusy(unique)).toBe(false);
  });

  it('do not take other constraint failures, or an uncoded message that merely looks like one, for a unique violation', () => {
    const notNull = thrownBy(() => sqlite.prepare('insert into t (id, email) values (3, null)').run());
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: t.email'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });

  it('recognize PostgreSQL SQLSTATE codes for later', () => {
    expect(isUniqueViolation(Object.assign(new Error('duplicate key value violates unique constraint "votes_one_per_post"'), { code: '23505' }))).toBe(true);
    expect(isBusy(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    expect(isBusy(Object.assign(new Error('could not obtain lock'), { code: '55P03' }))).toBe(true);
    expect(isBusy(Object.assign(new Error('foreign key'), { code: '23503' }))).toBe(false);
  });

  it('recognize SQLITE_BUSY from a second connection while the first holds the write lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-busy-'));
    const first = new SQLite(join(dir, 'x.db'));
    const second = new SQLite(join(dir, 'x.db'));
    try {
      first.pragma('journal_mode = WAL');
      first.exec('create table t (n integer)');
      second.pragma('busy_timeout = 0');
      first.exec('begin immediate');
      const busy = thrownBy(() => second.exec('begin immediate'));
      expect(isBusy(busy)).toBe(true);
      expect(isUniqueViolation(busy)).toBe(false);
      first.exec('rollback');
    } finally {
      first.close();
      second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are the only place that knows driver error text: no app or search module matches SQLite messages or codes', () => {
    const offenders = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'search'))]
      .filter((file) => /constraint failed|SQLITE_[A-Z]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
