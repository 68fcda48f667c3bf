import { HOLD_STATUS_BY_TRACE_KIND, isLiveStatus, type PosHoldStatus } from '../../legacy-fakes/pos/pos-fake.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { UntilBoundary } from './sim-time.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';

/**
 * What the world looked like at one moment, as the trace tells it: the orchestrator's view from
 * the events it published, each legacy system's truth from the events it recorded itself. Built
 * from the trace alone, so it works the same for a replay, a recording and a `--trace` file.
 */
export interface WorldState {
  /** The last event at or before the boundary (null before the first). */
  lastEvent: TraceEvent | null;
  atMs: number;
  /** True when the history ended before the boundary: the state is the final one. */
  endedBefore: boolean;
  orders: { created: number; closed: number };
  fosByState: Record<string, number>;
  openExceptions: { ref: string; orderId: string; foId: string; category: string; slaTier: string; suggestedAction: string; detail: string }[];
  pos: { storeId: string; holdsByStatus: Record<string, number>; liveHolds: number; sales: number }[];
  wms: { dcId: string; linesByStatus: Record<string, number>; releaseFilesRead: number }[];
  payment: { authorizationsByStatus: Record<string, number>; authorizedCents: number; capturedCents: number; refundedCents: number };
}




function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Folds trace events into a WorldState; `snapshot()` at any point gives the state so far. */
export class TraceState {
  private lastEvent: TraceEvent | null = null;
  private ordersCreated = 0;
  private ordersClosed = 0;
  private readonly foState = new Map<string, string>();
  private readonly exceptions = new Map<string, WorldState['openExceptions'][number]>();
  /** `store|holdId` -> status */
  private readonly holds = new Map<string, PosHoldStatus>();
  private readonly sales = new Map<string, number>();
  /** `dc|ref` -> status */
  private readonly wmsLines = new Map<string, string>();
  private readonly releasesRead = new Map<string, number>();
  private readonly authorizations = new Map<string, { status: string; amountCents: number; capturedCents: number; refundedCents: number }>();
  private readonly captureToAuthorization = new Map<string, string>();

  add(event: TraceEvent): void {
    this.lastEvent = event;
    const { kind } = event;
    if (event.source === 'orchestrator') this.orchestratorEvent(event);
    else if (event.source === 'pos') {
      const [storeId = '?', holdId = ''] = event.detail.split(' ');
      const status = HOLD_STATUS_BY_TRACE_KIND.get(kind);
      if (status !== undefined) this.holds.set(`${storeId}|${holdId}`, status);
      else if (kind === 'pos.sale') this.sales.set(storeId, (this.sales.get(storeId) ?? 0) + 1);
    } else if (event.source === 'wms' && kind.startsWith('wms.line.')) {
      const dcId = event.detail.split(' ')[0] ?? '?';
      this.wmsLines.set(`${dcId}|${event.ref}`, kind.slice('wms.line.'.length).toUpperCase());
    } else if (event.source === 'wms' && kind === 'wms.release.read') {
      const dcId = /\/wms\/([^/]+)\//.exec(event.ref)?.[1] ?? event.detail.split(' ')[0] ?? '?';
      this.releasesRead.set(dcId, (this.releasesRead.get(dcId) ?? 0) + 1);
    } else if (event.source === 'payment') this.paymentEvent(event);
  }

  private orchestratorEvent(event: TraceEvent): void {
    const payload = fieldsOf(event);
    switch (event.kind) {
      case 'order.created':
        this.ordersCreated++;
        break;
      case 'order.closed':
        this.ordersClosed++;
        break;
      case 'fo.transitioned':
        this.foState.set(textField(payload.foId) || event.ref, textField(payload.to));
        break;
      case 'exception.opened':
        this.exceptions.set(event.ref, { ref: event.ref, orderId: event.orderId, foId: textField(payload.foId), category: textField(payload.category), slaTier: textField(payload.slaTier), suggestedAction: textField(payload.suggestedAction), detail: textField(payload.detail) });
        break;
      case 'exception.resolved':
        this.exceptions.delete(event.ref);
        break;
      default:
        break;
    }
  }

