import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { FulfillmentMethod } from '../../orchestrator/model/types.ts';
import { promisedByMs } from '../../orchestrator/routing/promise-date.ts';
import { localIso } from '../../legacy-fakes/local-time.ts';
import { endOfLocalDayAfter, expectedPromise, localDatePlus } from '../../sim/invariants/promise-day.ts';
import { promiseDateChecker } from '../../sim/invariants/promise-date.ts';
import { fuzzRuns } from '../fuzz-runs.ts';
import { checkContextOf } from './check-context.ts';
import { findingsOf, NODES, published } from './policy-fixtures.ts';

/**
 * Zones with DST both ways, half- and quarter-hour offsets, a 30-minute DST (Lord Howe), the date
 * line, and clocks that change at midnight (Santiago and Asuncion fall back from 24:00 and jump
 * over it, Beirut falls back at 00:00, Havana at 01:00): there a day's last hour may be shown twice.
 */
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/St_Johns', 'Europe/Amsterdam', 'Europe/London', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Sydney', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Pacific/Auckland', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Santiago', 'America/Asuncion', 'Asia/Beirut', 'America/Havana', 'UTC'];
const METHODS: readonly FulfillmentMethod[] = ['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'BOPIS', 'CURBSIDE'];
const DAY_MS = 86_400_000;
/** 2024-01-01 .. 2031-01-01: several DST changes of every zone. */
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 0, 1) });
/** Instants within a day of a DST change (US, EU, Sydney, Santiago both ways, Beirut), where a day is 23 or 25 hours long. */
const nearDst = fc.constantFrom(Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 3, 5, 16), Date.UTC(2026, 3, 5, 3), Date.UTC(2026, 8, 6, 4), Date.UTC(2024, 9, 26, 21)).chain((change) => fc.integer({ min: change - 26 * 3_600_000, max: change + 26 * 3_600_000 }));

function node(timeZone: string, promiseDays?: number): NodeSpec {
  return { nodeId: 'N1', kind: 'STORE', timeZone, methods: ['SHIP_FROM_STORE', 'BOPIS'], safetyStock: 0, ...(promiseDays === undefined ? {} : { promiseDays }) };
}

