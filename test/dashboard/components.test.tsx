import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '../../sim/dashboard/components/Dashboard.tsx';
import { DriftPanel } from '../../sim/dashboard/components/DriftPanel.tsx';
import { ExceptionsPanel } from '../../sim/dashboard/components/ExceptionsPanel.tsx';
import { Header } from '../../sim/dashboard/components/Header.tsx';
import { MetricsPanel } from '../../sim/dashboard/components/MetricsPanel.tsx';
import { QueuesPanel } from '../../sim/dashboard/components/QueuesPanel.tsx';
import { SystemsPanel } from '../../sim/dashboard/components/SystemsPanel.tsx';
import { ViolationsPanel } from '../../sim/dashboard/components/ViolationsPanel.tsx';
import { runResult } from '../cli/run-result-fixture.ts';
import { fixtureEvents, fixtureModel, FIXTURE_INFO } from './fixture.ts';

/** Midway through the fixture: an exception open, a shipment unconfirmed, a release file read. */
function midway() {
  const model = fixtureModel(fixtureEvents().findIndex((event) => event.kind === 'dead_letter.added') + 1);
  model.addFinding({ invariant: 'hold-uniqueness', orderId: 'web-1', detail: 'two live holds for FO-web-1-1:1', firstBadEvent: null });
  return model.snapshot();
}

function frame(element: React.ReactElement): string {
  const { lastFrame, unmount } = render(element);
  // Panels keep a label with its value by a no-break space (components/together.ts); it reads as a space.
  const text = (lastFrame() ?? '').replaceAll('\u00a0', ' ');
  unmount();
  return text;
}

describe('dashboard panels', () => {
  it('header: scenario, seed, simulated clock in UTC, speed, compression and state', () => {
    const s = midway();
    const text = frame(<Header info={FIXTURE_INFO} atMs={s.atMs} traceEvents={s.traceEvents} orders={s.orders} speed={3600} compression={12_345} mode="paused" end={null} />);
    expect(text).toContain('fixture-scenario');
    expect(text).toContain('seed 42');
    expect(text).toContain('2026-11-02 08:38:20 UTC');
    expect(text).toContain('speed 1h/s');
    expect(text).toContain('compression 12,345x');
    expect(text).toContain('PAUSED');
  });

  it('orders by state, one line per system', () => {
    const text = frame(<SystemsPanel systems={midway().systems} />);
    expect(text).toMatch(/orchestrator FOs ACKNOWLEDGED 1 {2}ALLOCATED 1/);
    expect(text).toContain('POS holds HELD 1');
    expect(text).toContain('WMS lines SHIPPED 1');
    expect(text).toContain('payment auths AUTHORIZED 2');
  });

  it('drift: a sparkline over time and the categories now', () => {
    const text = frame(<DriftPanel drift={midway().drift} />);
    expect(text).toContain('now 2');
    expect(text).toContain('SYSTEM_UNREACHABLE 1');
    expect(text).toContain('wms-ship-unconfirmed 1');
    expect(text).toMatch(/[▁▂▃▄▅▆▇█]{3,}/);
  });

  it('queues with depth and peak, and dead letters', () => {
    const s = midway();
    const text = frame(<QueuesPanel queues={s.queues} deadLetters={s.deadLetters} />);
    expect(text).toContain('wms-inbox DC1 0/1');
    expect(text).toContain('dead letters 1');
    expect(text).toContain('TRUNCATED');
  });

  it('exception queue by SLA tier and age', () => {
    const text = frame(<ExceptionsPanel exceptions={midway().exceptions} />);
    expect(text).toContain('1 open');
    expect(text).toMatch(/P2\s+1\s+0\s+1\s+0\s+0\s+1\.6 h/);
  });

  it('the six metrics', () => {
    const text = frame(<MetricsPanel metrics={midway().metrics} />);
    for (const name of ['reservation success', 'routing accuracy', 'time to acknowledge', 'recon break rate', 'duplicate suppressed', 'exception aging']) expect(text).toContain(name);
    expect(text).toContain('p50 2.0 h');
  });

  it('violations with their replay command', () => {
    const text = frame(<ViolationsPanel violations={midway().violations} />);
    expect(text).toContain('Violations: 1');
    expect(text).toContain('hold-uniqueness web-1');
    expect(text).toContain('replay: npx converge run --scenario fixture-scenario --seed 42');
  });

  it('the whole screen fits 120x40 and shows every panel', () => {
    const text = frame(<Dashboard snapshot={midway()} speed={Number.POSITIVE_INFINITY} compression={0} mode="running" columns={120} />);
    for (const title of ['converge watch', 'Orders by state, per system', 'Drift: disagreeing orders', 'Adapter queues', 'Exception queue', 'Metrics', 'Violations: 1', 'q quit']) expect(text).toContain(title);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(120);
  });
});

describe('dashboard header at the end: the verdict and the parked orders beside the budget', () => {
  function ended(result: ReturnType<typeof runResult>): string {
    const model = fixtureModel();
    model.finish(result);
    const s = model.snapshot();
    return frame(<Header info={FIXTURE_INFO} atMs={s.atMs} traceEvents={s.traceEvents} orders={s.orders} speed={3600} compression={1} mode="running" end={s.end} />);
  }

  it('closed: CLOSED and nothing parked', () => {
    const text = ended(runResult('closed'));
    expect(text).toContain('CLOSED');
    expect(text).toContain('parked none; budget none allowed');
    expect(text).not.toMatch(/CONVERGED|VACUOUS/);
  });

  it('held: HELD and the parked orders by category beside the budget', () => {
    const text = ended(runResult('held'));
    expect(text).toContain('HELD');
    expect(text).toContain('parked 6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here');
    expect(text).not.toMatch(/CLOSED|CONVERGED/);
  });

  it('failed: FAILED, and a run over its budget says so', () => {
    const text = ended(runResult('failed', { byCategory: { UNROUTABLE: 42 } }));
    expect(text).toContain('FAILED');
    expect(text).toContain('42 orders (3.5 %): UNROUTABLE 42; budget none allowed (OVER BUDGET)');
  });

  it('vacuous: VACUOUS comes first, beside the verdict', () => {
    expect(ended(runResult('closed', { vacuous: true }))).toMatch(/VACUOUS CLOSED/);
    expect(ended(runResult('held', { vacuous: true }))).toMatch(/VACUOUS HELD/);
  });

  it('a trace file has no verdict: FINISHED, no parked line', () => {
    const model = fixtureModel();
    model.finish();
    const s = model.snapshot();
    const text = frame(<Header info={FIXTURE_INFO} atMs={s.atMs} traceEvents={s.traceEvents} orders={s.orders} speed={3600} compression={1} mode="running" end={s.end} />);
    expect(text).toContain('FINISHED');
    expect(text).not.toMatch(/parked|CLOSED|HELD|FAILED/);
  });

  it('the finished screen still fits 120x40', () => {
    const model = fixtureModel();
    model.finish(runResult('held', { byCategory: { UNROUTABLE: 4, LOST_ACK: 2, SYSTEM_UNREACHABLE: 1, ORPHAN_HOLD: 1, PAYMENT_MISMATCH: 1, STOCK_MISMATCH: 1 }, budget: [1, 10] }));
    const text = frame(<Dashboard snapshot={model.snapshot()} speed={Number.POSITIVE_INFINITY} compression={0} mode="running" columns={120} />);
    expect(text).toContain('HELD');
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(120);
  });
});
