/**
 * The plugin interface: what any orchestrator must offer for the harness to drive it. The
 * reference orchestrator is one implementation; `--orchestrator <module>` loads another.
 * Commands go in, a read-only view comes out; everything else happens through the ports.
 */
import type { FoState } from './model/fo-state-machine.ts';
import type { CustomerTier, Delivery, FulfillmentMethod, NodeKind } from './model/types.ts';
import type { Ports } from './ports.ts';
import type { RoutingConfig } from './routing/routing-rules.ts';

export const PLUGIN_API_VERSION = 1;

export interface NodeSpec {
  nodeId: string;
  kind: NodeKind;
  /** IANA time zone of the node: POS and WMS report local times without an offset. */
  timeZone: string;
  methods: readonly FulfillmentMethod[];
  /** Units never promised online (held back for the shelf / damage). */
  safetyStock: number;
  /** POS base URL (stores). */
  posBaseUrl?: string;
  /** Sent as `x-api-key` when the store's POS requires one. */
  posApiKey?: string;
  /** Shared batch folder root (DCs): files go to `<wmsFolder>/in`, come from `<wmsFolder>/out`. */
  wmsFolder?: string;
  /**
   * FOs the node may be assigned per local calendar day (its time zone); absent: no limit.
   * Routing skips a node at capacity (docs/routing.md).
   */
  capacityPerDay?: number;
  /** Lower is preferred by the `cost-rank` routing rule; absent: after every ranked node. */
  costRank?: number;
  /**
   * Whole local days from routing to the promised date; absent: 3 ship-from-DC, 2 ship-from-store,
   * 0 pickup. Setting it on any node turns on `promisedByMs` in `routing.decided`.
   */
  promiseDays?: number;
}

export interface OrchestratorTiming {
  posTimeoutMs: number;
  posMaxAttempts: number;
  storePollIntervalMs: number;
  wmsPollIntervalMs: number;
  releaseIntervalMs: number;
  backorderRetryIntervalMs: number;
  /**
   * How long a backordered FO waits before a decision. The reference then decides on fresh stock
   * counts: units no eligible node has are cancelled (`reason: 'unavailable: ...'`, actor
   * `sweep`), the rest routed; it parks UNROUTABLE only if the counts stay stale (docs/routing.md).
   */
  backorderTimeoutMs: number;
  maxReroutes: number;
  /**
   * How long a pickup waits at the desk (READY_FOR_PICKUP) before it expires: the hold is
   * released, the stock restocked and the rest of the authorisation voided. Absent: 4 days.
   */
  pickupWindowMs?: number;
  /**
   * POS hold placements running at once per store; more wait in a per-store first-in-first-out
   * line (kept across restarts) and start as others finish. Absent: 50.
   */
  maxInFlightPerStore?: number;
  /**
   * How often closed orders are settled against the gateway's books (captures and refunds
   * against what shipped and was returned); a break that persists goes on the exception queue
   * as MONEY_MISMATCH. Absent: 6 h.
   */
  settlementIntervalMs?: number;
}

/** What `pickupWindowMs` is when a config leaves it out (pickup holds live 2-10 days in the field). */
export const DEFAULT_PICKUP_WINDOW_MS = 4 * 24 * 3_600_000;

/** What `settlementIntervalMs` is when a config leaves it out: a few sweeps a day keep the check off the gateway's busy path. */
export const DEFAULT_SETTLEMENT_INTERVAL_MS = 6 * 3_600_000;

export interface OrchestratorConfig {
  nodes: readonly NodeSpec[];
  timing: OrchestratorTiming;
  /** The card gateway; absent means the orchestrator takes no payments. */
  payment?: { baseUrl: string; currency: string; timeoutMs: number };
  /**
   * The routing rule list (docs/routing.md); absent: `DEFAULT_ROUTING_RULES`, today's behaviour.
   * An unknown rule name is an error when the orchestrator is created.
   */
  routing?: RoutingConfig;
  /**
   * Capabilities another orchestrator decides for this one (shadow mode's capability flags: an
   * incremental migration hands one capability at a time to the new orchestrator). Absent: this
   * orchestrator decides everything itself.
   */
  delegated?: Capabilities;
}

