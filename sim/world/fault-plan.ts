/**
 * A run's fault plan and its "sometimes" check. The plan is read from the concrete scenario
 * (after a swarm drew it) plus the command line's crash override; each planned fault names the
 * counter that shows it fired. A planned fault that never fired leaves the run vacuous: it
 * passed without being tested. A fault planned with ratio [0, n] can never fire, so it is
 * always vacuous: that is how a switched-off fault shows.
 */
import { FAULT_CATALOGUE, type FaultName } from './fault-catalogue.ts';
import type { Scenario } from './scenario-schema.ts';

export interface PlannedFault {
  name: FaultName;
  /** The `faultsFired` counter that shows it happened. */
  counter: string;
  /** Its parameters, per node where they differ: `1/25 (S1 S2)`. */
  detail: string;
}

export interface PlanOverrides {
  /** `--crash-every`: replaces the scenario's event-driven crash trigger. */
  crashEveryEvents?: number;
}

type Ratio = readonly [number, number];

const ratioText = ([numerator, denominator]: Ratio): string => `${numerator}/${denominator}`;
const hoursText = (window: { fromHour: number; toHour: number }): string => `h${window.fromHour}-${window.toHour}`;
const longOutageText = (outage: { fromHour: number; hours: number; mode: string }): string => `${outage.mode} ${hoursText({ fromHour: outage.fromHour, toHour: outage.fromHour + outage.hours })}`;
const delayedText = (quirk: { ratio: Ratio; delayHours: { min: number; max: number } }): string => `${ratioText(quirk.ratio)} ${quirk.delayHours.min}-${quirk.delayHours.max} h`;

/** Collects `name -> detail -> nodes`, so one line per fault says which node has which setting. */
class PlanBuilder {
  private readonly faults = new Map<FaultName, Map<string, string[]>>();

  add(name: FaultName, detail: string, node = ''): void {
    let details = this.faults.get(name);
    if (details === undefined) this.faults.set(name, (details = new Map()));
    let nodes = details.get(detail);
    if (nodes === undefined) details.set(detail, (nodes = []));
    if (node !== '') nodes.push(node);
  }

  build(): PlannedFault[] {
    return [...this.faults.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, details]) => ({
        name,
        counter: FAULT_CATALOGUE[name].counter,
        detail: [...details.entries()].map(([detail, nodes]) => (nodes.length === 0 ? detail : `${detail} (${nodes.join(' ')})`)).join(', '),
      }));
  }
}

function planPos(plan: PlanBuilder, scenario: Scenario): void {
  for (const store of scenario.topology.stores) {
    const quirks = store.quirks;
    if (quirks === undefined) continue;
    if (quirks.serviceMs !== undefined) plan.add('pos.serviceMs', `${quirks.serviceMs.min}-${quirks.serviceMs.max} ms`, store.id);
    if (quirks.ghostSuccess !== undefined) plan.add('pos.ghostSuccess', ratioText(quirks.ghostSuccess), store.id);
    if (quirks.lostRequest !== undefined) plan.add('pos.lostRequest', ratioText(quirks.lostRequest), store.id);
    if (quirks.errorInBody !== undefined) plan.add('pos.errorInBody', ratioText(quirks.errorInBody), store.id);
    if (quirks.garbledReply !== undefined) plan.add('pos.garbledReply', ratioText(quirks.garbledReply), store.id);
    if (quirks.unavailable !== undefined) plan.add('pos.unavailable', ratioText(quirks.unavailable.ratio), store.id);
    for (const window of quirks.offline ?? []) plan.add(window.mode === 'hang' ? 'pos.offline.hang' : 'pos.offline.refuse', hoursText(window), store.id);
    if (quirks.inStoreShoppers !== undefined) plan.add('pos.inStoreShoppers', `${quirks.inStoreShoppers.salesPerOpenHour}/h`, store.id);
    if (quirks.longOutage !== undefined) plan.add('pos.longOutage', longOutageText(quirks.longOutage), store.id);
    // Sales are forwarded only where shoppers buy at all.
    if (quirks.longOutage !== undefined && (quirks.inStoreShoppers?.salesPerOpenHour ?? 0) > 0) plan.add('pos.longOutageSales', `after ${longOutageText(quirks.longOutage)}`, store.id);
    // apiKey is configuration, not a fault: a right key never fails.
  }
}

