// @ts-check
/**
 * The type-aware rules, kept apart from eslint.config.mjs so the everyday lint stays fast
 * (`npm run lint`); CI runs both (`npm run lint:types`, in .ci/run).
 *
 * - no-floating-promises, with `void` not accepted as a way out: a promise nobody awaits hides
 *   its failure until the run ends (a capture that throws leaves an order shipped for ever).
 *   Background work goes through the reference's `spawn()`, which surfaces what it throws.
 * - switch-exhaustiveness-check: a switch over a union must name every member (or say why not
 *   with a default), so a new fault, event or document kind cannot fall through unhandled.
 */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.stryker-tmp/**', 'reports/**', '.converge/**', 'pacts/**'] },
  {
    files: ['{sim,orchestrator,legacy-fakes,contracts,scripts,bin,examples}/**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // The everyday config owns the inline directives; this one runs two rules only.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
