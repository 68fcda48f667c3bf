/**
 * out/mutation/oracle.json: what Stryker found for each sampled mutant, the score over the sample
 * and the mutants the gate runs did not kill, as the mutation oracle (`npm run mutation:oracle`)
 * writes and prints them. Score as Stryker's: (killed + timed out) / (killed + timed out +
 * survived + no coverage); mutants that broke the test run itself (runtime or compile errors)
 * count in neither, and neither do mutants not killed that docs/invariants.md declares
 * equivalent (test/oracle/equivalent-mutants.ts). `rawScore` counts those as survivors.
 */
import { equivalentFor, type EquivalentMutant } from './equivalent-mutants.ts';
import { mutantKey, type EnumeratedMutant, type SampleNode, type Span } from './mutant-sample.ts';

/** One mutant's result from Stryker (its `MutantResult`, file made relative). */
export interface StrykerOutcome {
  file: string;
  mutator: string;
  replacement: string;
  location: Span;
  /** Stryker's status: Killed, Survived, NoCoverage, Timeout, RuntimeError, CompileError, Ignored, Pending. */
  status: string;
  /** Ids of the tests that killed it (`file#name`). */
  killedBy: readonly string[];
  /** Stryker's reason, for a timeout (`Hit limit reached`, or none for the clock) or an error. */
  statusReason?: string;
}

type Fate = 'killed' | 'timedOut' | 'survived' | 'noCoverage' | 'errors' | 'equivalent';

const FATE_OF_STATUS: Readonly<Record<string, Fate>> = {
  Killed: 'killed',
  Timeout: 'timedOut',
  Survived: 'survived',
  NoCoverage: 'noCoverage',
  RuntimeError: 'errors',
  CompileError: 'errors',
};

export interface Tally {
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  errors: number;
  /** Not killed, and declared equivalent in docs/invariants.md: in no other count. */
  equivalent: number;
  /** Over the mutants not declared equivalent. */
  score: number;
  /** As if nothing were declared equivalent: those count as survivors. */
  rawScore: number;
}

/** A sampled mutant with where it is (line and column from 1, as editors show them) and what became of it. */
export interface ReportedMutant {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  mutator: string;
  original: string;
  replacement: string;
  status: string;
  /** The gate run that killed it, when one did. */
  killedBy?: string;
  /** Why it timed out or errored, as Stryker says (first line). */
  reason?: string;
  /** Not killed, and declared equivalent: the reason docs/invariants.md gives. */
  equivalent?: string;
}

export interface OracleReport extends Tally {
  format: 'converge-mutation-oracle';
  version: 2;
  seed: number;
  /** Mutants asked for (`--sample`); `sampled` is at least this (whole nodes are drawn). */
  requested: number;
  sampled: number;
  /** Every mutant of the files sampled from, and those files. */
  population: { mutants: number; files: number; excluded: string[] };
  /** Mutants Stryker also ran because they lie between two sampled nodes; not counted anywhere. */
  extraRun: number;
  wallMs: number;
  /** The gate runs, in the order each mutant meets them. */
  runs: string[];
  /** Mutants killed, per gate run that killed them first. */
  killedByRun: Record<string, number>;
  perFile: Array<{ file: string; sampled: number } & Tally>;
  /** Mutants neither killed nor timed out (survived or not covered) and not declared equivalent, in file order. */
  survivors: ReportedMutant[];
  /** Mutants not killed that docs/invariants.md declares equivalent, with the reason. */
  equivalents: ReportedMutant[];
  mutants: ReportedMutant[];
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

function tallyOf(mutants: readonly ReportedMutant[]): Tally {
  const counts = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0, errors: 0, equivalent: 0 };
  for (const mutant of mutants) counts[mutant.equivalent === undefined ? (FATE_OF_STATUS[mutant.status] ?? 'errors') : 'equivalent']++;
  const detected = counts.killed + counts.timedOut;
  const valid = detected + counts.survived + counts.noCoverage;
  return { ...counts, score: percent(detected, valid), rawScore: percent(detected, valid + counts.equivalent) };
}

function oneLine(text: string, width = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 3)}...`;
}

/**
 * The run a test id (`file#suite name`) belongs to: the longest run name it ends with (a recheck's
 * name ends with its run's), else the id's name part.
 */
function runOfTest(id: string, runs: readonly string[]): string {
  const name = id.slice(id.indexOf('#') + 1);
  const matches = runs.filter((run) => name.endsWith(run)).sort((a, b) => b.length - a.length);
  return matches[0] ?? name;
}

const NOT_KILLED = new Set(['Survived', 'NoCoverage']);

