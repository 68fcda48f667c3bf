/**
 * Errors surface at once: an orchestrator that throws in a timer, rejects a command or answers
 * one with something the contract does not know gets a violation naming where, with the first
 * bad event and the replay command, and the run stops there (it used to end as an unhandled
 * rejection the verdict never counted, or a periodic job that silently stopped for good).
 */
import { describe, expect, it } from 'vitest';
import type { Orchestrator, OrchestratorFactory } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate, type RunResult } from '../../sim/world/simulate.ts';
import { brokenPlugin } from '../variants/broken-plugin.ts';

async function runWith(scenarioName: string, create: OrchestratorFactory): Promise<RunResult> {
  const { scenario } = loadScenario(scenarioName);
  return simulate({ scenario, scenarioRef: scenarioName, seed: 1, orders: 60, plugin: brokenPlugin('throws', create) }, () => 0);
}

function expectStoppedAt(result: RunResult, invariant: string, detail: RegExp): void {
  expect(result.violations.map((violation) => violation.invariant)).toEqual([invariant]);
  const [violation] = result.violations;
  expect(violation?.detail).toMatch(detail);
  expect(violation?.firstBadEvent?.kind).toBe(invariant);
  expect(violation?.replay).toMatch(/^npx converge run --scenario /);
  expect(result.stopReason).toBe('the orchestrator threw or answered outside its contract');
  expect(result.verdict).toBe('failed');
}

describe('an orchestrator that throws', () => {
  it('in background work: reported from the timer that surfaced it, and the run stops', async () => {
    let sweeps = 0;
    const result = await runWith('baseline', (ports, config) => {
      // The reference with one timer callback that throws on its third run.
      const timers = { ...ports.timers, setTimer: (label: string, delayMs: number, callback: () => void) => ports.timers.setTimer(label, delayMs, label === 'orchestrator.capture-sweep' ? () => (++sweeps === 3 ? fail() : callback()) : callback) };
      return createReferenceOrchestrator({ ...ports, timers }, config);
    });
    expectStoppedAt(result, 'orchestrator.threw', /^timer orchestrator\.capture-sweep: Error: capture sweep broke/);
    expect(result.orders).toBeGreaterThan(0);
  });

  it('in a command: reported with the command and its key', async () => {
    let placed = 0;
    const result = await runWith('baseline', (ports, config): Orchestrator => {
      const reference = createReferenceOrchestrator(ports, config);
      return { ...reference, view: () => reference.view(), start: () => reference.start(), placeOrder: (command) => (++placed === 5 ? Promise.reject(new TypeError('no such field')) : reference.placeOrder(command)) };
    });
    expectStoppedAt(result, 'orchestrator.threw', /^placeOrder\(.+\): TypeError: no such field/);
  });

  it('answering a command with nothing: reported as an answer outside the contract', async () => {
    const result = await runWith('customer-actions', (ports, config): Orchestrator => {
      const reference = createReferenceOrchestrator(ports, config);
      return { ...reference, view: () => reference.view(), start: () => reference.start(), placeOrder: (command) => reference.placeOrder(command), cancelOrder: async () => undefined as never };
    });
    expectStoppedAt(result, 'orchestrator.answers-as-documented', /^cancelOrder\(.+\): answered undefined, expected an object with a kind/);
  });
});

function fail(): never {
  throw new Error('capture sweep broke');
}
