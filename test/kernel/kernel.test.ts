import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimKernel, type RunLimits, type RunStats } from '../../sim/kernel/kernel.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';

/** 2024-11-29T00:00:00Z: a real calendar instant, as scenarios use. */
const START_MS = Date.UTC(2024, 10, 29);
const NO_LIMITS: RunLimits = { untilMs: Number.MAX_SAFE_INTEGER, maxEvents: 100_000 };

/**
 * A plan of events as a forest: top-level events are scheduled before the run, the others by
 * their parent when it runs (after `awaits` awaits, when that is above 0). A `cancel` event is
 * cancelled by whoever scheduled it, straight after scheduling it.
 */
interface PlanNode {
  parent: number; // -1 = top level
  delayMs: number;
  awaits: number;
  cancel: boolean;
}

const planArb: fc.Arbitrary<PlanNode[]> = fc
  .array(
    fc.record({
      topLevel: fc.integer({ min: 0, max: 2 }).map((x) => x === 0),
      parentPick: fc.nat(),
      delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 10_000 })),
      awaits: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })),
      cancel: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((raw) =>
    raw.map((node, i) => ({
      parent: i === 0 || node.topLevel ? -1 : node.parentPick % i,
      delayMs: node.delayMs,
      awaits: node.awaits,
      cancel: node.cancel,
    })),
  );

interface Executed {
  id: number;
  atMs: number;
}

/**
 * The model: an unsorted array scanned linearly for the smallest (atMs, seq). It ignores `awaits`
 * entirely: if the kernel lets every microtask settle between events, async scheduling is
 * indistinguishable from sync scheduling.
 */
function modelRun(plan: readonly PlanNode[]): Executed[] {
  const queue: { id: number; atMs: number; seq: number }[] = [];
  let seq = 0;
  const scheduleChildren = (parent: number, nowMs: number): void => {
    plan.forEach((node, id) => {
      if (node.parent === parent && !node.cancel) queue.push({ id, atMs: nowMs + node.delayMs, seq });
      if (node.parent === parent) seq++;
    });
  };
  scheduleChildren(-1, 0);
  const executed: Executed[] = [];
  while (queue.length > 0) {
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      const a = queue[i];
      const b = queue[best];
      if (a !== undefined && b !== undefined && (a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq))) best = i;
    }
    const [next] = queue.splice(best, 1);
    if (next === undefined) break;
    executed.push({ id: next.id, atMs: next.atMs });
    scheduleChildren(next.id, next.atMs);
  }
  return executed;
}

/** Different ways of yielding to the microtask queue, so "settled" covers more than one shape. */
async function yieldOnce(kind: number): Promise<void> {
  switch (kind % 4) {
    case 0:
      await Promise.resolve();
      return;
    case 1:
      await null;
      return;
    case 2:
      await (async () => {
        await Promise.resolve();
        await Promise.resolve();
      })();
      return;
    default:
      await new Promise<void>((resolve) => queueMicrotask(resolve));
  }
}

interface PlanRun {
  executed: Executed[];
  stats: RunStats;
  /** Problems seen inside actions (collected, because throwing there would abort the run). */
  problems: string[];
  traceHash: string;
  traceEvents: TraceEvent[];
}

