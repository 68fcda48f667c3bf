/**
 * `npm run contracts`: every contract check, offline. Consumer tests regenerate each pact into a
 * temporary folder and fail if it differs from contracts/pacts/; provider verifications replay
 * the committed pacts against the fakes (live HTTP server, message providers) and the adapter's
 * writer; property tests and the broken-adapter test run beside them.
 *
 * `npm run contracts:update` (`--update`): deletes contracts/pacts/ first (Pact merges into files
 * it finds, so stale interactions would survive), regenerates it from the consumer tests, then
 * runs every check against the new files. Review the diff and commit it: a contract change is
 * always a reviewed diff.
 *
 * Exit code: vitest's (0 when everything passed).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACTS_DIR = resolve(ROOT, 'contracts/pacts');
const TESTS_DIR = 'test/contracts';
const VITEST = resolve(ROOT, 'node_modules/vitest/vitest.mjs');

/** Pact's native core reports usage unless told not to; these checks run offline. */
const ENV = { ...process.env, PACT_DO_NOT_TRACK: 'true' };

function vitest(files: readonly string[], extraEnv: Record<string, string> = {}): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [VITEST, 'run', ...files], { cwd: ROOT, env: { ...ENV, ...extraEnv }, stdio: 'inherit' });
  process.stdout.write(`contracts: vitest run ${files.join(' ')} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (result.error !== undefined) throw result.error;
  return result.status ?? 1;
}

function consumerTests(): string[] {
  return readdirSync(resolve(ROOT, TESTS_DIR))
    .filter((name) => name.endsWith('.consumer.test.ts'))
    .sort()
    .map((name) => `${TESTS_DIR}/${name}`);
}

function main(): number {
  const update = process.argv.includes('--update');
  if (!update) return vitest([TESTS_DIR]);
  rmSync(PACTS_DIR, { recursive: true, force: true });
  process.stdout.write(`contracts: deleted ${PACTS_DIR}; regenerating it from the consumer tests\n`);
  const generated = vitest(consumerTests(), { CONTRACTS_UPDATE: '1' });
  if (generated !== 0) return generated;
  const checked = vitest([TESTS_DIR]);
  if (checked === 0) process.stdout.write('contracts: regenerated; review `git diff contracts/pacts` and commit it\n');
  return checked;
}

process.exitCode = main();
