import type { ExceptionView, NodeSpec, OrchestratorTiming, OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import type { CustomerTier, Delivery } from '../../orchestrator/model/types.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { WmsFake, WmsLineTruth } from '../../legacy-fakes/wms/wms-fake.ts';
import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { GatewayBooks } from './gateway-books.ts';

/** The event where things first went wrong, as the trace numbers it. */
export interface EventPointer {
  index: number;
  atMs: number;
  kind: string;
}

export interface Violation {
  invariant: string;
  orderId: string;
  detail: string;
  firstBadEvent: EventPointer | null;
  /** The exact command that replays the run. */
  replay: string;
}

export type Finding = Omit<Violation, 'replay'>;

/**
 * What the world itself knows, read-only: the scenario's nodes and their outages, what each
 * customer asked for, and the time. Checkers judge the orchestrator's claims against it.
 */
export interface WorldFacts {
  /** The nodes as the orchestrator was configured with them (methods, safety stock, capacity). */
  readonly nodes: readonly NodeSpec[];
  /** Whether the node's network is down at that instant (epoch ms): a store's configured outage. */
  isOffline(nodeId: string, atMs: number): boolean;
  /** How long (ms) the node's network was down within [fromMs, toMs) (epoch ms): its configured outages. */
  offlineMsBetween(nodeId: string, fromMs: number, toMs: number): number;
  /** The delivery the customer chose for the order the channel sent under this channel order id. */
  deliveryOf(channel: string, channelOrderId: string): Delivery | undefined;
  /** The customer's tier on the order the channel sent under this channel order id. */
  customerTierOf(channel: string, channelOrderId: string): CustomerTier | undefined;
  /** The instant now (epoch ms): at the end of a run, when it stopped. */
  nowMs(): number;
  /**
   * The policies the orchestrator was configured with, as the scenario set them (read-only):
   * windows, deadlines and limits; an optional field left out means the plugin's default.
   */
  readonly timing: Readonly<OrchestratorTiming>;
  /** The routing rule list as configured (docs/routing.md); undefined: the default list. */
  readonly routingRules: readonly string[] | undefined;
  /** The scenario's first instant (epoch ms): a trace event's `atMs` counts from it. */
  readonly startEpochMs: number;
  /**
   * When the event happened (epoch ms). An event the orchestrator published happened when its
   * envelope says (`occurredAtMs`): the outbox relays it later, after a restart even, and a
   * decision is judged at the instant it was made. Any other event happened at its trace instant.
   * Exact for the event being observed now; for an older one, its trace instant.
   */
  occurredAtMs(event: TraceEvent): number;
}

/** What checkers may read: each fake's ground truth and the orchestrator's public view, never its private state. */
export interface CheckContext {
  view: OrchestratorView;
  pos: PosFake;
  wms: WmsFake;
  payment: PaymentFake;
  world: WorldFacts;
  /** The last trace event of an order, for liveness findings. */
  lastEventOf(orderId: string): EventPointer | null;
  /** The order an external reference (`<foId>:<lineNo>`, FO id) belongs to, or ''. */
  orderOf(reference: string): string;
}

/** What the end-of-run checks share, read once for all of them (sim/invariants/end-of-run.ts). */
export interface EndOfRun {
  readonly context: CheckContext;
  openExceptions(): readonly ExceptionView[];
  /** FOs, and orders, with an open item on the exception queue. */
  exceptedFoIds(): ReadonlySet<string>;
  exceptedOrderIds(): ReadonlySet<string>;
  /** One order's money in the gateway's books (zeros when it has none). */
  gatewayBooks(orderId: string): GatewayBooks;
  /** The open exception items of one FO (or, for `''`, of no FO), oldest first. */
  exceptionsOf(foId: string): readonly ExceptionView[];
  /** What the owners' books say is left to promise of a SKU at a node now (sim/invariants/owner-stock.ts). */
  ownerStock(): OwnerStock;
}

/** Units a node could still promise of a SKU by its owner's own books, net of safety stock. */
export interface OwnerStock {
  available(nodeId: string, sku: string): number;
  /** WMS lines of an FO at any DC (the WMS has no other reference than the FO id). */
  wmsLinesOf(foId: string): readonly WmsLineAt[];
}

/** A WMS line with the DC whose books hold it. */
export type WmsLineAt = WmsLineTruth & { readonly dcId: string };

/**
 * One family of checks. Safety checks look at every event as it happens; liveness and
 * convergence checks look at the healed world at the end: `atEndOrder` once per order, in one
 * pass shared by every checker (so no one holds every order's view at once), then `atEnd` for
 * what spans orders (the owners' books as a whole). A checker keeps what its `atEnd` needs from
 * the pass itself (keyed by the `end` object it is handed), as little as it can: convergence
 * keeps one entry of counters per FO line, not the view.
 */
export interface InvariantChecker {
  readonly name: string;
  /**
   * The trace event kinds `onEvent` reads: it is called for events of these kinds only, in the
   * checkers' order (sim/invariants/checker-dispatch.ts). A kind ending in `*` stands for every
   * kind it starts (`pos.hold.*`). Absent: every event, as a checker that keeps the time or the
   * last event needs. `onEvent` itself still ignores any other kind, so calling it directly with
   * one is harmless; `onPublished` and `onRedelivered` are not filtered.
   */
  readonly kinds?: readonly string[];
  onEvent?(event: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void;
  /**
   * Each event the orchestrator published, whole (event id, aggregate, sequence: the trace keeps
   * only type, ids and payload), right after the world traced it as `traced`.
   */
  onPublished?(published: PublishedEvent, traced: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void;
  /**
   * An event whose id was delivered before: the outbox relays at least once, and a consumer drops
   * a repeat by its id, so only this hook sees it (traced as `event.redelivered`, never under its
   * type). Whether the repeat is the same event is the per-aggregate sequence checker's to judge.
   */
  onRedelivered?(published: PublishedEvent, traced: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void;
  atEndOrder?(order: OrderView, end: EndOfRun, report: (finding: Finding) => void): void;
  atEnd?(context: CheckContext, report: (finding: Finding) => void, end: EndOfRun): void;
}

export function pointer(event: TraceEvent): EventPointer {
  return { index: event.index, atMs: event.atMs, kind: event.kind };
}
