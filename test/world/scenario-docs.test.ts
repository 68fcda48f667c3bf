import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../sim/world/scenario-loader.node.ts';
import { scenarioSchema } from '../../sim/world/scenario-schema.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { hasPath, schemaFields } from './scenario-fields.ts';

const DOC = resolve(import.meta.dirname, '../../docs/scenarios.md');
const docs = readFileSync(DOC, 'utf8');
const fields = schemaFields(scenarioSchema);

/** The text under a `## heading` of docs/scenarios.md, up to the next `## `. */
function section(heading: string): string {
  const start = docs.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/scenarios.md has no "## ${heading}"`);
  const end = docs.indexOf('\n## ', start + 1);
  return docs.slice(start, end < 0 ? undefined : end);
}

/** The first ```json block under "## A complete example": what a newcomer copies. */
function example(): unknown {
  const block = /```json\n([\s\S]*?)\n```/.exec(section('A complete example'));
  if (block?.[1] === undefined) throw new Error('no ```json block under "## A complete example"');
  return JSON.parse(block[1]) as unknown;
}

/** A quirk's inner fields (`lateFiles.ratio`) are written inline in their section, not shown one by one. */
const underQuirk = (path: string): boolean => /\.quirks\.[^.]+\./.test(path);
const isQuirk = (path: string): boolean => /\.quirks\.[^.]+$/.test(path);

describe('docs/scenarios.md: the complete example', () => {
  it('is a scenario the real schema accepts, without a default filled in for a field it leaves out', () => {
    const raw = example();
    const scenario = validateScenario(raw, 'docs/scenarios.md');
    expect(scenario.name).toBe('my-shop');
    // Every defaulted field is written out, so what the file says is what runs.
    expect(JSON.parse(JSON.stringify(scenario))).toEqual(raw);
  });

  it('shows every field of the schema (the fakes’ quirks are named in their own sections instead)', () => {
    const raw = example();
    const missing = fields.filter((field) => !isQuirk(field.path) && !underQuirk(field.path) && !hasPath(raw, field.path)).map((field) => field.path);
    expect(missing).toEqual([]);
  });

  it('names every quirk of every fake in the text', () => {
    const quirks = [...new Set(fields.filter((field) => isQuirk(field.path)).map((field) => field.path.split('.').at(-1) ?? ''))];
    expect(quirks.length).toBeGreaterThan(20);
    expect(quirks.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });

  it('converges on the reference orchestrator with a few orders', async () => {
    const scenario = validateScenario(example(), 'docs/scenarios.md');
    const result = await simulate({ scenario, scenarioRef: 'docs/scenarios.md', seed: 1, orders: 30 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.verdict).toBe('closed');
    expect(result.orders).toBe(30);
  });
});

describe('docs/scenarios.md: required fields and defaults', () => {
  it('lists every field a file must always give in "Required fields", with its unit', () => {
    const table = section('Required fields: units, bounds and defaults').split('These have a default')[0] ?? '';
    const rows = table.split('\n').filter((line) => line.startsWith('| `'));
    const listed = new Set(rows.flatMap((row) => [...(row.split(' | ')[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1])));
    const required = fields.filter((field) => field.alwaysRequired && !field.container).map((field) => field.path);
    expect(required).toContain('orchestrator.posTimeoutMs');
    expect(required).toContain('topology.stores[].staffPickDelayMinutes');
    expect(required.filter((path) => !listed.has(path))).toEqual([]);
    // Nothing listed as required that the schema lets a file leave out.
    expect([...listed].filter((path) => path !== undefined && !required.includes(path))).toEqual([]);
  });

  it('gives each default exactly as the schema fills it in', () => {
    const table = section('Required fields: units, bounds and defaults').split('These have a default')[1] ?? '';
    const documented = new Map(
      table
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => {
          const [path, value] = line.split(' | ');
          return [path?.slice(3, -1), value?.slice(1, -1)] as const;
        }),
    );
    const defaults = fields.filter((field) => field.defaultValue !== undefined).map((field) => [field.path, JSON.stringify(field.defaultValue)] as const);
    expect(defaults.length).toBeGreaterThan(10);
    expect(new Map(defaults)).toEqual(documented);
  });
});
