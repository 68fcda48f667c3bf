import type { Scenario } from './scenario-schema.ts';

/** The quirk and fault families a scenario switches on (`pos.ghostSuccess`, `wms.lateFiles`, ...), sorted. */
export function faultFamilies(scenario: Scenario): string[] {
  const faults = new Set<string>();
  for (const store of scenario.topology.stores) for (const key of Object.keys(store.quirks ?? {})) faults.add(`pos.${key}`);
  for (const dc of scenario.topology.dcs) for (const key of Object.keys(dc.quirks ?? {})) faults.add(`wms.${key}`);
  for (const key of Object.keys(scenario.payment.quirks ?? {})) faults.add(`payment.${key}`);
  for (const key of Object.keys(scenario.network.faults ?? {})) faults.add(`network.${key}`);
  return [...faults].sort();
}
