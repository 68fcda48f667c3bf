/**
 * `npm run bench`: issue #19's targets, each figure printed next to its goal, and where one
 * order's time goes by area (a profiled run of baseline 10k). Every world run is
 * its own process (so peak RSS is that run's alone) and is timed against a bare kernel loop
 * driving the same number of events in the same process. Single runs vary by 15-30% on this
 * machine; the ratios are measured in one run.
 *
 *   npm run bench               baseline 10k; holiday-spike 10k and 100k (1M projected); gate 20 and 100 seeds (1,000 projected)
 *   npm run bench -- --full     also holiday-spike at 1M orders and the gate at 1,000 seeds (about half an hour)
 *   npm run bench -- --json F   also writes every measurement and verdict to F
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseScriptArgs } from './script-args.ts';
import { allocatedKbPerOrder, fmt, GOALS, ordersPerSecond, perOrderUs, targetRows, worldOverBare, type AreaMeasurement, type GateMeasurement, type RunMeasurement } from './bench-targets.ts';
import { referenceAndHarness, timeByArea, usPerOrderByArea, type CpuProfile } from './profile-areas.ts';

const flags = parseScriptArgs({ full: { type: 'boolean', default: false }, json: { type: 'string' } }, 'npm run bench -- [--full] [--json FILE]');
const GATE_ORDERS = 1000;
/** A 1M-order world keeps more than Node's default heap limit; the limit is not what is measured (peak RSS is). */
const LARGE_HEAP_MB = 20_000;

function measureRun(scenario: string, orders: number): RunMeasurement {
  const heap = orders > 200_000 ? [`--max-old-space-size=${LARGE_HEAP_MB}`] : [];
  const output = execFileSync(process.execPath, [...heap, '--import', 'tsx', 'scripts/bench-one.ts', '--scenario', scenario, '--orders', String(orders)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as RunMeasurement;
}

/**
 * Where one order's time goes: the same run again under V8's sampling profiler, started and
 * stopped around the world run alone (module loading and the bare loop stay out), its shares by
 * area (scripts/profile-areas.ts) scaled by the unprofiled run's time per order (profiling itself
 * slows a run down, the shares much less).
 */
function measureAreas(timed: RunMeasurement): { areas: AreaMeasurement; byArea: [string, number][] } {
  const directory = join('out', 'bench');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${timed.scenario}-${timed.orders}.cpuprofile`);
  rmSync(file, { force: true });
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-one.ts', '--scenario', timed.scenario, '--orders', String(timed.orders), '--cpu-profile', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byArea = usPerOrderByArea(timeByArea(profile, `${resolve('.')}/`), perOrderUs(timed));
  const { reference, harness } = referenceAndHarness(byArea);
  return { areas: { scenario: timed.scenario, orders: timed.orders, referenceUs: reference, harnessUs: harness }, byArea };
}

function measureGate(seeds: number, workers: number): GateMeasurement['points'][number] {
  const started = performance.now();
  const { CONVERGE_FROM_SOURCE: _fromSource, ...env } = process.env;
  const gate = spawnSync(process.execPath, ['bin/converge.js', 'gate', '--scenarios', 'baseline', '--seeds', String(seeds), '--orders', String(GATE_ORDERS), '--workers', String(workers), '--no-progress'], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wallMs = performance.now() - started;
  if (gate.status !== 0) process.stderr.write(`gate with ${seeds} seeds exited ${gate.status}:\n${gate.stdout.slice(-2000)}${gate.stderr.slice(-2000)}\n`);
  return { seeds, wallMs, passed: gate.status === 0 };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

function runRow(run: RunMeasurement): string[] {
  return [
    run.scenario,
    fmt(run.orders),
    fmt(run.events),
    `${(run.wallMs / 1000).toFixed(1)} s`,
    fmt(ordersPerSecond(run)),
    fmt(perOrderUs(run)),
    fmt(allocatedKbPerOrder(run)),
    `${fmt(run.peakRssMb)} MB`,
    `${run.bareKernelMs} ms`,
    `${worldOverBare(run).toFixed(3)}x`,
    run.traceHash,
    run.converged && run.violations === 0 ? 'yes' : `NO (${run.violations} violations)`,
  ];
}

const workers = availableParallelism();
console.log(`converge bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB${flags.full ? ', --full' : ''}`);
console.log('reference orchestrator, direct transport, every invariant on; each run in its own process, seed 7\n');

const runs: RunMeasurement[] = [];
const header = ['scenario', 'orders', 'kernel events', 'wall', 'orders/s', 'us/order', 'KB alloc/order', 'peak RSS', 'bare kernel', 'world/bare', 'trace hash', 'converged'];
const widths = [13, 9, 13, 7, 8, 8, 14, 9, 11, 10, 16, 9];
const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
console.log(line(header));
const measure = (scenario: string, orders: number): RunMeasurement => {
  const run = measureRun(scenario, orders);
  runs.push(run);
  console.log(line(runRow(run)));
  return run;
};
const throughput = measure('baseline', 10_000);
const { areas, byArea } = measureAreas(throughput);
const spike = [10_000, 100_000, ...(flags.full ? [1_000_000] : [])].map((orders) => measure('holiday-spike', orders));

const gateSizes = flags.full ? [100, GOALS.gateSeeds] : [20, 100];
// The gate runs as users run it: compiled. bin/converge.js falls back to the sources through tsx
// when they are newer than dist/ (an edited working tree), and every worker would then compile
// TypeScript as it starts: that doubled the 20-seed figure. So the bench builds first.
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
console.log(`\ngate: converge gate --scenarios baseline --orders ${GATE_ORDERS} --workers ${workers} (plus the regression incidents), compiled dist/ built for the bench`);
const gate: GateMeasurement = { orders: GATE_ORDERS, workers, points: gateSizes.map((seeds) => measureGate(seeds, workers)) };
for (const point of gate.points) console.log(`  ${fmt(point.seeds)} seeds: ${(point.wallMs / 1000).toFixed(1)} s wall, ${point.passed ? 'passed' : 'FAILED'}`);

console.log(`\nwhere one order's time goes: ${throughput.scenario} ${fmt(throughput.orders)} profiled, shares scaled to the timed run's ${fmt(perOrderUs(throughput))} us/order`);
console.log(table([['area', 'us/order', 'share'], ...byArea.map(([area, us]) => [area, us.toFixed(1), `${((100 * us) / perOrderUs(throughput)).toFixed(1)} %`])]));

const rows = targetRows({ throughput, spike, gate, areas });
console.log('\ntargets (issue #19)');
console.log(table([['target', 'figure', 'goal', 'verdict'], ...rows.map((row) => [row.target, row.figure, row.goal, row.verdict])]));
if (flags.json !== undefined) writeFileSync(flags.json, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, runs, areas: { ...areas, byArea }, gate, targets: rows }, null, 2)}\n`);
