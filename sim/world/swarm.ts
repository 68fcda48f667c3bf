/**
 * Swarm testing: a scenario with a `swarm` profile gets a different fault plan per seed, drawn on
 * its own stream (`swarm.plan`), so the same seed always draws the same plan and no other stream
 * moves. The drawn faults are added to the scenario's own (a drawn one replaces a configured one
 * of the same name) on every store, every DC, the gateway, the network, the channel or the
 * orchestrator; the result is an ordinary concrete scenario, printed as the run's fault plan.
 */
import { RandomStreams, type RandomStream } from '../kernel/random.ts';
import type { FaultName } from './fault-catalogue.ts';
import { DEFAULT_RESTART_DELAY_SECONDS, resendingChannel, type Scenario } from './scenario-schema.ts';
import type { SwarmRange } from './swarm-profile.ts';

export const SWARM_STREAM = 'swarm.plan';

type Store = Scenario['topology']['stores'][number];
type Dc = Scenario['topology']['dcs'][number];
type PosQuirks = NonNullable<Store['quirks']>;
type WmsQuirks = NonNullable<Dc['quirks']>;
type PaymentQuirks = NonNullable<Scenario['payment']['quirks']>;
type Ratio = [number, number];

/** One drawn fault: its parameter, already drawn. */
interface Drawn {
  name: FaultName;
  oneIn: number;
  window: { fromHour: number; toHour: number };
  everyEvents: number;
}

const withPos = (scenario: Scenario, quirks: (store: Store) => PosQuirks): Scenario => ({
  ...scenario,
  topology: { ...scenario.topology, stores: scenario.topology.stores.map((store) => ({ ...store, quirks: quirks(store) })) },
});
const posRatio = (scenario: Scenario, key: 'ghostSuccess' | 'lostRequest' | 'errorInBody' | 'garbledReply', ratio: Ratio): Scenario => withPos(scenario, (store) => ({ ...store.quirks, [key]: ratio }));
const withWms = (scenario: Scenario, quirks: Partial<WmsQuirks>): Scenario => ({
  ...scenario,
  topology: { ...scenario.topology, dcs: scenario.topology.dcs.map((dc) => ({ ...dc, quirks: { ...dc.quirks, ...quirks } })) },
});
const withPayment = (scenario: Scenario, quirks: (current: PaymentQuirks) => PaymentQuirks): Scenario => ({ ...scenario, payment: { ...scenario.payment, quirks: quirks(scenario.payment.quirks ?? {}) } });
/**
 * Loss, copies and lost replies on every link. A copy on the POS link is a second hold (the POS
 * has no idempotency), which the orchestrator must find and release.
 */
const withNetwork = (scenario: Scenario, key: 'loss' | 'duplicate' | 'replyLoss', ratio: Ratio): Scenario => {
  const { network } = scenario;
  return { ...scenario, network: { ...network, faults: { ...network.faults, [key]: ratio }, ...(network.paymentFaults === undefined ? {} : { paymentFaults: { ...network.paymentFaults, [key]: ratio } }) } };
};
/** A long outage lasts a day or more (the scenario schema's rule), whatever range a profile gives. */
const LONG_OUTAGE_MIN_HOURS = 24;
type Outage = { fromHour: number; toHour: number; mode: 'hang' | 'refuse' };
type LongOutage = { fromHour: number; hours: number; mode: 'hang' | 'refuse' };
const apart = (window: { fromHour: number; toHour: number }, long: LongOutage): boolean => window.toHour <= long.fromHour || window.fromHour >= long.fromHour + long.hours;
/**
 * A system's outages must not overlap and must be in time order (a fake's outages are one list):
 * a short outage drawn over another (a long one, or a short one drawn before it, as a store's hang
 * and refuse windows can be) moves to right after it, as often as it takes; a long one drawn over
 * outages the scenario configured replaces them.
 */
const withShortOutage = (offline: readonly Outage[] | undefined, window: Outage, long: LongOutage | undefined): Outage[] => {
  const taken: LongOutage[] = [...(offline ?? []).map((other) => ({ ...other, hours: other.toHour - other.fromHour })), ...(long === undefined ? [] : [long])];
  let placed = window;
  let clash = taken.find((other) => !apart(placed, other));
  while (clash !== undefined) {
    const end = clash.fromHour + clash.hours;
    placed = { ...window, fromHour: end, toHour: end + window.toHour - window.fromHour };
    clash = taken.find((other) => !apart(placed, other));
  }
  return [...(offline ?? []), placed].sort((a, b) => a.fromHour - b.fromHour);
};
const withLongOutage = <Q extends { offline?: Outage[] | undefined; longOutage?: LongOutage | undefined }>(quirks: Q, long: LongOutage): Q => ({ ...quirks, offline: (quirks.offline ?? []).filter((window) => apart(window, long)), longOutage: long });
const withChannel = (scenario: Scenario, fields: Partial<NonNullable<Scenario['channel']>>): Scenario => ({ ...scenario, channel: { ...resendingChannel(), ...scenario.channel, ...fields } });
const CRASH_DEFAULTS = { restartDelaySeconds: DEFAULT_RESTART_DELAY_SECONDS };

