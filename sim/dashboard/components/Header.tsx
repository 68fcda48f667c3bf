import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { RunInfo, RunEnd } from '../model.ts';
import { count, elapsed, simulatedClock, speedLabel } from '../format.ts';
import { parkedText } from '../../world/parking-text.ts';
import { VERDICT_LABEL, type Verdict } from '../../world/verdict.ts';
import { tint } from './tint.ts';

export interface HeaderProps {
  info: RunInfo;
  atMs: number;
  traceEvents: number;
  orders: { created: number; closed: number };
  /** Simulated seconds per wall second asked for (Infinity: flat out). */
  speed: number;
  /** Simulated ms per wall ms achieved so far. */
  compression: number;
  mode: string;
  end: RunEnd | null;
}

const VERDICT_COLOUR: Readonly<Record<Verdict, string>> = { closed: 'green', held: 'yellow', failed: 'red' };

/**
 * While running: RUNNING, PAUSED or STEPPING. At the end, the run's verdict (CLOSED, HELD or
 * FAILED; VACUOUS beside it when a planned fault never fired), or FINISHED for a trace file.
 */
function headerStatus(mode: string, end: RunEnd | null): { text: string; color: string; vacuous: boolean } {
  if (end !== null) {
    if (end.verdict === null) return { text: 'FINISHED', color: 'blue', vacuous: false };
    return { text: VERDICT_LABEL[end.verdict], color: VERDICT_COLOUR[end.verdict], vacuous: end.vacuous.length > 0 };
  }
  const text = mode === 'paused' ? 'PAUSED' : mode === 'stepping' ? 'STEPPING' : 'RUNNING';
  return { text, color: mode === 'running' ? 'green' : 'yellow', vacuous: false };
}

/** Scenario, seed, simulated clock (UTC), speed and time compression, and the run's state. */
export function Header(props: HeaderProps): ReactNode {
  const { info, end } = props;
  const state = headerStatus(props.mode, end);
  const planned = info.orders === null ? '' : `/${count(info.orders)}`;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box justifyContent="space-between">
        <Text>
          <Text bold>converge watch</Text>  {info.source === 'trace' ? 'trace' : 'scenario'} <Text bold>{info.title}</Text>
          {info.seed === null ? '' : '  seed '}
          <Text bold>{info.seed ?? ''}</Text>  {info.orchestrator}
        </Text>
        <Text>
          {state.vacuous ? (
            <Text bold color={tint('magenta')}>
              VACUOUS{' '}
            </Text>
          ) : (
            ''
          )}
          <Text bold color={tint(state.color)}>
            {state.text}
          </Text>
        </Text>
      </Box>
      <Text>
        clock <Text bold>{simulatedClock(info.startEpochMs, props.atMs)}</Text>
        {info.startEpochMs === null ? '' : ` (${elapsed(props.atMs)})`}  speed <Text bold>{speedLabel(props.speed)}</Text>  compression{' '}
        <Text bold>{count(Math.round(props.compression))}x</Text>
      </Text>
      <Text>
        trace events {count(props.traceEvents)}  orders {count(props.orders.created)}
        {planned} placed, {count(props.orders.closed)} closed
      </Text>
      {end?.parked === null || end?.parked === undefined ? null : (
        <Text wrap="truncate-end">
          parked <Text bold color={tint(end.parked.withinBudget ? undefined : 'red')}>{parkedText(end.parked, end.orders ?? props.orders.created)}</Text>
        </Text>
      )}
    </Box>
  );
}
