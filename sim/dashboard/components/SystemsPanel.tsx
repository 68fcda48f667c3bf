import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { tallyLine } from '../format.ts';
import { Panel } from './Panel.tsx';

const ROWS: readonly [keyof DashboardSnapshot['systems'], string][] = [
  ['orchestrator', 'orchestrator FOs'],
  ['pos', 'POS holds'],
  ['wms', 'WMS lines'],
  ['payment', 'payment auths'],
];

/** Orders by state, per system: the orchestrator's FOs, POS holds, WMS lines, card authorisations. */
export function SystemsPanel({ systems }: { systems: DashboardSnapshot['systems'] }): ReactNode {
  return (
    <Panel title="Orders by state, per system">
      {ROWS.map(([system, label]) => (
        <Text key={system} wrap="wrap">
          <Text bold>{label} </Text>
          {tallyLine(systems[system])}
        </Text>
      ))}
    </Panel>
  );
}
