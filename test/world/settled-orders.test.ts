import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExceptionView, FoView, OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import type { FoState } from '../../orchestrator/model/fo-state-machine.ts';
import { stuckFos } from '../../sim/invariants/lifecycle.ts';
import { SettledOrders } from '../../sim/world/settled-orders.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { World } from '../../sim/world/world.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';

const STATES: readonly { state: FoState; terminal: boolean }[] = [
  { state: 'CREATED', terminal: false },
  { state: 'IN_PROGRESS', terminal: false },
  { state: 'READY_FOR_PICKUP', terminal: false },
  { state: 'EXCEPTION', terminal: false },
  { state: 'COMPLETED', terminal: true },
  { state: 'CANCELLED', terminal: true },
];

interface WorldState {
  /** Per order: its FOs' state indexes, and whether the order says it is closed. */
  orders: { fos: number[]; closed: boolean }[];
  /** FOs (order index, FO index) with an open item on the queue. */
  queued: [number, number][];
}

function viewOf(state: WorldState, withOpenOrders: boolean): OrchestratorView {
  const orders: OrderView[] = state.orders.map((order, orderIndex) => ({
    orderId: `o${orderIndex}`,
    payment: null,
    channel: 'web',
    channelOrderId: `${orderIndex}`,
    status: 'OPEN',
    closed: order.closed,
    fulfillmentOrders: order.fos.map((stateIndex, foIndex): FoView => ({ foId: `o${orderIndex}-FO${foIndex}`, nodeId: 'S1', method: 'BOPIS', lines: [], ...(STATES[stateIndex] as (typeof STATES)[number]) })),
  }));
  const exceptions: ExceptionView[] = state.queued.map(([orderIndex, foIndex]) => ({ exceptionId: `x-${orderIndex}-${foIndex}`, orderId: `o${orderIndex}`, foId: `o${orderIndex}-FO${foIndex}`, category: 'LOST_ACK', suggestedAction: 'resync', slaTier: 'P2', openedAtMs: 0, dueAtMs: 0, detail: '' }));
  return {
    orders: () => orders,
    order: (orderId) => orders.find((order) => order.orderId === orderId),
    openOrderCount: () => orders.filter((order) => !order.closed).length,
    openExceptions: () => exceptions,
    ...(withOpenOrders ? { openOrders: () => orders.filter((order) => !order.closed).reverse() } : {}),
  };
}

/** The definition, read the slow way: every open order has no FO that is neither terminal nor queued. */
function settledByDefinition(view: OrchestratorView): boolean {
  if (view.openOrderCount() === 0) return true;
  const excepted = new Set(view.openExceptions().map((item) => item.foId));
  if (excepted.size === 0) return false;
  return [...view.orders()].every((order) => order.closed || stuckFos(order, excepted).length === 0);
}

const worldState: fc.Arbitrary<WorldState> = fc
  .array(fc.record({ fos: fc.array(fc.nat(STATES.length - 1), { minLength: 1, maxLength: 3 }), closed: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .chain((orders) => fc.record({ orders: fc.constant(orders), queued: fc.array(fc.tuple(fc.nat(orders.length - 1), fc.nat(2)), { maxLength: 6 }) }));

describe('SettledOrders: the convergence probe, answered cheaper', () => {
  it('answers as the definition does, probe after probe, as orders move between probes', () => {
    fc.assert(
      fc.property(fc.array(worldState, { minLength: 1, maxLength: 12 }), fc.boolean(), (states, withOpenOrders) => {
        const probe = new SettledOrders();
        for (const state of states) {
          const view = viewOf(state, withOpenOrders);
          expect(probe.check(view)).toBe(settledByDefinition(view));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('asks the order found moving first, without reading the queue, while it still moves', () => {
    const moving: WorldState = { orders: [{ fos: [3], closed: false }, { fos: [1], closed: false }], queued: [[0, 0]] };
    const probe = new SettledOrders();
    expect(probe.check(viewOf(moving, true))).toBe(false);
    let queueReads = 0;
    const counted = viewOf(moving, true);
    const view: OrchestratorView = { ...counted, openExceptions: () => (queueReads++, counted.openExceptions()) };
    expect(probe.check(view)).toBe(false);
    expect(queueReads).toBe(0);
    // Once it is parked on the queue too, the full pass runs and finds every open order settled.
    const parked: WorldState = { orders: [{ fos: [3], closed: false }, { fos: [3], closed: false }], queued: [[0, 0], [1, 0]] };
    expect(probe.check(viewOf(parked, true))).toBe(true);
  });
});

describe('the reference view: open orders', () => {
  it('yields exactly the orders not closed, newest first, at every stage of a run', async () => {
    const { scenario } = loadScenario('customer-actions');
    const openCounts: number[] = [];
    for (const maxEvents of [300, 1500, 4000, 1_000_000]) {
      const world = new World({ scenario, seed: 2, orders: 60, plugin: referencePlugin, checkers: [], replayCommand: '-', maxEvents });
      await world.run();
      const view = world.orchestrator.view();
      const open = [...view.orders()].filter((order) => !order.closed).map((order) => order.orderId).reverse();
      expect(open.length).toBe(view.openOrderCount());
      expect([...(view.openOrders?.() ?? [])].map((order) => order.orderId)).toEqual(open);
      openCounts.push(open.length);
    }
    // Stopped early, orders were still open; run to the end, none is.
    expect(openCounts.slice(0, 3).some((count) => count > 0)).toBe(true);
    expect(openCounts.at(-1)).toBe(0);
  });
});
