import { ExceptionQueue } from '../exceptions/exception-queue.ts';
import { DEFAULT_IDEMPOTENCY_RETENTION_MS } from '../idempotency/idempotency-store.ts';
import { EventPublisher } from '../model/events.ts';
import { Outbox } from '../outbox/outbox.ts';
import { PLUGIN_API_VERSION, type Orchestrator, type OrchestratorConfig, type OrchestratorPlugin } from '../plugin.ts';
import type { Ports } from '../ports.ts';
import { InventoryView } from '../routing/inventory-view.ts';
import { REFERENCE_NAME, REFERENCE_VERSION, repeatEvery, spawn, type OrchestratorContext } from './context.ts';
import { PaymentFlow } from './payment-flow.ts';
import { markUnsettled, Settlement, settlementIntervalMs } from './settlement.ts';
import { retryUnreachable } from './remediation.ts';
import { DcFlow } from './dc-flow.ts';
import { placeOrder } from './order-intake.ts';
import { Repository } from './repository.ts';
import { rerouteFo, routingPolicy } from './routing-service.ts';
import { Backorders } from './backorders.ts';
import { routeLines } from '../routing/route-lines.ts';
import { StoreFlow } from './store-flow.ts';
import { createView } from './views.ts';
import { PRODUCTION_PARTS, type ReferenceParts } from './parts.ts';
import { Cancellations } from './cancellation.ts';
import { expirePickups } from './pickup-expiry.ts';
import { Returns, returnViews } from './returns.ts';
import { deadLetterViews, replayDeadLetter } from './dead-letters.ts';


/**
 * The bundled orchestrator: production code that reaches the world only through its ports.
 * `parts` is internal (not part of the plugin API): tests swap one part for a broken one.
 */
