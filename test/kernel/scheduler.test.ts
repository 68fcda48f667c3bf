import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler, type ScheduledEvent } from '../../sim/kernel/scheduler.ts';

type Op = { kind: 'add'; atMs: number; label: string } | { kind: 'pop' };

/** Few distinct times, so ties (the interesting case) are common. */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      atMs: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 ** 40 })),
      label: fc.string({ maxLength: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

interface ModelEvent {
  atMs: number;
  seq: number;
  label: string;
}

/**
 * The model: a plain array kept sorted by time; a new event goes after every event with the same
 * or an earlier time, which is exactly "ties broken by insertion order".
 */
class SortedArrayModel {
  readonly events: ModelEvent[] = [];
  private nextSeq = 0;

  add(atMs: number, label: string): ModelEvent {
    const event = { atMs, seq: this.nextSeq++, label };
    let index = this.events.length;
    while (index > 0 && (this.events[index - 1] as ModelEvent).atMs > atMs) index--;
    this.events.splice(index, 0, event);
    return event;
  }

  pop(): ModelEvent | undefined {
    return this.events.shift();
  }
}

function view(event: ScheduledEvent | undefined): ModelEvent | undefined {
  return event === undefined ? undefined : { atMs: event.atMs, seq: event.seq, label: event.label };
}

const noop = (): void => {};

describe('Scheduler', () => {
  it('pops events in (atMs, seq) order, matching a sorted-array model, for any interleaving of adds and pops', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const scheduler = new Scheduler();
        const model = new SortedArrayModel();
        for (const op of ops) {
          if (op.kind === 'add') {
            const added = scheduler.add(op.atMs, op.label, noop);
            expect(view(added)).toEqual(model.add(op.atMs, op.label));
          } else {
            expect(view(scheduler.pop())).toEqual(model.pop());
          }
          expect(scheduler.size).toBe(model.events.length);
          expect(view(scheduler.peek())).toEqual(model.events[0]);
        }
        // Drain: the remainder also comes out in model order.
        const drained: (ModelEvent | undefined)[] = [];
        while (scheduler.size > 0) drained.push(view(scheduler.pop()));
        expect(drained).toEqual(model.events);
        expect(scheduler.pop()).toBeUndefined();
      }),
    );
  });

  it('hands out seq numbers in insertion order, so equal times come out first-in first-out', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 50 }), fc.nat(1000), (labels, atMs) => {
        const scheduler = new Scheduler();
        const seqs = labels.map((label) => scheduler.add(atMs, label, noop).seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(seqs.length);
        const popped: string[] = [];
        for (;;) {
          const event = scheduler.pop();
          if (event === undefined) break;
          popped.push(event.label);
        }
        expect(popped).toEqual(labels);
      }),
    );
  });

  it('keeps the action and starts events uncancelled', () => {
    const scheduler = new Scheduler();
    const action = (): void => {};
    const event = scheduler.add(5, 'x', action);
    expect(event.action).toBe(action);
    expect(event.cancelled).toBe(false);
  });

  describe('rejects invalid times', () => {
    const invalid = [-1, -0.5, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const atMs of invalid) {
      it(`rejects ${atMs} with a RangeError naming the label and the value, and leaves the queue as it was`, () => {
        const scheduler = new Scheduler();
        scheduler.add(3, 'before', noop);
        expect(() => scheduler.add(atMs, 'bad-event', noop)).toThrow(RangeError);
        expect(() => scheduler.add(atMs, 'bad-event', noop)).toThrow(/"bad-event".*non-negative integer time/);
        expect(scheduler.size).toBe(1);
        // A rejected add does not use up a seq number.
        expect(scheduler.add(3, 'after', noop).seq).toBe(1);
      });
    }

    it('rejects any negative or non-integer time (property)', () => {
      const badTime = fc.oneof(
        fc.integer({ max: -1 }),
        fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x) || x < 0),
      );
      fc.assert(
        fc.property(badTime, (atMs) => {
          expect(() => new Scheduler().add(atMs, 'bad', noop)).toThrow(RangeError);
        }),
      );
    });
  });
});
