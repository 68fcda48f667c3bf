import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { RunInfo, RunEnd } from '../model.ts';
import { count, elapsed, simulatedClock, speedLabel } from '../format.ts';

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

function status(mode: string, end: RunEnd | null): { text: string; color: string } {
  if (end !== null) {
    if (end.converged === null) return { text: 'FINISHED', color: 'blue' };
    return end.converged ? { text: 'CONVERGED', color: 'green' } : { text: 'NOT CONVERGED', color: 'red' };
  }
  return mode === 'paused' ? { text: 'PAUSED', color: 'yellow' } : mode === 'stepping' ? { text: 'STEPPING', color: 'yellow' } : { text: 'RUNNING', color: 'green' };
}

/** Scenario, seed, simulated clock (UTC), speed and time compression, and the run's state. */
export function Header(props: HeaderProps): ReactNode {
  const { info, end } = props;
  const state = status(props.mode, end);
  const planned = info.orders === null ? '' : `/${count(info.orders)}`;
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box justifyContent="space-between">
        <Text>
          <Text bold>converge watch</Text>  {info.source === 'trace' ? 'trace' : 'scenario'} <Text bold>{info.title}</Text>
          {info.seed === null ? '' : '  seed '}
          <Text bold>{info.seed ?? ''}</Text>  {info.orchestrator}
        </Text>
        <Text bold color={state.color}>
          {state.text}
        </Text>
      </Box>
      <Text>
        clock <Text bold>{simulatedClock(info.startEpochMs, props.atMs)}</Text>
        {info.startEpochMs === null ? '' : ` (${elapsed(props.atMs)})`}  speed <Text bold>{speedLabel(props.speed)}</Text>  compression{' '}
        <Text bold>{count(Math.round(props.compression))}x</Text>
      </Text>
      <Text>
        events {count(props.traceEvents)}  orders {count(props.orders.created)}
        {planned} placed, {count(props.orders.closed)} closed
      </Text>
    </Box>
  );
}
