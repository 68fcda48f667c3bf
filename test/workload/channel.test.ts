import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandResult, Orchestrator } from '../../orchestrator/plugin.ts';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { SalesChannel, type ChannelCommand, type ChannelOptions } from '../../sim/workload/channel.ts';

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
  const command = (idempotencyKey: string): ChannelCommand => ({
    kind: 'placeOrder',
    idempotencyKey,
    orderId: '',
    reference: 'web:1',
    invoke: (orchestrator) => orchestrator.placeOrder({ idempotencyKey, channel: 'web', channelOrderId: '1', customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines: [] }),
    rekeyed: command,
  });
  const send = (): void => channel.send(command('web:1'), (result) => answers.push(result));
  const sendCancel = (): void =>
    channel.send({ kind: 'cancel', idempotencyKey: 'cancel:O1', orderId: 'O1', reference: 'O1', invoke: (orchestrator) => orchestrator.placeOrder({ idempotencyKey: 'cancel:O1', channel: 'web', channelOrderId: '1', customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines: [] }) }, (result) => answers.push(result));
  const run = (untilMs = 3_600_000): Promise<unknown> => kernel.run({ untilMs, maxEvents: 1000 });
  return { kernel, channel, taken, answers, send, sendCancel, run };
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
    expect(channel.counters()).toEqual({ 'channel.duplicate': 1, 'channel.concurrent_duplicate': 1, 'channel.resend_unanswered': 0, 'channel.new_key_resend': 0, 'channel.late_resend': 0, 'channel.late_cancel_resend': 0 });
  });

  it('re-sends to the restarted orchestrator a command whose answer a crash lost, and stops once answered', async () => {
    const { channel, taken, answers, send, run } = world(OPTIONS, true);
    send();
    await run();
    expect(taken).toEqual(['g0:web:1', 'g1:web:1']);
    expect(answers).toHaveLength(1);
    expect(channel.counters()['channel.resend_unanswered']).toBe(1);
  });

  it('re-sends an order under a new key (same channel order) after the drawn delay, passing on only the first answer', async () => {
    const { kernel, channel, taken, answers, send, run } = world({ ...OPTIONS, newKeyResend: { ratio: [1, 1], delayMinutes: { min: 5, max: 5 } } });
    const resent: number[] = [];
    kernel.trace.listen((event) => event.kind === 'channel.new_key_resend' && resent.push(event.atMs));
    send();
    await run();
    expect(taken).toEqual(['g0:web:1', 'g0:web:1/resent']);
    expect(answers).toHaveLength(1);
    expect(channel.counters()['channel.new_key_resend']).toBe(1);
    expect(resent).toEqual([5 * 60_000]);
  });

  it('re-sends an answered order with its own key hours later, and a cancel by its own ratio', async () => {
    const late = { ratio: [1, 1] as [number, number], delayHours: { min: 30, max: 30 } };
    const orders = world({ ...OPTIONS, lateResend: late });
    orders.send();
    orders.sendCancel();
    await orders.run(40 * 3_600_000);
    // The cancel is not re-sent: lateResend is for orders; lateCancelResend for cancels.
    expect(orders.taken).toEqual(['g0:web:1', 'g0:cancel:O1', 'g0:web:1']);
    expect(orders.channel.counters()).toMatchObject({ 'channel.late_resend': 1, 'channel.late_cancel_resend': 0 });
    const cancels = world({ ...OPTIONS, lateCancelResend: late });
    cancels.send();
    cancels.sendCancel();
    await cancels.run(40 * 3_600_000);
    expect(cancels.taken).toEqual(['g0:web:1', 'g0:cancel:O1', 'g0:cancel:O1']);
    expect(cancels.channel.counters()).toMatchObject({ 'channel.late_resend': 0, 'channel.late_cancel_resend': 1 });
    expect(cancels.answers).toHaveLength(2);
  });

  it('never re-sends late a command that was never answered (a crash lost every answer)', async () => {
    const { channel, taken, send, run } = world({ ...OPTIONS, maxResends: 0, lateResend: { ratio: [1, 1], delayHours: { min: 1, max: 1 } } }, true);
    send();
    await run(5 * 3_600_000);
    expect(taken).toEqual(['g0:web:1']);
    expect(channel.counters()['channel.late_resend']).toBe(0);
  });

  it('draws nothing for re-sends when none is configured: the duplicates land where they did (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (seed) => {
        const times = async (options: ChannelOptions): Promise<number[]> => {
          const kernel = new SimKernel({ seed, startEpochMs: 0 });
          const channel = new SalesChannel(kernel, options, { instance: () => fakeOrchestrator([], 'g0'), generation: () => 0 }, () => undefined);
          const duplicates: number[] = [];
          kernel.trace.listen((event) => event.kind === 'channel.duplicate' && duplicates.push(event.atMs));
          for (let i = 0; i < 5; i++) channel.send({ kind: 'placeOrder', idempotencyKey: `k${i}`, orderId: '', reference: `r${i}`, invoke: (o) => o.placeOrder({ idempotencyKey: `k${i}`, channel: 'web', channelOrderId: String(i), customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines: [] }) }, () => undefined);
          await kernel.run({ untilMs: 3_600_000, maxEvents: 1000 });
          return duplicates;
        };
        const plain = { ...OPTIONS, duplicate: [1, 2] as [number, number] };
        // Re-sends drawn on their own stream: switching them on moves no duplicate.
        expect(await times({ ...plain, newKeyResend: { ratio: [1, 2], delayMinutes: { min: 1, max: 9 } } })).toEqual(await times(plain));
      }),
      { numRuns: 20 },
    );
  });

  it('never duplicates with ratio [0, n]', async () => {
    const { channel, taken, send, run } = world({ ...OPTIONS, duplicate: [0, 1], concurrentDuplicate: [0, 3] });
    send();
    await run();
    expect(taken).toEqual(['g0:web:1']);
    expect(channel.counters()['channel.duplicate']).toBe(0);
  });
});
