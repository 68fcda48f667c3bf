import type { RunMetrics } from '../report/metrics.ts';

/**
 * The metrics the differential gate compares. `absolute`: a threshold is in the metric's own
 * units (0.01 = one percentage point of a rate); `relative`: a fraction of the baseline's value
 * (0.1 = 10 % worse).
 */
export interface GateMetric {
  /** Its key in JSON reports and in `--regression-thresholds` (an API: never renamed). */
  name: string;
  /** Its column header for people, with its unit. */
  label: string;
  better: 'higher' | 'lower';
  scale: 'absolute' | 'relative';
  read(metrics: RunMetrics): number | null;
  /** How a person reads it in the report. */
  format(value: number): string;
}

const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;
const minutes = (value: number): string => `${(value / 60_000).toFixed(1)} min`;

export const GATE_METRICS: readonly GateMetric[] = [
  { name: 'reservationSuccessRate', label: 'holds granted (%)', better: 'higher', scale: 'absolute', read: (m) => m.reservationSuccessRate, format: percent },
  { name: 'routingAccuracy', label: 'routed as planned (%)', better: 'higher', scale: 'absolute', read: (m) => m.routingAccuracy, format: percent },
  { name: 'timeToAcknowledgeP95Ms', label: 'time to acknowledge, p95 (min)', better: 'lower', scale: 'relative', read: (m) => m.timeToAcknowledgeMs.p95, format: minutes },
  { name: 'reconciliationBreakRate', label: 'reconciliation breaks (%)', better: 'lower', scale: 'absolute', read: (m) => m.reconciliationBreakRate, format: percent },
  { name: 'duplicateSuppressionRate', label: 'duplicates suppressed (%)', better: 'higher', scale: 'absolute', read: (m) => m.duplicateSuppressionRate, format: percent },
  { name: 'closedOrderRate', label: 'orders closed (%)', better: 'higher', scale: 'absolute', read: (m) => (m.ordersPlaced === 0 ? null : m.ordersClosed / m.ordersPlaced), format: percent },
  { name: 'exceptionsOpenPer1000Orders', label: 'exceptions open per 1,000 orders', better: 'lower', scale: 'absolute', read: (m) => (m.ordersPlaced === 0 ? null : (m.exceptionAging.open * 1000) / m.ordersPlaced), format: (value) => value.toFixed(2) },
];

/** A metric's header for people, from its name (the name itself for one this version does not know). */
export function metricLabel(name: string): string {
  return GATE_METRICS.find((metric) => metric.name === name)?.label ?? name;
}

/** The mean of a metric over runs that have it, or null when none does. */
export function meanOf(metric: GateMetric, runs: readonly (RunMetrics | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const metrics of runs) {
    const value = metrics === null ? null : metric.read(metrics);
    if (value === null || !Number.isFinite(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** How much worse the candidate is, in the threshold's units (negative or zero: not worse). */
export function worsening(metric: GateMetric, baseline: number, candidate: number): number {
  const delta = metric.better === 'higher' ? baseline - candidate : candidate - baseline;
  if (metric.scale === 'absolute') return delta;
  if (baseline === 0) return delta > 0 ? Number.POSITIVE_INFINITY : 0;
  return delta / Math.abs(baseline);
}
