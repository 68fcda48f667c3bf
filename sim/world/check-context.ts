import type { OrchestratorConfig, OrchestratorView } from '../../orchestrator/plugin.ts';
import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { offlineMsWithin, offlineWindowAt } from '../../legacy-fakes/offline-windows.ts';
import type { CheckContext } from '../invariants/types.ts';
import type { CustomerChoices } from './customer-choices.ts';
import type { LastEventByOrder } from './last-event-by-order.ts';
import type { ReferenceIndex } from './reference-index.ts';
import type { Topology } from './topology.ts';

/** What a run (simulated or live) hands its checkers: the owners, the view, and the world's facts. */
export interface CheckContextSources {
  view: OrchestratorView;
  pos: PosFake;
  wms: WmsFake;
  payment: PaymentFake;
  topology: Topology;
  /** The configuration the orchestrator runs with (its timing and routing rules are the policies judged). */
  config: OrchestratorConfig;
  references: ReferenceIndex;
  choices: CustomerChoices;
  lastEvents: LastEventByOrder;
  nowMs: () => number;
  startEpochMs: number;
  /** The published event being traced now (its trace index and envelope instant), or null. */
  publishing: () => { index: number; occurredAtMs: number } | null;
}

export function checkContextOf(sources: CheckContextSources): CheckContext {
  const { topology, config, startEpochMs } = sources;
  return {
    view: sources.view,
    pos: sources.pos,
    wms: sources.wms,
    payment: sources.payment,
    lastEventOf: (orderId) => sources.lastEvents.of(orderId),
    orderOf: (reference) => sources.references.orderOf(reference),
    world: {
      nodes: topology.orchestratorConfig.nodes,
      ...outagesOf(topology),
      deliveryOf: (channel, channelOrderId) => sources.choices.deliveryOf(channel, channelOrderId),
      customerTierOf: (channel, channelOrderId) => sources.choices.customerTierOf(channel, channelOrderId),
      nowMs: sources.nowMs,
      timing: Object.freeze({ ...config.timing }),
      routingRules: config.routing?.rules,
      startEpochMs,
      occurredAtMs: (event) => {
        const publishing = sources.publishing();
        return publishing?.index === event.index ? publishing.occurredAtMs : startEpochMs + event.atMs;
      },
    },
  };
}

/** Whether a node is cut off at an instant: a store's configured network outages (DCs trade files and have none). */
function outagesOf(topology: Topology): { isOffline: (nodeId: string, atMs: number) => boolean; offlineMsBetween: (nodeId: string, fromMs: number, toMs: number) => number } {
  const windows = new Map(topology.posStores.map((store) => [store.storeId, store.quirks?.offline]));
  return {
    isOffline: (nodeId, atMs) => offlineWindowAt(windows.get(nodeId), atMs) !== undefined,
    offlineMsBetween: (nodeId, fromMs, toMs) => offlineMsWithin(windows.get(nodeId), fromMs, toMs),
  };
}
