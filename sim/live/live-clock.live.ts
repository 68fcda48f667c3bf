/**
 * Simulated time on the wall clock, shared by separate processes. Every process of a live run
 * (the fakes, the orchestrator, a restarted orchestrator) computes the same instant from the
 * same three numbers: the simulated start, the wall-clock instant it corresponds to (the origin)
 * and the speed. A restarted process therefore continues the same timeline instead of starting
 * its own, which a process-local monotonic clock could not do.
 */
export interface LiveClockSpec {
  /** The simulated instant at the origin (epoch ms). */
  startEpochMs: number;
  /** The wall-clock instant (epoch ms) at which simulated time was `startEpochMs`. */
  originWallMs: number;
  /** Simulated ms per real ms. */
  speed: number;
}

/** Wall-clock epoch ms with sub-ms resolution; it follows the system clock (NTP slews it slowly). */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Node's timers take at most this many ms (about 24.8 days); longer waits are re-armed or clamped. */
const TIMER_MS_MAX = 2_147_483_647;

export class LiveClock {
  constructor(readonly spec: LiveClockSpec) {}

  nowMs(): number {
    return this.spec.startEpochMs + Math.floor((wallNowMs() - this.spec.originWallMs) * this.spec.speed);
  }

  /** Real ms that `simulatedMs` take. */
  realMs(simulatedMs: number): number {
    return simulatedMs / this.spec.speed;
  }

  /** The same, as a delay a Node timer takes: whole, not negative, at most TIMER_MS_MAX. */
  timerMs(simulatedMs: number): number {
    return Math.min(TIMER_MS_MAX, Math.max(0, Math.ceil(this.realMs(simulatedMs))));
  }
}
