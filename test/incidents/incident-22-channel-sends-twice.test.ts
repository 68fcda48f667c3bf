import { describe, expect, it } from 'vitest';
import type { CommandResult, Orchestrator, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 22: the channel sends the same order twice', () => {
  it('keeps one order per (channel, channel order id): the same key again and a new key later both replay it', async () => {
    const resent: { orderId: string; first: CommandResult; again: Promise<CommandResult>[] }[] = [];
    // The channel's connector: every order is sent twice at once under its key, and again an hour later under a fresh key.
    const plugin: OrchestratorPlugin = {
      ...referencePlugin,
      create: (ports, config) => {
        const inner = referencePlugin.create(ports, config);
        const wrapped: Orchestrator = {
          ...inner,
          start: () => inner.start(),
          view: () => inner.view(),
          placeOrder: async (command) => {
            const first = await inner.placeOrder(command);
            const entry = { orderId: first.kind === 'accepted' ? first.orderId : '', first, again: [inner.placeOrder(command)] };
            resent.push(entry);
            ports.timers.setTimer('test.resend', HOUR_MS, () => void entry.again.push(inner.placeOrder({ ...command, idempotencyKey: `${command.idempotencyKey}:resent` })));
            return first;
          },
        };
        return wrapped;
      },
    };
    const run = await runIncident(scenarioFrom('baseline', () => undefined), { seed: 22, orders: 150, plugin, kinds: ['order.created'] });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(resent.length).toBe(150);
    for (const entry of resent) {
      expect(entry.first.kind).toBe('accepted');
      const again = await Promise.all(entry.again);
      expect(again.length, entry.orderId).toBe(2);
      for (const result of again) expect(result, entry.orderId).toEqual({ kind: 'replayed', orderId: entry.orderId });
    }
    const orders = [...run.world.orchestrator.view().orders()];
    expect(orders.length).toBe(150);
    expect(new Set(orders.map((order) => `${order.channel}|${order.channelOrderId}`)).size).toBe(150);
    expect(run.events.length).toBe(150); // one order.created each
    // One authorisation per order: the repeat did not charge twice.
    const auths = run.world.payment.truth().authorizations.map((auth) => auth.reference);
    expect(new Set(auths).size).toBe(auths.length);
  });
});
