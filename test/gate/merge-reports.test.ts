import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../sim/gate/gate-report.ts';
import { converge } from '../cli/converge-cli.ts';

const read = (path: string): GateReport => JSON.parse(readFileSync(path, 'utf8')) as GateReport;

describe('converge gate --shard i/n and merge-reports', () => {
  it('splits the runs across runners and joins them back into what one machine would report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-shards-'));
    const common = ['gate', '--scenarios', 'baseline', '--seeds', '5', '--orders', '60', '--workers', '0', '--no-progress', '--recheck', '1', '--incidents-dir', join(dir, 'incidents')];
    const [whole, first, second] = await Promise.all([
      converge(...common, '--json', join(dir, 'whole.json')),
      converge(...common, '--shard', '1/2', '--json', join(dir, 'shard-1.json')),
      converge(...common, '--shard', '2/2', '--json', join(dir, 'shard-2.json')),
    ]);
    expect([whole.code, first.code, second.code]).toEqual([0, 0, 0]);
    expect(read(join(dir, 'shard-1.json')).candidate.map((run) => run.job.id).filter((id) => id.startsWith('baseline'))).toEqual(['baseline#1', 'baseline#3', 'baseline#5']);

    const merged = await converge('merge-reports', join(dir, 'shard-2.json'), join(dir, 'shard-1.json'), '--json', join(dir, 'merged.json'), '--junit', join(dir, 'merged.xml'));
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^converge gate: PASSED: \d+ run\(s\)/);
    const joined = read(join(dir, 'merged.json'));
    const alone = read(join(dir, 'whole.json'));
    expect(joined.candidate.map((run) => [run.job.id, run.traceHash])).toEqual(alone.candidate.map((run) => [run.job.id, run.traceHash]));
    expect(joined.settings.shard).toBeUndefined();
    expect(joined.determinism.checked).toBe(2);
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toContain('<testsuite name="baseline" tests="5" failures="0" errors="0"');
  });

  it('refuses reports that do not belong together, naming why, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-shards-bad-'));
    const common = ['gate', '--scenarios', 'baseline', '--orders', '30', '--workers', '0', '--no-progress', '--recheck', '0'];
    await Promise.all([converge(...common, '--seeds', '2', '--shard', '1/2', '--json', join(dir, 'a.json')), converge(...common, '--seeds', '3', '--shard', '2/2', '--json', join(dir, 'b.json'))]);
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const mixed = await converge('merge-reports', join(dir, 'a.json'), join(dir, 'b.json'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/these reports come from different gate runs: settings\.seeds differ \(2 vs 3\)/);
    const twice = await converge('merge-reports', join(dir, 'a.json'), join(dir, 'a.json'));
    expect(twice.stderr).toMatch(/shard 1\/2 is given twice/);
    const alone = await converge('merge-reports', join(dir, 'a.json'));
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(/FAILED[^]*shard 2\/2 is missing: its runs were not checked/);
    const junk = await converge('merge-reports', join(dir, 'junk.json'));
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.json: expected a gate report written by `converge gate --json FILE`/);
  });
});
