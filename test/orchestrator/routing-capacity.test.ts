import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import fc from 'fast-check';
import { localDate, NODE_CAPACITY_FOS_NAMESPACE, NODE_CAPACITY_NAMESPACE, NodeCapacityCounter } from '../../orchestrator/routing/node-capacity.ts';
import { promisedByMs } from '../../orchestrator/routing/promise-date.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';

const LA_STORE: NodeSpec = { nodeId: 'S4', kind: 'STORE', timeZone: 'America/Los_Angeles', methods: ['SHIP_FROM_STORE', 'BOPIS'], safetyStock: 0, capacityPerDay: 2 };
// Los Angeles is UTC-8 on 2026-11-02 (DST ended on 2026-11-01): local midnight is 08:00Z.
const LATE_EVENING = Date.parse('2026-11-02T07:30:00Z'); // 23:30 local, 2026-11-01
const JUST_BEFORE_MIDNIGHT = Date.parse('2026-11-02T07:59:59Z');
const MIDNIGHT = Date.parse('2026-11-02T08:00:00Z'); // 00:00 local, 2026-11-02, same UTC date

describe('NodeCapacityCounter', () => {
  it('counts per local calendar day of the node, not per UTC day', () => {
    expect(localDate(LATE_EVENING, LA_STORE.timeZone)).toBe('2026-11-01');
    expect(localDate(MIDNIGHT, LA_STORE.timeZone)).toBe('2026-11-02');
    const counter = new NodeCapacityCounter(new MemoryStore());
    counter.record(LA_STORE, LATE_EVENING, 'FO-1');
    counter.record(LA_STORE, LATE_EVENING, 'FO-2');
    expect(counter.remaining(LA_STORE, JUST_BEFORE_MIDNIGHT)).toBe(0);
    expect(counter.remaining(LA_STORE, MIDNIGHT)).toBe(2);
    counter.record(LA_STORE, MIDNIGHT, 'FO-3');
    expect(counter.remaining(LA_STORE, MIDNIGHT)).toBe(1);
    expect(counter.count(LA_STORE, JUST_BEFORE_MIDNIGHT)).toBe(2);
  });

  it('is durable: a new counter on the same store sees the count', () => {
    const store = new MemoryStore();
    new NodeCapacityCounter(store).record(LA_STORE, LATE_EVENING, 'FO-1');
    expect(store.get(NODE_CAPACITY_NAMESPACE, 'S4|2026-11-01')).toBe(1);
    expect(new NodeCapacityCounter(store).remaining(LA_STORE, LATE_EVENING)).toBe(1);
  });

  it('counts an FO once per node per day, and gives it its own slot back', () => {
    const counter = new NodeCapacityCounter(new MemoryStore());
    counter.record(LA_STORE, LATE_EVENING, 'FO-1');
    counter.record(LA_STORE, LATE_EVENING, 'FO-1');
    counter.record(LA_STORE, JUST_BEFORE_MIDNIGHT, 'FO-2');
    expect(counter.remaining(LA_STORE, LATE_EVENING)).toBe(0);
    expect(counter.remaining(LA_STORE, LATE_EVENING, 'FO-1')).toBe(1);
  });

  it('neither limits nor stores anything for a node without capacityPerDay', () => {
    const store = new MemoryStore();
    const unlimited: NodeSpec = { ...LA_STORE, capacityPerDay: undefined };
    const counter = new NodeCapacityCounter(store);
    counter.record(unlimited, LATE_EVENING, 'FO-1');
    expect(counter.remaining(unlimited, LATE_EVENING)).toBe(Number.POSITIVE_INFINITY);
    expect([...store.values(NODE_CAPACITY_NAMESPACE), ...store.values(NODE_CAPACITY_FOS_NAMESPACE)]).toEqual([]);
  });

  it('agrees with a model (a set of FOs per node and local day) over any sequence, and rolls back with its transaction', () => {
    const node: NodeSpec = { ...LA_STORE, capacityPerDay: 3 };
    const op = fc.record({ record: fc.boolean(), fo: fc.integer({ min: 1, max: 6 }), hour: fc.integer({ min: 0, max: 72 }), failAfter: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new MemoryStore();
        const counter = new NodeCapacityCounter(store);
        const model = new Map<string, Set<string>>();
        for (const { record, fo, hour, failAfter } of ops) {
          const at = LATE_EVENING + hour * 3_600_000;
          const day = localDate(at, node.timeZone);
          const taken = model.get(day) ?? new Set<string>();
          if (record) {
            try {
              store.transaction(() => {
                counter.record(node, at, `FO-${fo}`);
                if (failAfter) throw new Error('the allocation failed after counting');
              });
            } catch {
              // rolled back: the model does not count it either
            }
            if (!failAfter) model.set(day, taken.add(`FO-${fo}`));
          }
          const current = model.get(day) ?? new Set<string>();
          expect(counter.count(node, at)).toBe(current.size);
          expect(counter.remaining(node, at, `FO-${fo}`)).toBe(Math.max(0, 3 - current.size + (current.has(`FO-${fo}`) ? 1 : 0)));
        }
      }),
    );
  });
});

describe('promisedByMs', () => {
  it('is the end of the local day promiseDays after the routing day', () => {
    expect(promisedByMs({ ...LA_STORE, promiseDays: 2 }, 'SHIP_FROM_STORE', LATE_EVENING)).toBe(Date.parse('2026-11-04T07:59:59.999Z'));
    expect(promisedByMs({ ...LA_STORE, promiseDays: 2 }, 'SHIP_FROM_STORE', MIDNIGHT)).toBe(Date.parse('2026-11-05T07:59:59.999Z'));
  });

  it('defaults by method: pickup today, ship-from-store 2 days, ship-from-DC 3 days', () => {
    expect(promisedByMs(LA_STORE, 'BOPIS', MIDNIGHT)).toBe(Date.parse('2026-11-03T07:59:59.999Z'));
    expect(promisedByMs(LA_STORE, 'SHIP_FROM_STORE', MIDNIGHT)).toBe(Date.parse('2026-11-05T07:59:59.999Z'));
    expect(promisedByMs({ ...LA_STORE, kind: 'DC' }, 'SHIP_FROM_DC', MIDNIGHT)).toBe(Date.parse('2026-11-06T07:59:59.999Z'));
  });
});