/** Runs a plan on a real kernel; each action also draws from a named stream and writes the trace. */
async function runPlan(
  plan: readonly PlanNode[],
  options: { seed?: number; detail?: (id: number, draw: number) => string } = {},
): Promise<PlanRun> {
  const kernel = new SimKernel({ seed: options.seed ?? 1, startEpochMs: START_MS });
  const detail = options.detail ?? ((id: number, draw: number) => `node ${id} drew ${draw}`);
  const traceEvents: TraceEvent[] = [];
  kernel.trace.listen((event) => traceEvents.push(event));
  const executed: Executed[] = [];
  const problems: string[] = [];
  const scheduledAt = new Map<number, number>();
  let asyncInFlight = 0;
  let lastSeenMs = 0;

  const scheduleChildren = (parent: number): void => {
    plan.forEach((node, id) => {
      if (node.parent !== parent) return;
      scheduledAt.set(id, kernel.elapsedMs + node.delayMs);
      const handle = kernel.schedule(`node.${id}`, node.delayMs, () => runNode(id));
      if (node.cancel) handle.cancel();
    });
  };

  const runNode = (id: number): void => {
    const node = plan[id] as PlanNode;
    const nowMs = kernel.elapsedMs;
    executed.push({ id, atMs: nowMs });
    if (asyncInFlight !== 0) problems.push(`node ${id} started with ${asyncInFlight} async chains unfinished`);
    if (nowMs !== scheduledAt.get(id)) problems.push(`node ${id} ran at ${nowMs}, scheduled for ${scheduledAt.get(id)}`);
    if (nowMs < lastSeenMs) problems.push(`clock went back from ${lastSeenMs} to ${nowMs} at node ${id}`);
    if (kernel.clock.nowMs() !== START_MS + nowMs) problems.push(`nowMs() is not start + elapsed at node ${id}`);
    lastSeenMs = nowMs;
    const draw = kernel.random.stream(`node.${id % 3}`).int(1_000_000);
    kernel.trace.record(nowMs, 'test.node.ran', 'world', `o${id % 5}`, `node.${id}`, detail(id, draw));
    if (node.awaits === 0) {
      scheduleChildren(id);
      return;
    }
    asyncInFlight++;
    void (async () => {
      for (let step = 0; step < node.awaits; step++) {
        await yieldOnce(id + step);
        if (kernel.elapsedMs !== nowMs) problems.push(`clock moved while node ${id} was awaiting`);
      }
      scheduleChildren(id);
      asyncInFlight--;
    })();
  };

  scheduleChildren(-1);
  const stats = await kernel.run(NO_LIMITS);
  if (asyncInFlight !== 0) problems.push(`${asyncInFlight} async chains unfinished after the run`);
  return { executed, stats, problems, traceHash: kernel.trace.hash(), traceEvents };
}

describe('SimKernel.run', () => {
  it('runs events in (time, seq) order, each at its scheduled time, with async work settled between events', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const run = await runPlan(plan);
        expect(run.problems).toEqual([]);
        const expected = modelRun(plan);
        expect(run.executed).toEqual(expected);
        expect(run.stats.reason).toBe('drained');
        expect(run.stats.events).toBe(expected.length);
        expect(run.stats.stoppedAtMs).toBe(expected.at(-1)?.atMs ?? 0);
      }),
      { numRuns: 200 },
    );
  });

  it('lets a long chain of awaits (and the follow-ups it schedules) finish before the next event', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const log: string[] = [];
    kernel.schedule('first', 10, () => {
      void (async () => {
        for (let i = 0; i < 1000; i++) await Promise.resolve();
        log.push(`chain done at ${kernel.elapsedMs}`);
        kernel.schedule('follow-up', 0, () => log.push(`follow-up at ${kernel.elapsedMs}`));
        await Promise.resolve();
        log.push('after scheduling');
      })();
    });
    // Scheduled before the follow-up, so it runs first; but only after the chain has finished.
    kernel.schedule('second', 10, () => log.push(`second at ${kernel.elapsedMs}`));
    const stats = await kernel.run(NO_LIMITS);
    expect(log).toEqual(['chain done at 10', 'after scheduling', 'second at 10', 'follow-up at 10']);
    expect(stats).toEqual({ events: 3, stoppedAtMs: 10, reason: 'drained' });
  });

  it('does not run cancelled events, whether cancelled before the run or by an earlier event', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const ran: string[] = [];
    kernel.schedule('cancelled-before', 5, () => ran.push('cancelled-before')).cancel();
    const later = kernel.schedule('cancelled-by-event', 20, () => ran.push('cancelled-by-event'));
    kernel.schedule('canceller', 10, () => {
      ran.push('canceller');
      later.cancel();
    });
    // Same instant: the canceller was scheduled first, so it runs first and its victim never runs.
    kernel.scheduleAt('canceller-2', 30, () => {
      ran.push('canceller-2');
      victim.cancel();
    });
    const victim = kernel.scheduleAt('cancelled-same-instant', 30, () => ran.push('cancelled-same-instant'));
    const stats = await kernel.run(NO_LIMITS);
    expect(ran).toEqual(['canceller', 'canceller-2']);
    expect(stats.events).toBe(2);
    expect(stats.reason).toBe('drained');
    expect(kernel.pendingEvents).toBe(0);
  });

  it('treats cancel() after an event ran as a no-op', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    let runs = 0;
    const handle = kernel.schedule('once', 1, () => runs++);
    await kernel.run(NO_LIMITS);
    handle.cancel();
    await kernel.run(NO_LIMITS);
    expect(runs).toBe(1);
  });

  it('bounds the run by untilMs and maxEvents and reports the reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 35 }),
        async (times, untilMs, maxEvents) => {
          const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
          const ran: number[] = [];
          times.forEach((atMs, id) => kernel.scheduleAt(`e${id}`, atMs, () => ran.push(id)));
          const stats = await kernel.run({ untilMs, maxEvents });

          const order = times.map((atMs, id) => ({ atMs, id })).sort((a, b) => a.atMs - b.atMs || a.id - b.id);
          const eligible = order.filter((e) => e.atMs <= untilMs);
          const expectedRan = eligible.slice(0, maxEvents);
          expect(ran).toEqual(expectedRan.map((e) => e.id));
          expect(stats.events).toBe(expectedRan.length);
          const lastRanMs = expectedRan.at(-1)?.atMs ?? 0;
          if (eligible.length >= maxEvents) {
            expect(stats.reason).toBe('max-events');
            expect(stats.stoppedAtMs).toBe(lastRanMs);
          } else if (eligible.length < times.length) {
            expect(stats.reason).toBe('until');
            expect(stats.stoppedAtMs).toBe(untilMs);
            expect(kernel.elapsedMs).toBe(untilMs);
          } else {
            expect(stats.reason).toBe('drained');
            expect(stats.stoppedAtMs).toBe(lastRanMs);
          }
          expect(kernel.pendingEvents).toBe(times.length - expectedRan.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('runs an event scheduled exactly at untilMs', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const ran: string[] = [];
    kernel.scheduleAt('at-limit', 50, () => ran.push('at-limit'));
    kernel.scheduleAt('after-limit', 51, () => ran.push('after-limit'));
    expect(await kernel.run({ untilMs: 50, maxEvents: 10 })).toEqual({ events: 1, stoppedAtMs: 50, reason: 'until' });
    expect(ran).toEqual(['at-limit']);
  });

  it('stops when shouldStop returns true, after the current event', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    let count = 0;
    for (let i = 0; i < 10; i++) kernel.scheduleAt(`e${i}`, i * 10, () => count++);
    const stats = await kernel.run({ ...NO_LIMITS, shouldStop: () => count >= 4 });
    expect(stats).toEqual({ events: 4, stoppedAtMs: 30, reason: 'stopped' });
  });

  it('rounds fractional delays up to whole milliseconds', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const seen: number[] = [];
    kernel.schedule('fraction', 0.2, () => seen.push(kernel.elapsedMs));
    await kernel.run(NO_LIMITS);
    expect(seen).toEqual([1]);
  });

  it('rejects negative delays and times in the past', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    expect(() => kernel.schedule('negative', -1, () => {})).toThrow(/"negative".*negative delay/);
    expect(() => kernel.schedule('nan', Number.NaN, () => {})).toThrow(RangeError);
    kernel.scheduleAt('tick', 100, () => {});
    await kernel.run(NO_LIMITS);
    expect(() => kernel.scheduleAt('past', 99, () => {})).toThrow(/"past".*in the past/);
    expect(() => kernel.scheduleAt('now', 100, () => {})).not.toThrow();
  });
});

