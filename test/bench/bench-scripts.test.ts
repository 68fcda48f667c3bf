import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function script(path: string, args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path, ...args], { encoding: 'utf8', timeout: 600_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('bench and profile scripts: bad flags', () => {
  it('name the flag, show the usage and exit 2, without a stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['scripts/bench.ts', ['--bogus'], /^error: Unknown option '--bogus'\nusage: npm run bench -- \[--full\] \[--json FILE\]\n$/],
      ['scripts/profile.ts', ['--orders', 'many'], /^error: --orders expects a whole number of at least 1, got "many"\nusage: npm run profile/],
      ['scripts/profile.ts', ['--scenario', 'no-such-scenario', '--orders', '5'], /^error: no scenario named "no-such-scenario": expected one of baseline, /],
    ];
    for (const [path, args, message] of cases) {
      const { status, stderr } = script(path, args);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(status).toBe(2);
    }
  });
});