function planWms(plan: PlanBuilder, scenario: Scenario): void {
  for (const dc of scenario.topology.dcs) {
    const quirks = dc.quirks;
    if (quirks === undefined) continue;
    if (quirks.lateFiles !== undefined) plan.add('wms.lateFiles', `${ratioText(quirks.lateFiles.ratio)} ${quirks.lateFiles.delayMinutes.min}-${quirks.lateFiles.delayMinutes.max} min`, dc.id);
    if (quirks.veryLateFiles !== undefined) plan.add('wms.veryLateFiles', delayedText(quirks.veryLateFiles), dc.id);
    if (quirks.lateDuplicateConfirmation !== undefined) plan.add('wms.lateDuplicateConfirmation', delayedText(quirks.lateDuplicateConfirmation), dc.id);
    if (quirks.stuckTransfer !== undefined) plan.add('wms.stuckTransfer', hoursText({ fromHour: quirks.stuckTransfer.fromHour, toHour: quirks.stuckTransfer.fromHour + quirks.stuckTransfer.hours }), dc.id);
    const ratios = [
      ['wms.duplicateConfirmation', quirks.duplicateConfirmation],
      ['wms.truncatedFile', quirks.truncatedFile],
      ['wms.checksumMismatch', quirks.checksumMismatch],
      ['wms.outOfOrderControlNumbers', quirks.outOfOrderControlNumbers],
      ['wms.phantomAck', quirks.phantomAck],
      ['wms.staleSnapshot', quirks.staleSnapshot],
      ['wms.skippedNights', quirks.skippedNights],
      ['wms.shortShip', quirks.shortShip],
      ['wms.splitShipment', quirks.splitShipment],
      ['wms.rejectLine', quirks.rejectLine],
      ['wms.lostRelease', quirks.lostRelease],
      ['wms.unexportedAck', quirks.unexportedAck],
      ['wms.unexportedConfirmation', quirks.unexportedConfirmation],
      ['wms.malformedFile', quirks.malformedFile],
    ] as const;
    for (const [name, ratio] of ratios) if (ratio !== undefined) plan.add(name, ratioText(ratio), dc.id);
  }
}

function planPayment(plan: PlanBuilder, scenario: Scenario): void {
  const quirks = scenario.payment.quirks;
  if (quirks === undefined) return;
  // serviceMs is a latency distribution the gateway has no counter for: not a plan entry.
  if (quirks.captureGhostSuccess !== undefined) plan.add('payment.captureGhostSuccess', ratioText(quirks.captureGhostSuccess));
  if (quirks.lostRequest !== undefined) plan.add('payment.lostRequest', ratioText(quirks.lostRequest));
  if (quirks.garbledReply !== undefined) plan.add('payment.garbledReply', ratioText(quirks.garbledReply));
  if (quirks.unavailable !== undefined) plan.add('payment.unavailable', ratioText(quirks.unavailable.ratio));
  for (const window of quirks.offline ?? []) plan.add('payment.offline', `${window.mode} ${hoursText(window)}`);
  if (quirks.longOutage !== undefined) plan.add('payment.longOutage', longOutageText(quirks.longOutage));
}

function planNetwork(plan: PlanBuilder, scenario: Scenario): void {
  const { network } = scenario;
  const links = [
    ['pos', network.posFaults ?? network.faults],
    ['payment', network.paymentFaults ?? network.faults],
  ] as const;
  for (const [link, faults] of links) {
    if (faults?.loss !== undefined) plan.add('network.loss', ratioText(faults.loss), link);
    if (faults?.duplicate !== undefined) plan.add('network.duplicate', ratioText(faults.duplicate), link);
    if (faults?.replyLoss !== undefined) plan.add('network.replyLoss', ratioText(faults.replyLoss), link);
  }
}

function planCrashesAndChannel(plan: PlanBuilder, scenario: Scenario, overrides: PlanOverrides): void {
  const { crashes, channel } = scenario;
  if (overrides.crashEveryEvents !== undefined) plan.add('orchestrator.crashes', `every ${overrides.crashEveryEvents} events (--crash-every)`);
  else {
    if (crashes?.everyEvents !== undefined) plan.add('orchestrator.crashes', `every ${crashes.everyEvents} events`);
    if (crashes?.perEventRatio !== undefined) plan.add('orchestrator.crashes', `${ratioText(crashes.perEventRatio)} per event`);
  }
  if (crashes?.perCommandRatio !== undefined) plan.add('orchestrator.crashMidCommand', `${ratioText(crashes.perCommandRatio)} per command`);
  if (crashes?.perWriteRatio !== undefined) plan.add('orchestrator.tornStep', `${ratioText(crashes.perWriteRatio)} per store write`);
  if (crashes?.everyWrites !== undefined) plan.add('orchestrator.tornStep', `every ${crashes.everyWrites} store writes`);
  if (channel === undefined) return;
  if (channel.duplicate !== undefined) plan.add('channel.duplicate', `${ratioText(channel.duplicate)} after ${channel.duplicateDelayMs.min}-${channel.duplicateDelayMs.max} ms`);
  if (channel.concurrentDuplicate !== undefined) plan.add('channel.concurrentDuplicate', ratioText(channel.concurrentDuplicate));
  if (channel.newKeyResend !== undefined) plan.add('channel.newKeyResend', `${ratioText(channel.newKeyResend.ratio)} after ${channel.newKeyResend.delayMinutes.min}-${channel.newKeyResend.delayMinutes.max} min`);
  if (channel.lateResend !== undefined) plan.add('channel.lateResend', `${delayedText(channel.lateResend)} after the answer`);
  if (channel.lateCancelResend !== undefined) plan.add('channel.lateCancelResend', `${delayedText(channel.lateCancelResend)} after the answer`);
  if (channel.keyReuse !== undefined) plan.add('channel.keyReuse', ratioText(channel.keyReuse));
  if (channel.correctedResend !== undefined) plan.add('channel.correctedResend', ratioText(channel.correctedResend));
  if (channel.editedResend !== undefined) plan.add('channel.editedResend', `${ratioText(channel.editedResend)} 10 min after the answer`);
  // Only a crash mid-command leaves a command unanswered in a simulated world.
  if (crashes?.perCommandRatio !== undefined && channel.maxResends > 0) plan.add('channel.resendUnanswered', `after ${channel.resendAfterMs} ms, up to ${channel.maxResends} times`);
}

