/**
 * An independent model of the FO lifecycle, written from the domain's rules (docs/plugins.md, the FO states), not from
 * FO_TRANSITIONS: the FO is a handful of facts (how far routing got, whether a node holds it,
 * what the node reported, whether it was handed over, exception, cancel) and each event is a
 * rule over those facts. The table names 18 states; the model only needs `stateOf` to say which
 * one the facts amount to. It imports types only: it must never read the table it checks.
 */
import type { FoEvent, FoState } from '../../orchestrator/model/fo-state-machine.ts';

export interface FoModel {
  /** Rule 1: once completed or cancelled, nothing else happens. */
  readonly done: 'completed' | 'cancelled' | null;
  /** How far routing got; `placed` = allocated to a node, which now holds stock for it. */
  readonly routing: 'not_started' | 'searching' | 'backordered' | 'parked' | 'placed';
  /** The FO was sent to its node (release file, POS call). */
  readonly released: boolean;
  /** What the node last reported. */
  readonly atNode: 'nothing' | 'acknowledged' | 'in_progress' | 'ready' | 'expired';
  /** The node refused it (not in stock): the node is excluded and the FO must be re-routed. */
  readonly rejected: boolean;
  /** Handed over to a carrier or to the customer. */
  readonly fulfilled: 'shipped' | 'picked_up' | null;
  /** On the exception queue, waiting for people or for a late document. */
  readonly exception: boolean;
  /** `refused` = the node answered "too late, already picked"; cleared by the FO's next step. */
  readonly cancel: 'none' | 'requested' | 'refused';
}

export const NEW_FO: FoModel = {
  done: null,
  routing: 'not_started',
  released: false,
  atNode: 'nothing',
  rejected: false,
  fulfilled: null,
  exception: false,
  cancel: 'none',
};

/** A node holds stock for the FO: it was allocated there and the node has not refused it. */
function nodeHoldsStock(fo: FoModel): boolean {
  return fo.routing === 'placed' && !fo.rejected;
}

/** Work the node may still ship: released, not refused, not handed over, not a pickup hold. */
function shippable(fo: FoModel): boolean {
  return fo.released && !fo.rejected && fo.fulfilled === null && (fo.atNode === 'nothing' || fo.atNode === 'acknowledged' || fo.atNode === 'in_progress');
}

/**
 * Whether the domain allows `event` now. The rules, in order:
 *  1. nothing happens after COMPLETED or CANCELLED;
 *  2. a cancel request is answered before anything else, only by "cancelled" or "too late"
 *     (incident 4), and "too late: already picked" needs a node that had the FO (released);
 *  3. a rejected FO goes back through routing, or to the exception queue once re-routes run out
 *     (incident 13): it cannot ship or be cancelled before being re-allocated;
 *  4. an exception is resolved back to routing, cancelled (directly when no node holds stock,
 *     else by asking the node), or settled by a late acknowledgement, shipment or ready from a
 *     node that had the FO released and had not refused it;
 *  5. otherwise the happy path: route, allocate (or backorder / park and retry), release;
 *     acknowledge once; start after the acknowledgement; ship once released; ready only after
 *     an acknowledgement; pickup only when ready or expired-then-collected (incident 16);
 *     an expired pickup otherwise ends cancelled by a restock (incident 15);
 *     complete only once handed over;
 *  6. a node may reject (not in stock) anything it holds and has not handed over, including a
 *     ready hold oversold by in-store sales (incident 14), and anything open may be escalated
 *     except an expired pickup (which already has its two endings);
 *  7. a cancel is direct when no node holds stock, and a request to the node when one does.
 */