export function createReferenceOrchestrator(ports: Ports, config: OrchestratorConfig, parts: Partial<ReferenceParts> = {}): Orchestrator {
  const chosen: ReferenceParts = { ...PRODUCTION_PARTS, ...parts };
  // A bad routing rule list fails here, when the orchestrator is created, not at its first order.
  routingPolicy(config);
  const maxInFlight = config.timing.maxInFlightPerStore;
  if (maxInFlight !== undefined && (!Number.isInteger(maxInFlight) || maxInFlight < 1)) {
    throw new RangeError(`timing.maxInFlightPerStore must be a whole number of at least 1, got ${maxInFlight}`);
  }
  const settlementEvery = config.timing.settlementIntervalMs;
  if (settlementEvery !== undefined && (!Number.isInteger(settlementEvery) || settlementEvery < 1)) {
    throw new RangeError(`timing.settlementIntervalMs must be a whole number of at least 1, got ${settlementEvery}`);
  }
  const repo = new Repository(ports.store);
  // Stock rising anywhere wakes the backorders that need it (wired below, once they exist).
  let stockRose: (sku: string) => void = () => undefined;
  const outbox = new Outbox(ports.store, ports.timers, ports.events);
  const context: OrchestratorContext = {
    ports,
    config,
    nodesById: new Map(config.nodes.map((node) => [node.nodeId, node])),
    repo,
    inventory: new InventoryView(ports.store, (_nodeId, sku) => stockRose(sku)),
    idempotency: chosen.idempotency(ports.store, ports.clock, ports.timers),
    publisher: new EventPublisher(outbox, ports.clock, ports.store),
    exceptions: new ExceptionQueue(ports.store, ports.clock),
    parts: chosen,
    flows: {
      dispatch: () => {
        throw new Error('flows used before the orchestrator was wired');
      },
      reroute: () => {
        throw new Error('flows used before the orchestrator was wired');
      },
      settle: () => {
        throw new Error('flows used before the orchestrator was wired');
      },
      orderClosed: () => {
        throw new Error('flows used before the orchestrator was wired');
      },
    },
  };
  const stores = new StoreFlow(context);
  const dcs = new DcFlow(context);
  const payments = new PaymentFlow(context);
  context.flows = {
    dispatch: (foId) => {
      const fo = repo.requireFo(foId);
      if (context.nodesById.get(fo.nodeId)?.kind === 'DC') dcs.dispatch(foId);
      else stores.dispatch(foId);
    },
    reroute: (foId) => rerouteFo(context, foId),
    settle: (foId) => payments.settle(foId),
    orderClosed: (orderId) => {
      markUnsettled(context, orderId);
      spawn(context, `void ${orderId}`, () => payments.orderClosed(orderId));
    },
  };
  const settlement = new Settlement(context, payments);
  const cancellations = new Cancellations(context, stores, dcs);
  const backorders = new Backorders(context, stores, cancellations);
  stockRose = (sku) => backorders.stockRose(sku);
  // A store answering again may serve what waits (and remediation retries what it parked there).
  stores.onComeback(() => backorders.stockRose());
  const returns = new Returns(context, payments);
  const view = createView(repo, context.exceptions, {
    payment: (orderId) => payments.view(orderId),
    returns: (orderId) => returnViews(context, orderId),
    deadLetters: () => deadLetterViews(context),
  });
  const { timing } = config;

  return {
    name: REFERENCE_NAME,
    version: REFERENCE_VERSION,
    /**
     * Starts every periodic job at once, then catches up in the background: a slow or silent
     * system (a store offline) must not keep the whole orchestrator from working, and a process
     * that keeps being restarted must still make progress between restarts.
     */
    async start() {
      outbox.resume();
      stores.resume();
      // The WMS poll also reads the first snapshot; the release job rewrites recorded, unsent releases.
      for (const dcId of dcs.dcIds) {
        repeatEvery(context, `orchestrator.wms-poll.${dcId}`, timing.wmsPollIntervalMs, () => dcs.pollInbound(dcId), 0);
        let resumed = false;
        repeatEvery(context, `orchestrator.release.${dcId}`, timing.releaseIntervalMs, async () => {
          if (!resumed) await dcs.resume(dcId);
          resumed = true;
          await dcs.releasePending(dcId);
        });
      }
      for (const storeId of stores.storeIds) {
        repeatEvery(context, `orchestrator.pos-poll.${storeId}`, timing.storePollIntervalMs, () => stores.pollChanges(storeId));
        spawn(context, `load inventory ${storeId}`, () => stores.loadInventory(storeId));
      }
      repeatEvery(context, 'orchestrator.backorder-sweep', timing.backorderRetryIntervalMs, () => backorders.sweep());
      if (context.parts.retryParkedUnreachable) repeatEvery(context, 'orchestrator.exception-retry', 15 * 60_000, async () => retryUnreachable(context, (nodeId) => stores.isAnswering(nodeId)));
      repeatEvery(context, 'orchestrator.capture-sweep', 15 * 60_000, () => payments.sweep());
      // Keys are kept for a day (Stripe's window): long after any client stops retrying.
      repeatEvery(context, 'orchestrator.idempotency-prune', 3_600_000, async () => {
        context.idempotency.prune(ports.clock.nowMs(), DEFAULT_IDEMPOTENCY_RETENTION_MS);
      });
      repeatEvery(context, 'orchestrator.cancel-sweep', 15 * 60_000, () => cancellations.sweep());
      repeatEvery(context, 'orchestrator.refund-sweep', 15 * 60_000, () => returns.sweep());
      repeatEvery(context, 'orchestrator.pickup-expiry', 60 * 60_000, () => expirePickups(context, stores));
      repeatEvery(context, 'orchestrator.settlement-sweep', settlementIntervalMs(context), () => settlement.sweep());
    },
    // Each command is one step in one transaction: a crash never leaves a key claimed without its effects, an order without its FO or payment.
    placeOrder: async (command) =>
      context.ports.store.transaction(() => {
        const result = placeOrder(context, command);
        if (result.kind === 'accepted') payments.orderPlaced(result.orderId);
        return result;
      }),
    cancelOrder: async (command) => context.ports.store.transaction(() => cancellations.cancelOrder(command)),
    requestReturn: async (command) => context.ports.store.transaction(() => returns.requestReturn(command)),
    replayDeadLetter: (command) => replayDeadLetter(context, { 'wms-document': dcs.replayReader, 'pos-journal-entry': stores.replayReader }, command),
    view: () => view,
  };
}

export const referencePlugin: OrchestratorPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: REFERENCE_NAME,
  version: REFERENCE_VERSION,
  create: (ports, config) => createReferenceOrchestrator(ports, config),
  // Its routing, as a pure function another orchestrator can delegate to (shadow mode).
  capabilities: (config) => ({ routing: (request) => routeLines({ ...request, policy: routingPolicy(config) }) }),
};

export default referencePlugin;
