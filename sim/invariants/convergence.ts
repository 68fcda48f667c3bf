import { isLiveStatus, type PosHold } from '../../legacy-fakes/pos/pos-fake.ts';
import type { WmsLineTruth } from '../../legacy-fakes/wms/wms-fake.ts';
import { stateKeyedBy } from './run-state.ts';
import type { CheckContext, EndOfRun, Finding, InvariantChecker } from './types.ts';

/** An FO line as the per-order pass saw it: only what the owners' books are compared with (not the whole view). */
interface OwnedLine {
  orderId: string;
  foState: string;
  /** Terminal or parked: the FO's line must match the owner's books (drift cannot hide behind EXCEPTION). */
  settled: boolean;
  shipped: number;
  pickedUp: number;
}

/** Per end-of-run pass: `<nodeId>|<line reference>` to the line the orchestrator has there. */
const ownedOf = stateKeyedBy<EndOfRun, Map<string, OwnedLine>>(() => new Map());

function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/**
 * Convergence: for every terminal or parked FO the orchestrator's view equals each owner's truth
 * (units shipped and picked up; no live hold left behind a closed FO), and every claim an owner
 * holds belongs to an FO line at that node (no orphans). Parked FOs are compared too, so drift
 * cannot hide behind EXCEPTION.
 */
export const convergenceChecker: InvariantChecker = {
  name: 'convergence.view-matches-owners',
  atEndOrder(order, end) {
    const owned = ownedOf(end);
    for (const fo of order.fulfillmentOrders) {
      const settled = fo.terminal || fo.state === 'EXCEPTION';
      for (const line of fo.lines) owned.set(`${fo.nodeId}|${line.externalRef}`, { orderId: order.orderId, foState: fo.state, settled, shipped: line.shipped, pickedUp: line.pickedUp });
    }
  },
  atEnd(context, report, end) {
    const owned = ownedOf(end);
    checkStores(context, owned, report);
    checkDcs(context, owned, report);
  },
};

function checkStores(context: CheckContext, owned: Map<string, OwnedLine>, report: (finding: Finding) => void): void {
  const name = convergenceChecker.name;
  for (const store of context.pos.truth()) {
    const byRef = groupBy<PosHold>(store.holds, (hold) => hold.externalRef);
    for (const [ref, holds] of byRef) {
      const mine = owned.get(`${store.storeId}|${ref}`);
      const orderId = mine?.orderId ?? context.orderOf(ref);
      const live = holds.filter((hold) => isLiveStatus(hold.status));
      if (mine === undefined) {
        if (live.length > 0) report({ invariant: name, orderId, detail: `orphan hold at ${store.storeId}: ${live.map((h) => `${h.holdId} ${h.status}`).join(', ')} for ${ref}, which the orchestrator does not have at that store`, firstBadEvent: context.lastEventOf(orderId) });
        continue;
      }
      if (!mine.settled) continue;
      const shipped = holds.filter((hold) => hold.status === 'SHIPPED').reduce((sum, hold) => sum + hold.quantity, 0);
      const pickedUp = holds.filter((hold) => hold.status === 'PICKED_UP').reduce((sum, hold) => sum + hold.quantity, 0);
      const problems: string[] = [];
      // A parked FO may keep its holds while a person decides; a closed one may not.
      if (live.length > 0 && mine.foState !== 'EXCEPTION') problems.push(`POS still holds ${live.map((h) => `${h.holdId} ${h.status}`).join(', ')} but the FO is ${mine.foState}`);
      if (shipped !== mine.shipped) problems.push(`POS shipped ${shipped}, orchestrator says ${mine.shipped}`);
      if (pickedUp !== mine.pickedUp) problems.push(`POS picked up ${pickedUp}, orchestrator says ${mine.pickedUp}`);
      for (const problem of problems) {
        report({ invariant: name, orderId: mine.orderId, detail: `${ref} at ${store.storeId}: ${problem}`, firstBadEvent: context.lastEventOf(mine.orderId) });
      }
    }
  }
}

function checkDcs(context: CheckContext, owned: Map<string, OwnedLine>, report: (finding: Finding) => void): void {
  const name = convergenceChecker.name;
  for (const dc of context.wms.truth()) {
    const byRef = groupBy<WmsLineTruth>(dc.lines, (line) => `${line.foId}:${line.lineNo}`);
    for (const [ref, lines] of byRef) {
      const mine = owned.get(`${dc.dcId}|${ref}`);
      const shipped = lines.reduce((sum, line) => sum + line.shippedQuantity, 0);
      const orderId = mine?.orderId ?? context.orderOf(ref);
      if (mine === undefined) {
        if (shipped > 0) report({ invariant: name, orderId, detail: `WMS ${dc.dcId} shipped ${shipped} for ${ref}, which the orchestrator does not have at that DC`, firstBadEvent: context.lastEventOf(orderId) });
        continue;
      }
      if (mine.settled && shipped !== mine.shipped) {
        report({ invariant: name, orderId: mine.orderId, detail: `${ref} at ${dc.dcId}: WMS shipped ${shipped}, orchestrator says ${mine.shipped} (FO ${mine.foState})`, firstBadEvent: context.lastEventOf(mine.orderId) });
      }
    }
  }
}
