// Owns `post_revisions`: every version of every question and answer, so edits
// (by the author or by members with the edit privilege) can be reviewed.
import type { DB } from '@db/connection';
import type { PostType } from '@db/schema';

export async function recordRevision(
  db: DB,
  revision: { postType: PostType; postId: number; editorId: number; title?: string | null; body: string; tags?: string[] | null; summary: string; now: number },
): Promise<void> {
  await db
    .insertInto('post_revisions')
    .values({
      post_type: revision.postType,
      post_id: revision.postId,
      editor_id: revision.editorId,
      title: revision.title ?? null,
      body_md: revision.body,
      tags: revision.tags ? JSON.stringify(revision.tags) : null,
      summary: revision.summary.slice(0, 200),
      created_at: revision.now,
    })
    .execute();
}

export interface Revision {
  id: number;
  number: number;
  editorId: number;
  editorName: string;
  title: string | null;
  body: string;
  tags: string[] | null;
  summary: string;
  createdAt: number;
}

/** Newest first, numbered from 1 (the original). */
export async function listRevisions(db: DB, postType: PostType, postId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom('post_revisions')
    .innerJoin('users', 'users.id', 'post_revisions.editor_id')
    .select([
      'post_revisions.id',
      'post_revisions.editor_id',
      'users.display_name',
      'post_revisions.title',
      'post_revisions.body_md',
      'post_revisions.tags',
      'post_revisions.summary',
      'post_revisions.created_at',
    ])
    .where('post_type', '=', postType)
    .where('post_id', '=', postId)
    .orderBy('post_revisions.id', 'asc')
    .execute();
  return rows
    .map((r, i) => ({
      id: r.id,
      number: i + 1,
      editorId: r.editor_id,
      editorName: r.display_name,
      title: r.title,
      body: r.body_md,
      tags: r.tags ? (JSON.parse(r.tags) as string[]) : null,
      summary: r.summary,
      createdAt: r.created_at,
    }))
    .reverse();
}