export function domainAllows(fo: FoModel, event: FoEvent): boolean {
  if (fo.done !== null) return false;
  if (fo.cancel === 'requested') return event === 'confirm_cancel' || (event === 'reject_cancel' && fo.released);
  if (event === 'confirm_cancel' || event === 'reject_cancel') return false;
  if (fo.rejected && !fo.exception) return event === 'reroute' || event === 'escalate';
  if (fo.exception) {
    switch (event) {
      case 'resolve':
        return true;
      case 'cancel':
        return !nodeHoldsStock(fo);
      case 'request_cancel':
        return nodeHoldsStock(fo);
      case 'acknowledge':
      case 'ship':
      case 'ready':
        return shippable(fo);
      default:
        return false;
    }
  }
  switch (event) {
    case 'route':
      return fo.routing === 'not_started';
    case 'allocate':
    case 'backorder':
    case 'park':
      return fo.routing === 'searching';
    case 'retry_routing':
      return fo.routing === 'backordered' || fo.routing === 'parked';
    case 'release':
      return fo.routing === 'placed' && !fo.released;
    case 'acknowledge':
      return fo.released && fo.atNode === 'nothing' && fo.fulfilled === null;
    case 'start':
      return fo.atNode === 'acknowledged' && fo.fulfilled === null;
    case 'ship':
      return shippable(fo);
    case 'ready':
      return fo.released && (fo.atNode === 'acknowledged' || fo.atNode === 'in_progress') && fo.fulfilled === null;
    case 'pickup':
      return (fo.atNode === 'ready' || fo.atNode === 'expired') && fo.fulfilled === null;
    case 'expire':
      return fo.atNode === 'ready' && fo.fulfilled === null;
    case 'restock':
      return fo.atNode === 'expired' && fo.fulfilled === null;
    case 'complete':
      return fo.fulfilled !== null;
    case 'reject':
      return nodeHoldsStock(fo) && fo.fulfilled === null && fo.atNode !== 'expired';
    case 'reroute':
      return false; // only a rejected FO is re-routed (rule 3)
    case 'escalate':
      return fo.routing !== 'not_started' && fo.fulfilled === null && fo.atNode !== 'expired';
    case 'resolve':
      return false; // only an exception is resolved (rule 4)
    case 'request_cancel':
      return nodeHoldsStock(fo) && fo.fulfilled === null && fo.atNode !== 'expired' && fo.cancel === 'none';
    case 'cancel':
      return !nodeHoldsStock(fo);
    default:
      return assertNever(event);
  }
}

/** A document from a node proves the node had the FO: placed, released and not refused. */
const FROM_NODE = { routing: 'placed', released: true, rejected: false, exception: false, cancel: 'none' } as const;

/** What `event` does to the facts, once accepted (guards live in `domainAllows`). */
export function apply(fo: FoModel, event: FoEvent): FoModel {
  switch (event) {
    case 'route':
    case 'retry_routing':
      return { ...fo, routing: 'searching' };
    case 'allocate':
      return { ...fo, routing: 'placed', released: false, atNode: 'nothing' };
    case 'backorder':
      return { ...fo, routing: 'backordered' };
    case 'park':
      return { ...fo, routing: 'parked' };
    case 'release':
      return { ...fo, released: true, cancel: 'none' };
    case 'acknowledge':
      return { ...fo, ...FROM_NODE, atNode: 'acknowledged' };
    case 'start':
      return { ...fo, ...FROM_NODE, atNode: 'in_progress' };
    case 'ready':
      return { ...fo, ...FROM_NODE, atNode: 'ready' };
    case 'ship':
      return { ...fo, ...FROM_NODE, fulfilled: 'shipped' };
    case 'pickup':
      return { ...fo, ...FROM_NODE, fulfilled: 'picked_up' };
    case 'expire':
      return { ...fo, atNode: 'expired' };
    case 'reject':
      return { ...fo, rejected: true, cancel: 'none' };
    case 'reroute':
    case 'resolve':
      return { ...fo, routing: 'searching', released: false, atNode: 'nothing', rejected: false, exception: false, cancel: 'none' };
    case 'escalate':
      return { ...fo, exception: true, cancel: 'none' };
    case 'request_cancel':
      return { ...fo, cancel: 'requested', exception: false };
    case 'reject_cancel':
      return { ...fo, cancel: 'refused' };
    case 'complete':
      return { ...fo, done: 'completed' };
    case 'restock':
    case 'confirm_cancel':
    case 'cancel':
      return { ...fo, done: 'cancelled' };
    default:
      return assertNever(event);
  }
}

/** The table state these facts amount to (the abstraction the test compares on). */
export function stateOf(fo: FoModel): FoState {
  if (fo.done === 'completed') return 'COMPLETED';
  if (fo.done === 'cancelled') return 'CANCELLED';
  if (fo.cancel === 'requested') return 'CANCEL_REQUESTED';
  if (fo.exception) return 'EXCEPTION';
  if (fo.fulfilled === 'shipped') return 'SHIPPED';
  if (fo.fulfilled === 'picked_up') return 'PICKED_UP';
  if (fo.cancel === 'refused') return 'CANCEL_REJECTED';
  if (fo.rejected) return 'REJECTED';
  switch (fo.routing) {
    case 'not_started':
      return 'CREATED';
    case 'searching':
      return 'ROUTING';
    case 'backordered':
      return 'BACKORDERED';
    case 'parked':
      return 'PARKED';
    case 'placed':
      break;
    default:
      return assertNever(fo.routing);
  }
  if (!fo.released) return 'ALLOCATED';
  switch (fo.atNode) {
    case 'nothing':
      return 'RELEASED';
    case 'acknowledged':
      return 'ACKNOWLEDGED';
    case 'in_progress':
      return 'IN_PROGRESS';
    case 'ready':
      return 'READY_FOR_PICKUP';
    case 'expired':
      return 'PICKUP_EXPIRED';
    default:
      return assertNever(fo.atNode);
  }
}

