import { fieldsOf } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { inFlightDelta } from '../transports/http-in-flight.ts';
import { textOf } from './trace-facts.ts';

/** A queue the dashboard shows: its current depth and the deepest it got. */
export interface QueueDepth {
  name: string;
  depth: number;
  peak: number;
  /** What the depth counts, for people. */
  note: string;
}

export interface DeadLetter {
  atMs: number;
  id: string;
  reason: string;
}

const MAX_DEAD_LETTERS_KEPT = 20;

/**
 * Adapter queues, read from the trace:
 * - `pos-holds <store>`: the orchestrator's line of POS hold placements waiting for a free slot
 *   (`adapter.queue_depth`, published by the reference orchestrator when it changes);
 * - `http <host>`: requests delivered to a system that have not ended there yet: not answered,
 *   lost on the way back, left hanging or refused (see sim/transports/http-in-flight.ts for the kinds);
 * - `wms-inbox <dc>`: release files the orchestrator sent that the WMS has not read yet (they wait
 *   for its nightly batch window).
 */
export class QueueTracker {
  private readonly depths = new Map<string, QueueDepth>();
  private readonly pendingReleases = new Map<string, Set<string>>();
  private readonly deadLetterIds = new Set<string>();
  readonly deadLetters: DeadLetter[] = [];

  add(event: TraceEvent): void {
    const inFlight = inFlightDelta(event.kind);
    if (inFlight !== 0) this.bump(`http ${host(event.ref)}`, inFlight, 'requests in flight');
    else if (event.source === 'orchestrator') this.orchestrator(event);
    else if (event.kind === 'wms.release.read') {
      const fileName = event.detail.split(' ')[0] ?? '';
      for (const [dcId, files] of this.pendingReleases) if (files.delete(fileName)) this.set(`wms-inbox ${dcId}`, files.size, 'release files not read yet');
    }
  }

  /** Sorted by name. */
  queues(): QueueDepth[] {
    return [...this.depths.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((queue) => ({ ...queue }));
  }

  get deadLetterCount(): number {
    return this.deadLetterIds.size;
  }

  private orchestrator(event: TraceEvent): void {
    if (event.kind === 'adapter.queue_depth') {
      const payload = fieldsOf(event);
      this.set(`pos-holds ${textOf(payload['storeId'])}`, Number(payload['depth'] ?? 0), `placements waiting (limit ${textOf(payload['limit']) || '?'} in flight)`, Number(payload['maxDepth'] ?? 0));
    } else if (event.kind === 'release.sent') {
      const dcId = event.orderId || event.ref.split(':')[0] || '?';
      const fileName = textOf(fieldsOf(event)['fileName']);
      let files = this.pendingReleases.get(dcId);
      if (files === undefined) this.pendingReleases.set(dcId, (files = new Set()));
      files.add(fileName);
      this.set(`wms-inbox ${dcId}`, files.size, 'release files not read yet');
    } else if (event.kind === 'dead_letter.added' && !this.deadLetterIds.has(event.ref)) {
      this.deadLetterIds.add(event.ref);
      this.deadLetters.push({ atMs: event.atMs, id: event.ref, reason: textOf(fieldsOf(event)['reason']) });
      if (this.deadLetters.length > MAX_DEAD_LETTERS_KEPT) this.deadLetters.shift();
    }
  }

  private bump(name: string, delta: number, note: string): void {
    const queue = this.depths.get(name);
    this.set(name, Math.max(0, (queue?.depth ?? 0) + delta), note);
  }

  private set(name: string, depth: number, note: string, peakSeen = depth): void {
    let queue = this.depths.get(name);
    if (queue === undefined) this.depths.set(name, (queue = { name, depth: 0, peak: 0, note }));
    queue.depth = depth;
    queue.peak = Math.max(queue.peak, depth, peakSeen);
  }
}

/** `http://pos-s1.stores.local` -> `pos-s1.stores.local`: the host names the system. */
function host(baseUrl: string): string {
  return baseUrl.replace(/^[a-z]+:\/\//, '');
}
