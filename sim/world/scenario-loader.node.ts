import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.node.ts';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';
import { describeZodIssue } from './zod-issue.ts';

export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

/** A user's scenario is wrong: the message names the file, the field, the value and what was expected. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Validates an already-parsed scenario object (embedded in an incident, or built by a test). */
export function validateScenario(raw: unknown, file: string): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const [first] = result.error.issues;
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
    throw new ScenarioError(first === undefined ? `${file}: invalid scenario` : describeZodIssue(file, raw, first) + more);
  }
  return result.data;
}

/** Resolves `baseline` to scenarios/baseline.json, or reads a path. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) {
    const named = join(SCENARIOS_DIR, `${nameOrPath}.json`);
    if (existsSync(named)) return named;
    throw new ScenarioError(`no scenario named "${nameOrPath}": expected one of ${listScenarioNames().join(', ')} or a path to a .json file`);
  }
  const path = resolve(nameOrPath);
  if (!existsSync(path)) throw new ScenarioError(`scenario file ${nameOrPath} does not exist`);
  return path;
}

export function listScenarioNames(): string[] {
  if (!existsSync(SCENARIOS_DIR)) return [];
  return readdirSync(SCENARIOS_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

export function loadScenario(nameOrPath: string): { scenario: Scenario; path: string } {
  const path = resolveScenarioPath(nameOrPath);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return { scenario: validateScenario(raw, path), path };
}
