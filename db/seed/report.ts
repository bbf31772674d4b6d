// The demo happiness report (issue 14, item 8), after every other seed step so
// the figures count the seeded tickets, help traffic, searches, community and
// known issues: the last six closed months published by a demo staff member,
// oldest first (each month's change compares with the frozen month before),
// each a few days after it ended, with the notes in ./data/report-notes.ts
// (newest first). Published exactly as /staff/report publishes (publishMonth),
// so the snapshots are what the pages and the .json serve. Idempotent: a month
// already published is left as it is.
import { findUserByEmail, toSessionUser } from '@/server/accounts/users';
import { config } from '@/config';
import { closedMonths, monthRange } from '@/server/report/months';
import { clearLiveCache, publishMonth, reportArchive } from '@/server/report/publish';
import { siteSettings } from '@/server/settings/settings';
import { reportNotes } from './data/report-notes';
import type { SeedContext } from './index';

const DAY = 24 * 60 * 60_000;
const PUBLISHER = 'sam@fieldnote.example';

export async function seedReport({ db, now }: SeedContext): Promise<string> {
  const row = await findUserByEmail(db, PUBLISHER);
  if (!row) return 'no publisher (the people step did not run)';
  const publisher = toSessionUser(row);
  const { categoryTags } = await siteSettings(db, config());
  const done = new Set((await reportArchive(db)).map((a) => a.month));
  const months = closedMonths(now, reportNotes.length); // newest first, as the notes
  let published = 0;
  for (let i = months.length - 1; i >= 0; i--) {
    const month = months[i]!;
    if (done.has(month)) continue;
    // Three days after the month ended (at 10:00 UTC), but never after the seed's clock.
    const at = Math.min(now, monthRange(month).to + 3 * DAY + 10 * 60 * 60_000);
    await publishMonth(db, publisher, { month, note: reportNotes[i]! }, { now: at, categoryTags });
    published++;
  }
  clearLiveCache();
  return `${published} months published`;
}
