/**
 * dc-only: an example Converge orchestrator plugin (plugin API version 1), written only against
 * the public types in orchestrator/plugin.ts and orchestrator/ports.ts (docs/plugins.md).
 *
 * Every ship order becomes one FO at the first DC, released to its WMS in hourly batch files;
 * the WMS's ACK and SHIPCONF files settle it; the card is captured for what shipped and the rest
 * voided. Pickup orders need a store, which this plugin never uses: they are parked on the
 * exception queue as UNROUTABLE for a person, so the world still converges.
 */
import type { CommandResult, NodeSpec, Orchestrator, OrchestratorConfig, OrchestratorPlugin, PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { Ports } from '../../orchestrator/ports.ts';
import { fingerprintOf, recall, remember } from './idempotency.ts';
import { commit, emit, park, saveOrder, transition } from './lifecycle.ts';
import { Payments } from './payments.ts';
import { NS, orderValueCents, type OrderRecord } from './records.ts';
import { createView } from './views.ts';
import { foIdOf, WmsInbox } from './wms-inbox.ts';
import { nextNumber, WmsRelease } from './wms-release.ts';

/** How often orders with gateway work left are retried (a gateway outage, a restart). */
const MONEY_SWEEP_MS = 10 * 60_000;

function validate(command: PlaceOrderCommand): string | undefined {
  if (command.lines.length === 0) return 'lines: expected at least one line, got none';
  for (const [index, line] of command.lines.entries()) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) return `lines[${index}].quantity: expected a whole number >= 1, got ${line.quantity}`;
    if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) return `lines[${index}].unitPriceCents: expected whole cents >= 0, got ${line.unitPriceCents}`;
    if (line.sku === '' || /[,"\n\r]/.test(line.sku)) return `lines[${index}].sku: expected a SKU without commas, quotes or line ends, got ${JSON.stringify(line.sku)}`;
  }
  return undefined;
}

/** Every ship order goes here. A config without a DC is refused when the orchestrator is created. */
function firstDc(config: OrchestratorConfig): NodeSpec & { wmsFolder: string } {
  const dc = config.nodes.find((node): node is NodeSpec & { wmsFolder: string } => node.kind === 'DC' && node.wmsFolder !== undefined);
  if (dc === undefined) throw new Error('dc-only: config.nodes has no DC with a wmsFolder; this plugin routes every ship order to the first one');
  return dc;
}

export function createDcOnly(ports: Ports, config: OrchestratorConfig): Orchestrator {
  const dc = firstDc(config);
  const payments = config.payment === undefined ? undefined : new Payments(ports, config.payment);
  const release = new WmsRelease(ports, dc);

  /**
   * Work nobody awaits: a failure is thrown again from a timer callback, where the harness (and a
   * real scheduler) sees it, instead of vanishing as an unhandled promise.
   */
  const inBackground = (label: string, work: Promise<unknown>): void => {
    work.then(undefined, (error: unknown) =>
      ports.timers.setTimer(`${label} failed`, 0, () => {
        throw error;
      }),
    );
  };
  const collect = (orderId: string): void => {
    if (payments !== undefined) inBackground(`payments ${orderId}`, payments.work(orderId));
  };
  const inbox = new WmsInbox(ports, dc, collect);

  /** Runs `work`, then again `intervalMs` after it finished: never two runs of one job at once. */
  const every = (label: string, intervalMs: number, work: () => Promise<void>): void => {
    // Booked again whether the run worked or failed: one bad pass must not stop the job for good.
    ports.timers.setTimer(label, intervalMs, () => inBackground(label, work().finally(() => every(label, intervalMs, work))));
  };

  function place(command: PlaceOrderCommand, fingerprint: string): CommandResult {
    const nowMs = ports.clock.nowMs();
    return commit(ports, (out) => {
      const orderId = `dco-${nextNumber(ports, 'orders')}`;
      const pickup = command.delivery.method === 'PICKUP';
      let record: OrderRecord = {
        orderId,
        foId: foIdOf(orderId),
        channel: command.channel,
        channelOrderId: command.channelOrderId,
        createdAtMs: nowMs,
        nodeId: pickup ? '' : dc.nodeId,
        state: 'CREATED',
        sequence: 0,
        releaseControlNumber: null,
        releasedAtMs: null,
        lines: command.lines.map((line, index) => ({ lineNo: index + 1, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, ack: 'NONE', shipments: {}, confirmed: false })),
        exception: null,
        payment: null,
      };
      const lines = record.lines.map((line) => `${line.sku}x${line.quantity}`).join(' ');
      record = emit(record, 'order.created', { orderId, channel: command.channel, channelOrderId: command.channelOrderId, lines }, nowMs, out, orderId);
      record = transition(record, 'ROUTING', 'route', nowMs, out);
      if (command.delivery.method === 'PICKUP') {
        record = park(record, 'UNROUTABLE', 'cancel', 'P3', `pickup at store ${command.delivery.storeId}: the dc-only orchestrator routes to DCs only`, nowMs, out);
      } else {
        record = transition(record, 'ALLOCATED', 'allocate', nowMs, out);
        if (payments !== undefined && orderValueCents(record) > 0) record = { ...record, payment: { authorizationId: null, authorizedCents: 0, capturedCents: 0, released: false } };
        ports.store.put(NS.toRelease, orderId, orderId);
      }
      saveOrder(ports.store, record);
      remember(ports.store, command.idempotencyKey, fingerprint, orderId);
      return { kind: 'accepted', orderId };
    });
  }

  return {
    name: 'dc-only',
    version: '1.0.0',
    async start() {
      every('dc-only.release', config.timing.releaseIntervalMs, () => release.run());
      every('dc-only.wms-poll', config.timing.wmsPollIntervalMs, () => inbox.poll());
      if (payments !== undefined) every('dc-only.money-sweep', MONEY_SWEEP_MS, () => payments.sweep());
    },
    async placeOrder(command) {
      const fingerprint = fingerprintOf(command);
      const earlier = recall(ports.store, command.idempotencyKey, fingerprint);
      if (earlier !== undefined) return earlier;
      const problem = validate(command);
      if (problem !== undefined) return { kind: 'invalid', message: problem };
      const result = place(command, fingerprint);
      if (result.kind === 'accepted') collect(result.orderId);
      return result;
    },
    view: () => createView(ports.store),
  };
}

const plugin: OrchestratorPlugin = { apiVersion: 1, name: 'dc-only', version: '1.0.0', create: createDcOnly };
export default plugin;
