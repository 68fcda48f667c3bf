import { plannedFaults } from './fault-plan.ts';
import type { Scenario } from './scenario-schema.ts';

/**
 * The faults a scenario plans by plan name (`pos.ghostSuccess`, `orchestrator.crashes`, ...),
 * sorted; a swarm profile shows as `swarm(<n> of <candidates>)`, since its plan is drawn per seed.
 */
export function faultFamilies(scenario: Scenario): string[] {
  const planned = plannedFaults(scenario).map((fault) => fault.name);
  const swarm = scenario.swarm;
  if (swarm === undefined) return planned;
  const candidates = Object.keys(swarm.candidates).sort();
  return [...planned, `swarm(${swarm.faults.min}-${swarm.faults.max} of ${candidates.join(' ')})`];
}