function reported(mutant: EnumeratedMutant, outcome: StrykerOutcome, runs: readonly string[], equivalents: readonly EquivalentMutant[]): ReportedMutant {
  const killedBy = outcome.killedBy[0];
  const killer = outcome.status === 'Killed' && killedBy !== undefined ? runOfTest(killedBy, runs) : undefined;
  const equivalent = NOT_KILLED.has(outcome.status) ? equivalentFor({ ...mutant, line: mutant.location.start.line + 1 }, equivalents) : undefined;
  return {
    file: mutant.file,
    line: mutant.location.start.line + 1,
    column: mutant.location.start.column + 1,
    endLine: mutant.location.end.line + 1,
    endColumn: mutant.location.end.column + 1,
    mutator: mutant.mutator,
    original: mutant.original,
    replacement: mutant.replacement,
    status: outcome.status,
    ...(killer === undefined ? {} : { killedBy: killer }),
    ...(outcome.statusReason === undefined || outcome.status === 'Killed' ? {} : { reason: oneLine(outcome.statusReason, 200) }),
    ...(equivalent === undefined ? {} : { equivalent: equivalent.reason }),
  };
}

export interface ReportInput {
  seed: number;
  requested: number;
  population: OracleReport['population'];
  sample: readonly SampleNode[];
  outcomes: readonly StrykerOutcome[];
  runs: readonly string[];
  /** What docs/invariants.md declares equivalent. */
  equivalents: readonly EquivalentMutant[];
  wallMs: number;
}

/**
 * Joins the sample with Stryker's outcomes. Throws when a sampled mutant has no outcome or was
 * ignored: then the sample and what Stryker ran differ, and no score would mean anything.
 */
export function buildReport(input: ReportInput): OracleReport {
  const byKey = new Map(input.outcomes.map((outcome) => [mutantKey(outcome), outcome]));
  const mutants: ReportedMutant[] = [];
  const problems: string[] = [];
  for (const mutant of input.sample.flatMap((node) => node.mutants)) {
    const outcome = byKey.get(mutantKey(mutant));
    byKey.delete(mutantKey(mutant));
    if (outcome === undefined || outcome.status === 'Ignored' || outcome.status === 'Pending') problems.push(`${mutantKey(mutant)}: ${outcome?.status ?? 'not run'}`);
    else mutants.push(reported(mutant, outcome, input.runs, input.equivalents));
  }
  if (problems.length > 0) throw new Error(`Stryker did not test ${problems.length} sampled mutant(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
  const extraRun = [...byKey.values()].filter((outcome) => outcome.status !== 'Ignored').length;
  const files = [...new Set(mutants.map((mutant) => mutant.file))].sort();
  const killedByRun: Record<string, number> = {};
  for (const run of input.runs) killedByRun[run] = 0;
  for (const mutant of mutants) if (mutant.killedBy !== undefined) killedByRun[mutant.killedBy] = (killedByRun[mutant.killedBy] ?? 0) + 1;
  return {
    format: 'converge-mutation-oracle',
    version: 2,
    seed: input.seed,
    requested: input.requested,
    sampled: mutants.length,
    ...tallyOf(mutants),
    population: input.population,
    extraRun,
    wallMs: input.wallMs,
    runs: [...input.runs],
    killedByRun,
    perFile: files.map((file) => {
      const own = mutants.filter((mutant) => mutant.file === file);
      return { file, sampled: own.length, ...tallyOf(own) };
    }),
    survivors: mutants.filter((mutant) => NOT_KILLED.has(mutant.status) && mutant.equivalent === undefined),
    equivalents: mutants.filter((mutant) => mutant.equivalent !== undefined),
    mutants,
  };
}

/** The summary and the survivors grouped by file, as the script prints them. */
export function formatReport(report: OracleReport): string {
  const minutes = (report.wallMs / 60_000).toFixed(1);
  const lines = [
    `mutation oracle: score ${report.score.toFixed(2)} % over ${report.sampled} sampled mutants (seed ${report.seed}; ${report.population.mutants} mutants in ${report.population.files} files) in ${minutes} min`,
    `  killed ${report.killed}, timed out ${report.timedOut}, survived ${report.survived}, no coverage ${report.noCoverage}, errors ${report.errors}, declared equivalent ${report.equivalent} (${report.rawScore.toFixed(2)} % counting those as survivors)`,
  ];
  for (const entry of report.perFile) {
    const survivors = report.survivors.filter((mutant) => mutant.file === entry.file);
    if (survivors.length === 0) continue;
    lines.push('', `${entry.file}: ${survivors.length} of ${entry.sampled} not killed (score ${entry.score.toFixed(1)} %)`);
    for (const mutant of survivors) {
      const status = mutant.status === 'NoCoverage' ? ' (no coverage)' : '';
      lines.push(`  ${mutant.line}:${mutant.column} ${mutant.mutator}${status}: ${oneLine(mutant.original)}  ->  ${oneLine(mutant.replacement)}`);
    }
  }
  return lines.join('\n');
}
