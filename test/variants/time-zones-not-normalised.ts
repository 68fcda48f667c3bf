/**
 * POS and WMS report local times without an offset; this orchestrator reads them (and counts
 * days, writes release headers) as if every node were on UTC: a DC snapshot's as-of is off by the
 * DC's offset. Caught by `inventory.snapshot-as-of-is-the-owners`.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('time-zones-not-normalised', (ports, config) => createReferenceOrchestrator(ports, { ...config, nodes: config.nodes.map((node) => ({ ...node, timeZone: 'UTC' })) }));
