import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCalendarDate } from '../../sim/world/input-bounds.ts';
import { loadScenario, ScenarioError, validateScenario } from '../../sim/world/scenario-loader.node.ts';

const { scenario: baseline } = loadScenario('baseline');

/** The baseline with some top-level fields replaced, as a user's file would state them. */
function withFields(fields: Record<string, unknown>): unknown {
  return { ...JSON.parse(JSON.stringify(baseline)), ...fields };
}

function messageOf(raw: unknown): string {
  try {
    validateScenario(raw, 'my.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('the scenario schema refuses bad fault blocks with the file, the field, the value and the expectation', () => {
  it('a crashes block without any trigger', () => {
    expect(messageOf(withFields({ crashes: { restartDelaySeconds: { min: 5, max: 60 } } }))).toBe(
      'my.json: field crashes: got {"restartDelaySeconds":{"min":5,"max":60}}; expected at least one of everyEvents, perEventRatio, perCommandRatio, perWriteRatio, everyWrites',
    );
  });

  it('offline windows out of time order or overlapping (the fakes would refuse them mid-start)', () => {
    const storesWith = (offline: unknown) => ({ ...baseline.topology, stores: baseline.topology.stores.map((store, index) => (index === 0 ? { ...store, quirks: { offline } } : store)) });
    const expected = /^my\.json: field topology\.stores\[0\]\.quirks\.offline: got .*; offline windows must be in time order and must not overlap/;
    expect(messageOf(withFields({ topology: storesWith([{ fromHour: 9, toHour: 13, mode: 'hang' }, { fromHour: 2, toHour: 6, mode: 'refuse' }]) }))).toMatch(expected);
    expect(messageOf(withFields({ topology: storesWith([{ fromHour: 2, toHour: 6, mode: 'hang' }, { fromHour: 5, toHour: 7, mode: 'refuse' }]) }))).toMatch(expected);
    expect(() => validateScenario(withFields({ topology: storesWith([{ fromHour: 2, toHour: 6, mode: 'hang' }, { fromHour: 6, toHour: 7, mode: 'refuse' }]) }), 'my.json')).not.toThrow();
  });

  it('a routing rule the orchestrator has never heard of, and a stuck transfer past 30 days', () => {
    expect(messageOf(withFields({ routing: { rules: ['pickup-store-only', 'cheapest-first'] } }))).toMatch(/^my\.json: field routing\.rules\[1\]: got "cheapest-first"; .*expected one of .*"split-by-line"/);
    const stuck = (hours: number) => ({ ...baseline.topology, dcs: baseline.topology.dcs.map((dc) => ({ ...dc, quirks: { stuckTransfer: { fromHour: 1, hours } } })) });
    expect(messageOf(withFields({ topology: stuck(721) }))).toMatch(/^my\.json: field topology\.dcs\[0\]\.quirks\.stuckTransfer\.hours: got 721; .*at most 30 days/);
    expect(() => validateScenario(withFields({ routing: { rules: ['pickup-store-only', 'cost-rank', 'split-by-line'] }, topology: stuck(720) }), 'my.json')).not.toThrow();
  });

  it('a crash ratio with the numerator above the denominator', () => {
    expect(messageOf(withFields({ crashes: { perEventRatio: [3, 2] } }))).toBe('my.json: field crashes.perEventRatio: got [3,2]; expected [numerator, denominator] with numerator <= denominator');
  });

  it('a float where a channel ratio goes', () => {
    const message = messageOf(withFields({ channel: { duplicate: 0.1 } }));
    expect(message).toMatch(/^my\.json: field channel\.duplicate: got 0\.1; /);
  });

  it('an unknown channel option', () => {
    expect(messageOf(withFields({ channel: { duplicates: [1, 2] } }))).toMatch(/^my\.json: field channel: got \{"duplicates":\[1,2\]\}; .*duplicates/);
  });

  it('a register clock skew beyond twelve hours', () => {
    expect(messageOf(withFields({ clock: { posSkewMinutes: 800 } }))).toMatch(/^my\.json: field clock\.posSkewMinutes: got 800; .*720/);
  });

  it('a swarm candidate that is not in the fault catalogue', () => {
    const message = messageOf(withFields({ swarm: { faults: { min: 1, max: 2 }, candidates: { 'pos.ghostSucess': { oneIn: { min: 2, max: 9 } } } } }));
    expect(message).toMatch(/^my\.json: field swarm\.candidates\.pos\.ghostSucess: got \{"oneIn":\{"min":2,"max":9\}\}; "pos\.ghostSucess" is not a fault a swarm can draw: expected one of .*pos\.ghostSuccess/);
  });

  it('a swarm candidate without the parameter its fault draws', () => {
    const message = messageOf(withFields({ swarm: { faults: { min: 1, max: 2 }, candidates: { 'pos.offline.hang': {} } } }));
    expect(message).toBe("my.json: field swarm.candidates.pos.offline.hang.hours: got nothing; expected a range { min, max } for pos.offline.hang's hours");
  });

  it('a swarm candidate with a parameter its fault does not draw', () => {
    const message = messageOf(withFields({ swarm: { faults: { min: 1, max: 2 }, candidates: { 'pos.offline.hang': { hours: { min: 1, max: 3 }, oneIn: { min: 2, max: 9 } } } } }));
    expect(message).toBe('my.json: field swarm.candidates.pos.offline.hang.oneIn: got {"min":2,"max":9}; pos.offline.hang draws hours, not oneIn');
  });

  it('a swarm drawing fewer than one fault', () => {
    expect(messageOf(withFields({ swarm: { faults: { min: 0, max: 2 }, candidates: { 'network.loss': { oneIn: { min: 20, max: 90 } } } } }))).toBe('my.json: field swarm.faults.min: got 0; expected at least 1 fault per seed');
  });

  it('a clock block that skews nothing', () => {
    expect(messageOf(withFields({ clock: {} }))).toBe('my.json: field clock: got {}; expected at least one of posSkewMinutes, wmsSkewMinutes, paymentSkewMinutes');
  });

  it('a gateway clock skew beyond twelve hours', () => {
    expect(messageOf(withFields({ clock: { paymentSkewMinutes: -721 } }))).toMatch(/^my\.json: field clock\.paymentSkewMinutes: got -721; .*-720/);
  });

  it('a late re-send more than 30 days after the answer', () => {
    expect(messageOf(withFields({ channel: { lateResend: { ratio: [1, 9], delayHours: { min: 12, max: 800 } } } }))).toBe(
      'my.json: field channel.lateResend.delayHours: got {"min":12,"max":800}; channel.lateResend.delayHours: from 1 hour to 30 days (720 hours)',
    );
  });

  it('a new-key re-send without its delay', () => {
    expect(messageOf(withFields({ channel: { newKeyResend: { ratio: [1, 9] } } }))).toMatch(/^my\.json: field channel\.newKeyResend\.delayMinutes: got nothing; /);
  });

  it('a long store outage shorter than a day', () => {
    const stores = baseline.topology.stores.map((store, index) => (index === 0 ? { ...store, quirks: { longOutage: { fromHour: 2, hours: 6, mode: 'hang' } } } : store));
    expect(messageOf(withFields({ topology: { ...baseline.topology, stores } }))).toBe(
      'my.json: field topology.stores[0].quirks.longOutage.hours: got 6; a long outage lasts a day (24 hours) or more: shorter ones go in "offline"',
    );
  });

  it('a long gateway outage overlapping a short one', () => {
    const quirks = { offline: [{ fromHour: 30, toHour: 32, mode: 'hang' }], longOutage: { fromHour: 10, hours: 24, mode: 'hang' } };
    expect(messageOf(withFields({ payment: { ...baseline.payment, quirks } }))).toMatch(/^my\.json: field payment\.quirks: got .*; longOutage overlaps an "offline" window: outages must not overlap$/);
  });

  it('a WMS file days late beyond 30 days', () => {
    const dcs = baseline.topology.dcs.map((dc) => ({ ...dc, quirks: { veryLateFiles: { ratio: [1, 4], delayHours: { min: 0, max: 48 } } } }));
    expect(messageOf(withFields({ topology: { ...baseline.topology, dcs } }))).toBe(
      'my.json: field topology.dcs[0].quirks.veryLateFiles.delayHours: got {"min":0,"max":48}; veryLateFiles.delayHours: from 1 hour to 30 days (720 hours)',
    );
  });

  it('scarce SKUs beyond the catalogue', () => {
    expect(messageOf(withFields({ inventory: { ...baseline.inventory, scarce: { fromSku: 58, count: 5, dcUnits: 4, storeUnits: 1 } } }))).toMatch(
      /^my\.json: field inventory\.scarce: got .*; SKUs 58\.\.62 are not all in a catalogue of 60$/,
    );
  });

  it('accepts every named scenario', () => {
    for (const name of ['crash-restart', 'duplicate-storm', 'partial-failures', 'swarm', 'scarce-stock', 'long-outages', 'wms-late-and-duplicate-files', 'payment-trouble']) expect(() => loadScenario(name), name).not.toThrow();
  });
});

describe('every size and duration is bounded, and dates are real days', () => {
  const phases = (fields: Record<string, number>) => withFields({ phases: { ...baseline.phases, ...fields } });

  it('phases longer than a year (1e9 hours used to die with a stack trace; 1e6 hung)', () => {
    expect(messageOf(phases({ workloadHours: 1e9 }))).toBe('my.json: field phases.workloadHours: got 1000000000; at most 8784 hours (a year): a longer phase cannot run in memory');
    expect(messageOf(phases({ healHours: 1e9 }))).toMatch(/^my\.json: field phases\.healHours: got 1000000000; at most 8784 hours/);
    expect(messageOf(phases({ convergenceHours: 8785 }))).toMatch(/^my\.json: field phases\.convergenceHours: got 8785; at most 8784 hours/);
    expect(() => validateScenario(phases({ workloadHours: 8784, healHours: 8784, convergenceHours: 8784 }), 'my.json')).not.toThrow();
  });

  it('hour offsets past the longest run, ranges past ten million, orchestrator timings past 30 days', () => {
    const burst = (atHour: number) => withFields({ workload: { ...baseline.workload, bursts: [{ atHour, minutes: 10, factor: 20 }] } });
    expect(messageOf(burst(1e9))).toMatch(/^my\.json: field workload\.bursts\[0\]\.atHour: got 1000000000; at most 26352 hours from the start/);
    expect(messageOf(withFields({ workload: { ...baseline.workload, pickupDelayHours: { min: 1, max: 1e12 } } }))).toMatch(/^my\.json: field workload\.pickupDelayHours\.max: got 1000000000000; at most 10,000,000/);
    expect(messageOf(withFields({ orchestrator: { ...baseline.orchestrator, posTimeoutMs: 1e15 } }))).toMatch(/^my\.json: field orchestrator\.posTimeoutMs: got 1000000000000000; at most 30 days/);
  });

  it('a peak day that does not exist (2026-02-30 used to be accepted)', () => {
    const peak = (date: string) => withFields({ workload: { ...baseline.workload, peakDays: [{ date, factor: 2 }] } });
    expect(messageOf(peak('2026-02-30'))).toBe('my.json: field workload.peakDays[0].date: got "2026-02-30"; expected a calendar date "YYYY-MM-DD" (a day that exists, such as "2026-11-27")');
    expect(messageOf(peak('2026-11-27T00:00'))).toMatch(/expected a calendar date/);
    expect(() => validateScenario(peak('2028-02-29'), 'my.json')).not.toThrow();
  });
});

describe('isCalendarDate', () => {
  it('holds for every day the calendar has, and for no day past the end of its month', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        expect(isCalendarDate(day)).toBe(true);
        const [year, month] = day.split('-').map(Number) as [number, number];
        const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
        expect(isCalendarDate(`${day.slice(0, 8)}${String(daysInMonth + 1).padStart(2, '0')}`)).toBe(false);
      }),
    );
  });
});
