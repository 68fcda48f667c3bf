import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { RunMetrics } from '../../report/metrics.ts';
import { count, duration, rate } from '../format.ts';
import { Panel } from './Panel.tsx';
import { together } from './together.ts';

/** The six operational metrics (sim/report/metrics.ts), as they stand so far. */
export function MetricsPanel({ metrics: m }: { metrics: RunMetrics }): ReactNode {
  const tta = m.timeToAcknowledgeMs;
  return (
    <Panel title="Metrics">
      <Text>{together('reservation success ', rate(m.reservationSuccessRate))}</Text>
      <Text>{together('routing accuracy    ', rate(m.routingAccuracy))}</Text>
      <Text>
        {together('time to acknowledge ', 'p50', duration(tta.p50))}  {together('p95', duration(tta.p95))}  {together('p99', duration(tta.p99))}
      </Text>
      <Text>
        {together('recon break rate    ', rate(m.reconciliationBreakRate))} {together(`(${count(m.reconciliationBreaks.count)}`, 'breaks)')}
      </Text>
      <Text>
        {together('duplicate suppressed', rate(m.duplicateSuppressionRate))} {together(`(${count(m.duplicates.seen)}`, 'seen)')}
      </Text>
      <Text>
        {together('exception aging     ', count(m.exceptionAging.queueOpen), 'open,')} {together('p50', `${duration(m.exceptionAging.ageP50Ms)},`)} {together('max', duration(m.exceptionAging.ageMaxMs))}
      </Text>
    </Panel>
  );
}
