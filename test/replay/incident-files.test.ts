import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { IncidentError, readIncident } from '../../sim/incidents/incident-io.node.ts';
import { loadPlugin, PluginLoadError } from '../../sim/plugins/load-plugin.node.ts';
import { converge, convergeHere, recordIncident, tempDir } from './helpers.ts';

/** Variations of a good incident file, each broken one way. */
function variants(good: string): Record<string, string> {
  const parsed = JSON.parse(good) as Record<string, unknown>;
  const { expected: _expected, ...withoutExpected } = parsed;
  return {
    truncated: good.slice(0, Math.floor(good.length / 2)),
    'wrong-version': JSON.stringify({ ...parsed, version: 3 }),
    'old-version': JSON.stringify({ ...parsed, version: 1 }),
    'missing-field': JSON.stringify(withoutExpected),
    'not-an-incident': JSON.stringify({ scenario: 'baseline' }),
    'bad-seed': JSON.stringify({ ...parsed, seed: -1 }),
    'bad-scenario': JSON.stringify({ ...parsed, scenario: { name: 'x' } }),
    'corrupted-recording': JSON.stringify({ ...parsed, recording: { ...(parsed.recording as object), data: 'bm90IGd6aXA=' } }),
    'unknown-orchestrator': JSON.stringify({ ...parsed, orchestrator: { module: 'test/replay/no-such-plugin.ts', name: 'x', version: '1' } }),
    'edited-recording': JSON.stringify({ ...parsed, recording: withEditedEvent(parsed.recording as { data: string }) }),
    'huge-orders': JSON.stringify({ ...parsed, overrides: { orders: 1e12 } }),
  };
}

/** The recording with one event's detail changed, still well-formed: only its hash tells. */
function withEditedEvent(recording: { data: string }): object {
  const lines = gunzipSync(Buffer.from(recording.data, 'base64')).toString('utf8').split('\n');
  const event = JSON.parse(lines[3] ?? '{}') as { detail: string };
  lines[3] = JSON.stringify({ ...event, detail: `${event.detail} (edited)` });
  return { ...recording, data: gzipSync(lines.join('\n')).toString('base64') };
}

const EXPECTED: Record<string, string> = {
  truncated: 'not valid JSON (truncated or corrupted?)',
  'wrong-version': 'field version: got 3; this Converge reads version 2',
  'old-version': 'field version: got 1; this Converge reads version 2. A version 1 file hashes its trace as text',
  'missing-field': 'field expected',
  'not-an-incident': 'field format: expected "converge-incident"',
  'bad-seed': 'field seed: got -1',
  'bad-scenario': '(embedded scenario)',
  'corrupted-recording': 'field recording.data: cannot be un-gzipped',
  'unknown-orchestrator': 'orchestrator module test/replay/no-such-plugin.ts: no such file',
  'edited-recording': 'the recording was edited or damaged',
  'huge-orders': 'field overrides.orders: got 1000000000000; at most 10,000,000 orders',
};

describe('bad incident files', () => {
  const dir = tempDir();
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const good = await recordIncident(join(dir, 'good.json'), { scenario: 'baseline', seed: 1, orders: 3, plugin: referencePlugin, module: 'reference' });
    for (const [name, content] of Object.entries(variants(readFileSync(good, 'utf8')))) {
      files[name] = join(dir, `${name}.json`);
      writeFileSync(files[name], content);
    }
  });

  it('are refused by the reader with one line naming the file and what is wrong', () => {
    for (const name of Object.keys(EXPECTED).filter((key) => !['corrupted-recording', 'edited-recording', 'unknown-orchestrator'].includes(key))) {
      const path = files[name] ?? '';
      expect(() => readIncident(path), name).toThrow(IncidentError);
      expect(() => readIncident(path), name).toThrow(EXPECTED[name]);
      try {
        readIncident(path);
      } catch (error) {
        expect((error as Error).message.split('\n'), name).toHaveLength(1);
        expect((error as Error).message, name).toContain(path);
      }
    }
  });

  it('make replay, explain and shrink exit 2 with one clear line and nothing on stdout but the banner', async () => {
    for (const name of Object.keys(EXPECTED)) {
      const run = await convergeHere('replay', files[name] ?? '');
      expect(run.code, `${name}: ${run.stderr}`).toBe(2);
      expect(run.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(run.stderr, name).toContain(EXPECTED[name]);
    }
    const explain = await convergeHere('explain', files.truncated ?? '', '--order', 'x');
    expect(explain.code).toBe(2);
    const shrink = await convergeHere('shrink', files['wrong-version'] ?? '');
    expect(shrink.code).toBe(2);
    expect(shrink.stderr).toContain('field version');
    // And once as its own process, as CI would see it.
    const real = await converge('replay', files['missing-field'] ?? '');
    expect(real.code).toBe(2);
    expect(real.stderr.trim().split('\n')).toHaveLength(1);
    expect(real.stdout).toBe('');
  });
});

describe('a version 1 incident file', () => {
  it('is converted by replay --rerecord: same scenario, seed and orchestrator, version 2, and then replays identical', async () => {
    const dir = tempDir();
    const good = await recordIncident(join(dir, 'good.json'), { scenario: 'baseline', seed: 1, orders: 3, plugin: referencePlugin, module: 'reference' });
    const current = JSON.parse(readFileSync(good, 'utf8')) as Record<string, unknown>;
    const old = join(dir, 'old.json');
    // As a version 1 writer left it: another hash, and a recording hashed the old way.
    writeFileSync(old, JSON.stringify({ ...current, version: 1, expected: { ...(current.expected as object), traceHash: '0123456789abcdef' } }));
    expect((await convergeHere('replay', old)).code).toBe(2);
    const converted = await convergeHere('replay', old, '--rerecord');
    expect(converted.code, converted.stderr).toBe(0);
    const written = readIncident(old);
    expect(written.version).toBe(2);
    expect(written.seed).toBe(1);
    expect(written.scenario).toEqual(readIncident(good).scenario);
    expect(written.expected.traceHash).toBe(readIncident(good).expected.traceHash);
    expect((await convergeHere('replay', old)).code).toBe(0);
  });
});

describe('loadPlugin', () => {
  it("loads 'reference' and a module path (default export or named `plugin`)", async () => {
    expect(await loadPlugin('reference')).toBe(referencePlugin);
    const loaded = await loadPlugin('test/variants/no-lookup-after-pos-timeout.ts');
    expect(loaded.name).toMatch(/^broken-/);
  });

  it('names the module and what is missing', async () => {
    const dir = tempDir();
    const noExport = join(dir, 'no-export.mjs');
    writeFileSync(noExport, 'export const other = 1;\n');
    const oldApi = join(dir, 'old-api.mjs');
    writeFileSync(oldApi, "export default { apiVersion: 0, name: 'x', version: '1', create() {} };\n");
    const noCreate = join(dir, 'no-create.mjs');
    writeFileSync(noCreate, "export const plugin = { apiVersion: 1, name: 'x', version: '1' };\n");
    await expect(loadPlugin(noExport)).rejects.toThrow(/no default export and no named export "plugin" \(exports: other\)/);
    await expect(loadPlugin(oldApi)).rejects.toThrow(/field apiVersion: got 0/);
    await expect(loadPlugin(noCreate)).rejects.toThrow(/field create: got nothing/);
    await expect(loadPlugin('./nowhere.ts')).rejects.toThrow(PluginLoadError);
    await expect(loadPlugin('no-such-package-xyz')).rejects.toThrow(/orchestrator module no-such-package-xyz: cannot import it/);
  });
});
