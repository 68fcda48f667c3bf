/**
 * `npm run mutation:oracle`: the mutation score of the whole orchestrator through the gate.
 * Draws a seeded sample of StrykerJS mutants from every file of orchestrator/ (but
 * orchestrator/store/sqlite-store.node.ts, the durable store no simulated run uses), runs each
 * against gate runs of the named scenarios only (test/oracle/gate-runs.oracle.ts), writes
 * out/mutation/oracle.json and prints the mutants the gate did not kill, grouped by file.
 *
 *   --seed N      the sample's seed (default 1)
 *   --sample N    mutants to draw, at least (default 300); whole mutated nodes are drawn
 *   --dry-run     print the sample per file and stop, without Stryker
 *
 * How the sample reaches Stryker: one mutation range per sampled node (`file:line:col-line:col`)
 * keeps everything around it out, and the ignorer in test/oracle/sample-ignorer.mjs keeps out
 * what lies inside it but is not sampled. See docs/mutation.md.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { enumerateMutants } from '../test/oracle/enumerate-mutants.ts';
import { drawSample, groupNodes, type SampleNode, type Span } from '../test/oracle/mutant-sample.ts';
import { readEquivalentMutants } from '../test/oracle/equivalent-mutants.ts';
import { buildReport, formatReport, type StrykerOutcome } from '../test/oracle/oracle-report.ts';
import { oracleTestNames } from '../test/oracle/oracle-runs.ts';
import { parseScriptArgs, wholeNumberFlag } from './script-args.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'npm run mutation:oracle -- [--seed N] [--sample N] [--dry-run]';
const CONFIG_FILE = 'stryker.oracle.config.json';
const OUT_DIR = join(ROOT, 'out/mutation');
const REPORT_FILE = join(OUT_DIR, 'oracle.json');
const SAMPLE_FILE = join(OUT_DIR, 'oracle-sample.json');
const RESULTS_FILE = join(OUT_DIR, 'oracle-results.json');
const DEFAULT_SAMPLE = 300;

/** Never run by a simulation (the world keeps the orchestrator's store in memory): its mutants could only survive. */
const EXCLUDED = ['orchestrator/store/sqlite-store.node.ts'];

function populationFiles(): string[] {
  return (readdirSync(join(ROOT, 'orchestrator'), { recursive: true }) as string[])
    .map((name) => `orchestrator/${name.split('\\').join('/')}`)
    .filter((file) => file.endsWith('.ts') && !EXCLUDED.includes(file))
    .sort();
}

/** Stryker reports positions as its report schema has them, line and column from 1; the sample counts both from 0. */
function fromReportSpan(span: Span): Span {
  return { start: { line: span.start.line - 1, column: span.start.column - 1 }, end: { line: span.end.line - 1, column: span.end.column - 1 } };
}

/** Stryker's range syntax: line from 1, column from 0. */
function mutateRange(node: SampleNode): string {
  const { start, end } = node.location;
  return `${node.file}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`;
}

function writeSampleFile(seed: number, requested: number, sample: readonly SampleNode[]): void {
  const files: Record<string, SampleNode['location'][]> = {};
  for (const node of sample) (files[resolve(ROOT, node.file)] ??= []).push(node.location);
  writeFileSync(SAMPLE_FILE, `${JSON.stringify({ seed, requested, files }, null, 1)}\n`);
}

function printSample(sample: readonly SampleNode[]): void {
  const perFile = new Map<string, number>();
  for (const node of sample) perFile.set(node.file, (perFile.get(node.file) ?? 0) + node.mutants.length);
  for (const [file, count] of perFile) process.stdout.write(`  ${String(count).padStart(4)}  ${file}\n`);
}

async function main(): Promise<void> {
  const flags = parseScriptArgs({ seed: { type: 'string', default: '1' }, sample: { type: 'string', default: String(DEFAULT_SAMPLE) }, 'dry-run': { type: 'boolean', default: false } }, USAGE);
  const seed = wholeNumberFlag('--seed', flags.seed, 0, USAGE);
  const requested = wholeNumberFlag('--sample', flags.sample, 1, USAGE);
  process.chdir(ROOT);
  const startedMs = performance.now();

  const files = populationFiles();
  const population = await enumerateMutants(ROOT, files);
  const sample = drawSample(groupNodes(population), seed, requested);
  const sampled = sample.reduce((sum, node) => sum + node.mutants.length, 0);
  process.stdout.write(`mutation oracle: ${sampled} mutants (${sample.length} nodes) drawn with seed ${seed} from ${population.length} in ${files.length} files of orchestrator/ (excluded: ${EXCLUDED.join(', ')})\n`);
  if (flags['dry-run']) {
    printSample(sample);
    return;
  }

  mkdirSync(OUT_DIR, { recursive: true });
  writeSampleFile(seed, requested, sample);
  process.env['CONVERGE_ORACLE_SAMPLE'] = SAMPLE_FILE;
  const results = await new Stryker({ configFile: CONFIG_FILE, mutate: sample.map(mutateRange) }).runMutationTest();
  const outcomes: StrykerOutcome[] = results.map((result) => ({
    file: relative(ROOT, result.fileName).split('\\').join('/'),
    mutator: result.mutatorName,
    replacement: result.replacement,
    location: fromReportSpan(result.location),
    status: result.status,
    killedBy: result.killedBy ?? [],
    ...(result.statusReason === undefined ? {} : { statusReason: result.statusReason }),
  }));
  // Kept before the report is built: a run this long is not lost to a mismatch in the join.
  writeFileSync(RESULTS_FILE, `${JSON.stringify(outcomes)}\n`);
  const report = buildReport({
    seed,
    requested,
    population: { mutants: population.length, files: files.length, excluded: EXCLUDED },
    sample,
    outcomes,
    runs: oracleTestNames(),
    equivalents: readEquivalentMutants(join(ROOT, 'docs/invariants.md')),
    wallMs: Math.round(performance.now() - startedMs),
  });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n\nwrote ${relative(ROOT, REPORT_FILE)}\n`);
}

await main();
