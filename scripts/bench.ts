/**
 * `npm run bench`: throughput of the whole world (reference orchestrator, direct transport,
 * invariants on) against a bare kernel loop driving the same number of events in the same
 * process. Figures are ratios measured in one run; single runs vary by 15-30% on this machine.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

interface Measurement {
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
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const orderCounts = sizes.length > 0 ? sizes : [10_000, 100_000];

function measure(orders: number): Measurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-one.ts', '--orders', String(orders)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Measurement;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`converge bench, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log('scenario baseline, seed 7, reference orchestrator, direct transport, invariants on\n');
const header = ['orders', 'events', 'events/s', 'orders/s', 'compression', 'peak RSS', 'bare kernel ev/s', 'world/bare', 'converged'];
console.log(header.join('\t'));
for (const orders of orderCounts) {
  const m = measure(orders);
  const seconds = m.wallMs / 1000;
  const bareRate = m.events / (m.bareKernelMs / 1000);
  const worldRate = m.events / seconds;
  console.log(
    [
      fmt(m.orders),
      fmt(m.events),
      fmt(worldRate),
      fmt(m.orders / seconds),
      `${fmt(m.simulatedMs / m.wallMs)}x`,
      `${m.peakRssMb} MB`,
      fmt(bareRate),
      `${(worldRate / bareRate).toFixed(2)}x`,
      m.converged && m.violations === 0 ? 'yes' : `NO (${m.violations} violations)`,
    ].join('\t'),
  );
}
