/**
 * A release turns promised dates on (DC1 promises 3 days, as the documented default already
 * said) and computes the routing day and the day's end in UTC instead of the node's zone: an
 * order routed in a Chicago evening is promised a day late, and every promise ends at UTC
 * midnight, hours off the DC's own day. Promises are only published, nothing checks them against
 * a shipment, so only a check of the computation notices. Caught by
 * `routing.promise-date-per-node-day`.
 */
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { FulfillmentMethod } from '../../orchestrator/model/types.ts';
import { DEFAULT_PROMISE_DAYS, promisedByMs } from '../../orchestrator/routing/promise-date.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

const promiseDateInUtc = (node: NodeSpec, method: FulfillmentMethod, nowMs: number): number => promisedByMs({ ...node, timeZone: 'UTC' }, method, nowMs);

export default brokenPlugin('promise-date-in-utc', (ports, config) => {
  const nodes = config.nodes.map((node) => (node.kind === 'DC' && node.promiseDays === undefined ? { ...node, promiseDays: DEFAULT_PROMISE_DAYS.SHIP_FROM_DC } : node));
  return createReferenceOrchestrator(ports, { ...config, nodes }, { promiseDate: promiseDateInUtc });
});
