import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE } from '../../sim/world/fault-catalogue.ts';

/** The fault table of docs/scenarios.md, as the catalogue would print it, one row per fault in catalogue order. */
function catalogueRows(): string[] {
  return Object.entries(FAULT_CATALOGUE).map(([name, entry]) => {
    const swarm: string | undefined = 'swarm' in entry ? entry.swarm : undefined;
    return `| \`${name}\` | \`${entry.counter}\` | ${swarm === undefined ? '-' : `\`${swarm}\``} | ${entry.means} |`;
  });
}

describe('docs/scenarios.md', () => {
  it('prints the fault catalogue as it is: every fault, its counter, its swarm parameter and what it stands for', () => {
    const docs = readFileSync(resolve(import.meta.dirname, '../../docs/scenarios.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## The fault catalogue'), docs.indexOf('## Named scenarios'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual(catalogueRows());
  });
});