describe('the promised date, computed by the checker on its own', () => {
  it('is the last millisecond of the local day `days` after the routing day: the next millisecond is the next local day', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.oneof(instant, nearDst), fc.integer({ min: 0, max: 14 }), (zone, atMs, days) => {
        const promise = endOfLocalDayAfter(atMs, zone, days);
        const date = localDatePlus(atMs, zone, days);
        expect(localIso(promise, zone)).toBe(`${date}T23:59:59`);
        expect(promise % 1000).toBe(999);
        expect(localIso(promise + 1, zone).slice(0, 10)).toBe(localDatePlus(atMs, zone, days + 1));
        expect(promise).toBeGreaterThanOrEqual(atMs);
        // Whole local days: never less than days - 1 nor more than days + 1 whole days away.
        expect(promise - atMs).toBeGreaterThan((days - 1) * DAY_MS);
        expect(promise - atMs).toBeLessThan((days + 1) * DAY_MS + 2 * 3_600_000);
      }),
      { numRuns: fuzzRuns(400) },
    );
  });

  it('agrees with the orchestrator\'s reference computation in every zone, across DST, for every method and days setting', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.oneof(instant, nearDst), fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }), fc.constantFrom(...METHODS), (zone, atMs, days, method) => {
        const spec = node(zone, days);
        expect(expectedPromise([{ node: spec, method }], atMs)?.atMs).toBe(promisedByMs(spec, method, atMs));
      }),
      { numRuns: fuzzRuns(400) },
    );
  });

  it('is never what the same days counted in UTC give, in a zone never on UTC', () => {
    fc.assert(
      fc.property(fc.constantFrom('America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Auckland'), instant, fc.integer({ min: 0, max: 5 }), (zone, atMs, days) => {
        expect(endOfLocalDayAfter(atMs, zone, days)).not.toBe(endOfLocalDayAfter(atMs, 'UTC', days));
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});

describe('routing.promise-date-per-node-day', () => {
  /** 2026-11-27 03:30 UTC: the 26th in Chicago and New York, the 27th in Tokyo. */
  const ROUTED_AT = Date.UTC(2026, 10, 27, 3, 30);
  const nodes = NODES.map((spec) => (spec.nodeId === 'DC1' ? { ...spec, promiseDays: 3 } : spec));
  const context = () => checkContextOf({ orders: [], nodes }).context;
  const decided = (assignments: string, promised?: number) => published('routing.decided', 'o1', { foId: 'FO-o1-1', rule: 'single-node', assignments, unroutable: '', ...(promised === undefined ? {} : { promisedByMs: promised }) }, ROUTED_AT);
  const endOf = (isoDate: string, offsetHours: number) => Date.parse(`${isoDate}T23:59:59.999Z`) - offsetHours * 3_600_000;

  it('accepts the end of the node\'s local day plus its days, the latest over the legs', () => {
    // DC1 (Chicago, 3 days): end of the 29th, -06:00. S1 (New York, SHIP_FROM_STORE default 2 days): end of the 28th.
    expect(findingsOf(promiseDateChecker, context(), [decided('DC1:SHIP_FROM_DC:1', endOf('2026-11-29', -6))])).toEqual([]);
    expect(findingsOf(promiseDateChecker, context(), [decided('DC1:SHIP_FROM_DC:1 S1:SHIP_FROM_STORE:2', endOf('2026-11-29', -6))])).toEqual([]);
    // S2 (Tokyo, BOPIS default 0 days): routed on the 27th there, so the end of the 27th, +09:00.
    expect(findingsOf(promiseDateChecker, context(), [decided('S2:BOPIS:1', endOf('2026-11-27', 9))])).toEqual([]);
  });

  it('reports a promise a day short (the routing day counted as the first) and one counted in UTC', () => {
    const short = findingsOf(promiseDateChecker, context(), [decided('DC1:SHIP_FROM_DC:1', endOf('2026-11-28', -6))]);
    expect(short).toHaveLength(1);
    expect(short[0]?.detail).toContain('24 h too early');
    expect(short[0]?.detail).toContain('the end of 2026-11-29 America/Chicago');
    expect(short[0]?.firstBadEvent?.kind).toBe('routing.decided');
    // In UTC it is already the 27th: the end of the 30th UTC, 18 hours past the end of the 29th in Chicago.
    const utc = findingsOf(promiseDateChecker, context(), [decided('DC1:SHIP_FROM_DC:1', endOf('2026-11-30', 0))]);
    expect(utc[0]?.detail).toContain('18 h too late');
  });

  it('reports a plan routed without a promise when the config sets promiseDays, and says nothing when none does', () => {
    expect(findingsOf(promiseDateChecker, context(), [decided('DC1:SHIP_FROM_DC:1')])[0]?.detail).toBe('FO-o1-1 was routed (DC1:SHIP_FROM_DC:1) without a promised date, though the config sets promiseDays');
    const without = checkContextOf({ orders: [], nodes: NODES }).context;
    expect(findingsOf(promiseDateChecker, without, [decided('DC1:SHIP_FROM_DC:1')])).toEqual([]);
    expect(findingsOf(promiseDateChecker, context(), [decided('')])).toEqual([]);
  });

  it('judges a promise published without promiseDays against the documented defaults', () => {
    const without = checkContextOf({ orders: [], nodes: NODES }).context;
    expect(findingsOf(promiseDateChecker, without, [decided('DC1:SHIP_FROM_DC:1', endOf('2026-11-29', -6))])).toEqual([]);
    expect(findingsOf(promiseDateChecker, without, [decided('S1:BOPIS:1', endOf('2026-11-27', -5))])[0]?.detail).toContain('24 h too late');
  });
});
