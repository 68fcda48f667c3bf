/**
 * The event-stream and money-per-intent checkers in whole runs: at least once delivery (an event
 * relayed again later, as after a crash between publishing and deleting it) is not a finding;
 * the reference, crashing and restarting, is clean.
 */
import { describe, expect, it } from 'vitest';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { createReferenceOrchestrator, referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { eventProjectionChecker } from '../../sim/invariants/event-projection.ts';
import { eventSequenceChecker } from '../../sim/invariants/event-sequence.ts';
import { moneyIntentsChecker } from '../../sim/invariants/money-intents.ts';
import { refundsChecker } from '../../sim/invariants/refunds.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

const CHECKERS = [eventSequenceChecker, eventProjectionChecker, moneyIntentsChecker, refundsChecker];

/** Every third event goes out again a little later, after whatever the relay sends next: at least once. */
const redelivering: OrchestratorPlugin = {
  ...referencePlugin,
  name: 'redelivering-reference',
  create: (ports, config) => {
    let count = 0;
    const publish = (event: PublishedEvent): void => {
      ports.events.publish(event);
      if (++count % 3 === 0) ports.timers.setTimer('bus.redeliver', 1, () => ports.events.publish(event));
    };
    return createReferenceOrchestrator({ ...ports, events: { publish } }, config);
  },
};

async function violations(scenarioName: string, plugin: OrchestratorPlugin, orders: number): Promise<string[]> {
  const { scenario } = loadScenario(scenarioName);
  const result = await simulate({ scenario, scenarioRef: scenarioName, seed: 1, orders, plugin, checkers: CHECKERS }, () => 0);
  return result.violations.map((violation) => `${violation.invariant}: ${violation.detail}`);
}

describe('event stream and money per intent in whole runs', () => {
  it('accept every event delivered again later (at least once), with returns and refunds', async () => {
    expect(await violations('customer-actions', redelivering, 250)).toEqual([]);
  }, 120_000);

  it('find the reference clean while it crashes and restarts over and over', async () => {
    expect(await violations('crash-restart', referencePlugin, 250)).toEqual([]);
  }, 120_000);
});
