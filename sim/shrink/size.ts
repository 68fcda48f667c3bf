import type { TraceEvent } from '../kernel/trace.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import type { RunResult } from '../world/simulate.ts';
import { faultFamilies } from './fault-families.ts';

/** How big a failing case is: what shrink minimises and prints before and after. */
export interface CaseSize {
  orders: number;
  /** Quirk and fault families switched on in the scenario (a store's `ghostSuccess`, `crashes`, ...). */
  faultFamilies: number;
  /** Faults that fired in the run: the sum of RunResult.faultsFired. */
  faultsFired: number;
  /** Trace events with source "orchestrator": what the orchestrator published, and the files it wrote (null: not recorded). */
  orchestratorEvents: number | null;
  traceEvents: number;
  /** workload + heal + convergence hours of the scenario. */
  phaseHours: number;
}

/** Counts the orchestrator's own trace events as a run goes. */
export class OrchestratorEventCounter {
  count = 0;
  readonly listen = (event: TraceEvent): void => {
    if (event.source === 'orchestrator') this.count++;
  };
}

export function caseSize(scenario: Scenario, orders: number, result: RunResult, orchestratorEvents: number): CaseSize {
  return {
    orders,
    faultFamilies: faultFamilies(scenario).length,
    faultsFired: Object.values(result.faultsFired).reduce((total, count) => total + count, 0),
    orchestratorEvents,
    traceEvents: result.traceEvents,
    phaseHours: scenario.phases.workloadHours + scenario.phases.healHours + scenario.phases.convergenceHours,
  };
}

export function formatSize(size: CaseSize): string {
  return `${size.orders} orders, ${size.faultFamilies} fault families, ${size.faultsFired} faults fired, ${size.orchestratorEvents ?? '?'} orchestrator trace events, ${size.traceEvents} trace events, ${size.phaseHours} h of phases`;
}
