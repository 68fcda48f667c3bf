/**
 * kernel.track(): real asynchronous work started inside an event (an msw-intercepted fetch, a
 * real server round trip) finishes, and what it triggers is scheduled, before the next event
 * runs, and virtual time does not move while it is in flight. Real timers are allowed here: they
 * are the real work being waited for.
 */
import { describe, expect, it } from 'vitest';
import { SimKernel, type RunLimits } from '../../sim/kernel/kernel.ts';

const START_MS = Date.UTC(2026, 10, 27);
const NO_LIMITS: RunLimits = { untilMs: 1_000_000, maxEvents: 10_000 };
/** Long next to a kernel event (microseconds), short for a test. */
const REAL_WORK_MS = 40;

function realDelay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe('kernel.track', () => {
  it('finishes tracked work and schedules its follow-ups before the next event, with the clock standing still', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const log: string[] = [];
    kernel.schedule('starts real work', 10, () => {
      log.push(`start@${kernel.elapsedMs}`);
      void kernel
        .track(realDelay(REAL_WORK_MS, 'reply'))
        .then(async (value) => {
          // Follow-ups of the work, a few microtasks deep, are part of it too.
          await null;
          await null;
          log.push(`${value}@${kernel.elapsedMs}`);
          kernel.schedule('follow-up', 0, () => log.push(`follow-up@${kernel.elapsedMs}`));
          kernel.schedule('later follow-up', 3, () => log.push(`later follow-up@${kernel.elapsedMs}`));
        });
    });
    kernel.schedule('same instant, booked after', 10, () => log.push(`same-instant@${kernel.elapsedMs}`));
    kernel.schedule('next ms', 11, () => log.push(`next-ms@${kernel.elapsedMs}`));

    const stats = await kernel.run(NO_LIMITS);

    expect(log).toEqual(['start@10', 'reply@10', 'same-instant@10', 'follow-up@10', 'next-ms@11', 'later follow-up@13']);
    expect(stats).toEqual({ events: 5, stoppedAtMs: 13, reason: 'drained' });
  });

  it('is needed: untracked real work is still in flight when the next event runs', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const log: string[] = [];
    let work: Promise<void> = Promise.resolve();
    kernel.schedule('starts real work', 0, () => {
      work = realDelay(REAL_WORK_MS, undefined).then(() => void log.push(`untracked reply@${kernel.elapsedMs}`));
    });
    kernel.schedule('next event', 5, () => log.push(`next@${kernel.elapsedMs}`));
    await kernel.run(NO_LIMITS);
    await work;
    expect(log).toEqual(['next@5', 'untracked reply@5']);
  });

  it('waits for every tracked piece, including work tracked by work that finished', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const log: string[] = [];
    kernel.schedule('fan out', 0, () => {
      void kernel.track(realDelay(REAL_WORK_MS, 'slow')).then((value) => log.push(value));
      void kernel.track(realDelay(1, 'fast')).then((value) => {
        log.push(value);
        // Started after the kernel began waiting: it must be waited for as well.
        void kernel.track(realDelay(REAL_WORK_MS * 2, 'nested')).then((nested) => log.push(nested));
      });
    });
    kernel.schedule('next event', 1, () => log.push(`next@${kernel.elapsedMs}`));
    await kernel.run(NO_LIMITS);
    expect(log).toEqual(['fast', 'slow', 'nested', 'next@1']);
  });

  it('goes on after tracked work that fails, and hands the failure to whoever awaits it', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const log: string[] = [];
    kernel.schedule('failing work', 0, () => {
      kernel
        .track(realDelay(5, undefined).then(() => Promise.reject(new Error('connection reset'))))
        .catch((error: unknown) => log.push(`caught ${(error as Error).message}@${kernel.elapsedMs}`));
    });
    kernel.schedule('next event', 2, () => log.push(`next@${kernel.elapsedMs}`));
    const stats = await kernel.run(NO_LIMITS);
    expect(log).toEqual(['caught connection reset@0', 'next@2']);
    expect(stats.reason).toBe('drained');
  });

  it('returns the tracked promise itself, so callers keep its value', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
    const work = realDelay(1, 42);
    expect(kernel.track(work)).toBe(work);
    await expect(work).resolves.toBe(42);
  });
});
