import { InvalidArgumentError } from 'commander';
import { loadScenario, ScenarioError } from '../world/scenario-loader.node.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { UsageError } from './exit-codes.ts';

/** A whole number within bounds, or a message naming the flag, the value and what was expected. */
export function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
    }
    return parsed;
  };
}

/** Loads a scenario named on the command line; a bad one is the user's mistake (exit 2). */
export function loadScenarioFlag(nameOrPath: string): { scenario: Scenario; path: string } {
  try {
    return loadScenario(nameOrPath);
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}
