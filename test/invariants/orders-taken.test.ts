import { describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { brokenPlugin } from '../variants/broken-plugin.ts';

/** The reference, with placeOrder answered by `answer` instead when it says so. */
function refusing(answer: (command: Parameters<Orchestrator['placeOrder']>[0], count: number) => Awaited<ReturnType<Orchestrator['placeOrder']>> | undefined) {
  let count = 0;
  return brokenPlugin('refuses-orders', (ports, config): Orchestrator => {
    const reference = createReferenceOrchestrator(ports, config);
    return {
      ...reference,
      view: () => reference.view(),
      start: () => reference.start(),
      cancelOrder: (command) => reference.cancelOrder?.(command) ?? Promise.resolve({ kind: 'invalid', message: 'no cancels' }),
      placeOrder: (command) => {
        const refusal = answer(command, ++count);
        return refusal === undefined ? reference.placeOrder(command) : Promise.resolve(refusal);
      },
    };
  });
}

async function violationsOf(scenarioName: string, plugin: ReturnType<typeof refusing>) {
  const { scenario } = loadScenario(scenarioName);
  const result = await simulate({ scenario, scenarioRef: scenarioName, seed: 1, orders: 80, plugin }, () => 0);
  return result.violations.filter((violation) => violation.invariant === 'commands.valid-orders-taken');
}

describe('commands.valid-orders-taken', () => {
  it('finds every valid order an orchestrator refused, naming the channel order and the answer', async () => {
    const found = await violationsOf('baseline', refusing((_command, count) => (count % 10 === 0 ? { kind: 'invalid', message: 'lines[0].sku looks wrong' } : undefined)));
    expect(found).toHaveLength(8);
    expect(found[0]?.detail).toMatch(/^the channel's order web:\S+ was never taken \(answered invalid lines\[0\]\.sku looks wrong\)/);
    expect(found[0]?.firstBadEvent?.kind).toBe('order.refused');
  });

  it('finds a retry of a request already taken refused as a conflict (a fingerprint over what changes between retries)', async () => {
    const seen = new Set<string>();
    const found = await violationsOf(
      'duplicate-storm',
      refusing((command) => {
        // Only the very same request again (duplicate-storm also sends other requests under used keys).
        const request = JSON.stringify(command);
        if (!seen.has(request)) {
          seen.add(request);
          return undefined;
        }
        return { kind: 'conflict', message: `idempotency key ${command.idempotencyKey} was used for a different order` };
      }),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((violation) => / sent again with the same key and body, answered conflict/.test(violation.detail))).toBe(true);
  });
});