/** An order's lines to place on nodes, and what the orchestrator knows of those nodes now. */
export interface RoutingCapabilityRequest {
  lines: readonly { lineNo: number; sku: string; quantity: number; unitPriceCents: number }[];
  delivery: Delivery;
  /** Candidate nodes, in config order. */
  nodes: readonly NodeSpec[];
  /** Nodes this FO must not go to again (they failed it). */
  excludedNodeIds: ReadonlySet<string>;
  /** Units the asking orchestrator believes it may still promise at a node. */
  available(nodeId: string, sku: string): number;
  /** How many more FOs a node may take today; absent or undefined: no limit. */
  remainingCapacity?(nodeId: string): number;
}

export interface RoutingCapabilityPlan {
  /** Each becomes one fulfilment order. */
  assignments: { nodeId: string; method: FulfillmentMethod; lines: RoutingCapabilityRequest['lines'][number][] }[];
  /** Lines no node can serve now (backordered). */
  unroutable: RoutingCapabilityRequest['lines'][number][];
  /** Which rule decided, for people reading events. */
  rule: string;
}

/** Decisions an orchestrator can lend to another, as pure functions of their inputs. */
export interface Capabilities {
  routing?(request: RoutingCapabilityRequest): RoutingCapabilityPlan;
}

export interface PlaceOrderCommand {
  /** Stable per (channel, channelOrderId): a repeated command is answered from the first one's outcome. */
  idempotencyKey: string;
  channel: string;
  channelOrderId: string;
  customerTier: CustomerTier;
  delivery: Delivery;
  /** Unit prices in whole cents, as the channel charged them. */
  lines: readonly { sku: string; quantity: number; unitPriceCents: number }[];
}

/** Some quantity of one order line (lines are numbered from 1, as the order lists them). */
export interface LineQuantity {
  lineNo: number;
  quantity: number;
}

export interface CancelOrderCommand {
  /** Stable per customer request: a repeated command is answered from the first one's outcome. */
  idempotencyKey: string;
  orderId: string;
  /** What to cancel; absent means every open unit of the order. Units no longer open (shipped, already cancelled) are left alone. */
  lines?: readonly LineQuantity[];
  reason: string;
}

export interface ReturnCommand {
  idempotencyKey: string;
  orderId: string;
  /** Units handed back; never more than shipped or picked up and not yet returned. */
  lines: readonly LineQuantity[];
}

/**
 * `accepted` for a cancel means "recorded": each FO is then cancelled or, if it is too late
 * (picked, released to the WMS), cancel-rejected and fulfilled; the view shows which.
 */
export type CommandResult =
  | { kind: 'accepted'; orderId: string }
  /** The same request again: the first outcome, no second effect. */
  | { kind: 'replayed'; orderId: string }
  /** Same key, different request. */
  | { kind: 'conflict'; message: string }
  /** Same key while the first is still running. */
  | { kind: 'in-progress' }
  | { kind: 'invalid'; message: string };

export interface FoLineView {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceCents: number;
  shipped: number;
  pickedUp: number;
  cancelled: number;
  /** The reference the legacy system holds for this line (POS holds, WMS release rows). */
  externalRef: string;
}

export interface FoView {
  foId: string;
  nodeId: string;
  method: FulfillmentMethod | null;
  state: FoState;
  terminal: boolean;
  lines: readonly FoLineView[];
}

export type DerivedOrderStatus =
  | 'OPEN'
  | 'PARTIALLY_SHIPPED'
  | 'SHIPPED'
  | 'READY_FOR_PICKUP'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'PARTIALLY_CANCELLED'
  | 'EXCEPTION';

/** One order line's counters. Always: quantity = open + shipped + pickedUp + cancelled; returned <= shipped + pickedUp. */
export interface OrderLineView {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceCents: number;
  open: number;
  shipped: number;
  pickedUp: number;
  cancelled: number;
  returned: number;
}

/** A return (RMA): kept beside the order, so COMPLETED FOs stay terminal. */
export interface ReturnView {
  returnId: string;
  lines: readonly LineQuantity[];
  amountCents: number;
  refundedCents: number;
  /** `refunded` once the gateway refunded the whole amount. */
  state: 'requested' | 'refunded';
}

