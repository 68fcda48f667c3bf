/**
 * The gate-like runs the mutation oracle (`npm run mutation:oracle`) kills mutants with: every
 * named scenario (scenarios/*.json; the regression incidents are the gate's other half and stay
 * out), a few seeds each, at a reduced order count so one mutant's full pass stays near twenty
 * seconds. Order matters: Stryker's vitest runner stops at the first failing test, so the
 * cheapest runs that kill the most come first: seed 1 of every scenario at 400 orders, then the
 * runs that reach what those do not.
 *
 * Every (scenario, seed, orders) here must pass the gate on the reference orchestrator, faults
 * fired included: at fewer orders some faults never fire (pos-timeouts seed 3 and swarm seed 6 are
 * vacuous at 400), and Stryker refuses to start when its unmutated dry run fails. After a scenario
 * gains a fault, re-check its seeds here (`npx converge run --scenario S --seed N --orders 400`).
 */
export interface OracleRun {
  scenario: string;
  seed: number;
  orders: number;
}

/** Orders per run: the gate runs each scenario at its own size; this keeps a mutant's pass short. */
export const ORACLE_ORDERS = 400;

/** First pass, one seed per scenario, roughly cheapest and most killing first; then the same again on another seed. */
const SCENARIOS = [
  'baseline',
  'payment-trouble',
  'customer-actions',
  'duplicate-storm',
  'partial-failures',
  'wms-late-and-duplicate-files',
  'store-outage',
  'crash-restart',
  'swarm',
  'holiday-spike',
] as const;

/**
 * Scenarios whose inputs need more orders, or cost more per order, than the rest: one seed each,
 * after the first pass. scarce-stock's scarce SKUs run out only past about 500 orders (at 400 the
 * run is vacuous), and its DC's capacity per day binds only at its own 1,200 (at 800 an
 * orchestrator that never counts its FOs against capacity passed); long-outages heals for 17.5
 * simulated days, so one seed at 400 is enough. pos-timeouts' slow registers (`pos.serviceMs`)
 * stay under their threshold at 400 orders of seed 1.
 */
const HEAVY_RUNS: readonly OracleRun[] = [
  { scenario: 'pos-timeouts', seed: 1, orders: 500 },
  { scenario: 'scarce-stock', seed: 1, orders: 1200 },
  { scenario: 'long-outages', seed: 1, orders: ORACLE_ORDERS },
];

/**
 * Second seeds where they killed something on their own (measured: of eleven scenarios' seed 2
 * at 400 orders, only wms-late-and-duplicate-files killed a mutant no seed-1 run had).
 */
const SECOND_SEEDS: readonly OracleRun[] = [{ scenario: 'wms-late-and-duplicate-files', seed: 2, orders: ORACLE_ORDERS }];

/**
 * Full-size runs of the scenarios whose rarer paths show only with more orders (v8 coverage of
 * orchestrator/ over the 400-order runs against seed 1 at full size: about 100 statements more,
 * mostly store holds, captures, cancels and returns). holiday-spike at 1,200 orders, a fifth of
 * its own size: its full size costs more than the whole first pass.
 */
const FULL_SIZE_RUNS: readonly OracleRun[] = [
  { scenario: 'customer-actions', seed: 1, orders: 1200 },
  { scenario: 'payment-trouble', seed: 1, orders: 1200 },
  { scenario: 'store-outage', seed: 1, orders: 1200 },
  { scenario: 'pos-timeouts', seed: 1, orders: 1200 },
  { scenario: 'holiday-spike', seed: 1, orders: 1200 },
];

export const ORACLE_RUNS: readonly OracleRun[] = [...SCENARIOS.map((scenario) => ({ scenario, seed: 1, orders: ORACLE_ORDERS })), ...HEAVY_RUNS, ...SECOND_SEEDS, ...FULL_SIZE_RUNS];

/** A test name per run; unique, and never a prefix of another (Stryker filters tests by name pattern). */
export function runName(run: OracleRun): string {
  return `${run.scenario} seed ${run.seed} at ${run.orders} orders;`;
}

/** The gate's determinism self-check, after the runs: the first run again, twice, same trace hash. */
export function recheckName(run: OracleRun): string {
  return `recheck: ${runName(run)}`;
}

/** Every oracle test's name, in the order they run. */
export function oracleTestNames(): string[] {
  const [first] = ORACLE_RUNS;
  return [...ORACLE_RUNS.map(runName), ...(first === undefined ? [] : [recheckName(first)])];
}
