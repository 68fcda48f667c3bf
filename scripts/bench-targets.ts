/**
 * The performance targets (issue #19, which raised issue #10's), judged from the bench's measurements. Pure: the bench measures, this
 * decides what each figure means against its goal, and whether it was measured or projected.
 */

/** One run of bench-one.ts (its own process). */
export interface RunMeasurement {
  scenario: string;
  orders: number;
  events: number;
  traceEvents: number;
  wallMs: number;
  simulatedMs: number;
  converged: boolean;
  violations: number;
  traceHash: string;
  bareKernelMs: number;
  peakRssMb: number;
  /** What the world run allocated on the V8 heap (scripts/allocation-meter.ts). */
  allocatedMb: number;
}

/** One profiled run's time per order: the reference's own and the harness's (everything else, GC included). */
export interface AreaMeasurement {
  scenario: string;
  orders: number;
  referenceUs: number;
  harnessUs: number;
}

/** Two gate runs of different sizes, so a fixed cost (worker start, regression incidents) and a per-seed cost separate. */
export interface GateMeasurement {
  orders: number;
  workers: number;
  points: { seeds: number; wallMs: number; passed: boolean }[];
}

export type Verdict = 'met' | 'NOT MET' | 'met (projected)' | 'NOT MET (projected)';

export interface TargetRow {
  target: string;
  figure: string;
  goal: string;
  verdict: Verdict;
}

export const GOALS = {
  ordersPerSecond: 25_000,
  /** The first bar on the way to `ordersPerSecond`. */
  ordersPerSecondFirstBar: 15_000,
  worldOverBare: 0.5,
  millionWallMs: 40_000,
  millionWallMsFirstBar: 60_000,
  millionRssMb: 1024,
  referenceUsPerOrder: 20,
  harnessUsPerOrder: 20,
  linearRatio: 1.3,
  gateSeeds: 1000,
  gateWallMs: 120_000,
} as const;

const MILLION = 1_000_000;

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function perOrderUs(run: RunMeasurement): number {
  return (run.wallMs * 1000) / run.orders;
}

export function ordersPerSecond(run: RunMeasurement): number {
  return run.orders / (run.wallMs / 1000);
}

/** Events a second in the world over events a second in the bare loop, same events, same process. */
export function worldOverBare(run: RunMeasurement): number {
  return run.bareKernelMs / run.wallMs;
}

function verdict(met: boolean, projected: boolean): Verdict {
  if (projected) return met ? 'met (projected)' : 'NOT MET (projected)';
  return met ? 'met' : 'NOT MET';
}

/** Straight line through two (x, y) points, read at x. */
export function extrapolate(a: { x: number; y: number }, b: { x: number; y: number }, x: number): number {
  if (a.x === b.x) return b.y;
  return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}

/** The largest time per order over the smallest, across the sizes measured (1 for one size). */
export function linearity(runs: readonly RunMeasurement[]): number {
  const costs = runs.map(perOrderUs);
  return Math.max(...costs) / Math.min(...costs);
}

/** The gate's wall time for `seeds`, from the two sizes measured: fixed cost plus seeds times the per-seed cost. */
export function gateWallMsAt(gate: GateMeasurement, seeds: number): { wallMs: number; projected: boolean } {
  const exact = gate.points.find((point) => point.seeds === seeds);
  if (exact !== undefined) return { wallMs: exact.wallMs, projected: false };
  const [small, large] = [...gate.points].sort((left, right) => left.seeds - right.seeds);
  if (small === undefined || large === undefined) throw new Error('gate measurement needs two sizes to project');
  return { wallMs: extrapolate({ x: small.seeds, y: small.wallMs }, { x: large.seeds, y: large.wallMs }, seeds), projected: true };
}

/**
 * The holiday-spike figures at 1M orders: measured if a 1M run was made, else projected from the
 * two largest runs (time and peak RSS grow along the line through them).
 */
