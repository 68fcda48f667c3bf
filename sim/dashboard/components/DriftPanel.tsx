import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count, duration, sparkline, valuesPerBar } from '../format.ts';
import { Panel } from './Panel.tsx';
import { together } from './together.ts';
import { tint } from './tint.ts';

const WIDTH = 52;

/** Disagreeing orders over the whole run's simulated time (each bar the peak of its stretch), and by category now. */
export function DriftPanel({ drift }: { drift: DashboardSnapshot['drift'] }): ReactNode {
  const categories = Object.entries(drift.byCategory).sort(([, a], [, b]) => b - a);
  const peak = Math.max(0, ...drift.history);
  return (
    <Panel title={`Drift: disagreeing orders (${together('now', count(drift.total))}, ${together('peak', `${count(peak)})`)}`}>
      <Text color={tint('magenta')}>{sparkline(drift.history, WIDTH)}</Text>
      <Text dimColor>whole run, a bar per {duration(drift.stepMs * valuesPerBar(drift.history.length, WIDTH))} simulated</Text>
      <Text wrap="truncate-end">
        {categories.length === 0 ? 'no disagreement' : categories.slice(0, 4).map(([category, n]) => together(category, count(n))).join('  ')}
      </Text>
    </Panel>
  );
}
