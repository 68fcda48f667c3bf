import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { traceEventLine } from '../../sim/incidents/trace-jsonl.ts';
import { fixtureEvents } from './fixture.ts';

/** Runs the CLI in this process (no terminal here: the plain path), capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('converge watch and report without a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'converge-watch-'));
  const trace = join(dir, 'fixture.jsonl');
  writeFileSync(trace, fixtureEvents().map(traceEventLine).join('\n') + '\n');
  afterEach(() => vi.restoreAllMocks());

  it('watch --scenario prints the seed, plain progress, the run summary, and exits as run would', async () => {
    const run = await cli('watch', '--scenario', 'baseline', '--seed', '3', '--orders', '30');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^converge watch: scenario baseline .*seed 3, orders 30/);
    expect(run.stdout).toMatch(/^\[2026-\d\d-\d\d \d\d:\d\d:\d\d UTC \+\dd\d\dh\d\dm\] trace events [\d,]+, orders \d+ placed/m);
    expect(run.stdout).toContain('trace hash');
    expect(run.stdout).toContain('CLOSED: every order closed');
    expect(run.stdout).toMatch(/^ {2}parked {8}none; budget /m);
  });

  it('watch FILE replays a trace and report FILE --html writes one page', async () => {
    const watched = await cli('watch', trace);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('Trace ');
    expect(watched.stdout).toContain('FOs by state  ALLOCATED 1  COMPLETED 1');
    const out = join(dir, 'report.html');
    const reported = await cli('report', trace, '--html', out);
    expect(reported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<section id="timelines">');
  });

  it('a file that is no history, or watch with neither file nor scenario, is a usage error (exit 2)', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'hello\n');
    const run = await cli('report', bad, '--html', join(dir, 'x.html'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected an incident file, a gate report');
    const bare = await cli('watch');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('give --scenario');
  });
});
