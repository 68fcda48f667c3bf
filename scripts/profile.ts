/**
 * `npm run profile -- [--scenario S] [--orders N] [--top K]`: one world run under V8's sampling
 * profiler (node --cpu-prof), then where the time went: self time per source file and per
 * function, garbage collection included. The .cpuprofile is kept in out/profile/ for Chrome
 * DevTools or speedscope. Profile before optimising; keep the trace hash the same after.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { timeByArea, type CpuProfile, type ProfileNode } from './profile-areas.ts';
import { parseScriptArgs, wholeNumberFlag } from './script-args.ts';


const USAGE = 'npm run profile -- [--scenario NAME] [--orders N] [--top K]';
const flags = parseScriptArgs({ scenario: { type: 'string', default: 'baseline' }, orders: { type: 'string', default: '10000' }, top: { type: 'string', default: '25' } }, USAGE);
const orders = wholeNumberFlag('--orders', flags.orders, 1, USAGE);
const top = wholeNumberFlag('--top', flags.top, 1, USAGE);
const directory = join('out', 'profile');
rmSync(directory, { recursive: true, force: true });
mkdirSync(directory, { recursive: true });

const profiled = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${directory}`, '--import', 'tsx', 'scripts/bench-one.ts', '--scenario', flags.scenario, '--orders', String(orders)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (profiled.status !== 0) process.exit(profiled.status ?? 1);
const output = profiled.stdout;
const run = JSON.parse(output.trim().split('\n').at(-1) as string) as { wallMs: number; events: number; traceHash: string };
const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no .cpuprofile written to ${directory}`);
const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;

const where = (node: ProfileNode): string => {
  const { url } = node.callFrame;
  if (url === '') return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : `(${node.callFrame.functionName || 'native'})`;
  const path = url.startsWith('file://') ? relative(process.cwd(), new URL(url).pathname) : url;
  return path.startsWith('node_modules/') ? path.split('/').slice(0, path.startsWith('node_modules/@') ? 3 : 2).join('/') : path;
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const sample of profile.samples) {
  const node = byId.get(sample);
  if (node === undefined) continue;
  const path = where(node);
  byFile.set(path, (byFile.get(path) ?? 0) + 1);
  const name = path.startsWith('(') ? path : `${node.callFrame.functionName || '(anonymous)'}  ${path}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
}
const total = profile.samples.length;
const print = (title: string, counts: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`);
};
console.log(`${flags.scenario}, ${flags.orders} orders, seed 7: ${(run.wallMs / 1000).toFixed(1)} s, ${run.events} kernel events, trace hash ${run.traceHash}`);
print('self time by file', byFile);
print('self time by function', byFunction);
console.log('\ntime by area (idle left out; a library\'s time charged to the project file that called it)');
for (const [area, share] of timeByArea(profile, `${process.cwd()}/`)) console.log(`${(100 * share).toFixed(1).padStart(5)} %  ${area}`);
console.log(`\nprofile: ${join(directory, file)} (open in Chrome DevTools > Performance, or speedscope)`);
