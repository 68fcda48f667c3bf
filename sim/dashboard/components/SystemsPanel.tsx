import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count } from '../format.ts';
import { Panel } from './Panel.tsx';
import { NO_BREAK, together } from './together.ts';

const ROWS: readonly [keyof DashboardSnapshot['systems'], string][] = [
  ['orchestrator', 'orchestrator FOs'],
  ['pos', 'POS holds'],
  ['wms', 'WMS lines'],
  ['payment', 'payment auths'],
];

/** `CANCELLED 2  COMPLETED 58`: each state kept with its count. */
function tally(record: Readonly<Record<string, number>>): string {
  const units = Object.entries(record).map(([state, n]) => together(state, count(n)));
  return units.length === 0 ? '-' : units.join('  ');
}

/** Orders by state, per system: the orchestrator's FOs, POS holds, WMS lines, card authorisations. */
export function SystemsPanel({ systems }: { systems: DashboardSnapshot['systems'] }): ReactNode {
  return (
    <Panel title="Orders by state, per system">
      {ROWS.map(([system, label]) => (
        <Text key={system} wrap="wrap">
          {/* ink squashes nested text before wrapping: the no-break space keeps the label with the first state. */}
          <Text bold>{together(label)}</Text>
          {NO_BREAK}
          {tally(systems[system])}
        </Text>
      ))}
    </Panel>
  );
}
