/**
 * An independent reading of local time for the tests: Intl.DateTimeFormat's own parts, not
 * tzOffset and not the code under test.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function oracleLocal(epochMs: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

/** The date after a `YYYY-MM-DD` date. */
export function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** Local wall-clock reading as milliseconds, to compare offsets. */
export function oracleWallMs(epochMs: number, timeZone: string): number {
  return Date.parse(`${oracleLocal(epochMs, timeZone)}Z`);
}

/** Zones with ordinary DST, none, half-hour and 45-minute offsets, and midnight changes. */
export const ZONES = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'Europe/Berlin',
  'Europe/Dublin',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'America/Santiago',
  'Africa/Casablanca',
] as const;

/** Instants (to the second) where the zone's offset changes within the year, found by scanning hours. */
export function oracleTransitions(timeZone: string, year: number): number[] {
  const offsetAt = (epochMs: number): number => oracleWallMs(epochMs, timeZone) - Math.floor(epochMs / 1_000) * 1_000;
  const transitions: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let hour = Date.UTC(year, 0, 1); hour < end; hour += 3_600_000) {
    if (offsetAt(hour) === offsetAt(hour + 3_600_000)) continue;
    let low = hour;
    let high = hour + 3_600_000;
    while (high - low > 1_000) {
      const middle = low + Math.floor((high - low) / 2_000) * 1_000;
      if (offsetAt(middle) === offsetAt(low)) low = middle;
      else high = middle;
    }
    transitions.push(high);
  }
  return transitions;
}
