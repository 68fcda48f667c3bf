import type { Command } from 'commander';
import { formatTimeline } from '../explain/format-timeline.ts';
import { loadHistory } from '../explain/history.node.ts';
import { TimelineBuilder } from '../explain/timeline.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { loadScenarioFlag } from './options.ts';

interface ExplainFlags {
  order: string;
  scenario?: string;
  json?: boolean;
}

export function registerExplain(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('explain')
    .description("one order's timeline across the orchestrator, POS, WMS and payment gateway, with the first disagreement marked")
    .argument('<file>', 'an incident file, or a trace file written by run --trace (JSON lines)')
    .requiredOption('--order <id>', 'the order id, e.g. web-0000016 (as violations and the trace name it)')
    .option('--scenario <name|path>', 'for a --trace file: the scenario it ran, for UTC and node-local times')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (file: string, flags: ExplainFlags) => {
      const scenario = flags.scenario === undefined ? undefined : loadScenarioFlag(flags.scenario).scenario;
      const history = await loadHistory(file, scenario, () => performance.now());
      const builder = new TimelineBuilder(flags.order, history.scenario, history.violations);
      for (const event of history.events) builder.add(event);
      const timeline = builder.result();
      if (timeline.entries.length === 0) {
        const known = [...new Set(history.events.map((event) => event.orderId).filter((id) => id !== '' && !/^[A-Z][A-Z0-9-]*$/.test(id)))];
        throw new UsageError(`${file}: --order ${flags.order}: no event of that order in ${history.events.length} trace events; orders in it: ${known.slice(0, 8).join(', ')}${known.length > 8 ? `, ... (${known.length} in all)` : ''}`);
      }
      if (flags.json === true) process.stdout.write(`${JSON.stringify(timeline)}\n`);
      else process.stdout.write(`converge explain: ${history.origin}\n${formatTimeline(timeline, history.scenario)}\n`);
      setExitCode(EXIT.ok);
    });
}
