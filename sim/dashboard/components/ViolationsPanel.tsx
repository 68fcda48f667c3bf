import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count } from '../format.ts';
import { Panel } from './Panel.tsx';
import { tint } from './tint.ts';

/** The latest invariant violations, each with the command that replays the run. */
export function ViolationsPanel({ violations, shown = 2 }: { violations: DashboardSnapshot['violations']; shown?: number }): ReactNode {
  return (
    <Panel title={`Violations: ${count(violations.count)}`}>
      {violations.count === 0 ? (
        <Text color={tint('green')}>none so far</Text>
      ) : (
        violations.latest.slice(-shown).map((violation, i) => (
          <Box key={i} flexDirection="column">
            <Text color={tint('red')} wrap="truncate-end">
              {violation.invariant} {violation.orderId || '-'}: {violation.detail}
            </Text>
            <Text wrap="truncate-end">  replay: {violation.replay || '(not known for a trace file)'}</Text>
          </Box>
        ))
      )}
    </Panel>
  );
}