describe('SimKernel determinism', () => {
  it('two kernels with the same seed and the same actions produce the same trace and hash', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (plan, seed) => {
        const first = await runPlan(plan, { seed });
        const second = await runPlan(plan, { seed });
        expect(second.traceEvents).toEqual(first.traceEvents);
        expect(second.traceHash).toBe(first.traceHash);
        expect(second.executed).toEqual(first.executed);
      }),
      { numRuns: 100 },
    );
  });

  it('a different detail string in any one executed event gives a different hash', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, fc.nat(), fc.string({ minLength: 1, maxLength: 3 }), async (plan, pick, suffix) => {
        const executed = modelRun(plan);
        fc.pre(executed.length > 0);
        const changedId = (executed[pick % executed.length] as Executed).id;
        const base = (id: number, draw: number): string => `node ${id} drew ${draw}`;
        const first = await runPlan(plan, { detail: base });
        const second = await runPlan(plan, {
          detail: (id, draw) => (id === changedId ? base(id, draw) + suffix : base(id, draw)),
        });
        expect(second.traceHash).not.toBe(first.traceHash);
      }),
      { numRuns: 100 },
    );
  });

  it('different seeds give different histories when actions draw random numbers', async () => {
    const plan: PlanNode[] = Array.from({ length: 5 }, () => ({ parent: -1, delayMs: 1, awaits: 0, cancel: false }));
    const a = await runPlan(plan, { seed: 1 });
    const b = await runPlan(plan, { seed: 2 });
    expect(a.traceHash).not.toBe(b.traceHash);
  });
});
