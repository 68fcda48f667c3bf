import { describe, expect, it } from 'vitest';
import type { CommandResult, Orchestrator } from '../../orchestrator/plugin.ts';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { SalesChannel, type ChannelOptions } from '../../sim/workload/channel.ts';

const OPTIONS: ChannelOptions = { duplicateDelayMs: { min: 1000, max: 1000 }, replyMs: 20, resendAfterMs: 60_000, maxResends: 2 };

/** An orchestrator that only counts the commands it took, per instance (a crash replaces it). */
function fakeOrchestrator(taken: string[], name: string): Orchestrator {
  return { placeOrder: async (command) => (taken.push(`${name}:${command.idempotencyKey}`), { kind: 'accepted', orderId: 'O1' }) } as Orchestrator;
}

function world(options: ChannelOptions | undefined, crashOnHandOver = false) {
  const kernel = new SimKernel({ seed: 1, startEpochMs: 0 });
  const taken: string[] = [];
  const answers: CommandResult[] = [];
  let generation = 0;
  let current = fakeOrchestrator(taken, 'g0');
  let crashes = crashOnHandOver ? 1 : 0;
  const channel = new SalesChannel(kernel, options, { instance: () => current, generation: () => generation }, () => {
    if (crashes-- <= 0) return;
    kernel.schedule('crash', 0, () => {
      generation++;
      current = fakeOrchestrator(taken, `g${generation}`);
    });
  });
  const send = (): void =>
    channel.send({ kind: 'placeOrder', idempotencyKey: 'web:1', orderId: '', reference: 'web:1', invoke: (orchestrator) => orchestrator.placeOrder({ idempotencyKey: 'web:1', channel: 'web', channelOrderId: '1', customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines: [] }) }, (result) => answers.push(result));
  const run = (): Promise<unknown> => kernel.run({ untilMs: 3_600_000, maxEvents: 1000 });
  return { kernel, channel, taken, answers, send, run };
}

describe('the sales channel', () => {
  it('without a channel block sends once and takes the answer at once, with no event of its own', async () => {
    const { kernel, taken, answers, send } = world(undefined);
    send();
    await Promise.resolve();
    await Promise.resolve();
    expect(taken).toEqual(['g0:web:1']);
    expect(answers).toEqual([{ kind: 'accepted', orderId: 'O1' }]);
    expect(kernel.eventsExecuted).toBe(0);
  });

  it('sends a copy at once and another later, with the same key, and passes on one answer', async () => {
    const { channel, taken, answers, send, run } = world({ ...OPTIONS, duplicate: [1, 1], concurrentDuplicate: [1, 1] });
    send();
    await run();
    expect(taken).toEqual(['g0:web:1', 'g0:web:1', 'g0:web:1']);
    expect(answers).toHaveLength(1);
    expect(channel.counters()).toEqual({ 'channel.duplicate': 1, 'channel.concurrent_duplicate': 1, 'channel.resend_unanswered': 0 });
  });

  it('re-sends to the restarted orchestrator a command whose answer a crash lost, and stops once answered', async () => {
    const { channel, taken, answers, send, run } = world(OPTIONS, true);
    send();
    await run();
    expect(taken).toEqual(['g0:web:1', 'g1:web:1']);
    expect(answers).toHaveLength(1);
    expect(channel.counters()['channel.resend_unanswered']).toBe(1);
  });

  it('never duplicates with ratio [0, n]', async () => {
    const { channel, taken, send, run } = world({ ...OPTIONS, duplicate: [0, 1], concurrentDuplicate: [0, 3] });
    send();
    await run();
    expect(taken).toEqual(['g0:web:1']);
    expect(channel.counters()['channel.duplicate']).toBe(0);
  });
});
