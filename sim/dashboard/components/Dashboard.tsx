import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { elapsed } from '../format.ts';
import { DriftPanel } from './DriftPanel.tsx';
import { ExceptionsPanel } from './ExceptionsPanel.tsx';
import { Header } from './Header.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { QueuesPanel } from './QueuesPanel.tsx';
import { SystemsPanel } from './SystemsPanel.tsx';
import { ViolationsPanel } from './ViolationsPanel.tsx';

export interface DashboardProps {
  snapshot: DashboardSnapshot;
  speed: number;
  compression: number;
  mode: string;
  /** Terminal width, columns. */
  columns: number;
  /** Terminal height, rows: below FULL_LAYOUT_ROWS the compact layout is drawn. */
  rows?: number;
}

/**
 * Rows the full layout needs (header, three rows of panels, the last event and the keys). A
 * shorter terminal scrolled the header, the run's state and the drift off the top; there the
 * compact layout keeps those three and says what it left out.
 */
export const FULL_LAYOUT_ROWS = 40;

/** Two panels side by side, half the width each. */
function Row({ left, right }: { left: ReactNode; right: ReactNode }): ReactNode {
  return (
    <Box>
      <Box width="50%">{left}</Box>
      <Box width="50%">{right}</Box>
    </Box>
  );
}

/** The whole screen, drawn from one snapshot: it reads, it never drives. */
export function Dashboard({ snapshot, speed, compression, mode, columns, rows = FULL_LAYOUT_ROWS }: DashboardProps): ReactNode {
  const last = snapshot.lastEvent;
  const finished = snapshot.end !== null;
  const compact = rows < FULL_LAYOUT_ROWS;
  return (
    <Box flexDirection="column" width={columns}>
      <Header info={snapshot.info} atMs={snapshot.atMs} traceEvents={snapshot.traceEvents} orders={snapshot.orders} speed={speed} compression={compression} mode={mode} end={snapshot.end} />
      {compact ? (
        <>
          <DriftPanel drift={snapshot.drift} />
          <Text wrap="truncate-end">
            {`violations: ${snapshot.violations.count}  ·  terminal too small: need ${columns}x${FULL_LAYOUT_ROWS} for every panel (now ${columns}x${rows})`}
          </Text>
        </>
      ) : (
        <>
          <Row left={<SystemsPanel systems={snapshot.systems} />} right={<DriftPanel drift={snapshot.drift} />} />
          <Row left={<QueuesPanel queues={snapshot.queues} deadLetters={snapshot.deadLetters} />} right={<ExceptionsPanel exceptions={snapshot.exceptions} />} />
          <Row left={<MetricsPanel metrics={snapshot.metrics} />} right={<ViolationsPanel violations={snapshot.violations} />} />
        </>
      )}
      <Text wrap="truncate-end" dimColor>
        {last === null ? 'no event yet' : `#${last.index} ${elapsed(last.atMs)} ${last.source} ${last.kind} ${last.orderId} ${last.ref}`}
      </Text>
      <Text>
        {finished ? (
          <Text bold>finished ({snapshot.end?.stopReason}). q quits</Text>
        ) : (
          <Text>
            <Text bold>space</Text> pause/resume  <Text bold>s</Text> step one batch  <Text bold>+</Text>/<Text bold>-</Text> speed  <Text bold>q</Text> quit
          </Text>
        )}
      </Text>
    </Box>
  );
}
