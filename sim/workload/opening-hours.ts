import { isWithinLocalHours, msUntilNextLocalTime } from '../../legacy-fakes/local-time.ts';

/** How long someone arriving at `epochMs` waits for the store to open (0 if it is open). */
export function msUntilOpen(epochMs: number, timeZone: string, openLocal: string, closeLocal: string): number {
  return isWithinLocalHours(epochMs, timeZone, openLocal, closeLocal) ? 0 : msUntilNextLocalTime(epochMs, timeZone, openLocal);
}
