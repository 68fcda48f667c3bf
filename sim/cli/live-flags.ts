import { statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { SPEED_MAX } from '../live/real-time-env.live.ts';
import { UsageError } from './exit-codes.ts';
import { wholeNumber } from './options.ts';

/** What every live command (`serve pos|wms|payment`, `orchestrate`) takes about time and the scenario. */
export interface LiveFlags {
  scenario: string;
  seed: number;
  speed: number;
  start?: number;
  origin?: number;
}

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A positive decimal: 1 is real time, 60 a simulated minute per real second, 0.5 slow motion. */
function speedFlag(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0) || parsed > SPEED_MAX) {
    throw new InvalidArgumentError(`--speed expects a number above 0 and at most ${SPEED_MAX} (1 = real time), got "${value}"`);
  }
  return parsed;
}

/** An ISO-8601 instant with its offset: without one, which zone's 01:59:50 is meant? */
function instantFlag(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Date.parse(value);
    if (!INSTANT_PATTERN.test(value.trim()) || Number.isNaN(parsed)) {
      throw new InvalidArgumentError(`${flag} expects an ISO-8601 instant with Z or an offset, e.g. 2026-11-03T01:59:50-06:00, got "${value}"`);
    }
    return parsed;
  };
}

export function liveOptions(command: Command): Command {
  return command
    .option('--scenario <name|path>', 'a scenario name from scenarios/ or a path to a scenario file', 'baseline')
    .option('--seed <n>', 'the seed the fakes draw from (whole number)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option('--speed <x>', 'simulated time per real time: 1 real time, 60 a minute a second', speedFlag, 1)
    .option('--start <instant>', 'simulated instant to start at, ISO-8601 with offset (default: now)', instantFlag('--start'))
    .option('--origin <instant>', 'the real (wall-clock) instant at which simulated time was --start; give every live process the same --start, --origin and --speed and they share one clock (default: now)', instantFlag('--origin'));
}

/** The simulated start and the wall-clock origin, from the flags (both default to now). */
export function liveTime(flags: LiveFlags): { startEpochMs: number; originWallMs: number } {
  const now = Date.now();
  return { startEpochMs: flags.start ?? now, originWallMs: flags.origin ?? now };
}

export function describeStart(flags: LiveFlags, startEpochMs: number): string {
  return `start ${new Date(startEpochMs).toISOString()}${flags.start === undefined ? ' (now)' : ''}`;
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Resolves on the first SIGINT or SIGTERM; the listeners are removed again. */
export function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveSignal(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A folder flag: the path, if it is an existing folder; exit 2 otherwise. */
export function existingFolder(flag: string, path: string): string {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`${flag} ${path}: expected an existing folder`);
  return path;
}
