import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { GateReport } from '../../sim/gate/gate-report.ts';
import { converge } from '../cli/converge-cli.ts';

const XSD = readFileSync(new URL('../fixtures/junit-10.xsd', import.meta.url), 'utf8');

describe('converge gate, as CI runs it', () => {
  it('runs scenarios × seeds in worker threads, writes valid JUnit, a markdown summary and a JSON report, and exits 0 when every run holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-gate-'));
    const run = await converge('gate', '--scenarios', 'baseline,pos-timeouts', '--seeds', '2', '--workers', '2', '--no-progress', '--junit', join(dir, 'out.xml'), '--report', join(dir, 'gate.md'), '--html', join(dir, 'gate.html'), '--json', join(dir, 'gate.json'), '--incidents-dir', join(dir, 'incidents'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^converge gate: PASSED: \d+ run\(s\), \d+ passed \(verdicts: \d+ closed, \d+ held, 0 failed\); determinism 2 re-run\(s\), 0 mismatch\(es\)/);

    const xml = readFileSync(join(dir, 'out.xml'), 'utf8');
    const validation = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
    expect(validation.errors).toEqual([]);
    expect(xml).toContain('<testsuite name="baseline" tests="2" failures="0" errors="0"');
    expect(xml).toContain('<testsuite name="pos-timeouts" tests="2" failures="0" errors="0"');

    const report = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as GateReport;
    const seedRuns = report.candidate.filter((outcome) => outcome.job.incidentPath === undefined);
    expect(seedRuns.map((outcome) => outcome.job.id)).toEqual(['baseline#1', 'baseline#2', 'pos-timeouts#1', 'pos-timeouts#2']);
    expect(report.determinism).toEqual({ checked: 2, mismatches: [] });
    expect(seedRuns.find((outcome) => outcome.scenario === 'pos-timeouts')?.faultsFired['pos.ghost_success']).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'gate.md'), 'utf8')).toMatch(/^# Converge gate: PASSED\n/);
    expect(readdirSync(dir)).not.toContain('incidents');
    const html = readFileSync(join(dir, 'gate.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('pos-timeouts');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('refuses bad flags and files with one line naming what was wrong, exit 2, before running anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-gate-bad-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ gate: { regressionThresholds: { reservationSucessRate: 0.01 } } }));
    const cases: [string[], RegExp][] = [
      [['--scenarios', 'baseline,nope'], /no scenario named "nope"/],
      [['--shard', '3/2'], /--shard expects 1 <= i <= n, got "3\/2"/],
      [['--seeds', '0'], /--seeds expects a whole number from 1 to 100000, got "0"/],
      [['--orchestrator', join(dir, 'missing.ts')], /--orchestrator: orchestrator module .*missing\.ts/],
      [['--config', join(dir, 'config.json')], /config\.json: field gate\.regressionThresholds: .*Unrecognized key: "reservationSucessRate" \(metrics: reservationSuccessRate, /],
    ];
    for (const [flags, message] of cases) {
      const run = await converge('gate', ...flags);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr, flags.join(' ')).toMatch(message);
      expect(run.stdout, flags.join(' ')).toBe('');
    }
  });
});