  /**
   * The gateway's own lines (legacy-fakes/payment/payment-ledger.ts): `payment.authorized auth_1 1685 USD`,
   * `payment.captured cap_1 auth_4 31090 (...)`, `payment.refunded re_1 cap_9 3370 (...)`,
   * `payment.voided auth_1 released 100`, `payment.expired auth_1 released 100`.
   */
  private paymentEvent(event: TraceEvent): void {
    const words = event.detail.split(' ');
    if (event.kind === 'payment.authorized') {
      this.authorizations.set(words[0] ?? '', { status: 'AUTHORIZED', amountCents: Number(words[1]) || 0, capturedCents: 0, refundedCents: 0 });
    } else if (event.kind === 'payment.captured') {
      this.captureToAuthorization.set(words[0] ?? '', words[1] ?? '');
      const authorization = this.authorizations.get(words[1] ?? '');
      if (authorization !== undefined) Object.assign(authorization, { status: 'CAPTURED', capturedCents: authorization.capturedCents + (Number(words[2]) || 0) });
    } else if (event.kind === 'payment.refunded') {
      const authorization = this.authorizations.get(this.captureToAuthorization.get(words[1] ?? '') ?? '');
      if (authorization !== undefined) authorization.refundedCents += Number(words[2]) || 0;
    } else if (event.kind === 'payment.voided' || event.kind === 'payment.expired') {
      const authorization = this.authorizations.get(words[0] ?? '');
      if (authorization !== undefined) authorization.status = event.kind === 'payment.voided' ? 'VOIDED' : 'EXPIRED';
    }
  }

  snapshot(endedBefore: boolean): WorldState {
    const stores = new Set([...this.holds.keys()].map((key) => key.split('|')[0] ?? '?').concat([...this.sales.keys()]));
    const dcs = new Set([...this.wmsLines.keys()].map((key) => key.split('|')[0] ?? '?').concat([...this.releasesRead.keys()]));
    const holdsOf = (storeId: string): PosHoldStatus[] => [...this.holds].filter(([key]) => key.startsWith(`${storeId}|`)).map(([, status]) => status);
    const money = [...this.authorizations.values()];
    return {
      lastEvent: this.lastEvent,
      atMs: this.lastEvent?.atMs ?? 0,
      endedBefore,
      orders: { created: this.ordersCreated, closed: this.ordersClosed },
      fosByState: tally(this.foState.values()),
      openExceptions: [...this.exceptions.values()],
      pos: [...stores].sort().map((storeId) => ({ storeId, holdsByStatus: tally(holdsOf(storeId)), liveHolds: holdsOf(storeId).filter((status) => isLiveStatus(status)).length, sales: this.sales.get(storeId) ?? 0 })),
      wms: [...dcs].sort().map((dcId) => ({ dcId, linesByStatus: tally([...this.wmsLines].filter(([key]) => key.startsWith(`${dcId}|`)).map(([, status]) => status)), releaseFilesRead: this.releasesRead.get(dcId) ?? 0 })),
      payment: {
        authorizationsByStatus: tally(money.map((a) => a.status)),
        authorizedCents: money.reduce((total, a) => total + a.amountCents, 0),
        capturedCents: money.reduce((total, a) => total + a.capturedCents, 0),
        refundedCents: money.reduce((total, a) => total + a.refundedCents, 0),
      },
    };
  }
}

/**
 * Watches a history go by and freezes the state at the boundary: right after event #index, or
 * after the last event at or before a virtual time (the first later event is not folded in).
 */
export class StateAtBoundary {
  private readonly state = new TraceState();
  private frozen: WorldState | undefined;

  constructor(private readonly boundary: UntilBoundary) {}

  readonly listen = (event: TraceEvent): void => {
    if (this.frozen !== undefined) return;
    if (this.boundary.kind === 'time' && event.atMs > this.boundary.atMs) {
      this.frozen = this.state.snapshot(false);
      return;
    }
    this.state.add(event);
    if (this.boundary.kind === 'index' && event.index >= this.boundary.index) this.frozen = this.state.snapshot(false);
  };

  /** After the history: the frozen state, or the final one if the boundary was never reached. */
  result(): WorldState {
    return this.frozen ?? this.state.snapshot(true);
  }
}
