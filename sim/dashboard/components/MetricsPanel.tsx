import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { RunMetrics } from '../../report/metrics.ts';
import { count, duration, rate } from '../format.ts';
import { Panel } from './Panel.tsx';

/** The six operational metrics (sim/report/metrics.ts), as they stand so far. */
export function MetricsPanel({ metrics: m }: { metrics: RunMetrics }): ReactNode {
  const tta = m.timeToAcknowledgeMs;
  return (
    <Panel title="Metrics">
      <Text>reservation success  {rate(m.reservationSuccessRate)}</Text>
      <Text>routing accuracy     {rate(m.routingAccuracy)}</Text>
      <Text>
        time to acknowledge  p50 {duration(tta.p50)}  p95 {duration(tta.p95)}  p99 {duration(tta.p99)}
      </Text>
      <Text>
        recon break rate     {rate(m.reconciliationBreakRate)} ({count(m.reconciliationBreaks.count)} breaks)
      </Text>
      <Text>
        duplicate suppressed {rate(m.duplicateSuppressionRate)} ({count(m.duplicates.seen)} seen)
      </Text>
      <Text>
        exception aging      {count(m.exceptionAging.queueOpen)} open, p50 {duration(m.exceptionAging.ageP50Ms)}, max {duration(m.exceptionAging.ageMaxMs)}
      </Text>
    </Panel>
  );
}
