/**
 * The outbox relays at least once and consumers drop a repeated event id, so the world does too:
 * a repeat is traced as `event.redelivered` and only the sequence checker judges it (same event,
 * or another one under a used id). Before, every checker that reads events by type counted a
 * repeat as a second event, and no run ever redelivered, so nobody knew.
 */
import { describe, expect, it } from 'vitest';
import type { OrchestratorFactory } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate, type RunResult } from '../../sim/world/simulate.ts';
import { brokenPlugin } from '../variants/broken-plugin.ts';

async function runWith(create: OrchestratorFactory): Promise<RunResult & { trace: readonly { kind: string }[] }> {
  const { scenario } = loadScenario('customer-actions');
  const trace: { kind: string }[] = [];
  const result = await simulate({ scenario, scenarioRef: 'customer-actions', seed: 1, orders: 80, plugin: brokenPlugin('bus', create), onTrace: (event) => trace.push(event) }, () => 0);
  return { ...result, trace };
}

describe('events delivered more than once', () => {
  it('the same event twice is one event to every checker', async () => {
    let sent = 0;
    const result = await runWith((ports, config) => createReferenceOrchestrator({ ...ports, events: { publish: (event) => { sent++; ports.events.publish(event); ports.events.publish(event); } } }, config));
    expect(result.violations).toEqual([]);
    expect(result.verdict).toBe('closed');
    expect(result.trace.filter((event) => event.kind === 'event.redelivered')).toHaveLength(sent);
  });

  it('another event under a used id is reported, at the repeat', async () => {
    let altered = false;
    const result = await runWith((ports, config) =>
      createReferenceOrchestrator(
        {
          ...ports,
          events: {
            publish: (event: PublishedEvent) => {
              ports.events.publish(event);
              if (!altered && event.type === 'fo.transitioned') {
                altered = true;
                ports.events.publish({ ...event, payload: { ...event.payload, reason: 'edited after it was sent' } });
              }
            },
          },
        },
        config,
      ),
    );
    const [first] = result.violations;
    expect(first?.invariant).toBe('events.per-aggregate-sequence');
    expect(first?.detail).toMatch(/published again \(fo\.transitioned\) with a different payload/);
    expect(first?.firstBadEvent?.kind).toBe('event.redelivered');
  });
});
