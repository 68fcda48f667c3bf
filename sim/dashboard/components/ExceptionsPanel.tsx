import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count, duration } from '../format.ts';
import { Panel } from './Panel.tsx';

/** The exception queue: open items per SLA tier, by age, and the oldest. */
export function ExceptionsPanel({ exceptions }: { exceptions: DashboardSnapshot['exceptions'] }): ReactNode {
  return (
    <Panel title={`Exception queue: ${count(exceptions.open)} open`}>
      <Text dimColor>{'tier   open   <1h  1-4h 4-24h   >1d  oldest'}</Text>
      {exceptions.byTier.length === 0 ? (
        <Text>nothing open</Text>
      ) : (
        exceptions.byTier.map((tier) => (
          <Text key={tier.tier}>
            {tier.tier.padEnd(6)}
            {String(tier.open).padStart(5)}
            {tier.ages.map((n) => String(n).padStart(6)).join('')}  {duration(tier.oldestMs)}
          </Text>
        ))
      )}
    </Panel>
  );
}
