// Query parameters of the community lists, parsed once for every list page:
// the tab, a cursor (`after` or `before`, "<sort value>_<id>") and old
// `?page=N` links, which move to the cursor of the same page when cheap.
import { z } from 'zod';
import type { ListCursor, QuestionTab } from '@/server/community/questions';

export const questionTabs = ['newest', 'active', 'votes', 'unanswered'] as const satisfies readonly QuestionTab[];

const cursorParam = z
  .string()
  .regex(/^-?\d{1,16}_\d{1,12}$/)
  .transform((value): ListCursor => {
    const [key, id] = value.split('_');
    return { key: Number(key), id: Number(id) };
  });

const listParams = z.object({
  tab: z.enum(questionTabs).catch('newest'),
  after: cursorParam.optional(),
  before: cursorParam.optional(),
  page: z.string().optional(),
});

export type ListParams =
  | { ok: true; tab: QuestionTab; after?: ListCursor | undefined; before?: ListCursor | undefined; oldPage?: number | undefined }
  | { ok: false; tab: QuestionTab; message: string };

export const DAMAGED_LINK = 'This page link is damaged: it does not point to a place in the list.';

/** A bad tab falls back to "newest"; a bad cursor is refused (the page answers 400 with a link to the start). */
export function parseListParams(search: URLSearchParams): ListParams {
  const parsed = listParams.safeParse(Object.fromEntries(search));
  if (!parsed.success) return { ok: false, tab: z.enum(questionTabs).catch('newest').parse(search.get('tab')), message: DAMAGED_LINK };
  const { tab, after, before, page } = parsed.data;
  if (after && before) return { ok: false, tab, message: DAMAGED_LINK };
  // Old links: ?page=N (anything else than a small number means the start).
  const oldPage = page === undefined ? undefined : /^[1-9]\d{0,8}$/.test(page) ? Number(page) : 1;
  return { ok: true, tab, after, before, oldPage };
}

export function cursorToParam(cursor: ListCursor): string {
  return `${cursor.key}_${cursor.id}`;
}

/** A list address: the base path with the tab (unless newest) and at most one cursor. */
export function listHref(path: string, tab: QuestionTab, cursor?: { after?: ListCursor | null; before?: ListCursor | null }): string {
  const params = new URLSearchParams();
  if (tab !== 'newest') params.set('tab', tab);
  if (cursor?.after) params.set('after', cursorToParam(cursor.after));
  else if (cursor?.before) params.set('before', cursorToParam(cursor.before));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Totals as people read them: exact below 1,000, then "4.2k", "12k", "1.3M" (rounded down, never overstated). */
export function approximateCount(n: number): string {
  if (n < 1000) return String(n);
  const [size, unit] = n < 1_000_000 ? [1000, 'k'] : [1_000_000, 'M'];
  const scaled = n / size;
  const shown = scaled < 10 ? Math.floor(scaled * 10) / 10 : Math.floor(scaled);
  return `${shown}${unit}`;
}
