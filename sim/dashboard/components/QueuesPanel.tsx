import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import { count, elapsed } from '../format.ts';
import { Panel } from './Panel.tsx';
import { together } from './together.ts';

/** Adapter queue depths (now and peak), and the dead-letter queue. */
export function QueuesPanel({ queues, deadLetters }: Pick<DashboardSnapshot, 'queues' | 'deadLetters'>): ReactNode {
  const latest = deadLetters.latest.at(-1);
  return (
    <Panel title="Adapter queues (now / peak) and dead letters">
      <Text wrap="wrap">{queues.length === 0 ? 'no queue seen yet' : queues.map((queue) => together(queue.name, `${count(queue.depth)}/${count(queue.peak)}`)).join('  ')}</Text>
      <Text>
        <Text bold>dead letters </Text>
        {count(deadLetters.count)}
      </Text>
      {latest === undefined ? null : (
        <Text wrap="truncate-end" dimColor>
          {elapsed(latest.atMs)} {latest.reason || latest.id}
        </Text>
      )}
    </Panel>
  );
}
