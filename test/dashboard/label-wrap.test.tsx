import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '../../sim/dashboard/components/Dashboard.tsx';
import { duration } from '../../sim/dashboard/format.ts';
import type { DashboardSnapshot } from '../../sim/dashboard/model.ts';
import { frameAt } from './render-at.ts';
import { storeOutageSnapshot } from './store-outage-snapshot.ts';

let snapshot: DashboardSnapshot;
beforeAll(async () => {
  snapshot = await storeOutageSnapshot();
}, 60_000);

/** Every label with its value, as the panels print them. */
function pairs(s: DashboardSnapshot): string[] {
  const tta = s.metrics.timeToAcknowledgeMs;
  const states = Object.values(s.systems).flatMap((tally) => Object.entries(tally).map(([state, n]) => `${state} ${n.toLocaleString('en-US')}`));
  return [
    ...s.queues.map((queue) => `${queue.name} ${queue.depth}/${queue.peak}`),
    ...states,
    `p50 ${duration(tta.p50)}`,
    `p95 ${duration(tta.p95)}`,
    `p99 ${duration(tta.p99)}`,
    `peak ${Math.max(0, ...s.drift.history)})`,
    'tier open <1h 1-4h 4-24h >1d oldest',
  ];
}

describe('no label is split from its value', () => {
  for (const columns of [80, 120, 160]) {
    it(`at ${columns} columns`, () => {
      const frame = frameAt(<Dashboard snapshot={snapshot} speed={3600} compression={12_345} mode="running" columns={columns} />, columns);
      // Lines as read: no-break spaces are spaces, runs of spaces (table padding) one space.
      const lines = frame.split('\n').map((line) => line.replaceAll('\u00a0', ' ').replace(/ +/g, ' '));
      expect(lines.length).toBeGreaterThan(10);
      const split = pairs(snapshot).filter((pair) => !lines.some((line) => line.includes(pair)));
      expect(split).toEqual([]);
    });
  }
});
