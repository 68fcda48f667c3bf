import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeZodIssue } from '../world/zod-issue.ts';
import { GATE_METRICS } from './gate-metrics.ts';

/** The default config file, read from the working directory when present. */
export const CONFIG_FILE = 'converge.config.json';

const metricNames = GATE_METRICS.map((metric) => metric.name) as [string, ...string[]];

const configSchema = z
  .object({
    gate: z
      .object({
        /** Seeds per scenario when --seeds is not given. */
        seeds: z.number().int().positive().max(100_000).optional(),
        /**
         * How much worse than the baseline a metric may get before the differential gate fails
         * (see GATE_METRICS for units). A metric left out is reported but never fails the gate.
         */
        regressionThresholds: z.partialRecord(z.enum(metricNames), z.number().nonnegative()).default({}),
      })
      .strict()
      .default({ regressionThresholds: {} }),
  })
  .strict();

export type ConvergeConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads `path`, or converge.config.json if present, or the defaults. */
export function loadConfig(path?: string): ConvergeConfig {
  const file = path === undefined ? resolve(CONFIG_FILE) : resolve(path);
  if (!existsSync(file)) {
    if (path !== undefined) throw new ConfigError(`config file ${path} does not exist`);
    return configSchema.parse({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new ConfigError(first === undefined ? `${file}: invalid config` : `${describeZodIssue(file, raw, first)} (metrics: ${metricNames.join(', ')})`);
  }
  return parsed.data;
}
