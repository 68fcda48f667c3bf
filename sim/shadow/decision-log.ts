import type { PublishedEvent } from '../../orchestrator/ports.ts';

/** The decisions shadow mode compares, each the output of one capability of an orchestrator. */
export const CAPABILITIES = ['intake', 'routing', 'promise', 'exception'] as const;
export type Capability = (typeof CAPABILITIES)[number];

type Decisions = Record<Capability, string[]>;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

/**
 * One orchestrator's decisions per order, keyed by the channel's order reference (the one thing
 * two orchestrators share: their own ids may differ), read from the canonical events it
 * publishes (orchestrator/model/events.ts): `order.created`, `routing.decided` (assignments,
 * promisedByMs) and `exception.opened` (category). A plugin that publishes none of them has
 * nothing to compare, and the report says so.
 */
export class DecisionLog {
  private readonly channelKeyOf = new Map<string, string>();
  private readonly byOrder = new Map<string, Decisions>();

  private decisions(orderId: string): Decisions | undefined {
    const key = this.channelKeyOf.get(orderId);
    if (key === undefined) return undefined;
    let decisions = this.byOrder.get(key);
    if (decisions === undefined) {
      decisions = { intake: [], routing: [], promise: [], exception: [] };
      this.byOrder.set(key, decisions);
    }
    return decisions;
  }

  onPublished(event: PublishedEvent): void {
    const { payload } = event;
    switch (event.type) {
      case 'order.created': {
        this.channelKeyOf.set(event.correlationId, `${text(payload.channel)}:${text(payload.channelOrderId)}`);
        this.decisions(event.correlationId)?.intake.push(`accepted ${text(payload.delivery)}`);
        return;
      }
      case 'routing.decided': {
        const decisions = this.decisions(event.correlationId);
        decisions?.routing.push(`${text(payload.assignments)}${payload.unroutable === '' || payload.unroutable === undefined ? '' : ` unroutable ${text(payload.unroutable)}`}`);
        decisions?.promise.push(payload.promisedByMs === undefined ? 'none' : text(payload.promisedByMs));
        return;
      }
      case 'exception.opened':
        this.decisions(event.correlationId)?.exception.push(text(payload.category));
        return;
      default:
    }
  }

  orders(): ReadonlyMap<string, Decisions> {
    return this.byOrder;
  }
}

export interface CapabilityDivergence {
  /** Orders both orchestrators decided something for in this capability (or one did). */
  compared: number;
  diverged: number;
  /** The first few orders where they differ, both sides. */
  examples: { order: string; primary: string; shadow: string }[];
}

/**
 * Per capability, the orders where the two logs disagree. Routing and promise compare each
 * order's first decision, the one both made on the same inputs: once the shadow routes
 * elsewhere, its later requests were never answered for real, so what follows is fiction.
 * Exceptions compare as a set, and only on orders both routed alike, for the same reason.
 */
export function divergence(primary: DecisionLog, shadow: DecisionLog): Record<Capability, CapabilityDivergence> {
  const result = Object.fromEntries(CAPABILITIES.map((capability) => [capability, { compared: 0, diverged: 0, examples: [] }])) as unknown as Record<Capability, CapabilityDivergence>;
  const keys = [...new Set([...primary.orders().keys(), ...shadow.orders().keys()])].sort();
  const view = (values: readonly string[] | undefined, capability: Capability): string => {
    const list = values ?? [];
    if (capability === 'exception') return [...list].sort().join(' | ');
    if (capability === 'routing' || capability === 'promise') return list[0] ?? '';
    return list.join(' | ');
  };
  for (const key of keys) {
    const mine = primary.orders().get(key);
    const theirs = shadow.orders().get(key);
    const routedAlike = view(mine?.routing, 'routing') === view(theirs?.routing, 'routing');
    for (const capability of CAPABILITIES) {
      if (capability === 'exception' && !routedAlike) continue;
      const left = view(mine?.[capability], capability);
      const right = view(theirs?.[capability], capability);
      if (left === '' && right === '') continue;
      const entry = result[capability];
      entry.compared++;
      if (left === right) continue;
      entry.diverged++;
      if (entry.examples.length < 5) entry.examples.push({ order: key, primary: left || '(nothing)', shadow: right || '(nothing)' });
    }
  }
  return result;
}