/**
 * Where the current table knowingly differs from the domain rules above: the test expects the
 * table's behaviour here, and `witness` paths in the test pin each difference. Each one is a bug
 * report against FO_TRANSITIONS, not a rule: when the table is fixed, delete the entry.
 */
export interface TableDivergence {
  readonly id: string;
  readonly why: string;
  /** The facts under which the table behaves differently from `domainAllows`. */
  readonly applies: (fo: FoModel, event: FoEvent) => boolean;
  /** What the table does there instead. */
  readonly tableAccepts: (fo: FoModel, event: FoEvent) => boolean;
}

const AFTER_REFUSED_CANCEL: ReadonlySet<FoEvent> = new Set(['acknowledge', 'start', 'reject', 'ship', 'ready', 'pickup', 'escalate']);
const IN_EXCEPTION: ReadonlySet<FoEvent> = new Set(['resolve', 'cancel', 'acknowledge', 'ship', 'ready', 'request_cancel']);

export const TABLE_DIVERGENCES: readonly TableDivergence[] = [
  {
    id: 'cancel-rejected-forgets-progress',
    why:
      'CANCEL_REJECTED is one state for every FO a cancel was refused on, so it accepts the same events whatever the FO had ' +
      'reached: pickup of an FO never made ready, ship of a ready pickup hold, ack/start/ready that move a ready FO backwards, ' +
      'ship/pickup of an FO never released; and it refuses expire (a refused-cancel pickup nobody collects never expires, ' +
      'incident 15) and release (an allocated FO cannot carry on)',
    applies: (fo) => fo.done === null && fo.cancel === 'refused',
    tableAccepts: (_fo, event) => AFTER_REFUSED_CANCEL.has(event),
  },
  {
    id: 'cancel-refused-before-release',
    why: 'CANCEL_REQUESTED accepts reject_cancel ("too late: already picked") even when the FO never reached a node (requested from ALLOCATED or from an exception)',
    applies: (fo, event) => fo.done === null && fo.cancel === 'requested' && event === 'reject_cancel',
    tableAccepts: () => true,
  },
  {
    id: 'exception-forgets-history',
    why:
      'EXCEPTION is one state for every FO escalated, so a "late" ack/shipment/ready settles it even for an FO never released ' +
      'or one the node rejected (ships before re-allocation, incident 13), a direct cancel skips asking a node that holds ' +
      'stock (incident 5), and a cancel request is sent with no node to ask',
    applies: (fo) => fo.done === null && fo.exception,
    tableAccepts: (_fo, event) => IN_EXCEPTION.has(event),
  },
  {
    id: 'ready-hold-cannot-be-lost',
    why: 'READY_FOR_PICKUP has no reject and no escalate: a ready hold oversold by replayed in-store sales (incident 14) can be neither re-routed nor excepted',
    applies: (fo, event) =>
      fo.done === null && fo.cancel === 'none' && !fo.exception && !fo.rejected && fo.atNode === 'ready' && fo.fulfilled === null && (event === 'reject' || event === 'escalate'),
    tableAccepts: () => false,
  },
];

export type Expectation = { readonly accepts: boolean; readonly because: string; readonly divergence: string | null };

/** What the table should do with `event`: the domain rule, unless a documented divergence says otherwise. */
export function expectation(fo: FoModel, event: FoEvent): Expectation {
  const domain = domainAllows(fo, event);
  const divergence = TABLE_DIVERGENCES.find((d) => d.applies(fo, event));
  if (divergence !== undefined) {
    const accepts = divergence.tableAccepts(fo, event);
    if (accepts !== domain) return { accepts, because: `known table divergence ${divergence.id}`, divergence: divergence.id };
  }
  return { accepts: domain, because: domain ? 'the domain rules allow it' : 'the domain rules forbid it', divergence: null };
}

function assertNever(value: never): never {
  throw new Error(`unhandled: ${String(value)}`);
}
