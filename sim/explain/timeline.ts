import { HOLD_ENDING_TRACE_KINDS } from '../../legacy-fakes/pos/pos-fake.ts';
import type { Violation } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { PAYMENT_BASE_URL, posBaseUrl } from '../world/topology.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';

/** One event of an order's timeline, with what explain reads out of it. */
export interface TimelineEntry {
  event: TraceEvent;
  /** The node the event happened at or concerns (a store or DC id), or '' (the gateway, the orchestrator itself). */
  node: string;
  /** The idempotency key, when the event carries one (orchestrator events); '' when the trace does not say. */
  idempotencyKey: string;
  /** The order the event belongs to: the orchestrator's correlation id, or the order the world traced it to. */
  correlationId: string;
  causationId: string;
  /** The event is a fault: an injected quirk, a network failure or an orchestrator crash. */
  fault: boolean;
}

export interface Disagreement {
  index: number;
  reason: string;
}

export interface Timeline {
  orderId: string;
  entries: TimelineEntry[];
  /** The first event where the systems disagree, or null when none was seen. */
  disagreement: Disagreement | null;
  /** Fault kind -> how often it touched this order. */
  faults: Record<string, number>;
}

const NETWORK_FAULTS = new Set(['http.lost', 'http.duplicated', 'http.reply_lost', 'http.unanswered', 'http.refused', 'http.timeout', 'http.unroutable']);
const LIVE_HOLD_KINDS = new Set(['pos.hold.created']);
const LEGACY_PROGRESS = new Set(['pos.hold.picked_up', 'pos.hold.shipped', 'wms.line.shipped']);



export function isFault(event: TraceEvent): boolean {
  return event.kind.includes('.quirk.') || NETWORK_FAULTS.has(event.kind) || event.kind === 'orchestrator.crashed';
}

/** `web-0000001` was placed as `web:0000001` (orderId = channel-channelOrderId): every split, since a channel may hold a dash. */
function channelRefs(orderId: string): Set<string> {
  const refs = new Set<string>();
  for (let i = orderId.indexOf('-'); i > 0; i = orderId.indexOf('-', i + 1)) refs.add(`${orderId.slice(0, i)}:${orderId.slice(i + 1)}`);
  return refs;
}

/**
 * Builds one order's timeline from a history, event by event (a recording, a replay as it runs,
 * or a `--trace` file), across the orchestrator, POS, WMS, payment gateway and the network.
 * An event belongs to the order when the world traced it to the order (`orderId`), when it
 * names the order or one of its FOs (`ref`), or when it is the order's arrival.
 *
 * The first disagreement is, earliest first: the first bad event of an invariant the order broke
 * (when the violations are known), a second live POS hold for one FO line, or a legacy system
 * moving an FO on (picked up, shipped) after the orchestrator cancelled it.
 */
export class TimelineBuilder {
  private readonly entries: TimelineEntry[] = [];
  private readonly refs: Set<string>;
  private readonly foPrefix: string;
  private readonly nodeIds: readonly string[];
  private readonly baseUrlNode = new Map<string, string>();
  private readonly liveHolds = new Map<string, number>();
  private readonly foState = new Map<string, string>();
  private readonly faults: Record<string, number> = {};
  private disagreement: Disagreement | null = null;
  private open = false;

  constructor(
    readonly orderId: string,
    scenario: Scenario | undefined,
    private readonly violations: readonly Violation[] = [],
  ) {
    this.refs = channelRefs(orderId);
    this.foPrefix = `FO-${orderId}-`;
    const nodes = scenario === undefined ? [] : [...scenario.topology.stores, ...scenario.topology.dcs];
    this.nodeIds = nodes.map((node) => node.id).sort((a, b) => b.length - a.length);
    for (const store of scenario?.topology.stores ?? []) this.baseUrlNode.set(posBaseUrl(store.id), store.id);
    this.baseUrlNode.set(PAYMENT_BASE_URL, '');
  }

  private belongs(event: TraceEvent): boolean {
    if (event.orderId === this.orderId || event.ref === this.orderId || event.ref.startsWith(this.foPrefix) || this.refs.has(event.ref)) return true;
    // A crash touches every order in flight.
    return this.open && event.kind === 'orchestrator.crashed';
  }

  add(event: TraceEvent): void {
    if (!this.belongs(event)) return;
    if (event.source === 'orchestrator' && event.kind === 'order.created') this.open = true;
    if (event.source === 'orchestrator' && event.kind === 'order.closed') this.open = false;
    const payload = fieldsOf(event);
    const fault = isFault(event);
    if (fault) this.faults[event.kind] = (this.faults[event.kind] ?? 0) + 1;
    this.entries.push({
      event,
      node: this.nodeOf(event, payload),
      idempotencyKey: textField(payload.idempotencyKey),
      correlationId: event.orderId,
      causationId: textField(payload.causationId),
      fault,
    });
    this.watch(event, payload);
  }

  private nodeOf(event: TraceEvent, payload: Record<string, unknown>): string {
    const named = textField(payload.nodeId) || textField(payload.storeId) || textField(payload.dcId);
    if (named !== '') return named;
    const byUrl = this.baseUrlNode.get(event.ref);
    if (byUrl !== undefined) return byUrl;
    const firstWord = event.detail.split(' ')[0] ?? '';
    if (this.nodeIds.includes(firstWord)) return firstWord;
    const folder = /\/wms\/([^/]+)\//.exec(event.ref)?.[1];
    if (folder !== undefined && this.nodeIds.includes(folder)) return folder;
    return '';
  }

  /** The trace's own signs that two systems disagree about this order. */
  private watch(event: TraceEvent, payload: Record<string, unknown>): void {
    if (this.disagreement !== null) return;
    if (event.source === 'orchestrator' && event.kind === 'fo.transitioned') this.foState.set(textField(payload.foId) || event.ref, textField(payload.to));
    if (event.source === 'pos' && (LIVE_HOLD_KINDS.has(event.kind) || HOLD_ENDING_TRACE_KINDS.has(event.kind))) {
      const key = `${this.nodeOf(event, payload)}|${event.ref}`;
      const live = (this.liveHolds.get(key) ?? 0) + (LIVE_HOLD_KINDS.has(event.kind) ? 1 : -1);
      this.liveHolds.set(key, Math.max(0, live));
      if (live > 1) this.disagreement = { index: event.index, reason: `the POS holds ${live} live holds for ${event.ref}, the orchestrator placed one` };
    }
    if (LEGACY_PROGRESS.has(event.kind)) {
      const foId = event.ref.includes(':') ? event.ref.slice(0, event.ref.lastIndexOf(':')) : event.ref;
      if (this.foState.get(foId) === 'CANCELLED') this.disagreement = { index: event.index, reason: `${event.source.toUpperCase()} ${event.kind.split('.').pop() ?? ''} ${event.ref} after the orchestrator cancelled ${foId}` };
    }
  }

  result(): Timeline {
    let disagreement = this.disagreement;
    for (const violation of this.violations) {
      if (violation.orderId !== this.orderId || violation.firstBadEvent === null) continue;
      if (disagreement === null || violation.firstBadEvent.index <= disagreement.index) {
        disagreement = { index: violation.firstBadEvent.index, reason: `invariant ${violation.invariant} broken: ${violation.detail}` };
      }
    }
    return { orderId: this.orderId, entries: this.entries, disagreement, faults: Object.fromEntries(Object.entries(this.faults).sort(([a], [b]) => (a < b ? -1 : 1))) };
  }
}
