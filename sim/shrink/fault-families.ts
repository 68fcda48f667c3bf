import type { Scenario } from '../world/scenario-schema.ts';

/** Where a fault family lives in a scenario: a path of keys and indices, e.g. ['topology', 'stores', 0, 'quirks', 'ghostSuccess']. */
export type FamilyPath = readonly (string | number)[];

/** Scenario blocks that are fault plans in themselves (present only in newer scenario schemas). */
const FAULT_BLOCKS = ['crashes', 'channel', 'clock', 'swarm'] as const;

/** Every fault family a scenario switches on, as paths into it, in a stable order. */
export function familyPaths(scenario: Scenario): FamilyPath[] {
  const paths: FamilyPath[] = [];
  scenario.topology.stores.forEach((store, index) => {
    for (const key of Object.keys(store.quirks ?? {})) paths.push(['topology', 'stores', index, 'quirks', key]);
  });
  scenario.topology.dcs.forEach((dc, index) => {
    for (const key of Object.keys(dc.quirks ?? {})) paths.push(['topology', 'dcs', index, 'quirks', key]);
  });
  for (const key of Object.keys(scenario.payment.quirks ?? {})) paths.push(['payment', 'quirks', key]);
  for (const key of Object.keys(scenario.network.faults ?? {})) paths.push(['network', 'faults', key]);
  const raw = scenario as unknown as Record<string, unknown>;
  for (const block of FAULT_BLOCKS) if (raw[block] !== undefined) paths.push([block]);
  return paths;
}

/** A person's name for a family path: `S1.ghostSuccess`, `payment.lostRequest`, `crashes`. */
export function familyName(scenario: Scenario, path: FamilyPath): string {
  if (path[0] === 'topology') {
    const nodes = path[1] === 'stores' ? scenario.topology.stores : scenario.topology.dcs;
    return `${nodes[path[2] as number]?.id ?? '?'}.${String(path[4])}`;
  }
  return path.map(String).join('.').replace(/^network\.faults/, 'network');
}

/** The families, named, sorted (what `faultFamilies` counts). */
export function faultFamilies(scenario: Scenario): string[] {
  return familyPaths(scenario)
    .map((path) => familyName(scenario, path))
    .sort();
}

/** A deep copy of a scenario's JSON without the families at `paths`. */
export function withoutFamilies(scenario: Scenario, paths: readonly FamilyPath[]): unknown {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  for (const path of paths) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
    if (parent !== null && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[path[path.length - 1] as string | number];
  }
  return copy;
}
