// @ts-check
/**
 * Lint rules that keep the simulation deterministic and the rooms of the house apart
 * (see docs/plugins.md, "Ports and their determinism contract").
 *
 * Not type-aware on purpose: it stays fast enough to run on every save. `tsc --noEmit` does the
 * type checking (`npm run typecheck`), and eslint.types.config.js the two type-aware rules CI
 * runs as well (`npm run lint:types`).
 *
 * Exemptions are config objects matched by file name or folder, never inline disables:
 *   *.node.ts, *.live.ts, *.real.ts  implement real ports or real-time front ends;
 *   sim/cli, sim/dashboard, sim/report  print wall time and write files.
 *
 * Uses ESLint's own `defineConfig` (the successor of typescript-eslint's deprecated
 * `tseslint.config`); the typescript-eslint presets are the same.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['{sim,orchestrator,legacy-fakes,contracts,test,scripts,bin,examples}/**/*.{ts,tsx}', '*.ts'];

/** Where the determinism bans apply: code that runs inside a simulated run. */
const DETERMINISTIC_FILES = ['{sim,orchestrator,legacy-fakes,examples}/**/*.{ts,tsx}'];

/** Real ports and real-time front ends: allowed to touch the wall clock, timers, files, network. */
const REAL_WORLD_FILES = [
  '**/*.node.{ts,tsx}',
  '**/*.live.{ts,tsx}',
  '**/*.real.{ts,tsx}',
  'sim/cli/**/*.{ts,tsx}',
  'sim/dashboard/**/*.{ts,tsx}',
  'sim/report/**/*.{ts,tsx}',
];

const PORTS_HINT =
  'Real implementations go in *.node.ts / *.live.ts / *.real.ts or sim/cli|dashboard|report.';
const TIME_MESSAGE = `Wall-clock time breaks determinism: use the clock port (ClockPort, FakeEnv.nowMs, kernel clock). ${PORTS_HINT}`;
const TIMER_MESSAGE = `Real timers break determinism: use the timers port (TimersPort, FakeEnv.schedule, kernel.schedule). ${PORTS_HINT}`;
const RANDOM_MESSAGE = `Unseeded randomness breaks determinism: use the random port (a named stream forked from the run seed). ${PORTS_HINT}`;
const IO_MESSAGE = `Real I/O breaks determinism: use the http/files/store ports. ${PORTS_HINT}`;

/** Modules that reach real files, network, processes, threads or time. */
const REAL_IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'worker_threads',
];
const REAL_TIME_MODULES = ['timers', 'timers/promises', 'perf_hooks'];

const restrictedImportPaths = [
  ...REAL_IO_MODULES.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: IO_MESSAGE })),
  { name: 'undici', message: IO_MESSAGE },
  ...REAL_TIME_MODULES.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: TIMER_MESSAGE })),
  ...['crypto', 'node:crypto'].map((name) => ({
    name,
    importNames: ['randomUUID', 'randomBytes', 'randomInt', 'randomFill', 'randomFillSync', 'getRandomValues'],
    message: RANDOM_MESSAGE,
  })),
];

/** `import('node:fs')` slips past no-restricted-imports; catch dynamic imports of the same modules. */
const dynamicImportRegex = `^(node:)?(${[...REAL_IO_MODULES, ...REAL_TIME_MODULES].join('|')}|undici)$`.replaceAll(
  '/',
  '\\x2F', // esquery regex literals cannot contain a slash
);

const timerGlobals = ['setTimeout', 'setInterval', 'setImmediate'];
const networkGlobals = ['fetch', 'XMLHttpRequest', 'WebSocket'];

/** Boundary rule (typescript-eslint's variant, so `import type` is caught too). */
function boundary(/** @type {string[]} */ forbiddenRoots, /** @type {string} */ why) {
  return [
    'error',
    {
      patterns: forbiddenRoots.map((root) => ({
        regex: `(^|/)${root}(/|$)`,
        caseSensitive: true,
        message: why,
      })),
    },
  ];
}

