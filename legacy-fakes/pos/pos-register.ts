/**
 * The register's workers: a cash-register API serves one request at a time per worker (one by
 * default; a store sized for a bigger day has more), so a request that arrives while every worker
 * is busy waits for the first one free, and latency grows with load (a queue, not a constant
 * delay). Only the timing is modelled here: the request's effect is applied when it
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
  /** When each worker is free again; a request takes the first free one (the lowest number on a tie). */
  private readonly busyUntilMs: number[];

  constructor(
    private readonly env: FakeEnv,
    storeId: string,
    private readonly serviceRange: PosQuirks['serviceMs'],
    workers = 1,
  ) {
    this.busyUntilMs = Array.from({ length: workers }, () => Number.NEGATIVE_INFINITY);
    // Only a configured register draws, so a store without the quirk keeps its baseline history.
    this.random = serviceRange === undefined ? undefined : env.random(`pos.${storeId}.service`);
  }

  /** A request the worker handles, arriving now. Without `serviceMs` it is answered at once. */
  serve(): Served {
    if (this.random === undefined || this.serviceRange === undefined) return { serviceMs: 0, waitedMs: 0 };
    const arrivedMs = this.env.nowMs();
    let worker = 0;
    for (let candidate = 1; candidate < this.busyUntilMs.length; candidate++) if ((this.busyUntilMs[candidate] as number) < (this.busyUntilMs[worker] as number)) worker = candidate;
    const startMs = Math.max(arrivedMs, this.busyUntilMs[worker] as number);
    const workMs = this.random.between(this.serviceRange.min, this.serviceRange.max);
    this.busyUntilMs[worker] = startMs + workMs;
    return { serviceMs: startMs + workMs - arrivedMs, waitedMs: startMs - arrivedMs };
  }
}
