/**
 * Converge as a new user gets it: the project is packed (npm pack), the tarball installed into a
 * fresh project beside vitest and TypeScript, and that project type-checks (module nodenext) and
 * runs a test that uses simulate() and the matchers, imports the package from plain Node and
 * runs its bin. Install scripts are skipped, so better-sqlite3 (optional) is present but not
 * built: the durable store must say so, not crash. Packages come from npm's cache when it has
 * them (after `npm ci` it does).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const versionOf = (name: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The child's environment without what `npm test` and vitest set for themselves (an inherited npm prefix would install into this project). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(npm_|VITEST|TEST$|NODE_OPTIONS$)/i.test(key)) env[key] = value;
  return { ...env, PACT_DO_NOT_TRACK: 'true', NO_COLOR: '1' };
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((done) => {
    execFile(command, [...args], { cwd, env: cleanEnv(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

const CONSUMER_TEST = `import { describe, expect, it } from 'vitest';
import { simulate, type RunResult } from 'converge';
import { scenarioArbitrary } from 'converge/testing';
import type { OrchestratorPlugin } from 'converge/plugin';

describe('Converge installed from its tarball', () => {
  it('runs a seeded world, and its matchers judge it', async () => {
    const run: RunResult = await simulate({ scenario: 'baseline', seed: 1, orders: 5 });
    expect(run).toConverge();
    expect(run).toHaveNoViolations();
    expect(run.orders).toBe(5);
    expect(typeof scenarioArbitrary).toBe('function');
    const none: OrchestratorPlugin | undefined = undefined;
    expect(none).toBeUndefined();
  });
});
`;

/** A type error a consumer must see: the matchers are typed, not \`any\`. */
const CONSUMER_TYPE_PROBE = `import { expect } from 'vitest';
import 'converge/testing';
// @ts-expect-error toConverge takes no argument
expect(1).toConverge('too many');
`;

describe('the packed package, installed into a fresh project', () => {
  let consumer = '';
  let tarball = '';

  beforeAll(async () => {
    const build = await run(process.execPath, ['scripts/build.mjs'], ROOT);
    expect(build.code, build.stderr + build.stdout).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'converge-pack-'));
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = join(dir, readdirSync(dir).find((name) => name.endsWith('.tgz')) ?? '');
    consumer = join(dir, 'consumer');
    mkdirSync(join(consumer, 'test'), { recursive: true });
    const devDependencies = { converge: `file:${tarball}`, vitest: versionOf('vitest'), typescript: versionOf('typescript'), '@types/node': versionOf('@types/node') };
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', devDependencies }, null, 2));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'] }, include: ['test'] }));
    writeFileSync(join(consumer, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { setupFiles: ['converge/testing/vitest-setup'] } });\n");
    writeFileSync(join(consumer, 'test', 'baseline.test.ts'), CONSUMER_TEST);
    writeFileSync(join(consumer, 'test', 'types.probe.ts'), CONSUMER_TYPE_PROBE);
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer);
    expect(installed.code, installed.stderr).toBe(0);
  }, 900_000);

  it('ships compiled JavaScript with declarations, and no TypeScript sources', async () => {
    const listed = await run('tar', ['tzf', tarball], consumer);
    const files = listed.stdout.split('\n').filter((line) => line !== '');
    expect(files).toContain('package/dist/sim/index.js');
    expect(files).toContain('package/dist/sim/index.d.ts');
    expect(files).toContain('package/scenarios/baseline.json');
    expect(files.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts') && !file.startsWith('package/examples/'))).toEqual([]);
  });

  it('type-checks a test that uses simulate(), the matchers and the plugin API (tsc, module nodenext)', async () => {
    const checked = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], consumer);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  }, 300_000);

  it('runs that test with vitest, the matchers registered from a setup file', async () => {
    const tested = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], consumer);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/1 passed/);
  }, 300_000);

  it('imports from plain Node ESM, every entry', async () => {
    const script = "const m = await import('converge'); await import('converge/plugin'); const t = await import('converge/testing'); console.log(typeof m.simulate, typeof t.convergeMatchers.toConverge)";
    const imported = await run(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.trim()).toBe('function function');
  }, 300_000);

  it('runs its bin from compiled JavaScript: --version, --help', async () => {
    const version = await run(process.execPath, ['node_modules/converge/bin/converge.js', '--version'], consumer);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(own.version);
    const help = await run(process.execPath, ['node_modules/converge/bin/converge.js', '--help'], consumer);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: converge/);
  }, 300_000);

  it('says what to do when the durable store needs better-sqlite3 and it is not built (exit 2)', async () => {
    mkdirSync(join(consumer, 'wms'), { recursive: true });
    const args = ['node_modules/converge/bin/converge.js', 'orchestrate', '--db', join(consumer, 'o.sqlite'), '--events', join(consumer, 'events.jsonl'), '--wms', join(consumer, 'wms'), '--pos', 'http://127.0.0.1:9', '--payment', 'http://127.0.0.1:9', '--scenario', 'baseline'];
    const orchestrate = await run(process.execPath, args, consumer);
    expect(orchestrate.code).toBe(2);
    expect(orchestrate.stderr).toMatch(/needs better-sqlite3, an optional dependency that is not installed or not built .*npm install better-sqlite3@12/);
  }, 300_000);
});
