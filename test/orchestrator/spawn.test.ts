import { describe, expect, it } from 'vitest';
import { repeatEvery, spawn, type OrchestratorContext } from '../../orchestrator/reference/context.ts';

/** A context with only the timers port, recording what is set and running it on demand. */
function timersOnly(): { context: OrchestratorContext; timers: { label: string; callback: () => void }[] } {
  const timers: { label: string; callback: () => void }[] = [];
  const setTimer = (label: string, _delayMs: number, callback: () => void) => {
    timers.push({ label, callback });
    return { cancel: () => undefined };
  };
  return { context: { ports: { timers: { setTimer, sleep: async () => undefined } } } as unknown as OrchestratorContext, timers };
}

describe('spawn: background work whose failure surfaces', () => {
  it('throws the failure again from a timer at once, named after the work', async () => {
    const { context, timers } = timersOnly();
    const boom = new Error('boom');
    spawn(context, 'capture FO-1', () => Promise.reject(boom));
    // Started after the caller's step, failed, then rethrown: a few microtask turns, no real time.
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.map((timer) => timer.label)).toEqual(['capture FO-1 failed']);
    expect(() => timers[0]?.callback()).toThrow(boom);
  });

  it('sets no timer for work that succeeds', async () => {
    const { context, timers } = timersOnly();
    spawn(context, 'fine', async () => 'done');
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers).toEqual([]);
  });

  it('a periodic job that throws surfaces, and is booked again: one bad pass does not stop it for good', async () => {
    const { context, timers } = timersOnly();
    let runs = 0;
    repeatEvery(context, 'sweep', 1000, async () => {
      runs++;
      if (runs === 1) throw new Error('sweep broke');
    });
    timers[0]?.callback();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.map((timer) => timer.label).sort()).toEqual(['sweep', 'sweep', 'sweep failed']);
    expect(() => timers.find((timer) => timer.label === 'sweep failed')?.callback()).toThrow('sweep broke');
    // The next pass runs, works, and books the one after it.
    timers.filter((timer) => timer.label === 'sweep')[1]?.callback();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    expect(timers.filter((timer) => timer.label === 'sweep')).toHaveLength(3);
  });
});