function planCustomers(plan: PlanBuilder, scenario: Scenario): void {
  // Customer ratios default to [0, 1] (off), so only a positive numerator plans them.
  const { cancelRatio, partialCancelRatio, cancelAgainRatio, cancelCorrectedRatio, cancelEditedRatio, returnRatio, returnCorrectedRatio, returnResendRatio, returnAgainRatio, pickupNoShowRatio } = scenario.workload;
  if (cancelRatio[0] > 0) plan.add('customer.cancel', ratioText(cancelRatio));
  if (cancelRatio[0] > 0 && partialCancelRatio[0] > 0) plan.add('customer.partialCancel', `${ratioText(partialCancelRatio)} of cancels`);
  if (cancelRatio[0] > 0 && cancelAgainRatio[0] > 0) plan.add('customer.cancelAgain', `${ratioText(cancelAgainRatio)} of whole cancels`);
  if (cancelRatio[0] > 0 && cancelCorrectedRatio[0] > 0) plan.add('customer.cancelCorrected', `${ratioText(cancelCorrectedRatio)} of cancels`);
  if (cancelRatio[0] > 0 && partialCancelRatio[0] > 0 && cancelEditedRatio[0] > 0) plan.add('customer.cancelEdited', `${ratioText(cancelEditedRatio)} of partial cancels`);
  if (returnRatio[0] > 0) plan.add('customer.return', ratioText(returnRatio));
  if (returnRatio[0] > 0 && returnCorrectedRatio[0] > 0) plan.add('customer.returnCorrected', `${ratioText(returnCorrectedRatio)} of returns`);
  if (returnRatio[0] > 0 && returnResendRatio[0] > 0) plan.add('customer.returnResend', `${ratioText(returnResendRatio)} of returns`);
  if (returnRatio[0] > 0 && returnAgainRatio[0] > 0) plan.add('customer.returnAgain', `${ratioText(returnAgainRatio)} of returns, a day later`);
  if (pickupNoShowRatio[0] > 0) plan.add('customer.pickupNoShow', ratioText(pickupNoShowRatio));
}

/** Every fault the run plans, sorted by name. */
export function plannedFaults(scenario: Scenario, overrides: PlanOverrides = {}): PlannedFault[] {
  const plan = new PlanBuilder();
  planPos(plan, scenario);
  planWms(plan, scenario);
  planPayment(plan, scenario);
  planNetwork(plan, scenario);
  planCrashesAndChannel(plan, scenario, overrides);
  const clock = scenario.clock;
  if (clock?.posSkewMinutes !== undefined && clock.posSkewMinutes !== 0) plan.add('clock.posSkew', `${clock.posSkewMinutes} min`);
  if (clock?.wmsSkewMinutes !== undefined && clock.wmsSkewMinutes !== 0) plan.add('clock.wmsSkew', `${clock.wmsSkewMinutes} min`);
  if (clock?.paymentSkewMinutes !== undefined && clock.paymentSkewMinutes !== 0) plan.add('clock.paymentSkew', `${clock.paymentSkewMinutes} min`);
  const scarce = scenario.inventory.scarce;
  if (scarce !== undefined) plan.add('stock.scarce', `${scarce.count} SKUs from #${scarce.fromSku}: ${scarce.dcUnits} per DC, ${scarce.storeUnits} per store above safety stock`);
  planCustomers(plan, scenario);
  return plan.build();
}

/** `pos.ghostSuccess 1/25 (S1 S2)`: how a plan is printed with its seed. */
export function describePlan(plan: readonly PlannedFault[]): string[] {
  return plan.map((fault) => `${fault.name} ${fault.detail}`);
}

/** The planned faults whose counter never went above zero, sorted by name. */
export function vacuousFaults(plan: readonly PlannedFault[], fired: Readonly<Record<string, number>>): string[] {
  return plan
    .filter((fault) => (fired[fault.counter] ?? 0) === 0)
    .map((fault) => fault.name)
    .sort();
}
