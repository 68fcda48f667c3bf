/**
 * The example plugin (examples/dc-only) is what a third party would write: it must run in a
 * seeded world like any orchestrator, and reach Converge only through the public plugin API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import dcOnly from '../../examples/dc-only/plugin.ts';
import { readBatchFile, writeBatchFile, type BatchDocument, type DocType } from '../../examples/dc-only/batch-file.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/dc-only');
/** The public API: types only, from these two files. */
const PUBLIC_TYPES = new Set(['../../orchestrator/plugin.ts', '../../orchestrator/ports.ts']);
/** Node built-ins and published packages the example may use (sha256 for the WMS trailer; CSV, as a plugin author should). */
const BUILTINS = new Set(['node:crypto', 'csv-parse/sync', 'csv-stringify/sync']);

interface ImportSite {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

/** Every static import/export-from and dynamic import in a source file. */
function importsOf(file: string, source: string): ImportSite[] {
  const sites: ImportSite[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    sites.push({ file, specifier: match[3] as string, typeOnly: match[2] !== undefined });
  }
  for (const match of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g)) sites.push({ file, specifier: match[1] as string, typeOnly: false });
  return sites;
}

/** The world dc-only can serve whole: ship orders only, stores that do not ship. */
const SHIP_ONLY = 'examples/dc-only/ship-only.json';

describe('examples/dc-only: a plugin written against the public API only', () => {
  const files = readdirSync(EXAMPLE_DIR).filter((name) => name.endsWith('.ts'));

  it('imports nothing but public types, its own files, node:crypto and the CSV libraries', () => {
    expect(files).toContain('plugin.ts');
    const sites = files.flatMap((name) => importsOf(name, readFileSync(join(EXAMPLE_DIR, name), 'utf8')));
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) {
      const where = `${site.file} imports ${site.specifier}`;
      if (PUBLIC_TYPES.has(site.specifier)) expect(site.typeOnly, `${where}: only \`import type\` from the public API`).toBe(true);
      else if (site.specifier.startsWith('./')) expect(files, where).toContain(site.specifier.slice(2));
      else expect(BUILTINS.has(site.specifier), `${where}: not part of the public API`).toBe(true);
    }
  });

  it('reads back every batch file it writes, whatever its fields hold (commas, quotes, line ends)', () => {
    const width: Record<DocType, number> = { RELEASE: 4, ACK: 5, SHIPCONF: 6, SNAPSHOT: 2 };
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 6 });
    const documents = fc.constantFrom<DocType>('RELEASE', 'ACK', 'SHIPCONF', 'SNAPSHOT').chain((docType) =>
      fc.record({
        docType: fc.constant(docType),
        controlNumber: fc.integer({ min: 1, max: 99_999_999 }),
        dcId: field,
        createdLocal: field,
        asOfLocal: field,
        rows: fc.array(fc.array(field, { minLength: width[docType], maxLength: width[docType] }), { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(documents, (doc: BatchDocument) => {
        expect(readBatchFile(writeBatchFile(doc))).toEqual({ ok: true, doc });
      }),
    );
  });

  it('reaches time, timers and randomness only through its ports', () => {
    for (const name of files) {
      const source = readFileSync(join(EXAMPLE_DIR, name), 'utf8');
      for (const banned of ['Date.now', 'Math.random', 'setTimeout', 'setInterval', 'performance.now', 'new Date()']) {
        expect(source.includes(banned), `${name} uses ${banned}`).toBe(false);
      }
    }
  });

  it('closes every order of its own ship-only world with no violation, two seeds', async () => {
    const { scenario } = loadScenario(SHIP_ONLY);
    for (const seed of [1, 2]) {
      const result = await simulate({ scenario, scenarioRef: SHIP_ONLY, seed, orders: 150, plugin: dcOnly }, () => 0);
      expect(result.orchestrator).toBe('dc-only@1.0.0');
      expect(result.violations, `seed ${seed}`).toEqual([]);
      expect(result.verdict, `seed ${seed}: ${result.stopReason}`).toBe('closed');
      expect(result.metrics.ordersClosed, `seed ${seed}`).toBe(result.orders);
    }
  });

  it('fails where stores could serve what it parks: pickups on baseline are not a cause the owners confirm', async () => {
    const { scenario } = loadScenario('baseline');
    const result = await simulate({ scenario, scenarioRef: 'baseline', seed: 1, orders: 150, plugin: dcOnly }, () => 0);
    expect(result.verdict).toBe('failed');
    const unjustified = result.violations.filter((violation) => violation.invariant === 'exceptions.parked-for-a-real-cause');
    expect(unjustified.length).toBeGreaterThan(0);
    expect(unjustified[0]?.detail).toContain('every open line could be served now');
  });

  it('keeps everything it needs in the store: crashed and restarted every 400 events, it still converges', async () => {
    const { scenario } = loadScenario(SHIP_ONLY);
    const result = await simulate({ scenario, scenarioRef: SHIP_ONLY, seed: 3, orders: 100, plugin: dcOnly, crashEveryEvents: 400 }, () => 0);
    expect(result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
    expect(result.converged, result.stopReason).toBe(true);
  });
});
