import type { TraceEvent } from '../kernel/trace.ts';
import { count, duration, elapsed, rate, simulatedClock, tallyLine } from './format.ts';
import type { DashboardModel, DashboardSnapshot } from './model.ts';

/** Progress lines come every this much simulated time: deterministic, unlike a wall-clock timer. */
export const PROGRESS_EVERY_MS = 12 * 3_600_000;

/** One line of progress, for logs and pipes. */
export function progressLine(snapshot: DashboardSnapshot): string {
  const drift = Object.entries(snapshot.drift.byCategory)
    .map(([category, n]) => `${category} ${n}`)
    .join(', ');
  return `[${simulatedClock(snapshot.info.startEpochMs, snapshot.atMs)} ${elapsed(snapshot.atMs)}] trace events ${count(snapshot.traceEvents)}, orders ${count(snapshot.orders.created)} placed / ${count(snapshot.orders.closed)} closed, drift ${count(snapshot.drift.total)}${drift === '' ? '' : ` (${drift})`}, exceptions ${count(snapshot.exceptions.open)} open, dead letters ${count(snapshot.deadLetters.count)}, violations ${count(snapshot.violations.count)}`;
}

/**
 * Without a terminal: a line each PROGRESS_EVERY_MS of simulated time, as a trace listener
 * placed after the model's (it reads the model, never the world).
 */
export function plainProgress(model: DashboardModel, write: (line: string) => void, everyMs = PROGRESS_EVERY_MS): (event: TraceEvent) => void {
  let nextAtMs = everyMs;
  return (event) => {
    if (event.atMs < nextAtMs) return;
    nextAtMs = (Math.floor(event.atMs / everyMs) + 1) * everyMs;
    write(progressLine(model.snapshot()));
  };
}

/** The end of a trace replayed without a terminal (a trace has no verdict, so no formatSummary). */
export function traceSummary(snapshot: DashboardSnapshot): string {
  const m = snapshot.metrics;
  return [
    '',
    `Trace ${snapshot.info.file ?? snapshot.info.title}: ${count(snapshot.traceEvents)} trace events over ${duration(snapshot.atMs)} simulated`,
    `  orders        ${count(snapshot.orders.created)} placed, ${count(snapshot.orders.closed)} closed`,
    `  FOs by state  ${tallyLine(snapshot.systems.orchestrator)}`,
    `  POS holds     ${tallyLine(snapshot.systems.pos)}`,
    `  WMS lines     ${tallyLine(snapshot.systems.wms)}`,
    `  payment auths ${tallyLine(snapshot.systems.payment)}`,
    `  drift at end  ${count(snapshot.drift.total)}${Object.keys(snapshot.drift.byCategory).length === 0 ? '' : ` (${tallyLine(snapshot.drift.byCategory)})`}, peak ${count(Math.max(0, ...snapshot.drift.history))}`,
    `  metrics       reservation ${rate(m.reservationSuccessRate)}, routing ${rate(m.routingAccuracy)}, ack p95 ${duration(m.timeToAcknowledgeMs.p95)}, breaks ${rate(m.reconciliationBreakRate)}, duplicates suppressed ${rate(m.duplicateSuppressionRate)}, exceptions open ${count(m.exceptionAging.queueOpen)}`,
    '',
    'A trace carries no verdict: replay an incident, or run the scenario, to check the invariants.',
  ].join('\n');
}