/** `wms.shortShip` -> `shortShip`: the scenario's key for a plan name. */
function afterFamily<Name extends string>(name: `${string}.${Name}`): Name {
  return name.slice(name.indexOf('.') + 1) as Name;
}

/** Puts one drawn fault into the scenario. */
function apply(scenario: Scenario, drawn: Drawn): Scenario {
  const ratio: Ratio = [1, drawn.oneIn];
  switch (drawn.name) {
    case 'pos.ghostSuccess':
    case 'pos.lostRequest':
    case 'pos.errorInBody':
    case 'pos.garbledReply':
      return posRatio(scenario, afterFamily(drawn.name), ratio);
    case 'pos.unavailable':
      return withPos(scenario, (store) => ({ ...store.quirks, unavailable: { ratio, retryAfterSeconds: 2 } }));
    case 'pos.offline.hang':
    case 'pos.offline.refuse': {
      // One store goes down: the first one, so the plan reads the same whatever the store count.
      const mode = drawn.name === 'pos.offline.hang' ? 'hang' : 'refuse';
      const [first] = scenario.topology.stores;
      return withPos(scenario, (store) => (store === first ? { ...store.quirks, offline: withShortOutage(store.quirks?.offline, { ...drawn.window, mode }, store.quirks?.longOutage) } : { ...store.quirks }));
    }
    case 'pos.longOutage': {
      // The last store: short outages hit the first, so with two stores or more the two never meet.
      const last = scenario.topology.stores[scenario.topology.stores.length - 1];
      const long = { fromHour: drawn.window.fromHour, hours: Math.max(LONG_OUTAGE_MIN_HOURS, drawn.window.toHour - drawn.window.fromHour), mode: 'hang' as const };
      return withPos(scenario, (store) => (store === last ? withLongOutage({ ...store.quirks }, long) : { ...store.quirks }));
    }
    case 'wms.lateFiles':
      return withWms(scenario, { lateFiles: { ratio, delayMinutes: { min: 60, max: 1440 } } });
    case 'wms.veryLateFiles':
      return withWms(scenario, { veryLateFiles: { ratio, delayHours: { min: 24, max: 96 } } });
    case 'wms.lateDuplicateConfirmation':
      return withWms(scenario, { lateDuplicateConfirmation: { ratio, delayHours: { min: 24, max: 96 } } });
    case 'wms.duplicateConfirmation':
    case 'wms.truncatedFile':
    case 'wms.checksumMismatch':
    case 'wms.outOfOrderControlNumbers':
    case 'wms.phantomAck':
    case 'wms.staleSnapshot':
    case 'wms.skippedNights':
    case 'wms.shortShip':
    case 'wms.splitShipment':
    case 'wms.rejectLine':
    case 'wms.lostRelease':
    case 'wms.unexportedAck':
    case 'wms.unexportedConfirmation':
    case 'wms.malformedFile':
      return withWms(scenario, { [afterFamily(drawn.name)]: ratio });
    case 'payment.captureGhostSuccess':
      return withPayment(scenario, (quirks) => ({ ...quirks, captureGhostSuccess: ratio }));
    case 'payment.lostRequest':
      return withPayment(scenario, (quirks) => ({ ...quirks, lostRequest: ratio }));
    case 'payment.garbledReply':
      return withPayment(scenario, (quirks) => ({ ...quirks, garbledReply: ratio }));
    case 'payment.unavailable':
      return withPayment(scenario, (quirks) => ({ ...quirks, unavailable: { ratio, retryAfterSeconds: 2 } }));
    case 'payment.offline':
      return withPayment(scenario, (quirks) => ({ ...quirks, offline: withShortOutage(quirks.offline, { ...drawn.window, mode: 'hang' }, quirks.longOutage) }));
    case 'payment.longOutage':
      return withPayment(scenario, (quirks) => withLongOutage(quirks, { fromHour: drawn.window.fromHour, hours: Math.max(LONG_OUTAGE_MIN_HOURS, drawn.window.toHour - drawn.window.fromHour), mode: 'hang' }));
    case 'network.loss':
      return withNetwork(scenario, 'loss', ratio);
    case 'network.duplicate':
      return withNetwork(scenario, 'duplicate', ratio);
    case 'network.replyLoss':
      return withNetwork(scenario, 'replyLoss', ratio);
    case 'channel.duplicate':
      return withChannel(scenario, { duplicate: ratio });
    case 'channel.concurrentDuplicate':
      return withChannel(scenario, { concurrentDuplicate: ratio });
    case 'channel.newKeyResend':
      return withChannel(scenario, { newKeyResend: { ratio, delayMinutes: { min: 1, max: 1440 } } });
    case 'channel.lateResend':
      return withChannel(scenario, { lateResend: { ratio, delayHours: { min: 12, max: 72 } } });
    case 'channel.lateCancelResend':
      // Within a day: the reference keeps command keys 24 h, and a cancel past that runs again (docs/scenarios.md).
      return withChannel(scenario, { lateCancelResend: { ratio, delayHours: { min: 1, max: 20 } } });
    case 'channel.keyReuse':
      return withChannel(scenario, { keyReuse: ratio });
    case 'channel.correctedResend':
      return withChannel(scenario, { correctedResend: ratio });
    case 'channel.editedResend':
      return withChannel(scenario, { editedResend: ratio });
    case 'orchestrator.crashes':
      return { ...scenario, crashes: { ...CRASH_DEFAULTS, ...scenario.crashes, everyEvents: drawn.everyEvents } };
    case 'orchestrator.crashMidCommand':
      // The channel re-sends what the crash left unanswered: a crash mid-command without it would test nothing more.
      return withChannel({ ...scenario, crashes: { ...CRASH_DEFAULTS, ...scenario.crashes, perCommandRatio: ratio } }, {});
    case 'orchestrator.tornStep':
      // Power lost inside a command leaves it unanswered: the channel re-sends, as with crashMidCommand.
      return withChannel({ ...scenario, crashes: { ...CRASH_DEFAULTS, ...scenario.crashes, perWriteRatio: ratio } }, {});
    case 'pos.serviceMs':
    case 'pos.inStoreShoppers':
    case 'channel.resendUnanswered':
    case 'clock.posSkew':
    case 'clock.wmsSkew':
    case 'clock.paymentSkew':
    case 'stock.scarce':
    case 'wms.stuckTransfer':
    case 'pos.longOutageSales':
    case 'customer.cancelAgain':
    case 'customer.cancelCorrected':
    case 'customer.cancelEdited':
    case 'customer.cancel':
    case 'customer.partialCancel':
    case 'customer.return':
    case 'customer.returnCorrected':
    case 'customer.returnResend':
    case 'customer.returnAgain':
    case 'customer.pickupNoShow':
      throw new Error(`swarm: ${drawn.name} cannot be drawn (the profile check should have refused it)`);
    default: {
      const unhandled: never = drawn.name;
      throw new Error(`swarm: unknown fault ${String(unhandled)}`);
    }
  }
}

