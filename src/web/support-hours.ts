// Support hours as people read them ("Monday to Friday, 09:00–17:00, Amsterdam time").
import type { SupportHours } from '@/config';

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function describeSupportHours(hours: Pick<SupportHours, 'days' | 'openMinute' | 'closeMinute'>, timeZone: string): string {
  const first = dayNames[hours.days[0]!]!;
  const last = dayNames[hours.days[hours.days.length - 1]!]!;
  const days = hours.days.length === 1 ? first : hours.days.length === 7 ? 'Every day' : `${first} to ${last}`;
  const place = timeZone.split('/').pop()!.replace(/_/g, ' ');
  return `${days}, ${hhmm(hours.openMinute)}–${hhmm(hours.closeMinute)} ${place} time`;
}
