import type { Command } from 'commander';
import { listScenarioNames, loadScenario } from '../world/scenario-loader.node.ts';

interface ScenarioRow {
  name: string;
  description: string;
  orders: number;
  stores: number;
  dcs: number;
  faults: string[];
}

/** Which quirk families a scenario switches on, in words a reader can scan. */
function faultsOf(name: string): ScenarioRow {
  const { scenario } = loadScenario(name);
  const faults = new Set<string>();
  for (const store of scenario.topology.stores) for (const key of Object.keys(store.quirks ?? {})) faults.add(`pos.${key}`);
  for (const dc of scenario.topology.dcs) for (const key of Object.keys(dc.quirks ?? {})) faults.add(`wms.${key}`);
  for (const key of Object.keys(scenario.payment.quirks ?? {})) faults.add(`payment.${key}`);
  for (const key of Object.keys(scenario.network.faults ?? {})) faults.add(`network.${key}`);
  return { name, description: scenario.description, orders: scenario.workload.orders, stores: scenario.topology.stores.length, dcs: scenario.topology.dcs.length, faults: [...faults].sort() };
}

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the named scenarios with what each exercises')
    .option('--json', 'print one JSON array on stdout')
    .action((flags: { json?: boolean }) => {
      const rows = listScenarioNames().map(faultsOf);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      for (const row of rows) {
        process.stdout.write(`${row.name.padEnd(30)} ${row.orders} orders, ${row.stores} stores, ${row.dcs} DC${row.dcs === 1 ? '' : 's'}; faults: ${row.faults.join(', ') || 'none'}\n`);
        process.stdout.write(`${''.padEnd(30)} ${row.description}\n`);
      }
    });
}
