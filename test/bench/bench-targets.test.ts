import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatedKbPerOrder, extrapolate, gateWallMsAt, linearity, millionOrders, targetRows, type GateMeasurement, type RunMeasurement } from '../../scripts/bench-targets.ts';

const run = (scenario: string, orders: number, wallMs: number, peakRssMb = 100, bareKernelMs = 10): RunMeasurement => ({
  scenario,
  orders,
  events: orders * 15,
  traceEvents: orders * 30,
  wallMs,
  simulatedMs: 1,
  converged: true,
  violations: 0,
  traceHash: '0'.repeat(16),
  bareKernelMs,
  peakRssMb,
  allocatedMb: orders / 10,
});

describe('bench targets: what each figure means against its goal', () => {
  it('extrapolates along the line through two points (and reads them back exactly)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (x1, dx, y1, y2) => {
        const a = { x: x1, y: y1 };
        const b = { x: x1 + dx, y: y2 };
        expect(extrapolate(a, b, a.x)).toBeCloseTo(y1, 6);
        expect(extrapolate(a, b, b.x)).toBeCloseTo(y2, 6);
      }),
    );
  });

  it('projects 1M orders from the two largest runs, and says so; a 1M run is read as measured', () => {
    const spike = [run('holiday-spike', 10_000, 5_000, 300), run('holiday-spike', 100_000, 50_000, 2_100)];
    expect(millionOrders(spike)).toEqual({ wallMs: 500_000, rssMb: 20_100, projected: true, from: 'projected from 10,000 and 100,000' });
    expect(millionOrders([...spike, run('holiday-spike', 1_000_000, 70_000, 900)])).toEqual({ wallMs: 70_000, rssMb: 900, projected: false, from: 'measured' });
  });

  it('measures linearity as the worst time per order over the best', () => {
    expect(linearity([run('s', 10_000, 5_000), run('s', 100_000, 60_000)])).toBeCloseTo(1.2, 9);
    expect(linearity([run('s', 10_000, 5_000)])).toBe(1);
  });

  it('projects the gate from a fixed cost plus a per-seed cost', () => {
    const gate: GateMeasurement = { orders: 1000, workers: 2, points: [{ seeds: 20, wallMs: 10_000, passed: true }, { seeds: 100, wallMs: 26_000, passed: true }] };
    expect(gateWallMsAt(gate, 1000)).toEqual({ wallMs: 206_000, projected: true });
    expect(gateWallMsAt(gate, 100)).toEqual({ wallMs: 26_000, projected: false });
  });

  it('prints every target with its figure, goal and verdict; a failed gate is never met', () => {
    const gate: GateMeasurement = { orders: 1000, workers: 2, points: [{ seeds: 100, wallMs: 10_000, passed: true }, { seeds: 1000, wallMs: 100_000, passed: false }] };
    const rows = targetRows({ throughput: run('baseline', 10_000, 500, 100, 300), spike: [run('holiday-spike', 10_000, 600), run('holiday-spike', 100_000, 6_000), run('holiday-spike', 1_000_000, 59_000, 1000)], gate });
    expect(rows.map((row) => [row.figure, row.verdict])).toEqual([
      ['20,000 orders/s', 'NOT MET'],
      ['0.600x', 'met'],
      ['59 s', 'NOT MET'],
      ['1,000 MB', 'met'],
      ['1.02x', 'met'],
      ['100 s', 'NOT MET'],
    ]);
  });

  it("adds the reference's and the harness's time per order when a profiled run is given", () => {
    const gate: GateMeasurement = { orders: 1000, workers: 2, points: [{ seeds: 100, wallMs: 10_000, passed: true }, { seeds: 1000, wallMs: 100_000, passed: true }] };
    const rows = targetRows({ throughput: run('baseline', 10_000, 300), spike: [run('holiday-spike', 10_000, 600), run('holiday-spike', 100_000, 6_000)], gate, areas: { scenario: 'baseline', orders: 10_000, referenceUs: 15, harnessUs: 21 } });
    expect(rows.slice(0, 3).map((row) => [row.figure, row.verdict])).toEqual([
      ['33,333 orders/s', 'met'],
      ['15 us', 'met'],
      ['21 us', 'NOT MET'],
    ]);
    expect(allocatedKbPerOrder(run('baseline', 10_000, 300))).toBeCloseTo(102.4, 9);
  });
});
