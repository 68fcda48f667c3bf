import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../package-root.node.ts';

/** What `converge gate --contracts` learnt from `npm run contracts`. */
export interface ContractsResult {
  passed: boolean;
  wallMs: number;
  /** The last lines of its output, for the report (the whole of it went to stderr as it ran). */
  tail: string;
}


/**
 * Runs the Pact contract checks (scripts/contracts.ts: consumer pacts regenerated and compared
 * with contracts/pacts/, provider verification of the fakes) as part of the gate, offline.
 */
export function runContracts(echo: (text: string) => void): Promise<ContractsResult> {
  const started = performance.now();
  if (!existsSync(join(PACKAGE_ROOT, 'scripts', 'contracts.ts'))) {
    return Promise.resolve({ passed: false, wallMs: 0, tail: 'the contract checks run from a clone of Converge (scripts/contracts.ts and its Pact devDependency); an installed package does not have them' });
  }
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/contracts.ts'], { cwd: PACKAGE_ROOT, env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-20_000);
      echo(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const finish = (passed: boolean, extra = ''): void => done({ passed, wallMs: Math.round(performance.now() - started), tail: `${output}${extra}`.split('\n').slice(-40).join('\n') });
    child.on('error', (error) => finish(false, `\ncould not start the contract checks: ${error.message}`));
    child.on('close', (code) => finish(code === 0));
  });
}
