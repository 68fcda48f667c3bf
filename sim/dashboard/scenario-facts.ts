import type { Scenario } from '../world/scenario-schema.ts';
import { longOutageMs, posBaseUrl } from '../world/topology.ts';

/** A node of the run, for reading its own clock: a store's POS or a DC's WMS. */
export interface NodeFact {
  id: string;
  kind: 'store' | 'dc';
  /** IANA time zone, as the scenario gives it. */
  timeZone: string;
}

/** A planned window in which a system is down or stuck, in ms since the run's start (`toMs` exclusive). */
export interface FaultWindow {
  /** The node (`S1`, `DC1`) or `payment`. */
  system: string;
  /** What happens meanwhile: `offline (hang)`, `long outage (refuse)`, `transfer stuck`. */
  what: string;
  fromMs: number;
  toMs: number;
}

/** Hours from the start as ms since it, rounded as the fakes round them (topology.ts). */
const hours = (fromHour: number, toHour: number): Pick<FaultWindow, 'fromMs' | 'toMs'> => {
  const { fromMs, toMs } = longOutageMs({ fromHour, hours: toHour - fromHour }, 0);
  return { fromMs, toMs };
};

type Outages = { offline?: readonly { fromHour: number; toHour: number; mode: string }[] | undefined; longOutage?: { fromHour: number; hours: number; mode: string } | undefined } | undefined;

function outagesOf(system: string, quirks: Outages): FaultWindow[] {
  const short = (quirks?.offline ?? []).map((window) => ({ system, what: `offline (${window.mode})`, ...hours(window.fromHour, window.toHour) }));
  const long = quirks?.longOutage;
  return long === undefined ? short : [...short, { system, what: `long outage (${long.mode})`, ...hours(long.fromHour, long.fromHour + long.hours) }];
}

/** The nodes and the planned outage windows of a concrete scenario (a swarm's draw already made), for the report's axes and shading. */
export function scenarioFacts(scenario: Scenario): { nodes: NodeFact[]; windows: FaultWindow[] } {
  const { stores, dcs } = scenario.topology;
  const nodes: NodeFact[] = [...stores.map((store) => ({ id: store.id, kind: 'store' as const, timeZone: store.timeZone })), ...dcs.map((dc) => ({ id: dc.id, kind: 'dc' as const, timeZone: dc.timeZone }))];
  const windows = [
    ...stores.flatMap((store) => outagesOf(store.id, store.quirks)),
    ...dcs.flatMap((dc) => {
      const stuck = dc.quirks?.stuckTransfer;
      return stuck === undefined ? [] : [{ system: dc.id, what: 'transfer stuck', ...hours(stuck.fromHour, stuck.fromHour + stuck.hours) }];
    }),
    ...outagesOf('payment', scenario.payment.quirks),
  ];
  return { nodes, windows: windows.sort((a, b) => a.fromMs - b.fromMs || (a.system < b.system ? -1 : 1)) };
}

/** The node a fake's or the network's trace event speaks for: POS and WMS details start with it, HTTP refs are a store's base URL. */
export function nodeOfEvent(event: { source: string; ref: string; detail: string }, nodes: readonly NodeFact[]): NodeFact | undefined {
  if (event.source === 'pos' || event.source === 'wms') {
    const first = event.detail.split(' ', 1)[0] ?? '';
    return nodes.find((node) => node.id === first);
  }
  if (event.source === 'network') return nodes.find((node) => node.kind === 'store' && posBaseUrl(node.id) === event.ref);
  return undefined;
}
