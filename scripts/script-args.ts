/**
 * Flags for the repository's scripts (bench, profile), parsed with node:util: a wrong flag is a
 * one-line error naming it, with the usage, and exit code 2, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const BAD_FLAGS_EXIT = 2;

export function parseScriptArgs<const T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string): ReturnType<typeof parseArgs<{ options: T; strict: true }>>['values'] {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    failFlags(error instanceof Error ? error.message : String(error), usage);
  }
}

export function failFlags(message: string, usage: string): never {
  process.stderr.write(`error: ${message}\nusage: ${usage}\n`);
  process.exit(BAD_FLAGS_EXIT);
}

/** A flag that must be a whole number of at least `min`. */
export function wholeNumberFlag(name: string, text: string, min: number, usage: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) failFlags(`${name} expects a whole number of at least ${min}, got "${text}"`, usage);
  return value;
}
