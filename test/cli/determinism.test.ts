import { describe, expect, it } from 'vitest';
import { converge } from './converge-cli.ts';

describe('converge run, as separate processes', () => {
  it('gives the same traceHash for the same seed in two processes, and another for another seed', async () => {
    const [a, b, c] = await Promise.all([
      converge('run', '--scenario', 'baseline', '--seed', '7', '--orders', '300', '--json'),
      converge('run', '--scenario', 'baseline', '--seed', '7', '--orders', '300', '--json'),
      converge('run', '--scenario', 'baseline', '--seed', '8', '--orders', '300', '--json'),
    ]);
    const [ra, rb, rc] = [a, b, c].map((run) => JSON.parse(run.stdout) as { traceHash: string; converged: boolean; seed: number });
    expect(a.code).toBe(0);
    expect(ra?.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(rb?.traceHash).toBe(ra?.traceHash);
    expect(rc?.traceHash).not.toBe(ra?.traceHash);
    expect(ra?.converged).toBe(true);
  });

  it('prints exactly one JSON object on stdout with --json, with the documented fields', async () => {
    const run = await converge('run', '--scenario', 'baseline', '--seed', '2', '--orders', '50', '--json');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const field of ['scenario', 'seed', 'orchestrator', 'orders', 'events', 'simulatedMs', 'wallMs', 'traceHash', 'converged', 'verdict', 'parked', 'violations', 'metrics']) {
      expect(result, field).toHaveProperty(field);
    }
    expect(result['verdict']).toBe('closed');
    expect(result['parked']).toMatchObject({ orders: 0, byCategory: {}, budget: { orders: expect.any(Array) }, allowed: { orders: expect.any(Number) }, withinBudget: true });
    expect(run.stderr).toContain('seed 2');
  });

  it('prints the seed and options first in the human summary', async () => {
    const run = await converge('run', '--scenario', 'baseline', '--seed', '5', '--orders', '40');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^converge run: scenario baseline .* seed 5, orders 40/);
    expect(run.stdout).toContain('CLOSED: every order closed, every system agrees, no invariant broken.');
    expect(run.stdout).toMatch(/^ {2}parked {8}none; budget /m);
  });
});

describe('converge run, bad input', () => {
  it('exits 2 with one clear line for an unknown scenario', async () => {
    const run = await converge('run', '--scenario', 'no-such-thing');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('no scenario named "no-such-thing"');
    expect(run.stdout).toBe('');
  });

  it('exits 2 naming the flag for a bad seed', async () => {
    const run = await converge('run', '--scenario', 'baseline', '--seed', '-3');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--seed expects a whole number');
  });

  it('exits 2 naming the file, field and value for an invalid scenario file', async () => {
    const run = await converge('run', '--scenario', 'test/fixtures/bad-time-zone.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad-time-zone.json: field topology.stores[1].timeZone: got "Mars/Olympus"');
    expect(run.stderr).toContain('IANA time zone');
  });
});

describe('converge run --trace', () => {
  it('writes one JSON line per trace event with the documented fields', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'converge-trace-')), 'run.jsonl');
    const run = await converge('run', '--scenario', 'baseline', '--seed', '3', '--orders', '30', '--trace', path, '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { traceEvents: number };
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(result.traceEvents);
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(events[0] ?? {})).toEqual(['index', 'atMs', 'kind', 'source', 'orderId', 'ref', 'detail']);
    expect(events.map((event) => event['index'])).toEqual(events.map((_, index) => index));
  });

  it('exits 2 before running when the trace file cannot be written', async () => {
    const run = await converge('run', '--scenario', 'baseline', '--trace', '/nonexistent-dir/run.jsonl');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--trace /nonexistent-dir/run.jsonl: cannot write the file');
  });
});

describe('converge scenarios', () => {
  it('lists every scenario file with its description and faults, also as JSON', async () => {
    const run = await converge('scenarios', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { name: string; description: string; faults: string[] }[];
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('scenarios').filter((name) => name.endsWith('.json')).map((name) => name.replace(/\.json$/, '')).sort();
    expect(rows.map((row) => row.name)).toEqual(files);
    expect(rows.find((row) => row.name === 'pos-timeouts')?.faults).toContain('pos.ghostSuccess');
    expect(rows.every((row) => row.description.length > 20)).toBe(true);
  });
});
