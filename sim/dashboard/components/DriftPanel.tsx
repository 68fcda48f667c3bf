import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count, duration, sparkline } from '../format.ts';
import { Panel } from './Panel.tsx';

const WIDTH = 52;

/** Disagreeing orders over simulated time (one bar per sample step), and by category now. */
export function DriftPanel({ drift }: { drift: DashboardSnapshot['drift'] }): ReactNode {
  const categories = Object.entries(drift.byCategory).sort(([, a], [, b]) => b - a);
  const peak = Math.max(0, ...drift.history);
  return (
    <Panel title={`Drift: disagreeing orders (now ${count(drift.total)}, peak ${count(peak)})`}>
      <Text color="magenta">{sparkline(drift.history, WIDTH)}</Text>
      <Text dimColor>one bar per {duration(drift.stepMs)} of simulated time</Text>
      <Text wrap="truncate-end">
        {categories.length === 0 ? 'no disagreement' : categories.slice(0, 4).map(([category, n]) => `${category} ${count(n)}`).join('  ')}
      </Text>
    </Panel>
  );
}
