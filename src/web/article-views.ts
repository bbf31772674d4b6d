// Article views are counted in memory and written once a second in one
// transaction, so reading an article never waits for a database write. A crash
// loses at most a second of view counts, which is fine for popularity figures.
import { withTransaction } from '@db/connection';
import { appDb } from '@/server/db';
import { recordArticleView } from '@/server/help/views';

const FLUSH_MS = 1000;
const pending = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;

async function flush(): Promise<void> {
  timer = undefined;
  const counts = [...pending];
  pending.clear();
  const now = Date.now();
  try {
    await withTransaction(appDb(), async (trx) => {
      for (const [slug, count] of counts) await recordArticleView(trx, slug, now, count);
    });
  } catch (error) {
    console.error(`[help] could not record ${counts.length} article view counts: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function countArticleView(slug: string): void {
  pending.set(slug, (pending.get(slug) ?? 0) + 1);
  if (!timer) {
    timer = setTimeout(() => void flush(), FLUSH_MS);
    timer.unref();
  }
}
