import type { NodeSpec, OrchestratorConfig } from '../../orchestrator/plugin.ts';
import type { PosQuirks, PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import type { WmsDcConfig, WmsQuirks } from '../../legacy-fakes/wms/wms-fake.ts';
import type { PaymentConfig } from '../../legacy-fakes/payment/payment-fake.ts';
import { skuName } from '../workload/orders.ts';
import type { Scenario } from './scenario-schema.ts';

export const posBaseUrl = (storeId: string): string => `http://pos-${storeId.toLowerCase()}.stores.local`;
export const wmsFolder = (dcId: string): string => `/wms/${dcId}`;
export const PAYMENT_BASE_URL = 'http://payments.gateway.local';

export interface Topology {
  orchestratorConfig: OrchestratorConfig;
  posStores: PosStoreConfig[];
  wmsDcs: WmsDcConfig[];
  payment: PaymentConfig;
}

const HOUR_MS = 3_600_000;

type ScenarioPosQuirks = NonNullable<Scenario['topology']['stores'][number]['quirks']>;

type HourWindow = { fromHour: number; toHour: number; mode: 'hang' | 'refuse' };
type LongOutage = { fromHour: number; hours: number; mode: 'hang' | 'refuse' };

type ScenarioWmsQuirks = NonNullable<Scenario['topology']['dcs'][number]['quirks']>;

/** The stuck transfer's window from hours to epoch ms; every other WMS quirk is taken as is. */
function wmsQuirks(quirks: ScenarioWmsQuirks, startEpochMs: number): WmsQuirks {
  const { stuckTransfer, ...rest } = quirks;
  return stuckTransfer === undefined ? rest : { ...rest, stuckTransfer: longOutageMs(stuckTransfer, startEpochMs) };
}

/** Scenario quirks speak in hours from the start; the fake speaks in epoch ms. */
function posQuirks(quirks: ScenarioPosQuirks, startEpochMs: number): PosQuirks {
  const { offline, longOutage, ...rest } = quirks;
  const windows = outageWindows(offline, longOutage);
  return { ...rest, ...(windows === undefined ? {} : { offline: epochWindows(windows, startEpochMs) }) };
}

/** The short outages and the long one as the fakes take them: one list in time order (the schema keeps them apart). */
function outageWindows(offline: readonly HourWindow[] | undefined, longOutage: LongOutage | undefined): HourWindow[] | undefined {
  if (longOutage === undefined) return offline === undefined ? undefined : [...offline];
  const long = { fromHour: longOutage.fromHour, toHour: longOutage.fromHour + longOutage.hours, mode: longOutage.mode };
  return [...(offline ?? []), long].sort((a, b) => a.fromHour - b.fromHour);
}

/** A long outage (or any `hours` from `fromHour`) in epoch ms (`fromMs` inclusive, `toMs` exclusive), as the fakes see it. */
export function longOutageMs(longOutage: Pick<LongOutage, 'fromHour' | 'hours'>, startEpochMs: number): { fromMs: number; toMs: number } {
  return { fromMs: startEpochMs + Math.round(longOutage.fromHour * HOUR_MS), toMs: startEpochMs + Math.round((longOutage.fromHour + longOutage.hours) * HOUR_MS) };
}

function epochWindows(windows: readonly HourWindow[], startEpochMs: number): { fromMs: number; toMs: number; mode: 'hang' | 'refuse' }[] {
  return windows.map((window) => ({ fromMs: startEpochMs + Math.round(window.fromHour * HOUR_MS), toMs: startEpochMs + Math.round(window.toHour * HOUR_MS), mode: window.mode }));
}

function paymentConfig(payment: Scenario['payment'], startEpochMs: number): PaymentConfig {
  const { quirks, ...rest } = payment;
  if (quirks === undefined) return rest;
  const { offline, longOutage, ...other } = quirks;
  const windows = outageWindows(offline, longOutage);
  return { ...rest, quirks: { ...other, ...(windows === undefined ? {} : { offline: epochWindows(windows, startEpochMs) }) } };
}

/**
 * How many times the scenario's own size this run is, in whole steps, when the scenario scales its
 * nodes with the order count (`topology.scaleWithOrders`); else 1.
 */
export function topologyScale(scenario: Scenario, orders: number): number {
  if (scenario.topology.scaleWithOrders !== true || orders <= scenario.workload.orders) return 1;
  return Math.ceil(orders / scenario.workload.orders);
}

/** The scenario's optional routing knobs, only those it sets (absent stays absent); capacity times the scale. */
function routingKnobs(node: { capacityPerDay?: number | undefined; costRank?: number | undefined; promiseDays?: number | undefined }, scale: number): Pick<NodeSpec, 'capacityPerDay' | 'costRank' | 'promiseDays'> {
  return {
    ...(node.capacityPerDay === undefined ? {} : { capacityPerDay: node.capacityPerDay * scale }),
    ...(node.costRank === undefined ? {} : { costRank: node.costRank }),
    ...(node.promiseDays === undefined ? {} : { promiseDays: node.promiseDays }),
  };
}

/** Stock for `units` of every SKU. */
function uniformStock(skus: readonly string[], units: number): Record<string, number> {
  return Object.fromEntries(skus.map((sku) => [sku, units]));
}

/** The scenario's scarce SKUs (`inventory.scarce`), in catalogue order; none without it. */
export function scarceSkus(scenario: Scenario): string[] {
  const scarce = scenario.inventory.scarce;
  if (scarce === undefined) return [];
  return Array.from({ length: scarce.count }, (_, index) => skuName(scarce.fromSku - 1 + index));
}

/** A node's stock: `units` of every SKU, but the scarce ones at its safety stock plus their few units. */
function nodeStock(scenario: Scenario, skus: readonly string[], units: number, safetyStock: number, scarceUnits: (scarce: NonNullable<Scenario['inventory']['scarce']>) => number): Record<string, number> {
  const stock = uniformStock(skus, units);
  const scarce = scenario.inventory.scarce;
  if (scarce !== undefined) for (const sku of scarceSkus(scenario)) stock[sku] = safetyStock + scarceUnits(scarce);
  return stock;
}

/** One scenario, three views of it: the orchestrator's config and each fake's ground truth. */
export function buildTopology(scenario: Scenario, orders: number): Topology {
  const startEpochMs = Date.parse(scenario.startInstant);
  const skus = Array.from({ length: scenario.catalog.skus }, (_, index) => skuName(index));
  const { inventory } = scenario;
  const perThousand = (units: number): number => Math.max(inventory.minimumUnitsPerSku, Math.ceil((units * orders) / 1000));
  const scale = topologyScale(scenario, orders);
  const dcNodes: NodeSpec[] = scenario.topology.dcs.map((dc) => ({
    nodeId: dc.id,
    kind: 'DC',
    timeZone: dc.timeZone,
    methods: ['SHIP_FROM_DC'],
    safetyStock: dc.safetyStock,
    wmsFolder: wmsFolder(dc.id),
    ...routingKnobs(dc, scale),
  }));
  const storeNodes: NodeSpec[] = scenario.topology.stores.map((store) => ({
    nodeId: store.id,
    kind: 'STORE',
    timeZone: store.timeZone,
    methods: store.methods,
    safetyStock: store.safetyStock,
    posBaseUrl: posBaseUrl(store.id),
    ...(store.quirks?.apiKey === undefined ? {} : { posApiKey: store.quirks.apiKey }),
    ...routingKnobs(store, scale),
  }));
  return {
    orchestratorConfig: {
      nodes: [...dcNodes, ...storeNodes],
      timing: { ...scenario.orchestrator },
      payment: { baseUrl: PAYMENT_BASE_URL, currency: 'USD', timeoutMs: scenario.orchestrator.posTimeoutMs },
      ...(scenario.routing === undefined ? {} : { routing: { rules: [...scenario.routing.rules] } }),
    },
    posStores: scenario.topology.stores.map((store) => ({
      storeId: store.id,
      timeZone: store.timeZone,
      openLocal: store.openLocal,
      closeLocal: store.closeLocal,
      stock: nodeStock(scenario, skus, perThousand(inventory.storeUnitsPerSkuPer1000Orders), store.safetyStock, (scarce) => scarce.storeUnits),
      staffPickDelayMinutes: store.staffPickDelayMinutes,
      ...(scale === 1 ? {} : { registers: scale }),
      ...(store.quirks === undefined ? {} : { quirks: posQuirks(store.quirks, startEpochMs) }),
    })),
    wmsDcs: scenario.topology.dcs.map((dc) => ({
      dcId: dc.id,
      timeZone: dc.timeZone,
      batchWindowLocal: dc.batchWindowLocal,
      shipWaveLocal: dc.shipWaveLocal,
      snapshotLocal: dc.snapshotLocal,
      stock: nodeStock(scenario, skus, perThousand(inventory.dcUnitsPerSkuPer1000Orders), dc.safetyStock, (scarce) => scarce.dcUnits),
      ...(dc.quirks === undefined ? {} : { quirks: wmsQuirks(dc.quirks, startEpochMs) }),
      // From the end of the heal phase the batch window runs every night: a skipped night is a delay, never the end.
      windowsAlwaysRunFromMs: startEpochMs + (scenario.phases.workloadHours + scenario.phases.healHours) * HOUR_MS,
    })),
    payment: paymentConfig(scenario.payment, startEpochMs),
  };
}
