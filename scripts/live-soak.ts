/**
 * `npm run soak:live`: the reference orchestrator as a real process on SQLite, killed with
 * SIGKILL at random moments (50 times by default) while the live fakes and the checkers watch.
 * Exit 0 when every order settled with no violation, 1 otherwise, 2 for bad flags.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { wholeNumber } from '../sim/cli/options.ts';
import { KillSoak } from '../sim/live/soak/kill-soak.live.ts';
import { loadPlugin, REFERENCE_PLUGIN_REF } from '../sim/plugins/load-plugin.node.ts';
import { loadScenario } from '../sim/world/scenario-loader.node.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const program = new Command('soak:live')
  .description('kill the live reference orchestrator with SIGKILL at random moments and check nothing was lost or done twice')
  .option('--kills <n>', 'SIGKILLs before the run may settle', wholeNumber('--kills', 0, 10_000), 50)
  .option('--seed <n>', 'seed of the workload, the fakes and the kill moments', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
  .option('--speed <x>', 'simulated ms per real ms', wholeNumber('--speed', 1, 3_600), 240)
  .option('--kill-after <ms>', 'a process lives a random time up to this many real ms before its kill', wholeNumber('--kill-after', 100, 600_000), 8_000)
  .option('--scenario <path>', 'the scenario', join(root, 'scenarios/live/kill-soak.json'))
  .option('--orchestrator <module>', "the orchestrator plugin: 'reference' (bundled), a path to a module or a package name", 'reference')
  .option('--dir <folder>', 'where the SQLite file, the event log, the WMS folder and the report go (default: a new temporary folder)')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const flags = program.opts<{ kills: number; seed: number; speed: number; killAfter: number; scenario: string; orchestrator: string; dir?: string }>();
const { scenario, path } = loadScenario(flags.scenario);
// A module path is resolved here, so the orchestrator processes (started in the project root) find it too.
const ref = flags.orchestrator === REFERENCE_PLUGIN_REF || !/^[./]/.test(flags.orchestrator) ? flags.orchestrator : resolve(flags.orchestrator);
const plugin = await loadPlugin(ref);
const dir = flags.dir ?? mkdtempSync(join(tmpdir(), 'converge-kill-soak-'));
const say = (line: string): void => void process.stdout.write(`${line}\n`);
say(`live kill soak: ${plugin.name}@${plugin.version}, ${flags.kills} SIGKILLs, seed ${flags.seed}, speed ${flags.speed}x, scenario ${path}, folder ${dir}`);
const soak = new KillSoak({
  orchestrator: { ref, plugin },
  scenario,
  scenarioPath: path,
  seed: flags.seed,
  speed: flags.speed,
  kills: flags.kills,
  killAfterRealMs: { min: Math.min(500, flags.killAfter), max: flags.killAfter },
  dir,
  projectRoot: root,
  log: say,
});
const result = await soak.run();
writeFileSync(join(dir, 'soak-result.json'), `${JSON.stringify(result, null, 2)}\n`);
say(`${result.kills} SIGKILLs, ${result.starts} starts; ${result.ordersSent} orders sent, ${result.ordersTaken} taken, ${result.ordersClosed} closed, ${result.openExceptions} open exceptions`);
say(`${result.eventsPublished} events published (${result.eventsRedelivered} delivered again after a kill), ${result.traceEvents} trace events, ${result.simulatedHours.toFixed(1)} simulated hours in ${result.realSeconds.toFixed(0)} s`);
for (const violation of result.violations.slice(0, 20)) say(`VIOLATION ${violation.invariant} ${violation.orderId} ${violation.detail}${violation.firstBadEvent === null ? '' : ` (first bad event #${violation.firstBadEvent.index} ${violation.firstBadEvent.kind})`}`);
const passed = result.settled && result.violations.length === 0;
say(passed ? `PASSED: ${result.stopReason}; 0 violations` : `FAILED: ${result.violations.length} violations; stopped: ${result.stopReason}`);
say(`report: ${join(dir, 'soak-result.json')}`);
process.exit(passed ? 0 : 1);
