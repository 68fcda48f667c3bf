import type { FoView } from '../../orchestrator/plugin.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type Finding, type InvariantChecker } from './types.ts';

interface RunState {
  /** A remainder FO's parent (`fulfillment.split`): a refusal of the parent's lines holds for it too. */
  parentOf: Map<string, string>;
  /** Per `<foId>:<lineNo>`: DCs whose WMS refused the line (rejected it, or shipped it short and cancelled the rest). */
  refusedAtDc: Map<string, Set<string>>;
  /** The node each open FO is at, by its last transition (to tell an FO staying from one coming back). */
  nodeOf: Map<string, string>;
  /** FOs allocated just now whose `fulfillment.assigned` comes next: who decided, and whether it stays where it was. */
  allocating: Map<string, { actor: string; staying: boolean }>;
  /** Open FOs some node may have refused: rejected, routed again, or split off another (others are not looked up). */
  refusedOnce: Set<string>;
}

const stateOf = stateKeyedBy<CheckContext, RunState>(() => ({ parentOf: new Map(), refusedAtDc: new Map(), nodeOf: new Map(), allocating: new Map(), refusedOnce: new Set() }));

/** Ancestors are few (a remainder of a remainder): a long chain is a loop in someone's bookkeeping. */
const MAX_LINEAGE = 20;

function lineage(state: RunState, foId: string): string[] {
  const chain = [foId];
  for (let parent = state.parentOf.get(foId); parent !== undefined && chain.length < MAX_LINEAGE; parent = state.parentOf.get(parent)) chain.push(parent);
  return chain;
}

/**
 * Incident 13 (a store rejects): once a node's owner refused an FO's units (a POS hold the store
 * rejected or refused for lack of stock, a WMS line rejected or shipped short), that FO, and the
 * remainder split off it, is not routed back to that node (docs/routing.md, "Always enforced":
 * excluded nodes are never candidates). Sending it back asks a shelf that already said no; the
 * loop ends at `maxReroutes` with a parking the owner's refusal justifies, so nothing else tells.
 * Allowed: the backorder deadline's decision on a fresh count (a sweep) may ask a refusing node
 * again, and an FO back from the exception queue may stay where it is. Refusals are read from the
 * owners' books (the POS) and the WMS's own trace.
 */
export const refusingNodeChecker: InvariantChecker = {
  name: 'routing.refusing-node-not-asked-again',
  kinds: ['wms.line.rejected', 'wms.quirk.short_ship', 'fulfillment.split', 'fo.transitioned', 'fulfillment.assigned'],
  onEvent(event, context, report) {
    const state = stateOf(context);
    switch (event.kind) {
      case 'wms.line.rejected':
      case 'wms.quirk.short_ship':
        refusedByWms(state, event);
        return;
      case 'fulfillment.split': {
        const payload = fieldsOf(event);
        state.parentOf.set(textField(payload.remainderFoId), textField(payload.foId));
        state.refusedOnce.add(textField(payload.remainderFoId));
        return;
      }
      case 'fo.transitioned': {
        const payload = fieldsOf(event);
        const foId = textField(payload.foId);
        if (payload.event === 'allocate') state.allocating.set(foId, { actor: textField(payload.actor), staying: state.nodeOf.get(foId) === textField(payload.nodeId) });
        if (payload.event === 'reject' || payload.event === 'reroute') state.refusedOnce.add(foId);
        if (payload.to === 'COMPLETED' || payload.to === 'CANCELLED') {
          state.nodeOf.delete(foId);
          state.refusedOnce.delete(foId);
        } else {
          state.nodeOf.set(foId, textField(payload.nodeId));
        }
        return;
      }
      case 'fulfillment.assigned':
        onAssigned(this.name, event, context, state, report);
        return;
      default:
    }
  },
};

function refusedByWms(state: RunState, event: TraceEvent): void {
  const dcId = event.detail.split(' ')[0] ?? '';
  const refused = state.refusedAtDc.get(event.ref) ?? new Set<string>();
  refused.add(dcId);
  state.refusedAtDc.set(event.ref, refused);
}

function onAssigned(name: string, event: TraceEvent, context: CheckContext, state: RunState, report: (finding: Finding) => void): void {
  const payload = fieldsOf(event);
  const foId = textField(payload.foId);
  const nodeId = textField(payload.nodeId);
  const allocation = state.allocating.get(foId);
  state.allocating.delete(foId);
  // The deadline's fresh count may ask again; an FO back from the queue may stay where it is; an FO
  // never rejected, routed again or split off has no refusal to respect.
  if (allocation === undefined || allocation.actor === 'sweep' || allocation.staying || !state.refusedOnce.has(foId)) return;
  const fo = context.view.order(event.orderId)?.fulfillmentOrders.find((candidate) => candidate.foId === foId);
  if (fo === undefined) return;
  const refusal = refusalAt(context, state, fo, nodeId);
  if (refusal === undefined) return;
  report({ invariant: name, orderId: event.orderId, detail: `${foId} was routed to ${nodeId} again, though ${nodeId} refused ${refusal}`, firstBadEvent: pointer(event) });
}

/** What the node refused of this FO or its ancestors, by the owner's books, or undefined. */
function refusalAt(context: CheckContext, state: RunState, fo: FoView, nodeId: string): string | undefined {
  const node = context.world.nodes.find((candidate) => candidate.nodeId === nodeId);
  if (node === undefined) return undefined;
  for (const ancestor of lineage(state, fo.foId)) {
    for (const line of fo.lines) {
      const reference = `${ancestor}:${line.lineNo}`;
      if (node.kind === 'DC') {
        if (state.refusedAtDc.get(reference)?.has(nodeId) === true) return `${reference} (its WMS rejected it or shipped it short)`;
        continue;
      }
      if (context.pos.holdsWithReference(reference).some(({ storeId, hold }) => storeId === nodeId && hold.status === 'REJECTED')) return `${reference} (staff found it not on the shelf)`;
      if (context.pos.storesRefusing(reference).includes(nodeId)) return `${reference} (a hold refused for lack of stock)`;
    }
  }
  return undefined;
}
