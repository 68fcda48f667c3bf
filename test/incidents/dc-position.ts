import type { PublishedEvent, StorePort } from '../../orchestrator/ports.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import type { World } from '../../sim/world/world.ts';
import { runIncident } from './incident-world.ts';

/** A shipment the WMS made, with the virtual epoch time the trace saw it leave (`wms.line.shipped`). */
export interface WmsShipment {
  /** `<foId>:<lineNo>:<shipmentId>`, the key the orchestrator files its confirmations under. */
  key: string;
  sku: string;
  quantity: number;
  shippedAtMs: number;
}

/**
 * The truth a DC's promise must respect, per SKU: WMS on hand now less what the orchestrator has
 * promised at the DC (its FO lines there, less cancelled) that the WMS has not shipped yet.
 */
export function dcPromiseBound(world: World, dcId: string): Map<string, number> {
  const dc = world.wms.truth().find((candidate) => candidate.dcId === dcId);
  if (dc === undefined) throw new Error(`no WMS DC ${dcId}`);
  const shipped = new Map<string, number>();
  for (const line of dc.lines) shipped.set(`${line.foId}:${line.lineNo}`, (shipped.get(`${line.foId}:${line.lineNo}`) ?? 0) + line.shippedQuantity);
  const bound = new Map(dc.onHand);
  for (const order of world.orchestrator.view().orders()) {
    for (const fo of order.fulfillmentOrders) {
      if (fo.nodeId !== dcId) continue;
      for (const line of fo.lines) {
        const open = line.quantity - line.cancelled - (shipped.get(`${fo.foId}:${line.lineNo}`) ?? 0);
        if (open > 0) bound.set(line.sku, (bound.get(line.sku) ?? 0) - open);
      }
    }
  }
  return bound;
}

/** Units per SKU the WMS shipped at or before `asOfMs` whose confirmation the orchestrator has not applied yet. */
export function unconfirmedBefore(shipments: Iterable<WmsShipment>, store: StorePort, asOfMs: number): Map<string, number> {
  const units = new Map<string, number>();
  for (const shipment of shipments) {
    if (shipment.shippedAtMs > asOfMs || store.get('shipments', shipment.key) !== undefined) continue;
    units.set(shipment.sku, (units.get(shipment.sku) ?? 0) + shipment.quantity);
  }
  return units;
}

/** `wms.line.shipped` (ref `<foId>:<lineNo>`, detail `<dcId> <shipmentId> <sku>x<quantity>`) as a shipment. */
export function shipmentOf(ref: string, detail: string, shippedAtMs: number): WmsShipment {
  const [, shipmentId = '', item = ''] = detail.split(' ');
  const cut = item.lastIndexOf('x');
  return { key: `${ref}:${shipmentId}`, sku: item.slice(0, cut), quantity: Number(item.slice(cut + 1)), shippedAtMs };
}

/** The ports' store, with a hook after every put (the orchestrator's own writes, in its own order). */
export function watchedStore(store: StorePort, afterPut: (namespace: string, key: string, value: unknown) => void): StorePort {
  return {
    get: (namespace, key) => store.get(namespace, key),
    put: (namespace, key, value) => {
      store.put(namespace, key, value);
      afterPut(namespace, key, value);
    },
    delete: (namespace, key) => store.delete(namespace, key),
    values: (namespace) => store.values(namespace),
    transaction: (work) => store.transaction(work),
    inTransaction: () => store.inTransaction(),
  };
}

export interface Observation {
  atMs: number;
  /** What this moment was: a snapshot applied (as of when) or a confirmation file applied. */
  moment: string;
  /** Per SKU: the orchestrator's promise, the truth bound (WMS on hand - promised not shipped), units shipped before the as-of not yet confirmed. */
  skus: { sku: string; atp: number; bound: number; unconfirmed: number }[];
  /** Units the WMS shipped after the as-of and before this instant (a stale snapshot still counts them on hand). */
  shippedAfterAsOf: number;
}

/**
 * Runs the scenario and reads the orchestrator's promise for the DC at the instants it commits a
 * SNAPSHOT (its `inventory.snapshot_applied` event enters the outbox in the same step) and a
 * SHIPCONF (its inbox record), against the WMS's truth at that instant.
 */
export async function observeDcPromise(scenario: Scenario, dcId: string, seed: number): Promise<{ observations: Observation[]; faults: Record<string, number>; violations: unknown[]; converged: boolean; shipments: number }> {
  const observations: Observation[] = [];
  const shipments = new Map<string, WmsShipment>();
  let world: World | undefined;
  let store: StorePort | undefined;
  let lastAsOfMs: number | undefined;
  const observe = (moment: string, asOfMs: number): void => {
    if (world === undefined || store === undefined) throw new Error('the world is not running yet');
    const bound = dcPromiseBound(world, dcId);
    const unconfirmed = unconfirmedBefore(shipments.values(), store, asOfMs);
    const skus = [...bound].map(([sku, units]) => ({ sku, atp: store?.get<number>('atp', `${dcId}|${sku}`) ?? 0, bound: units, unconfirmed: unconfirmed.get(sku) ?? 0 }));
    const shippedAfterAsOf = [...shipments.values()].filter((shipment) => shipment.shippedAtMs > asOfMs).reduce((sum, shipment) => sum + shipment.quantity, 0);
    observations.push({ atMs: world.kernel.clock.nowMs(), moment, skus, shippedAfterAsOf });
  };
  const run = await runIncident(scenario, {
    seed,
    orders: 300,
    react: (event, current) => {
      world = current;
      if (event.kind === 'wms.line.shipped') {
        const shipment = shipmentOf(event.ref, event.detail, current.kernel.clock.nowMs());
        shipments.set(shipment.key, shipment);
      }
    },
    ports: (ports) => {
      store = watchedStore(ports.store, (namespace, key, value) => {
        if (namespace === 'outbox' && (value as PublishedEvent).type === 'inventory.snapshot_applied') {
          const { dcId: snapshotDc, asOfMs } = (value as PublishedEvent).payload as { dcId: string; asOfMs: number };
          if (dcId !== snapshotDc) return;
          lastAsOfMs = asOfMs;
          observe(`snapshot as of ${new Date(asOfMs).toISOString()}`, asOfMs);
        } else if (namespace === 'inbox' && key.startsWith(`${dcId}:SHIPCONF:`) && lastAsOfMs !== undefined) {
          observe(`${key} applied`, lastAsOfMs);
        }
      });
      return { ...ports, store };
    },
  });
  return { observations, faults: run.result.faultsFired, violations: run.result.violations, converged: run.result.converged, shipments: shipments.size };
}

