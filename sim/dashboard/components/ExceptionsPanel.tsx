import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count, duration } from '../format.ts';
import { Panel } from './Panel.tsx';

/**
 * Age columns as narrow as their headers allow, so the table (35 columns) fits a half-width panel
 * of an 80-column terminal: wider, ink wrapped it and headers landed on other lines than their
 * figures.
 */
const AGES: readonly (readonly [string, number])[] = [
  ['<1h', 4],
  ['1-4h', 5],
  ['4-24h', 6],
  ['>1d', 4],
];
const OLDEST_WIDTH = 7;
const HEADER = `${'tier'.padEnd(4)}${'open'.padStart(5)}${AGES.map(([label, width]) => label.padStart(width)).join('')}${'oldest'.padStart(OLDEST_WIDTH)}`;

/** The exception queue: open items per SLA tier, by age, and the oldest. */
export function ExceptionsPanel({ exceptions }: { exceptions: DashboardSnapshot['exceptions'] }): ReactNode {
  return (
    <Panel title={`Exception queue: ${count(exceptions.open)} open`}>
      <Text dimColor>{HEADER}</Text>
      {exceptions.byTier.length === 0 ? (
        <Text>nothing open</Text>
      ) : (
        exceptions.byTier.map((tier) => (
          <Text key={tier.tier}>
            {tier.tier.padEnd(4)}
            {String(tier.open).padStart(5)}
            {tier.ages.map((n, i) => String(n).padStart(AGES[i]?.[1] ?? 6)).join('')}
            {duration(tier.oldestMs).padStart(OLDEST_WIDTH)}
          </Text>
        ))
      )}
    </Panel>
  );
}
