/**
 * Incident 23: the orchestrator lets a store take 2 % more FOs a day than its capacity (a
 * capacity read with a tolerance, or cached from before it was lowered). On a holiday spike the
 * capped stores fill up and the extra 2 % go through; nothing else notices, since every order
 * still closes. Caught by `routing.capacity-per-local-day`.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('capacity-overbooked', (ports, config) =>
  createReferenceOrchestrator(ports, { ...config, nodes: config.nodes.map((node) => (node.capacityPerDay === undefined ? node : { ...node, capacityPerDay: Math.ceil(node.capacityPerDay * 1.02) })) }),
);
