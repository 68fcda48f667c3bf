import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { FulfillmentMethod } from '../../orchestrator/model/types.ts';
import { localIso } from '../../legacy-fakes/local-time.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import { expectedPromise, promiseDaysOf, type PromiseLeg } from './promise-day.ts';
import { pointer, type InvariantChecker } from './types.ts';

const METHODS: ReadonlySet<string> = new Set(['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'BOPIS', 'CURBSIDE']);
const HOUR_MS = 3_600_000;

/** `DC1:SHIP_FROM_DC:1+2 S1:BOPIS:3` -> each leg's node and method (legs naming an unknown node are left out). */
function legsOf(assignments: string, nodes: readonly NodeSpec[]): PromiseLeg[] {
  const legs: PromiseLeg[] = [];
  for (const part of assignments.split(' ')) {
    const [nodeId, method] = part.split(':');
    const node = nodes.find((candidate) => candidate.nodeId === nodeId);
    if (node !== undefined && method !== undefined && METHODS.has(method)) legs.push({ node, method: method as FulfillmentMethod });
  }
  return legs;
}

function hours(ms: number): string {
  return `${Math.round((Math.abs(ms) / HOUR_MS) * 10) / 10} h`;
}

/**
 * The promised date (docs/routing.md, "Promise date"): when the config sets `promiseDays` on any
 * node, `routing.decided` carries `promisedByMs` for a plan with assignments, and it is the end
 * (23:59:59.999 local) of each leg's node's local day `promiseDays` days (else the documented
 * default for the method) after the day it was routed on, the latest over the legs. Too early
 * (a day short, the routing day counted as day one) and too late (a day long, the day counted in
 * UTC or another node's zone) are both wrong: a customer told too early is let down, one told too
 * late buys elsewhere. A promise published without any `promiseDays` configured is judged
 * against the defaults. Read from the scenario's nodes, at the instant the decision was made.
 */
export const promiseDateChecker: InvariantChecker = {
  name: 'routing.promise-date-per-node-day',
  kinds: ['routing.decided'],
  onEvent(event, context, report) {
    if (event.kind !== 'routing.decided') return;
    const payload = fieldsOf(event);
    const { nodes } = context.world;
    const promised = payload.promisedByMs;
    // Nothing promised and nothing to promise: most configs (and the cost of the calendar arithmetic) end here.
    if (promised === undefined && !nodes.some((node) => node.promiseDays !== undefined)) return;
    const legs = legsOf(textField(payload.assignments), nodes);
    const routedAtMs = context.world.occurredAtMs(event);
    const expectation = expectedPromise(legs, routedAtMs);
    if (expectation === undefined) return;
    const expected = expectation.atMs;
    const foId = textField(payload.foId);
    if (promised === undefined) {
      report({ invariant: this.name, orderId: event.orderId, detail: `${foId} was routed (${textField(payload.assignments)}) without a promised date, though the config sets promiseDays`, firstBadEvent: pointer(event) });
      return;
    }
    if (promised === expected) return;
    const latest = expectation.leg;
    const { timeZone } = latest.node;
    const said = typeof promised === 'number' ? `${localIso(promised, timeZone)} ${timeZone} (${new Date(promised).toISOString()})` : JSON.stringify(promised);
    const direction = typeof promised !== 'number' ? 'unreadable' : promised < expected ? `${hours(expected - promised)} too early` : `${hours(promised - expected)} too late`;
    report({
      invariant: this.name,
      orderId: event.orderId,
      detail: `${foId} routed ${textField(payload.assignments)} at ${localIso(routedAtMs, timeZone)} ${latest.node.nodeId}-local was promised by ${said}: ${direction}; its nodes' policy promises the end of ${localIso(expected, timeZone).slice(0, 10)} ${timeZone} (${new Date(expected).toISOString()}, ${promiseDaysOf(latest.node, latest.method)} local days)`,
      firstBadEvent: pointer(event),
    });
  },
};
