import type { RandomPort, TimersPort } from '../ports.ts';
import type { AdapterOutcome } from './outcome.ts';

export interface RetryPolicy {
  maxAttempts: number;
  /** First back-off; it doubles each time, plus seeded jitter of up to the same again. */
  baseMs: number;
  timers: TimersPort;
  random: RandomPort;
}

/**
 * One logical call: retries what may not have happened (timeouts, 503s, network errors) with
 * exponential back-off and seeded jitter, honouring Retry-After. Only for reads and for writes the
 * caller made safe to repeat (an idempotency key the receiver honours, or a look-up first).
 */
export async function retryTransient<T>(attempt: () => Promise<AdapterOutcome<T>>, policy: RetryPolicy): Promise<AdapterOutcome<T>> {
  let outcome = await attempt();
  for (let tries = 1; tries < policy.maxAttempts && (outcome.kind === 'timeout' || outcome.kind === 'unavailable'); tries++) {
    const retryAfterMs = outcome.kind === 'unavailable' ? outcome.retryAfterMs : null;
    if (retryAfterMs !== null) {
      await policy.timers.sleep(retryAfterMs);
    } else {
      const baseMs = policy.baseMs * 2 ** (tries - 1);
      await policy.timers.sleep(baseMs + policy.random.int(baseMs));
    }
    outcome = await attempt();
  }
  return outcome;
}
