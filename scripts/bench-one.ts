/**
 * One benchmark measurement in its own process (so peak RSS is this run's alone): the world at
 * `--orders N`, then a bare kernel loop driving the same number of events, in the same process.
 * Prints one JSON object, with what the world run allocated on the heap (scripts/allocation-meter.ts).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SimKernel } from '../sim/kernel/kernel.ts';
import { loadScenario, ScenarioError } from '../sim/world/scenario-loader.node.ts';
import { simulate } from '../sim/world/simulate.ts';
import { measureAllocation } from './allocation-meter.ts';
import { parseScriptArgs, wholeNumberFlag } from './script-args.ts';

const USAGE = 'node --import tsx scripts/bench-one.ts --orders N [--scenario NAME] [--cpu-profile FILE]';
/** `--cpu-profile FILE`: V8's sampling profile of the world run alone (not module loading, not the bare loop) goes to FILE. */
const flags = parseScriptArgs({ orders: { type: 'string', default: '10000' }, scenario: { type: 'string', default: 'baseline' }, 'cpu-profile': { type: 'string' } }, USAGE);
const orders = wholeNumberFlag('--orders', flags.orders, 1, USAGE);
const scenarioName = flags.scenario;
const profilePath = flags['cpu-profile'];
const seed = 7;

/** The kernel alone: `events` events, each one scheduling the next few, with seeded delays. */
async function bareKernel(events: number): Promise<number> {
  const kernel = new SimKernel({ seed, startEpochMs: 0 });
  const random = kernel.random.stream('bench');
  let executed = 0;
  const step = (): void => {
    executed++;
    kernel.schedule('bench', 1 + random.int(60_000), step);
  };
  for (let i = 0; i < 64; i++) kernel.schedule('bench', random.int(60_000), step);
  const started = performance.now();
  await kernel.run({ untilMs: Number.MAX_SAFE_INTEGER - 1, maxEvents: events });
  if (executed !== events) throw new Error(`bare kernel ran ${executed} events, expected ${events}`);
  return performance.now() - started;
}

function scenarioNamed(name: string): ReturnType<typeof loadScenario>['scenario'] {
  try {
    return loadScenario(name).scenario;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
}

const scenario = scenarioNamed(scenarioName);
const profiler = profilePath === undefined ? undefined : new Session();
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const { result, allocatedBytes } = await measureAllocation(() => simulate({ scenario, scenarioRef: scenarioName, seed, orders }, () => performance.now()));
if (profiler !== undefined && profilePath !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(profilePath, JSON.stringify(profile));
  profiler.disconnect();
}
const bareMs = await bareKernel(result.events);
process.stdout.write(
  `${JSON.stringify({
    scenario: scenarioName,
    orders,
    events: result.events,
    traceEvents: result.traceEvents,
    wallMs: result.wallMs,
    simulatedMs: result.simulatedMs,
    converged: result.converged,
    violations: result.violations.length,
    traceHash: result.traceHash,
    bareKernelMs: Math.round(bareMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    allocatedMb: Math.round(allocatedBytes / 2 ** 20),
  })}\n`,
);
