/**
 * A check context over hand-made orders and real fakes, for checker tests: S1 (New York: SKU-1 10,
 * SKU-2 0, SKU-3 5; ships and takes pickups), S2 (Tokyo: SKU-1 4; pickups only), DC1 (SKU-1 5),
 * no safety stock, a card gateway. `atEnd` runs one checker's end-of-run pass.
 */
import type { ExceptionView, NodeSpec, OrchestratorTiming, OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import type { Delivery } from '../../orchestrator/model/types.ts';
import { offlineMsWithin } from '../../legacy-fakes/offline-windows.ts';
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import { runEndOfRunChecks } from '../../sim/invariants/end-of-run.ts';
import type { CheckContext, EventPointer, Finding, InvariantChecker } from '../../sim/invariants/types.ts';
import { PosClient, setUp } from '../fakes/pos-helpers.ts';
import { MemoryFolder, type TestEnv } from '../fakes/test-env.ts';

export interface CheckWorld {
  orders: readonly OrderView[];
  exceptions?: readonly ExceptionView[];
  /** Stores inside an outage. */
  offline?: ReadonlySet<string>;
  /** Store -> its outage windows (epoch ms), for the time a store was down. */
  offlineWindows?: ReadonlyMap<string, readonly { fromMs: number; toMs: number }[]>;
  /** Channel order id -> the store a pickup is collected at (others ship). */
  pickups?: ReadonlyMap<string, string>;
  /** Default: the order whose FO ids prefix the reference. */
  orderOf?: (reference: string) => string;
  lastEventOf?: (orderId: string) => EventPointer | null;
  /** Replaces the three default nodes. */
  nodes?: readonly NodeSpec[];
  /** Overrides the default timing (baseline's). */
  timing?: Partial<OrchestratorTiming>;
  /** Channel order ids of VIP customers. */
  vip?: ReadonlySet<string>;
  /** The instant now, epoch ms (default: 0). */
  nowMs?: () => number;
  routingRules?: readonly string[];
}

/** Baseline's timing. */
export const BASELINE_TIMING: OrchestratorTiming = {
  posTimeoutMs: 2000,
  posMaxAttempts: 4,
  storePollIntervalMs: 900_000,
  wmsPollIntervalMs: 1_800_000,
  releaseIntervalMs: 3_600_000,
  backorderRetryIntervalMs: 3_600_000,
  backorderTimeoutMs: 86_400_000,
  maxReroutes: 3,
};

export function checkContextOf(world: CheckWorld): { context: CheckContext; s1: PosClient; env: TestEnv } {
  const { env, pos } = setUp();
  const payment = new PaymentFake(env, { authorizationTtlHours: 168, idempotencyRetentionHours: 24 });
  const wms = new WmsFake(env, new MemoryFolder(), [{ dcId: 'DC1', timeZone: 'America/Chicago', batchWindowLocal: '02:00', shipWaveLocal: '14:00', snapshotLocal: '23:30', stock: { 'SKU-1': 5 } }]);
  const view: OrchestratorView = {
    orders: () => world.orders,
    order: (id) => world.orders.find((order) => order.orderId === id),
    openOrderCount: () => world.orders.filter((order) => !order.closed).length,
    openExceptions: () => world.exceptions ?? [],
  };
  const context: CheckContext = {
    view,
    pos,
    wms,
    payment,
    lastEventOf: world.lastEventOf ?? (() => ({ index: 41, atMs: 1000, kind: 'fo.transitioned' })),
    orderOf: world.orderOf ?? ((reference) => world.orders.find((order) => reference.startsWith(`FO-${order.orderId}-`))?.orderId ?? ''),
    world: {
      nodes: world.nodes ?? [
        { nodeId: 'DC1', kind: 'DC', timeZone: 'America/Chicago', methods: ['SHIP_FROM_DC'], safetyStock: 0 },
        { nodeId: 'S1', kind: 'STORE', timeZone: 'America/New_York', methods: ['SHIP_FROM_STORE', 'BOPIS'], safetyStock: 0 },
        { nodeId: 'S2', kind: 'STORE', timeZone: 'Asia/Tokyo', methods: ['BOPIS'], safetyStock: 0 },
      ],
      isOffline: (nodeId) => world.offline?.has(nodeId) ?? false,
      offlineMsBetween: (nodeId, fromMs, toMs) => offlineMsWithin(world.offlineWindows?.get(nodeId), fromMs, toMs),
      deliveryOf: (_channel, channelOrderId): Delivery => {
        const storeId = world.pickups?.get(channelOrderId);
        return storeId === undefined ? { method: 'SHIP' } : { method: 'PICKUP', storeId };
      },
      customerTierOf: (_channel, channelOrderId) => (world.vip?.has(channelOrderId) === true ? 'VIP' : 'STANDARD'),
      nowMs: world.nowMs ?? (() => 0),
      timing: { ...BASELINE_TIMING, ...world.timing },
      routingRules: world.routingRules,
      startEpochMs: 0,
      occurredAtMs: (event) => event.atMs,
    },
  };
  return { context, s1: new PosClient(pos, 'S1'), env };
}

export function atEnd(checker: InvariantChecker, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  runEndOfRunChecks([checker], context, (finding) => findings.push(finding));
  return findings;
}