export function millionOrders(spike: readonly RunMeasurement[]): { wallMs: number; rssMb: number; projected: boolean; from: string } {
  const sorted = [...spike].sort((left, right) => left.orders - right.orders);
  const measured = sorted.find((run) => run.orders === MILLION);
  if (measured !== undefined) return { wallMs: measured.wallMs, rssMb: measured.peakRssMb, projected: false, from: 'measured' };
  const [a, b] = sorted.slice(-2);
  if (a === undefined || b === undefined) throw new Error('holiday-spike needs two sizes to project 1M orders');
  return {
    wallMs: extrapolate({ x: a.orders, y: a.wallMs }, { x: b.orders, y: b.wallMs }, MILLION),
    rssMb: extrapolate({ x: a.orders, y: a.peakRssMb }, { x: b.orders, y: b.peakRssMb }, MILLION),
    projected: true,
    from: `projected from ${fmt(a.orders)} and ${fmt(b.orders)}`,
  };
}

/** Kilobytes allocated per order. */
export function allocatedKbPerOrder(run: RunMeasurement): number {
  return (run.allocatedMb * 1024) / run.orders;
}

export function targetRows(input: { throughput: RunMeasurement; spike: readonly RunMeasurement[]; gate: GateMeasurement; areas?: AreaMeasurement }): TargetRow[] {
  const { throughput, spike, gate, areas } = input;
  const rate = ordersPerSecond(throughput);
  const ratio = worldOverBare(throughput);
  const million = millionOrders(spike);
  const linear = linearity(spike);
  const sizes = [...spike].sort((left, right) => left.orders - right.orders).map((run) => fmt(run.orders));
  const gateAt = gateWallMsAt(gate, GOALS.gateSeeds);
  return [
    { target: `end to end, ${throughput.scenario} ${fmt(throughput.orders)} orders, one core, every invariant on`, figure: `${fmt(rate)} orders/s`, goal: `>= ${fmt(GOALS.ordersPerSecond)} orders/s (first bar ${fmt(GOALS.ordersPerSecondFirstBar)})`, verdict: verdict(rate >= GOALS.ordersPerSecond, false) },
    ...(areas === undefined
      ? []
      : [
          { target: `the reference's own time per order (profiled ${areas.scenario} ${fmt(areas.orders)})`, figure: `${fmt(areas.referenceUs)} us`, goal: `<= ${GOALS.referenceUsPerOrder} us`, verdict: verdict(areas.referenceUs <= GOALS.referenceUsPerOrder, false) },
          { target: `the harness's time per order, GC and runtime included (same run)`, figure: `${fmt(areas.harnessUs)} us`, goal: `<= ${GOALS.harnessUsPerOrder} us`, verdict: verdict(areas.harnessUs <= GOALS.harnessUsPerOrder, false) },
        ]),
    { target: 'world / bare kernel loop, same events, same process', figure: `${ratio.toFixed(3)}x`, goal: `>= ${GOALS.worldOverBare}x`, verdict: verdict(ratio >= GOALS.worldOverBare, false) },
    { target: `holiday-spike 1M orders: wall (${million.from})`, figure: `${fmt(million.wallMs / 1000)} s`, goal: `<= ${GOALS.millionWallMs / 1000} s (first bar ${GOALS.millionWallMsFirstBar / 1000} s)`, verdict: verdict(million.wallMs <= GOALS.millionWallMs, million.projected) },
    { target: `holiday-spike 1M orders: peak RSS (${million.from})`, figure: `${fmt(million.rssMb)} MB`, goal: `<= ${fmt(GOALS.millionRssMb)} MB`, verdict: verdict(million.rssMb <= GOALS.millionRssMb, million.projected) },
    { target: `linear cost, holiday-spike ${sizes.join(' / ')}: max / min time per order`, figure: `${linear.toFixed(2)}x`, goal: `<= ${GOALS.linearRatio}x`, verdict: verdict(linear <= GOALS.linearRatio, false) },
    {
      target: `gate ${fmt(GOALS.gateSeeds)} seeds x ${fmt(gate.orders)} orders, ${gate.workers} workers${gateAt.projected ? ` (projected from ${gate.points.map((point) => point.seeds).join(' and ')} seeds)` : ''}`,
      figure: `${fmt(gateAt.wallMs / 1000)} s`,
      goal: `<= ${GOALS.gateWallMs / 1000} s`,
      verdict: verdict(gateAt.wallMs <= GOALS.gateWallMs && gate.points.every((point) => point.passed), gateAt.projected),
    },
  ];
}
