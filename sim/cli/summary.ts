import { parkedText } from '../world/parking-text.ts';
import { MAX_VIOLATIONS } from '../world/world.ts';
import type { RunResult } from '../world/simulate.ts';
import { verdictHeadline } from '../world/verdict.ts';

const DAY_MS = 86_400_000;

function rate(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function duration(ms: number | null): string {
  if (ms === null) return 'n/a';
  if (ms >= DAY_MS) return `${(ms / DAY_MS).toFixed(1)} d`;
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${ms} ms`;
}

/**
 * A person's summary of a run: what happened, the orders parked beside the parking budget, the
 * verdict (closed, held or failed; vacuous beside it) and how to replay failures.
 */
export function formatSummary(result: RunResult): string {
  const m = result.metrics;
  const states = Object.entries(m.foStates)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');
  const breaks = Object.entries(m.reconciliationBreaks.byCategory)
    .map(([category, count]) => `${category} ${count}`)
    .join(', ');
  const tiers = Object.entries(m.exceptionAging.bySlaTier)
    .map(([tier, counts]) => `${tier} ${counts.opened} opened/${counts.resolved} resolved/${counts.open} open`)
    .join(', ');
  const lines = [
    '',
    `Scenario ${result.scenario}, seed ${result.seed}, orchestrator ${result.orchestrator}`,
    `  orders        ${result.orders} placed, ${m.ordersClosed} closed`,
    `  parked        ${parkedText(result.parked, result.orders)}`,
    `  simulated     ${duration(result.simulatedMs)} in ${(result.wallMs / 1000).toFixed(2)} s wall (${Math.round(result.simulatedMs / Math.max(1, result.wallMs)).toLocaleString('en-US')}x), ${result.events.toLocaleString('en-US')} kernel events, ${result.traceEvents.toLocaleString('en-US')} trace events, stopped: ${result.stopReason}`,
    `  FOs by state  ${states || 'none'}`,
    `  traffic       ${m.httpRequests} POS requests (${m.httpTimeouts} timed out), ${m.filesWritten} batch files written`,
    '  metrics',
    `    reservation success rate   ${rate(m.reservationSuccessRate)}`,
    `    routing accuracy           ${rate(m.routingAccuracy)}`,
    `    time to acknowledge        p50 ${duration(m.timeToAcknowledgeMs.p50)}, p95 ${duration(m.timeToAcknowledgeMs.p95)}, p99 ${duration(m.timeToAcknowledgeMs.p99)}, max ${duration(m.timeToAcknowledgeMs.max)} (${m.timeToAcknowledgeMs.count} FOs)`,
    `    reconciliation break rate  ${rate(m.reconciliationBreakRate)} (${m.reconciliationBreaks.count} breaks${breaks === '' ? '' : `: ${breaks}`})`,
    `    duplicate suppression      ${rate(m.duplicateSuppressionRate)} (${m.duplicates.seen} seen, ${m.duplicates.notSuppressed} not suppressed; ${m.duplicates.networkCopies} network copies, ${m.duplicates.duplicateHolds} duplicate POS holds)`,
    `    exception aging            ${m.exceptionAging.open} FOs parked, oldest ${duration(m.exceptionAging.oldestMs)}; queue ${m.exceptionAging.queueOpen} open, age p50 ${duration(m.exceptionAging.ageP50Ms)}, max ${duration(m.exceptionAging.ageMaxMs)}`,
    `    exceptions by SLA tier     ${tiers || 'none'}`,
    `  fault plan    ${result.faultPlan.join('; ') || 'none'}`,
    `  faults fired  ${Object.entries(result.faultsFired).map(([name, count]) => `${name} ${count}`).join(', ') || 'none'}`,
    `  trace hash    ${result.traceHash}`,
  ];
  if (result.vacuous.length > 0) lines.push(`  never fired   ${result.vacuous.join(', ')}`);
  lines.push('', verdictHeadline(result.verdict, result.parked.orders, result.vacuous.length));
  if (result.violations.length > 0) {
    lines.push(`VIOLATIONS: ${result.violations.length}${result.violations.length >= MAX_VIOLATIONS ? ' (capped)' : ''}`);
    for (const violation of result.violations.slice(0, 10)) {
      const at = violation.firstBadEvent === null ? 'at the end' : `first bad event #${violation.firstBadEvent.index} ${violation.firstBadEvent.kind} at +${duration(violation.firstBadEvent.atMs)}`;
      lines.push(`  - ${violation.invariant} order ${violation.orderId || '-'}: ${violation.detail}`, `    ${at}`, `    replay: ${violation.replay}`);
    }
    if (result.violations.length > 10) lines.push(`  ... and ${result.violations.length - 10} more (use --json for all)`);
  } else if (result.verdict === 'failed') {
    lines.push(`NOT SETTLED: orders were still in flight when the run stopped (${result.stopReason}).`);
  }
  return lines.join('\n');
}
