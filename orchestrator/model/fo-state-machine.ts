/**
 * The fulfillment-order (FO) lifecycle as data: one table, one pure `transition` function.
 * Effects (POS calls, files, events) are decided elsewhere from the returned next state.
 */

export const FO_STATES = [
  'CREATED',
  'ROUTING',
  'BACKORDERED',
  'PARKED',
  'ALLOCATED',
  'RELEASED',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'REJECTED',
  'READY_FOR_PICKUP',
  'PICKUP_EXPIRED',
  'PICKED_UP',
  'SHIPPED',
  'CANCEL_REQUESTED',
  'CANCEL_REJECTED',
  'EXCEPTION',
  'COMPLETED',
  'CANCELLED',
] as const;

export type FoState = (typeof FO_STATES)[number];

export const FO_EVENTS = [
  'route',
  'allocate',
  'backorder',
  'park',
  'retry_routing',
  'release',
  'acknowledge',
  'start',
  'reject',
  'reroute',
  'ready',
  'ship',
  'pickup',
  'expire',
  'restock',
  'complete',
  'request_cancel',
  'confirm_cancel',
  'reject_cancel',
  'escalate',
  'resolve',
  'cancel',
] as const;

export type FoEvent = (typeof FO_EVENTS)[number];

type Table = Readonly<Record<FoState, Readonly<Partial<Record<FoEvent, FoState>>>>>;

/** Open states a customer cancel may interrupt: the FO is not yet picked, packed or handed over. */
const CANCELLABLE = { request_cancel: 'CANCEL_REQUESTED' } as const;

export const FO_TRANSITIONS: Table = {
  CREATED: { route: 'ROUTING', cancel: 'CANCELLED' },
  ROUTING: { allocate: 'ALLOCATED', backorder: 'BACKORDERED', park: 'PARKED', escalate: 'EXCEPTION', cancel: 'CANCELLED' },
  BACKORDERED: { retry_routing: 'ROUTING', escalate: 'EXCEPTION', cancel: 'CANCELLED' },
  PARKED: { retry_routing: 'ROUTING', escalate: 'EXCEPTION', cancel: 'CANCELLED' },
  ALLOCATED: { release: 'RELEASED', reject: 'REJECTED', escalate: 'EXCEPTION', ...CANCELLABLE },
  RELEASED: { acknowledge: 'ACKNOWLEDGED', reject: 'REJECTED', ship: 'SHIPPED', escalate: 'EXCEPTION', ...CANCELLABLE },
  ACKNOWLEDGED: { start: 'IN_PROGRESS', ship: 'SHIPPED', ready: 'READY_FOR_PICKUP', reject: 'REJECTED', escalate: 'EXCEPTION', ...CANCELLABLE },
  IN_PROGRESS: { ship: 'SHIPPED', ready: 'READY_FOR_PICKUP', reject: 'REJECTED', escalate: 'EXCEPTION', ...CANCELLABLE },
  REJECTED: { reroute: 'ROUTING', escalate: 'EXCEPTION' },
  READY_FOR_PICKUP: { pickup: 'PICKED_UP', expire: 'PICKUP_EXPIRED', ...CANCELLABLE },
  PICKUP_EXPIRED: { restock: 'CANCELLED', pickup: 'PICKED_UP' },
  PICKED_UP: { complete: 'COMPLETED' },
  SHIPPED: { complete: 'COMPLETED' },
  CANCEL_REQUESTED: { confirm_cancel: 'CANCELLED', reject_cancel: 'CANCEL_REJECTED' },
  // Too late to cancel: the FO carries on where it was (a DC release still gets its ack, its
  // shipment or a line rejection; a store hold its pick, ready or hand-over).
  CANCEL_REJECTED: { acknowledge: 'ACKNOWLEDGED', start: 'IN_PROGRESS', reject: 'REJECTED', ship: 'SHIPPED', ready: 'READY_FOR_PICKUP', pickup: 'PICKED_UP', escalate: 'EXCEPTION' },
  // A late document can settle an exception on its own: the ack or shipment it was waiting for.
  // A customer may cancel an FO parked on the queue: where a node may hold stock, the cancel asks it first.
  EXCEPTION: { resolve: 'ROUTING', cancel: 'CANCELLED', acknowledge: 'ACKNOWLEDGED', ship: 'SHIPPED', ready: 'READY_FOR_PICKUP', ...CANCELLABLE },
  COMPLETED: {},
  CANCELLED: {},
};

export const FO_INITIAL_STATE: FoState = 'CREATED';

export function isTerminal(state: FoState): boolean {
  return Object.keys(FO_TRANSITIONS[state]).length === 0;
}

/** Whether the table lets `event` apply in `state`: the one place a flow asks, so the table stays the single source of truth. */
export function canApply(state: FoState, event: FoEvent): boolean {
  return FO_TRANSITIONS[state][event] !== undefined;
}

/**
 * The states in which the table lets `event` apply, less `except`: a flow's own narrower set (a DC
 * never ships an FO parked on the queue) is derived here with its exclusions named, never listed
 * by hand. Naming a state the table does not allow the event in is a mistake, refused at once.
 */
export function statesAllowing(event: FoEvent, except: readonly FoState[] = []): ReadonlySet<FoState> {
  for (const state of except) if (!canApply(state, event)) throw new Error(`statesAllowing(${event}): ${state} is not a state "${event}" applies in, so it cannot be excepted`);
  return new Set(FO_STATES.filter((state) => canApply(state, event) && !except.includes(state)));
}

export type TransitionResult = { ok: true; from: FoState; to: FoState } | { ok: false; from: FoState; event: FoEvent; reason: string };

/** Pure: the next state for `event` in `state`, or why the event is not allowed there. */
export function transition(state: FoState, event: FoEvent): TransitionResult {
  const next = FO_TRANSITIONS[state][event];
  if (next === undefined) return { ok: false, from: state, event, reason: `event "${event}" is not allowed in state ${state}` };
  return { ok: true, from: state, to: next };
}
