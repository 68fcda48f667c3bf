import type { Command } from 'commander';
import { faultFamilies } from '../world/scenario-faults.ts';
import { listScenarioNames } from '../world/scenario-loader.node.ts';
import { loadScenarioFlag } from './options.ts';
import { NO_PARKING } from '../world/parking.ts';
import { describeRatio } from '../world/parking-text.ts';

interface ScenarioRow {
  name: string;
  description: string;
  orders: number;
  stores: number;
  dcs: number;
  faults: string[];
  /** Share of orders that may end parked on the exception queue, `[n, d]` (docs/exceptions.md); `[0, 1]`: none. */
  parkingBudget: readonly [number, number];
}

function rowOf(name: string): ScenarioRow {
  const { scenario } = loadScenarioFlag(name);
  return { name, description: scenario.description, orders: scenario.workload.orders, stores: scenario.topology.stores.length, dcs: scenario.topology.dcs.length, faults: faultFamilies(scenario), parkingBudget: scenario.parkingBudget?.orders ?? NO_PARKING };
}

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the named scenarios with what each exercises')
    .option('--json', 'print one JSON array on stdout')
    .action((flags: { json?: boolean }) => {
      const rows = listScenarioNames().map(rowOf);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      for (const row of rows) {
        process.stdout.write(`${row.name.padEnd(30)} ${row.orders} orders, ${row.stores} stores, ${row.dcs} DC${row.dcs === 1 ? '' : 's'}; faults: ${row.faults.join(', ') || 'none'}; parking budget: ${describeRatio(row.parkingBudget)}\n`);
        process.stdout.write(`${''.padEnd(30)} ${row.description}\n`);
      }
    });
}
