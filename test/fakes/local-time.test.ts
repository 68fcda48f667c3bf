import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isWithinLocalHours, localIso, localMinutesOfDay, msUntilNextLocalTime, parseLocalTime } from '../../legacy-fakes/local-time.ts';
import { nextDate, oracleLocal, oracleTransitions, oracleWallMs, ZONES } from './local-time-oracle.ts';
import { HOUR_MS } from './test-env.ts';

const epochArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) });
const zoneArb = fc.constantFrom(...ZONES);
const hhmmArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([hours, minutes]) => `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`);

describe('localIso', () => {
  it('gives the wall-clock time without an offset', () => {
    const instant = Date.UTC(2026, 10, 27, 14, 5, 0);
    expect(localIso(instant, 'America/New_York')).toBe('2026-11-27T09:05:00');
    expect(localIso(instant, 'Asia/Tokyo')).toBe('2026-11-27T23:05:00');
    expect(localIso(instant, 'Asia/Kathmandu')).toBe('2026-11-27T19:50:00');
  });

  it('agrees with Intl on any instant and zone', () => {
    fc.assert(
      fc.property(epochArb, zoneArb, (epochMs, zone) => {
        expect(localIso(epochMs, zone)).toBe(oracleLocal(epochMs, zone));
      }),
      { numRuns: 2_000 },
    );
  });

  it('is right on both sides of an offset change that is not on the hour (Lord Howe, 30 min, at hh:30 UTC)', () => {
    // 2026-10-04 02:00 local standard (+10:30) becomes 02:30 (+11): 2026-10-03T15:30:00Z.
    const change = Date.UTC(2026, 9, 3, 15, 30);
    for (const epochMs of [change - 60_000, change - 1, change, change + 1, change + 60_000]) {
      expect(localIso(epochMs, 'Australia/Lord_Howe')).toBe(oracleLocal(epochMs, 'Australia/Lord_Howe'));
    }
  });
});

describe('localMinutesOfDay', () => {
  it('agrees with Intl', () => {
    fc.assert(
      fc.property(epochArb, zoneArb, (epochMs, zone) => {
        const local = oracleLocal(epochMs, zone);
        expect(localMinutesOfDay(epochMs, zone)).toBe(Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)));
      }),
    );
  });
});