/** What the orchestrator's ledger says about an order's money. */
export interface PaymentView {
  /** What earlier authorisations captured plus the amount of `authorizationId`, the one in force. */
  authorizedCents: number;
  capturedCents: number;
  refundedCents: number;
  /** The gateway's authorisation id, once known. */
  authorizationId: string | null;
}

export interface OrderView {
  orderId: string;
  payment: PaymentView | null;
  channel: string;
  channelOrderId: string;
  status: DerivedOrderStatus;
  /** Every FO is in a terminal state. */
  closed: boolean;
  fulfillmentOrders: readonly FoView[];
  /** Per order line counters (optional for plugins that predate cancels and returns). */
  lines?: readonly OrderLineView[];
  returns?: readonly ReturnView[];
}

/** An item on the exception queue: a break people (or an automatic remediation) must resolve. */
export interface ExceptionView {
  exceptionId: string;
  orderId: string;
  foId: string;
  /** The incident class (LOST_ACK, ORPHAN_HOLD, OVERSELL, ...). */
  category: string;
  suggestedAction: 'retry' | 'cancel' | 'release' | 'resync' | 'escalate';
  slaTier: 'P1' | 'P2' | 'P3';
  openedAtMs: number;
  dueAtMs: number;
  detail: string;
}

/** An inbound message the orchestrator could not read (damaged WMS file, unparsable POS journal entry). */
export interface DeadLetterView {
  id: string;
  /** System and node, e.g. `wms:DC1`, `pos:S1`. */
  source: string;
  reason: string;
  atMs: number;
}

export interface ReplayDeadLetterCommand {
  /** Stable per admin request: a repeated command is answered from the first one's outcome. */
  idempotencyKey: string;
  /** A dead letter's id, as `deadLetters()` lists it. */
  id: string;
}

export type ReplayDeadLetterResult =
  /** Read again from its source and applied; no longer dead. */
  | { kind: 'applied'; id: string }
  /** Still unreadable (or its source did not answer): it stays dead, with this reason. */
  | { kind: 'still-dead'; id: string; reason: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'in-progress' }
  | { kind: 'invalid'; message: string };

/** Read-only: the harness's checkers compare it with each legacy system's truth. */
export interface OrchestratorView {
  orders(): Iterable<OrderView>;
  order(orderId: string): OrderView | undefined;
  openOrderCount(): number;
  /**
   * Orders not closed yet (optional; newest first is best). The world asks every 15 simulated
   * minutes once the scenario has healed whether every open order is settled, and stops at the
   * first one still moving; without this it filters orders(), every order ever taken.
   */
  openOrders?(): Iterable<OrderView>;
  /** Open exceptions, oldest first. An order that cannot converge must be here, classified. */
  openExceptions(): readonly ExceptionView[];
  /** Dead letters not yet replayed, oldest first (optional for plugins without a dead-letter queue). */
  deadLetters?(): readonly DeadLetterView[];
}

export interface Orchestrator {
  readonly name: string;
  readonly version: string;
  /** Loads what it needs (stock, cursors) and starts its timers. */
  start(): Promise<void>;
  placeOrder(command: PlaceOrderCommand): Promise<CommandResult>;
  /** Customer cancel, whole order or some units (optional: plugins without it get no cancels). */
  cancelOrder?(command: CancelOrderCommand): Promise<CommandResult>;
  /** Customer return of shipped or picked-up units: refunded, never above what was captured. */
  requestReturn?(command: ReturnCommand): Promise<CommandResult>;
  /** Admin: re-read a dead letter from its source and apply it if it now reads (idempotent per key). */
  replayDeadLetter?(command: ReplayDeadLetterCommand): Promise<ReplayDeadLetterResult>;
  view(): OrchestratorView;
}

export type OrchestratorFactory = (ports: Ports, config: OrchestratorConfig) => Orchestrator;

/** What a plugin module exports (default export, or a named `plugin`). */
export interface OrchestratorPlugin {
  apiVersion: typeof PLUGIN_API_VERSION;
  name: string;
  version: string;
  create: OrchestratorFactory;
  /** The capabilities this plugin can decide for another orchestrator (optional; see `OrchestratorConfig.delegated`). */
  capabilities?(config: OrchestratorConfig): Capabilities;
}
