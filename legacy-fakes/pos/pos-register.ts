/**
 * The register's single worker: a cash-register API serves one request at a time, so a request
 * that arrives while it is busy waits its turn, and latency grows with load (a queue, not a
 * constant delay). Only the timing is modelled here: the request's effect is applied when it
 * arrives (see docs/fakes/pos.md), which keeps the store's state free of in-flight requests.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import type { PosQuirks } from './pos-types.ts';

export interface Served {
  /** Queue wait plus service: what the caller waits for the answer. */
  serviceMs: number;
  /** How long the request waited behind earlier ones (0 when the worker was idle). */
  waitedMs: number;
}

export class PosRegister {
  private readonly random: FakeRandom | undefined;
  private busyUntilMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly env: FakeEnv,
    storeId: string,
    private readonly serviceRange: PosQuirks['serviceMs'],
  ) {
    // Only a configured register draws, so a store without the quirk keeps its baseline history.
    this.random = serviceRange === undefined ? undefined : env.random(`pos.${storeId}.service`);
  }

  /** A request the worker handles, arriving now. Without `serviceMs` it is answered at once. */
  serve(): Served {
    if (this.random === undefined || this.serviceRange === undefined) return { serviceMs: 0, waitedMs: 0 };
    const arrivedMs = this.env.nowMs();
    const startMs = Math.max(arrivedMs, this.busyUntilMs);
    const workMs = this.random.between(this.serviceRange.min, this.serviceRange.max);
    this.busyUntilMs = startMs + workMs;
    return { serviceMs: this.busyUntilMs - arrivedMs, waitedMs: startMs - arrivedMs };
  }
}
