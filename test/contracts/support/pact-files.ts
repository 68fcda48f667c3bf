/**
 * Where consumer tests write their pacts and how they are checked against the committed ones.
 *
 * Pact merges a run's interactions into whatever file is already in its folder, so every consumer
 * test writes into a fresh temporary folder of its own (parallel workers never share one) and the
 * last test of the file compares the result with contracts/pacts/: a contract change is always a
 * reviewed diff. `npm run contracts:update` (CONTRACTS_UPDATE=1) deletes contracts/pacts/ first
 * and lets each consumer test copy its file there instead.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMMITTED_PACTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../contracts/pacts');

export const UPDATE_ENV = 'CONTRACTS_UPDATE';

export function updating(): boolean {
  return process.env[UPDATE_ENV] === '1';
}

/** A fresh folder for one test file's pacts; removed by `dispose`. */
export function temporaryPactDir(label: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `converge-pact-${label}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}

export function committedPactPath(consumer: string, provider: string): string {
  return join(COMMITTED_PACTS_DIR, pactFileName(consumer, provider));
}

export type PactComparison = { kind: 'same' } | { kind: 'updated'; path: string } | { kind: 'missing'; path: string } | { kind: 'differs'; path: string; firstDifference: string };

/**
 * Compares the pact a consumer test generated with the committed one (or, when updating, copies
 * it over). The texts are compared as written: Pact writes its files deterministically (keys
 * sorted, interactions in the order the test declared them).
 */
export function compareWithCommitted(generatedDir: string, consumer: string, provider: string): PactComparison {
  const generated = join(generatedDir, pactFileName(consumer, provider));
  if (!existsSync(generated)) throw new Error(`no pact was generated at ${generated}: did every interaction's test pass?`);
  const committed = committedPactPath(consumer, provider);
  if (updating()) {
    mkdirSync(COMMITTED_PACTS_DIR, { recursive: true });
    copyFileSync(generated, committed);
    return { kind: 'updated', path: committed };
  }
  if (!existsSync(committed)) return { kind: 'missing', path: committed };
  const want = readFileSync(committed, 'utf8');
  const got = readFileSync(generated, 'utf8');
  if (want === got) return { kind: 'same' };
  return { kind: 'differs', path: committed, firstDifference: firstDifference(want, got) };
}

function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) return `line ${index + 1}: committed ${JSON.stringify(a[index] ?? '<end>')}, generated ${JSON.stringify(b[index] ?? '<end>')}`;
  }
  return 'the texts differ';
}

/** One line for a failed comparison: what differs and the command that settles it. */
export function describeComparison(comparison: PactComparison): string {
  switch (comparison.kind) {
    case 'same':
      return 'the generated pact is the committed one';
    case 'updated':
      return `wrote ${comparison.path}`;
    case 'missing':
      return `${comparison.path} is not committed: run \`npm run contracts:update\`, review and commit it`;
    case 'differs':
      return `${comparison.path} differs from what the consumer tests generate (${comparison.firstDifference}): run \`npm run contracts:update\` and review the diff`;
    default:
      return comparison satisfies never;
  }
}

/** Reads a committed pact for a provider verification; a missing one names the command that makes it. */
export function committedPactOrFail(consumer: string, provider: string): string {
  const path = committedPactPath(consumer, provider);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run contracts:update\` to generate it from the consumer tests`);
  return path;
}
