// The operator commands, run as a person would: user:create, search:reindex,
// and a second demo seed that changes nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '@db/connection';
import { migrateToLatest } from '@db/migrate';
import { seedDemoData } from '@db/seed/index';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-cli-'));
  env = { ...process.env, DATABASE_PATH: join(dir, 'hearth.db') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(script: string, args: string[] = []) {
  return run(process.execPath, ['--import', 'tsx', join(root, 'src/cli', script), ...args], { cwd: root, env });
}

async function withDb<T>(fn: (db: DB) => Promise<T>): Promise<T> {
  const { db } = openDatabase(env.DATABASE_PATH!);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

describe('operator commands', () => {
  it('user:create makes an admin and prints a one-time password; bad input is explained', async () => {
    const { stdout } = await cli('user-create.ts', ['--email', 'ops@example.com', '--role', 'admin', '--name', 'Ops Team']);
    expect(stdout).toMatch(/Created admin ops@example.com/);
    expect(stdout).toMatch(/Password: \S{16}/);
    expect(
      await withDb((db) =>
        db.selectFrom('users').select(['role', 'display_name', 'email_verified_at']).where('email', '=', 'ops@example.com').executeTakeFirst(),
      ),
    ).toEqual({
      role: 'admin',
      display_name: 'Ops Team',
      email_verified_at: expect.any(Number),
    });

    await expect(cli('user-create.ts', ['--email', 'ops@example.com', '--role', 'admin'])).rejects.toMatchObject({
      stderr: expect.stringContaining('already exists'),
    });
    await expect(cli('user-create.ts', ['--email', 'not-an-email', '--role', 'boss'])).rejects.toMatchObject({
      stderr: expect.stringContaining('--role must be member, staff or admin'),
    });
  });

  it('search:reindex rebuilds the index from every help article', async () => {
    const { stdout } = await cli('search-reindex.ts');
    expect(stdout).toMatch(/Reindexed (\d+) of \1 documents into the embedded engine/);
    const count = await withDb(async (db) =>
      Number(
        (
          await db
            .selectFrom('search_documents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    expect(count).toBeGreaterThanOrEqual(36);
    expect(await withDb(async (db) => (await db.selectFrom('search_index_changes').selectAll().execute()).length)).toBe(0);
  });

  it('reputation:recompute rebuilds cached reputation from the ledger', async () => {
    await withDb(async (db) => {
      await migrateToLatest(db);
      await db.updateTable('users').set({ reputation: 999 }).where('email', '=', 'ops@example.com').execute();
    });
    const { stdout } = await cli('reputation-recompute.ts');
    expect(stdout).toMatch(/Recomputed reputation for \d+ users from the ledger; 1 changed/);
    expect(await withDb((db) => db.selectFrom('users').select('reputation').where('email', '=', 'ops@example.com').executeTakeFirstOrThrow())).toEqual({
      reputation: 1,
    });
  });

  it('the demo seed is idempotent: a second run adds nothing', async () => {
    const counts = (db: DB) =>
      Promise.all(
        (['users', 'help_article_views', 'help_feedback', 'questions', 'answers', 'votes', 'reputation_events'] as const).map(async (table) =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const first = await withDb(async (db) => {
      await migrateToLatest(db);
      await seedDemoData(db);
      return counts(db);
    });
    expect(first[0]).toBeGreaterThanOrEqual(48);
    const second = await withDb(async (db) => {
      await seedDemoData(db);
      return counts(db);
    });
    expect(second).toEqual(first);
  });
});