describe('msUntilNextLocalTime', () => {
  it('answers the next day when it is exactly that time now', () => {
    const nineUtc = Date.UTC(2026, 5, 1, 9, 0);
    expect(msUntilNextLocalTime(nineUtc, 'UTC', '09:00')).toBe(24 * HOUR_MS);
    expect(msUntilNextLocalTime(nineUtc - 1, 'UTC', '09:00')).toBe(1);
  });

  it('runs a job in the spring-forward gap when the clock jumps past it', () => {
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z, so 02:30 never happens.
    const dayBefore = Date.UTC(2026, 2, 7, 7, 30); // 02:30 EST
    const wait = msUntilNextLocalTime(dayBefore, 'America/New_York', '02:30');
    expect(wait).toBe(23.5 * HOUR_MS);
    expect(localIso(dayBefore + wait, 'America/New_York')).toBe('2026-03-08T03:00:00');
  });

  it('runs a job in the repeated fall-back hour once, at the first of the two', () => {
    // New York 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00Z, so 01:30 happens twice.
    const dayBefore = Date.UTC(2026, 9, 31, 5, 30); // 01:30 EDT
    expect(msUntilNextLocalTime(dayBefore, 'America/New_York', '01:30')).toBe(24 * HOUR_MS);
    const firstOneThirty = Date.UTC(2026, 10, 1, 5, 30);
    expect(msUntilNextLocalTime(firstOneThirty, 'America/New_York', '01:30')).toBe(25 * HOUR_MS);
    const betweenTheTwo = Date.UTC(2026, 10, 1, 6, 0); // 01:00 EST, the second time round
    const wait = msUntilNextLocalTime(betweenTheTwo, 'America/New_York', '01:30');
    expect(localIso(betweenTheTwo + wait, 'America/New_York')).toBe('2026-11-02T01:30:00');
  });

  it('is in (0, 25h] and lands on the first instant the wall clock reaches HH:mm, once per local date', () => {
    fc.assert(
      fc.property(epochArb, zoneArb, hhmmArb, (epochMs, zone, hhmm) => {
        const wait = msUntilNextLocalTime(epochMs, zone, hhmm);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(25 * HOUR_MS);
        const at = epochMs + wait;
        const landed = oracleLocal(at, zone);
        const target = `${landed.slice(0, 10)}T${hhmm}:00`;
        // On an ordinary day `landed === target`; across a gap the clock jumps past it at `at`.
        expect(landed >= target).toBe(true);
        expect(oracleLocal(at - 1_000, zone) < target).toBe(true);
        if (oracleWallMs(at, zone) - at === oracleWallMs(at - 1_000, zone) - (at - 1_000)) expect(landed).toBe(target);
        // Today's time still ahead (and no recent offset change to repeat an hour): today; else tomorrow.
        const now = oracleLocal(epochMs, zone);
        const todayTarget = `${now.slice(0, 10)}T${hhmm}:00`;
        if (now >= todayTarget) expect(landed.slice(0, 10)).toBe(nextDate(now.slice(0, 10)));
        const offsetSteady = oracleWallMs(epochMs, zone) - epochMs === oracleWallMs(epochMs - 26 * HOUR_MS, zone) - (epochMs - 26 * HOUR_MS);
        if (now < todayTarget && offsetSteady) expect(landed.slice(0, 10)).toBe(now.slice(0, 10));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps those properties right around offset changes, where a random instant rarely lands', () => {
    const transitions = [
      ...['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca'].flatMap(
        (zone) => oracleTransitions(zone, 2026).map((at) => ({ zone, at })),
      ),
      ...['America/Sao_Paulo', 'America/Santiago'].flatMap((zone) => oracleTransitions(zone, 2018).map((at) => ({ zone, at }))),
    ];
    expect(transitions.length).toBeGreaterThan(12);
    const caseArb = fc.record({
      transition: fc.constantFrom(...transitions),
      fromMs: fc.integer({ min: -26 * HOUR_MS, max: 26 * HOUR_MS }),
      // Targets near the change's own local time, where the gap or the repeated hour is.
      targetShiftMinutes: fc.integer({ min: -120, max: 120 }),
    });
    fc.assert(
      fc.property(caseArb, ({ transition: { zone, at: change }, fromMs, targetShiftMinutes }) => {
        const targetWall = oracleWallMs(change, zone) + targetShiftMinutes * 60_000;
        const hhmm = new Date(targetWall).toISOString().slice(11, 16);
        const epochMs = change + fromMs;
        const wait = msUntilNextLocalTime(epochMs, zone, hhmm);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(25 * HOUR_MS);
        const landed = oracleLocal(epochMs + wait, zone);
        const target = `${landed.slice(0, 10)}T${hhmm}:00`;
        expect(landed >= target).toBe(true);
        expect(oracleLocal(epochMs + wait - 1_000, zone) < target).toBe(true);
        // Once per local date: the instant before the wait, that date's HH:mm had not yet been reached.
        const now = oracleLocal(epochMs, zone);
        expect(now.slice(0, 10) <= landed.slice(0, 10)).toBe(true);
        if (now.slice(0, 10) === landed.slice(0, 10)) expect(now < target).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it('in a zone without DST, waits exactly the minutes up to HH:mm', () => {
    fc.assert(
      fc.property(epochArb, fc.constantFrom('UTC', 'Asia/Kolkata', 'Asia/Tokyo'), hhmmArb, (epochMs, zone, hhmm) => {
        const dayMs = 24 * HOUR_MS;
        const wall = oracleWallMs(epochMs, zone) + (epochMs % 1_000);
        const sinceMidnight = ((wall % dayMs) + dayMs) % dayMs;
        const targetSinceMidnight = parseLocalTime(hhmm) * 60_000;
        const expected = (((targetSinceMidnight - sinceMidnight) % dayMs) + dayMs) % dayMs || dayMs;
        expect(msUntilNextLocalTime(epochMs, zone, hhmm)).toBe(expected);
      }),
    );
  });
});

describe('isWithinLocalHours', () => {
  const noonUtc = Date.UTC(2026, 5, 1, 12, 0);

  it('treats open as inclusive and close as exclusive', () => {
    expect(isWithinLocalHours(noonUtc, 'UTC', '12:00', '13:00')).toBe(true);
    expect(isWithinLocalHours(noonUtc, 'UTC', '09:00', '12:00')).toBe(false);
  });

  it('spans midnight when close is before open, and is always open when they are equal', () => {
    expect(isWithinLocalHours(noonUtc, 'UTC', '22:00', '06:00')).toBe(false);
    expect(isWithinLocalHours(Date.UTC(2026, 5, 1, 23, 0), 'UTC', '22:00', '06:00')).toBe(true);
    expect(isWithinLocalHours(Date.UTC(2026, 5, 1, 3, 0), 'UTC', '22:00', '06:00')).toBe(true);
    expect(isWithinLocalHours(noonUtc, 'UTC', '00:00', '00:00')).toBe(true);
  });

  it('uses the zone, not UTC', () => {
    // 12:00Z is 08:00 in New York (EDT) and 21:00 in Tokyo.
    expect(isWithinLocalHours(noonUtc, 'America/New_York', '09:00', '21:00')).toBe(false);
    expect(isWithinLocalHours(noonUtc, 'Asia/Tokyo', '09:00', '21:00')).toBe(false);
    expect(isWithinLocalHours(noonUtc, 'Europe/Berlin', '09:00', '21:00')).toBe(true);
  });
});

describe('input checks', () => {
  it('names the bad time zone', () => {
    expect(() => localIso(0, 'Mars/Olympus_Mons')).toThrow(/timeZone: expected an IANA time zone, got "Mars\/Olympus_Mons"/);
  });

  it('does not read a made-up name with an offset in it as that offset', () => {
    expect(() => localIso(0, 'Mars+05')).toThrow(/timeZone: expected an IANA time zone, got "Mars\+05"/);
  });

  it.each(['24:00', '9:00', '09:60', '0900', '', ' 09:00'])('rejects the local time %j', (text) => {
    expect(() => msUntilNextLocalTime(0, 'UTC', text)).toThrow(/expected "HH:mm" between 00:00 and 23:59/);
  });

  it.each([Number.NaN, 1.5, Number.POSITIVE_INFINITY])('rejects the epoch %s', (epochMs) => {
    expect(() => localIso(epochMs, 'UTC')).toThrow(/epochMs: expected an integer/);
  });
});
