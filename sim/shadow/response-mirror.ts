import type { HttpOutcome, HttpRequest } from '../../orchestrator/ports.ts';

/** What identifies "the same request": everything the far side could see. */
function requestKey(request: HttpRequest): string {
  const headers = Object.keys(request.headers)
    .sort()
    .map((name) => `${name.toLowerCase()}=${request.headers[name] ?? ''}`)
    .join('&');
  return `${request.method} ${request.baseUrl}${request.path} ${headers} ${request.body === undefined ? '' : JSON.stringify(request.body)}`;
}

interface Waiter {
  resolve(outcome: HttpOutcome): void;
  settled: boolean;
}

export interface MirrorCounts {
  /** Requests the shadow made. */
  requests: number;
  /** Answered with what the primary got for the same request. */
  matched: number;
  /** The primary never made it in time: answered as a timeout, never sent. */
  unmatched: number;
}

/**
 * The shadow's HTTP: nothing it sends reaches a legacy system (that would move real stock or
 * money twice). It gets the answer the primary got for the same request, when the primary makes
 * it; a request the primary does not make within the shadow's timeout is recorded and answered
 * as a timeout. An identical shadow therefore sees exactly the primary's world.
 */
export class ResponseMirror {
  /** Primary outcomes nobody has consumed yet, per request, oldest first. */
  private readonly answers = new Map<string, HttpOutcome[]>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly counts: MirrorCounts = { requests: 0, matched: 0, unmatched: 0 };
  readonly unmatchedRequests: string[] = [];

  constructor(private readonly schedule: (delayMs: number, action: () => void) => void) {}

  /** The primary got `outcome` for `request`. */
  primaryAnswered(request: HttpRequest, outcome: HttpOutcome): void {
    const key = requestKey(request);
    const waiting = this.waiters.get(key);
    while (waiting !== undefined && waiting.length > 0) {
      const waiter = waiting.shift();
      if (waiter === undefined || waiter.settled) continue;
      waiter.settled = true;
      this.counts.matched++;
      waiter.resolve(outcome);
      return;
    }
    const queue = this.answers.get(key) ?? [];
    queue.push(outcome);
    this.answers.set(key, queue);
  }

  send(request: HttpRequest): Promise<HttpOutcome> {
    this.counts.requests++;
    const key = requestKey(request);
    const ready = this.answers.get(key)?.shift();
    if (ready !== undefined) {
      this.counts.matched++;
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { resolve, settled: false };
      const queue = this.waiters.get(key) ?? [];
      queue.push(waiter);
      this.waiters.set(key, queue);
      this.schedule(request.timeoutMs, () => {
        if (waiter.settled) return;
        waiter.settled = true;
        this.counts.unmatched++;
        if (this.unmatchedRequests.length < 20) this.unmatchedRequests.push(`${request.method} ${request.baseUrl}${request.path}`);
        resolve({ kind: 'timeout' });
      });
    });
  }

  result(): MirrorCounts {
    return { ...this.counts };
  }
}