export default defineConfig(
  {
    name: 'converge/ignores',
    ignores: ['**/node_modules/**', 'out/**', '.converge/**', 'coverage/**', 'dist/**'],
  },
  {
    name: 'converge/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // ---- Every TypeScript file -------------------------------------------------------------------
  {
    name: 'converge/typescript',
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
    },
  },

  // ---- JavaScript (this file, bin shims, scripts) ----------------------------------------------
  {
    name: 'converge/javascript',
    files: ['*.js', 'bin/**/*.js', 'scripts/**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },

  // ---- Determinism: code that runs inside a simulated run --------------------------------------
  {
    name: 'converge/determinism',
    files: DETERMINISTIC_FILES,
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: TIME_MESSAGE },
        { object: 'performance', property: 'now', message: TIME_MESSAGE },
        { object: 'process', property: 'hrtime', message: TIME_MESSAGE },
        { object: 'process', property: 'uptime', message: TIME_MESSAGE },
        { object: 'Math', property: 'random', message: RANDOM_MESSAGE },
        { object: 'crypto', property: 'randomUUID', message: RANDOM_MESSAGE },
        { object: 'crypto', property: 'getRandomValues', message: RANDOM_MESSAGE },
        ...timerGlobals.map((property) => ({ object: 'globalThis', property, message: TIMER_MESSAGE })),
        ...networkGlobals.map((property) => ({ object: 'globalThis', property, message: IO_MESSAGE })),
      ],
      'no-restricted-globals': [
        'error',
        ...timerGlobals.map((name) => ({ name, message: TIMER_MESSAGE })),
        ...networkGlobals.map((name) => ({ name, message: IO_MESSAGE })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.type='Identifier'][callee.name='Date'][arguments.length=0]",
          message: `\`new Date()\` reads the wall clock; pass an instant (\`new Date(clock.nowMs())\`). ${PORTS_HINT}`,
        },
        {
          selector: "CallExpression[callee.type='Identifier'][callee.name='Date']",
          message: `\`Date()\` returns the wall-clock time as a string. ${TIME_MESSAGE}`,
        },
        {
          selector: `ImportExpression[source.value=/${dynamicImportRegex}/]`,
          message: IO_MESSAGE,
        },
      ],
      'no-restricted-imports': ['error', { paths: restrictedImportPaths }],
    },
  },
  {
    name: 'converge/determinism-exempt-real-world',
    files: REAL_WORLD_FILES,
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-globals': 'off',
      'no-restricted-syntax': 'off',
      'no-restricted-imports': 'off',
    },
  },

  // ---- Architecture boundaries (apply to real-world files too) ---------------------------------
  {
    name: 'converge/boundary-orchestrator',
    files: ['orchestrator/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': boundary(
        ['sim', 'legacy-fakes'],
        'The orchestrator is production code: it must not depend on the simulator or the fakes. ' +
          'Declare what it needs in orchestrator/ports.ts and let the world supply it.',
      ),
      'no-console': 'error',
    },
  },
  {
    name: 'converge/boundary-legacy-fakes',
    files: ['legacy-fakes/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': boundary(
        ['orchestrator', 'sim'],
        'The fakes stand in for external legacy systems: they must not know the orchestrator or ' +
          'the simulator. Take what they need from legacy-fakes/env.ts (the harness supplies it).',
      ),
      'no-console': 'error',
    },
  },
  {
    // An example plugin shows what a third party can write: the public plugin API only, and
    // only its types (a plugin outside the repo has nothing else to import).
    name: 'converge/boundary-examples',
    files: ['examples/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)(sim|legacy-fakes)(/|$)', caseSensitive: true, message: 'An example plugin uses the public plugin API only (orchestrator/plugin.ts, orchestrator/ports.ts).' },
            { regex: '(^|/)orchestrator/(?!(plugin|ports)\\.ts$)', caseSensitive: true, message: 'An example plugin uses the public plugin API only, not the reference orchestrator or its internals.' },
            { regex: '(^|/)orchestrator/(plugin|ports)\\.ts$', caseSensitive: true, allowTypeImports: true, message: 'Import the plugin API as types only (`import type`): a plugin outside the repo has nothing else to import.' },
          ],
        },
      ],
    },
  },
);