const inRange = (random: RandomStream, range: SwarmRange | undefined): number => (range === undefined ? 0 : random.between(range.min, range.max));

/**
 * The concrete scenario for this seed: the scenario itself if it has no swarm profile, otherwise
 * the scenario with the drawn faults added and the profile removed. Draws a fixed number of
 * numbers per candidate (shuffle key, parameter, window start), so one candidate's range never
 * moves another's draw.
 */
export function drawSwarm(scenario: Scenario, seed: number): Scenario {
  const { swarm, ...base } = scenario;
  if (swarm === undefined) return scenario;
  const random = new RandomStreams(seed).stream(SWARM_STREAM);
  const workloadHours = scenario.phases.workloadHours;
  const candidates = Object.keys(swarm.candidates)
    .sort()
    .map((name) => {
      const ranges = swarm.candidates[name] ?? {};
      const order = random.next();
      const oneIn = inRange(random, ranges.oneIn);
      const everyEvents = inRange(random, ranges.everyEvents);
      const hours = Math.min(workloadHours, Math.max(1, inRange(random, ranges.hours)));
      const fromHour = random.between(0, workloadHours - hours);
      return { order, drawn: { name: name as FaultName, oneIn, everyEvents, window: { fromHour, toHour: fromHour + hours } } };
    });
  const count = Math.min(candidates.length, random.between(swarm.faults.min, swarm.faults.max));
  const chosen = candidates
    .sort((a, b) => a.order - b.order)
    .slice(0, count)
    .map((candidate) => candidate.drawn)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return chosen.reduce<Scenario>((concrete, drawn) => apply(concrete, drawn), base);
}
