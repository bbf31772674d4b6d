// Whether a name is an IANA time zone this runtime knows ("Europe/Amsterdam").
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
