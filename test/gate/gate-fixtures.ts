import type { Violation } from '../../sim/invariants/types.ts';
import type { RunMetrics } from '../../sim/report/metrics.ts';
import type { GateJob, JobOutcome, Verdict } from '../../sim/gate/gate-job.ts';
import type { ParkedReport } from '../../sim/world/parking.ts';
import { gateReasons, type GateReport } from '../../sim/gate/gate-report.ts';

export function metrics(overrides: Partial<RunMetrics> = {}): RunMetrics {
  return {
    ordersPlaced: 100,
    ordersClosed: 100,
    reservationSuccessRate: 1,
    routingAccuracy: 1,
    timeToAcknowledgeMs: { count: 100, p50: 60_000, p95: 600_000, p99: 900_000, max: 1_000_000 },
    reconciliationBreakRate: 0,
    reconciliationBreaks: { count: 0, byCategory: {} },
    duplicateSuppressionRate: null,
    duplicates: { networkCopies: 0, duplicateHolds: 0, seen: 0, notSuppressed: 0 },
    exceptionAging: { open: 0, oldestMs: null, queueOpen: 0, ageP50Ms: null, ageMaxMs: null, bySlaTier: {} },
    foStates: { COMPLETED: 100 },
    httpRequests: 0,
    httpTimeouts: 0,
    filesWritten: 0,
    deadLetters: 0,
    maxQueueDepthPerStore: {},
    ...overrides,
  } as RunMetrics;
}

export function violation(invariant: string, orderId = 'O-1', detail = 'two live holds'): Violation {
  return { invariant, orderId, detail, firstBadEvent: { index: 42, atMs: 1000, kind: 'pos.hold.created' }, replay: 'npx converge run --scenario baseline --seed 1' };
}

/** A run's parked orders: `byCategory` counts, against a budget of `budget` (default none allowed) for `orders` orders. */
export function parked(byCategory: Record<string, number> = {}, budget: readonly [number, number] = [0, 1], orders = 100): ParkedReport {
  const count = Object.values(byCategory).reduce((sum, n) => sum + n, 0);
  const allowed = Math.floor((orders * budget[0]) / budget[1]);
  return { orders: count, byCategory, budget: { orders: budget, byCategory: {} }, allowed: { orders: allowed, byCategory: {} }, withinBudget: count <= allowed };
}

export function outcome(scenario: string, seed: number, verdict: Verdict, extra: Partial<JobOutcome> = {}, job: Partial<GateJob> = {}): JobOutcome {
  const replay = `npx converge run --scenario ${scenario} --seed ${seed}`;
  return {
    job: { id: `${scenario}#${seed}`, scenarioRef: scenario, seed, plugin: 'reference', role: 'candidate', purpose: 'run', ...job },
    verdict,
    scenario,
    orchestrator: 'reference@0.1.0',
    traceHash: `hash-${scenario}-${seed}`,
    events: 1000,
    traceEvents: 900,
    wallMs: 1234,
    converged: verdict !== 'fail' && verdict !== 'error',
    runVerdict: verdict === 'fail' ? 'failed' : verdict === 'error' ? null : 'closed',
    orders: 100,
    parked: verdict === 'error' ? null : parked(),
    stopReason: 'every order closed or on the exception queue',
    violationCount: verdict === 'fail' ? 1 : 0,
    violations: verdict === 'fail' ? [{ ...violation('hold-uniqueness'), replay }] : [],
    faultPlan: ['pos.ghostSuccess'],
    vacuous: verdict === 'vacuous' ? ['pos.ghostSuccess'] : [],
    faultsFired: verdict === 'vacuous' ? {} : { 'pos.ghost_success': 3 },
    metrics: metrics(),
    replay,
    ...(verdict === 'error' ? { error: 'TypeError: boom\n    at somewhere' } : {}),
    ...extra,
  };
}

export function report(candidate: JobOutcome[], extra: Partial<GateReport> = {}): GateReport {
  const partial = {
    format: 'converge-gate-report' as const,
    version: 1 as const,
    settings: { scenarios: [...new Set(candidate.map((run) => run.scenario))], seeds: 1, firstSeed: 1, incidents: [], candidate: 'reference', workers: 0, recheck: 0 },
    candidate,
    baseline: [],
    determinism: { checked: 0, mismatches: [] },
    differential: null,
    contracts: null,
    incidents: {},
    wallMs: 5000,
    ...extra,
  };
  const reasons = gateReasons(partial);
  return { ...partial, passed: reasons.length === 0, reasons };
}
