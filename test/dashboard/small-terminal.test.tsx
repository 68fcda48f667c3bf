/**
 * At 80x24 the full layout (header, three rows of panels) scrolled the header, the run's state and
 * the drift off the top. Below the rows the full layout needs, the compact layout keeps those three
 * and says what it left out; a tall terminal gets every panel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboard, FULL_LAYOUT_ROWS } from '../../sim/dashboard/components/Dashboard.tsx';
import type { DashboardSnapshot } from '../../sim/dashboard/model.ts';
import { frameAt } from './render-at.ts';
import { storeOutageSnapshot } from './store-outage-snapshot.ts';

let snapshot: DashboardSnapshot;
beforeAll(async () => {
  snapshot = await storeOutageSnapshot();
}, 60_000);

const PANELS = ['Orders by state', 'Adapter queues', 'Exception queue', 'Metrics', 'Violations: '];

function draw(columns: number, rows: number): string[] {
  return frameAt(<Dashboard snapshot={snapshot} speed={3600} compression={1} mode="running" columns={columns} rows={rows} />, columns).split('\n');
}

describe('the dashboard on a small terminal', () => {
  it('at 80x24: the header, the verdict and the drift fit, with a notice naming the size every panel needs', () => {
    const lines = draw(80, 24);
    expect(lines.length).toBeLessThanOrEqual(24);
    const text = lines.join('\n');
    expect(text).toContain('converge watch');
    expect(text).toMatch(/CLOSED|HELD|FAILED/);
    expect(text).toContain('Drift: disagreeing orders');
    expect(text).toContain(`terminal too small: need 80x${FULL_LAYOUT_ROWS} for every panel (now 80x24)`);
    for (const panel of PANELS.slice(0, 4)) expect(text).not.toContain(panel);
  });

  it('at 160x50 and 80x40: every panel, the header and the verdict, within the rows', () => {
    for (const [columns, rows] of [
      [160, 50],
      [80, FULL_LAYOUT_ROWS],
    ] as const) {
      const lines = draw(columns, rows);
      const text = lines.join('\n');
      expect(lines.length, `${columns}x${rows}`).toBeLessThanOrEqual(rows);
      expect(text).toMatch(/CLOSED|HELD|FAILED/);
      expect(text).toContain('Drift: disagreeing orders');
      for (const panel of PANELS) expect(text, `${columns}x${rows}: ${panel}`).toContain(panel);
      expect(text).not.toContain('terminal too small');
    }
  });
});
