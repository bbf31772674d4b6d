// Dates and times as pages show them: in UTC, saying so (the server does not know the reader's zone).
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "Dec 1, 2026, 6:55 PM UTC". */
export function dateTimeUtc(ms: number): string {
  return `${dateTime.format(new Date(ms))} UTC`;
}

const dateOnly = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Dec 1, 2026" (a UTC date). */
export function dateUtc(ms: number): string {
  return dateOnly.format(new Date(ms));
}
