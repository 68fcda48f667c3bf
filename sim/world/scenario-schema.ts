import { tzOffset } from '@date-fns/tz';
import { z } from 'zod';
import { checkSwarmProfile } from './swarm-profile.ts';
import { ROUTING_RULES } from '../../orchestrator/routing/routing-rules.ts';
import { MAX_HOUR_OFFSET, MAX_ORDERS, MAX_PHASE_HOURS, MAX_RANGE_VALUE, isCalendarDate } from './input-bounds.ts';

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time "HH:mm"');

const timeZone = z.string().refine((zone) => {
  try {
    return !Number.isNaN(tzOffset(zone, new Date(0))) && Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone !== undefined;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as "America/Chicago"');

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const rangeValue = nonNegativeInt.max(MAX_RANGE_VALUE, `at most ${MAX_RANGE_VALUE.toLocaleString('en-US')}`);
const range = (what: string) =>
  z.object({ min: rangeValue, max: rangeValue }).strict().refine((r) => r.min <= r.max, `${what}: min must not exceed max`);
/** Probabilities are integer ratios [numerator, denominator], never floats. */
export const ratio = z
  .tuple([nonNegativeInt, positiveInt])
  .refine(([numerator, denominator]) => numerator <= denominator, 'expected [numerator, denominator] with numerator <= denominator');

/** Hours from the scenario's start (fractions allowed), within the longest run there can be. */
const hourOffset = z.number().nonnegative().max(MAX_HOUR_OFFSET, `at most ${MAX_HOUR_OFFSET} hours from the start (three phases of a year each)`);
/** An orchestrator interval or timeout, whole ms: at most 30 days (nothing it waits for takes longer). */
const timingMs = positiveInt.max(30 * 24 * 3_600_000, 'at most 30 days (2592000000 ms)');
/** One phase of the run, whole hours, at most a year. */
const phaseHours = z.number().int().max(MAX_PHASE_HOURS, `at most ${MAX_PHASE_HOURS} hours (a year): a longer phase cannot run in memory`);

/** A window relative to the scenario's start, in hours (fractions allowed). */
const hourWindow = z
  .object({ fromHour: hourOffset, toHour: hourOffset.positive(), mode: z.enum(['hang', 'refuse']) })
  .strict()
  .refine((window) => window.fromHour < window.toHour, 'fromHour must be before toHour');

/**
 * An outage that outlasts every retry budget: a day or more (shorter ones go in `offline`), from
 * `fromHour`. The run must still heal once it ends; parking for it is justified only while it lasts.
 */
const longOutage = z
  .object({
    fromHour: hourOffset,
    hours: z.number().min(24, 'a long outage lasts a day (24 hours) or more: shorter ones go in "offline"').max(30 * 24, 'a long outage lasts at most 30 days (720 hours)'),
    mode: z.enum(['hang', 'refuse']),
  })
  .strict();

/** A long outage must not overlap a short one: a fake's outages are one list, in time order, apart. */
function longOutageApart(quirks: { offline?: { fromHour: number; toHour: number }[] | undefined; longOutage?: { fromHour: number; hours: number } | undefined }): boolean {
  const long = quirks.longOutage;
  if (long === undefined) return true;
  return (quirks.offline ?? []).every((window) => window.toHour <= long.fromHour || window.fromHour >= long.fromHour + long.hours);
}
const LONG_OUTAGE_OVERLAP = 'longOutage overlaps an "offline" window: outages must not overlap';

/** Outage windows of one system: in time order and apart, as the fakes take them (they refuse anything else). */
const outageList = z
  .array(hourWindow)
  .refine((windows) => windows.every((window, index) => index === 0 || (windows[index - 1]?.toHour ?? 0) <= window.fromHour), 'offline windows must be in time order and must not overlap (each fromHour at or after the toHour before it)');

/** `{ ratio, delayHours }` for files or exports days late: 1 hour to 30 days, as the WMS fake accepts. */
const daysLate = (what: string) =>
  z.object({ ratio, delayHours: range(`${what}.delayHours`).refine((r) => r.min >= 1 && r.max <= 720, `${what}.delayHours: from 1 hour to 30 days (720 hours)`) }).strict();

/** Faults of the network itself on an HTTP link; absent means off. */
const networkFaults = z.object({ loss: ratio, duplicate: ratio, replyLoss: ratio }).strict().partial();

/** The POS quirks of one store (docs/fakes/pos.md); absent means off. */
const posQuirks = z
  .object({
    serviceMs: range('serviceMs'),
    ghostSuccess: ratio,
    lostRequest: ratio,
    errorInBody: ratio,
    garbledReply: ratio,
    unavailable: z.object({ ratio, retryAfterSeconds: nonNegativeInt.max(86_400) }).strict(),
    offline: outageList,
    apiKey: z.string().min(1).max(200),
    inStoreShoppers: z.object({ salesPerOpenHour: z.number().nonnegative().max(3600), quantity: range('inStoreShoppers.quantity') }).strict(),
    /** One outage of a day or more (added to `offline`; they must not overlap). */
    longOutage,
  })
  .strict()
  .partial()
  .refine(longOutageApart, LONG_OUTAGE_OVERLAP);

/** The WMS quirks of one DC (docs/fakes/wms.md); absent means off. */
const wmsQuirks = z
  .object({
    lateFiles: z.object({ ratio, delayMinutes: range('lateFiles.delayMinutes') }).strict(),
    veryLateFiles: daysLate('veryLateFiles'),
    duplicateConfirmation: ratio,
    lateDuplicateConfirmation: daysLate('lateDuplicateConfirmation'),
    truncatedFile: ratio,
    checksumMismatch: ratio,
    outOfOrderControlNumbers: ratio,
    phantomAck: ratio,
    staleSnapshot: ratio,
    skippedNights: ratio,
    shortShip: ratio,
    splitShipment: ratio,
    rejectLine: ratio,
    lostRelease: ratio,
    unexportedAck: ratio,
    unexportedConfirmation: ratio,
    malformedFile: ratio,
    /** The WMS's outbound transfer stuck for `hours` from `fromHour`: what it writes meanwhile arrives when it ends. */
    stuckTransfer: z
      .object({ fromHour: hourOffset, hours: z.number().positive().max(30 * 24, 'a stuck transfer lasts at most 30 days (720 hours)') })
      .strict(),
  })
  .strict()
  .partial();

/** The payment gateway's quirks (docs/fakes/payment.md); absent means off. */
const paymentQuirks = z
  .object({
    serviceMs: range('serviceMs'),
    captureGhostSuccess: ratio,
    lostRequest: ratio,
    garbledReply: ratio,
    unavailable: z.object({ ratio, retryAfterSeconds: nonNegativeInt.max(86_400) }).strict(),
    offline: outageList,
    /** One gateway outage of a day or more (added to `offline`; they must not overlap). */
    longOutage,
  })
  .strict()
  .partial()
  .refine(longOutageApart, LONG_OUTAGE_OVERLAP);

const method = z.enum(['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'BOPIS', 'CURBSIDE']);
/** Routing knobs of a node (docs/routing.md); absent: no daily limit, unranked, promise by method. */
const routingFields = {
  /** FOs the node may be assigned per local calendar day. */
  capacityPerDay: nonNegativeInt.optional(),
  /** Lower is preferred by the `cost-rank` routing rule. */
  costRank: nonNegativeInt.optional(),
  /** Whole local days from routing to the promised date. */
  promiseDays: nonNegativeInt.max(365).optional(),
};

const nodeId = z.string().regex(/^[A-Z][A-Z0-9-]{0,15}$/, 'expected an id of capitals, digits and dashes, e.g. "S1"');

const dc = z
  .object({
    id: nodeId,
    timeZone,
    batchWindowLocal: localTime,
    shipWaveLocal: localTime,
    snapshotLocal: localTime,
    safetyStock: nonNegativeInt,
    ...routingFields,
    quirks: wmsQuirks.optional(),
  })
  .strict();

const store = z
  .object({
    id: nodeId,
    timeZone,
    openLocal: localTime,
    closeLocal: localTime,
    methods: z.array(method).min(1),
    safetyStock: nonNegativeInt,
    staffPickDelayMinutes: range('staffPickDelayMinutes'),
    ...routingFields,
    quirks: posQuirks.optional(),
  })
  .strict();

/** How long a crashed orchestrator stays down when the scenario does not say. */
export const DEFAULT_RESTART_DELAY_SECONDS = { min: 30, max: 30 };

/**
 * Orchestrator crash-restart (incident 12), in the safety phase only. `--crash-every <n>` replaces
 * `everyEvents` and `perEventRatio`; `perCommandRatio` stays.
 */
const crashes = z
  .object({
    /** Crash after every this many kernel events. */
    everyEvents: positiveInt.optional(),
    /** Crash after any kernel event with this probability (stream `world.crashes`). */
    perEventRatio: ratio.optional(),
    /** Crash right after a channel command was handed over, before its answer reaches the channel (stream `world.crashes.command`). */
    perCommandRatio: ratio.optional(),
    /**
     * Power lost right after a store write, inside a step (stream `world.crashes.torn`): a write
     * outside a transaction stays, a transaction open then is lost whole, the rest of the step never happens.
     */
    perWriteRatio: ratio.optional(),
    /** Power lost right after every this many store writes (as perWriteRatio, on a count: `--crash-every <n> --torn`). */
    everyWrites: positiveInt.max(1_000_000_000).optional(),
    /** How long the crashed orchestrator stays down before it restarts from its store (stream `world.crashes.restart`). */
    restartDelaySeconds: range('crashes.restartDelaySeconds').default(DEFAULT_RESTART_DELAY_SECONDS),
  })
  .strict()
  .refine(
    (block) => block.everyEvents !== undefined || block.perEventRatio !== undefined || block.perCommandRatio !== undefined || block.perWriteRatio !== undefined || block.everyWrites !== undefined,
    'expected at least one of everyEvents, perEventRatio, perCommandRatio, perWriteRatio, everyWrites',
  );

/** `{ ratio, delayHours }` of a late same-key re-send: from 1 hour to 30 days after the answer. */
const lateResendOf = (what: string) =>
  z.object({ ratio, delayHours: range(`${what}.delayHours`).refine((r) => r.min >= 1 && r.max <= 30 * 24, `${what}.delayHours: from 1 hour to 30 days (720 hours)`) }).strict();

/**
 * The sales channel's own duplicates: it re-sends some placeOrder and cancel commands with the
 * same idempotency key, soon after or at once, and re-sends a command it got no answer to.
 * Absent: every command is sent once and answered at once (no reply latency).
 */
const channel = z
  .object({
    /** Commands sent a second time, `duplicateDelayMs` later. */
    duplicate: ratio.optional(),
    duplicateDelayMs: range('channel.duplicateDelayMs').default({ min: 100, max: 120_000 }),
    /** Commands sent a second time at once, before the first is answered. */
    concurrentDuplicate: ratio.optional(),
    /** Time for the orchestrator's answer to reach the channel; a crash in between loses it. */
    replyMs: nonNegativeInt.max(60_000).default(20),
    /** A command unanswered this long is sent again with the same key. */
    resendAfterMs: positiveInt.max(3_600_000).default(60_000),
    maxResends: nonNegativeInt.max(10).default(3),
    /**
     * placeOrder commands sent again under a NEW idempotency key (a new request id), same channel
     * order, `delayMinutes` after the first: a channel that lost track of its request id. Still one order.
     */
    newKeyResend: z.object({ ratio, delayMinutes: range('channel.newKeyResend.delayMinutes').refine((r) => r.max <= 7 * 24 * 60, 'channel.newKeyResend.delayMinutes: at most a week (10080 minutes)') }).strict().optional(),
    /**
     * placeOrder commands sent again with the SAME key `delayHours` after the first was answered:
     * a replayed order feed; days later is past any idempotency store's retention, so the
     * orchestrator must know the order by its channel order id.
     */
    lateResend: lateResendOf('channel.lateResend').optional(),
    /** The same for cancel commands (a replayed customer-service queue); the customer asked once. */
    lateCancelResend: lateResendOf('channel.lateCancelResend').optional(),
    /**
     * placeOrder commands first sent under a request id the channel already used, within the
     * hour, for another order (a request-id generator that repeats after a deploy): the copy must
     * be answered `conflict` and change nothing; the channel then sends the order under its own id.
     */
    keyReuse: ratio.optional(),
    /**
     * placeOrder commands first sent with a mistake (a pickup store the network does not have, or
     * an extra line of 0 units), which must be answered `invalid`, then sent corrected under the
     * same key a second later: a refused request does not use its key up.
     */
    correctedResend: ratio.optional(),
    /**
     * placeOrder commands the customer edits ten minutes after they were taken (another pickup
     * store, one more unit), sent under the order's key: `conflict`, and the order stays as taken.
     */
    editedResend: ratio.optional(),
  })
  .strict();

const skewMinutes = z.number().int().min(-720).max(720);

/** Clock quirks of the legacy systems: each runs this many minutes off the true time (negative: behind). */
const clock = z
  .object({
    /** Every store register's clock. */
    posSkewMinutes: skewMinutes.optional(),
    /** Every DC's WMS clock: its jobs run, and its files are stamped, on it. */
    wmsSkewMinutes: skewMinutes.optional(),
    /** The card gateway's clock: its `createdAt`/`expiresAt`, card-hold expiry and key retention. */
    paymentSkewMinutes: skewMinutes.optional(),
  })
  .strict()
  .refine((block) => block.posSkewMinutes !== undefined || block.wmsSkewMinutes !== undefined || block.paymentSkewMinutes !== undefined, 'expected at least one of posSkewMinutes, wmsSkewMinutes, paymentSkewMinutes');

/** A random fault plan per seed (sim/world/swarm.ts); candidates are plan names from the fault catalogue. */
const swarm = z
  .object({
    /** How many candidates to switch on per seed. */
    faults: range('swarm.faults'),
    /** Plan name -> the range its parameter is drawn from: `oneIn` (ratio [1, n]), `hours` (an outage), `everyEvents` (crashes). */
    candidates: z.record(z.string(), z.object({ oneIn: range('oneIn').optional(), hours: range('hours').optional(), everyEvents: range('everyEvents').optional() }).strict()),
  })
  .strict()
  .superRefine((profile, context) => checkSwarmProfile(profile, context));

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string(),
    /** The scenario's first instant, UTC, a real calendar date. */
    startInstant: z.iso.datetime({ message: 'expected an ISO-8601 UTC instant such as "2026-11-02T06:00:00Z"' }),
    phases: z
      .object({
        /** Orders arrive (and, later, faults fire) during this window. */
        workloadHours: phaseHours.positive(),
        /** Faults stop; batch windows and sweeps catch up. */
        healHours: phaseHours.nonnegative(),
        /** After healing, every order must be terminal within this bound. */
        convergenceHours: phaseHours.positive(),
      })
      .strict(),
    topology: z
      .object({
        dcs: z.array(dc).min(1),
        stores: z.array(store).min(1),
        /**
         * Sized for `workload.orders`: a run asking for more orders (`--orders`) multiplies each
         * node's capacityPerDay and each store's register workers by the same whole factor (stock
         * already scales per 1000 orders), so a million-order Black Friday keeps the shape of the
         * scenario instead of melting four stores down. Runs at or below the scenario's count are unchanged.
         */
        scaleWithOrders: z.boolean().optional(),
      })
      .strict()
      .refine((t) => new Set([...t.dcs, ...t.stores].map((node) => node.id)).size === t.dcs.length + t.stores.length, 'node ids must be unique'),
    catalog: z.object({ skus: positiveInt.max(100_000) }).strict(),
    inventory: z
      .object({
        /** Stock scales with the order count, so `--orders` keeps the same pressure. */
        dcUnitsPerSkuPer1000Orders: nonNegativeInt,
        storeUnitsPerSkuPer1000Orders: nonNegativeInt,
        minimumUnitsPerSku: nonNegativeInt,
        /**
         * Some SKUs stocked at or just above each node's safety stock, whatever the order count:
         * `count` SKUs from `fromSku` (1-based: 1 is SKU-0001, the most popular), `dcUnits` above
         * safety stock at every DC and `storeUnits` at every store. They run out mid-run, so a
         * wrong count (safety stock, units released and not shipped) changes a route.
         */
        scarce: z.object({ fromSku: positiveInt, count: positiveInt, dcUnits: nonNegativeInt, storeUnits: nonNegativeInt }).strict().optional(),
      })
      .strict(),
    workload: z
      .object({
        orders: positiveInt.max(MAX_ORDERS),
        /** The time zone whose local hours the diurnal weights follow. */
        timeZone,
        /** Relative arrival weight for each local hour 0..23. */
        hourlyWeights: z.array(nonNegativeInt).length(24).refine((weights) => weights.some((w) => w > 0), 'at least one hour needs a positive weight'),
        /** Days busier than usual (Black Friday: about 6x the day, 10x the peak hour). */
        peakDays: z
          .array(
            z
              .object({
                date: z.string().refine(isCalendarDate, 'expected a calendar date "YYYY-MM-DD" (a day that exists, such as "2026-11-27")'),
                factor: z.number().positive().max(100),
                peakHour: z.number().int().min(0).max(23).optional(),
                peakFactor: z.number().positive().max(200).optional(),
              })
              .strict(),
          )
          .default([]),
        /** Flash drops: factor times the usual rate for a few minutes (20-50x in real drops). */
        bursts: z
          .array(z.object({ atHour: hourOffset, minutes: positiveInt.max(24 * 60), factor: z.number().min(1).max(200) }).strict())
          .default([]),
        linesPerOrder: range('linesPerOrder'),
        quantityPerLine: range('quantityPerLine'),
        pickupRatio: ratio,
        vipRatio: ratio,
        /** Hours after "ready for pickup" before the customer comes (clipped to opening hours). */
        pickupDelayHours: range('pickupDelayHours'),
        /** Customers who cancel: whole orders, or (of those) only some units. Off by default. */
        cancelRatio: ratio.default([0, 1]),
        partialCancelRatio: ratio.default([0, 1]),
        /** Minutes after ordering before a customer cancels: soon, so cancels race fulfilment. */
        cancelDelayMinutes: range('cancelDelayMinutes').default({ min: 5, max: 720 }),
        /**
         * Of the customers who cancel a whole order, those who cancel it again later: a second
         * request under a new key (a double click, a second device). Off by default.
         */
        cancelAgainRatio: ratio.default([0, 1]),
        /**
         * Of the customers who cancel, those whose first cancel names a line the order does not
         * have (a stale basket in the app), which must be answered `invalid`; the right cancel
         * follows under the same key. Off by default.
         */
        cancelCorrectedRatio: ratio.default([0, 1]),
        /**
         * Of the customers who cancel some units, those who edit the cancel after it was answered
         * (other units) and send it under the same key: `conflict`, and nothing more cancelled. Off by default.
         */
        cancelEditedRatio: ratio.default([0, 1]),
        /** Minutes after their first cancel before they send the second. */
        cancelAgainDelayMinutes: range('cancelAgainDelayMinutes').default({ min: 1, max: 1440 }),
        /** Customers who send some of a completed FO's units back. Off by default. */
        returnRatio: ratio.default([0, 1]),
        /** Hours after an FO completes before its return comes in. */
        returnDelayHours: range('returnDelayHours').default({ min: 24, max: 72 }),
        /**
         * Of the returns, those first sent asking back one unit more than the line ever shipped (a
         * returns-portal slip), which must be answered `invalid`, then sent corrected under the same key.
         */
        returnCorrectedRatio: ratio.default([0, 1]),
        /** Of the returns, those sent again with the same key minutes later (a double click): one return, one refund. */
        returnResendRatio: ratio.default([0, 1]),
        /**
         * Of the returns, those whose customer comes back a day later for the rest of the line
         * (new key), first asking one unit too many (answered `invalid`).
         */
        returnAgainRatio: ratio.default([0, 1]),
        /** Pickup customers who never come to the till: the pickup must expire. Off by default. */
        pickupNoShowRatio: ratio.default([0, 1]),
      })
      .strict(),
    payment: z
      .object({
        authorizationTtlHours: positiveInt.max(8760),
        idempotencyRetentionHours: positiveInt.max(8760),
        quirks: paymentQuirks.optional(),
      })
      .strict()
      .default({ authorizationTtlHours: 168, idempotencyRetentionHours: 48 }),
    network: z
      .object({
        posLatencyMs: range('posLatencyMs'),
        /** Faults of the network itself, on every HTTP link that has none of its own below. */
        faults: networkFaults.optional(),
        /**
         * The store links' own faults, instead of `faults`. The POS has no idempotency of its own, so
         * a hold request the network delivers twice places two holds whatever the orchestrator
         * does: the orchestrator must find the copy (the POS journal shows it) and release it.
         */
        posFaults: networkFaults.optional(),
        /** The card gateway link's own faults, instead of `faults`. */
        paymentFaults: networkFaults.optional(),
      })
      .strict(),
    orchestrator: z
      .object({
        posTimeoutMs: timingMs,
        posMaxAttempts: positiveInt.max(10),
        storePollIntervalMs: timingMs,
        wmsPollIntervalMs: timingMs,
        releaseIntervalMs: timingMs,
        backorderRetryIntervalMs: timingMs,
        backorderTimeoutMs: timingMs,
        maxReroutes: nonNegativeInt.max(20),
        /** A pickup not collected within this window expires (hold released, stock back, authorisation voided). */
        pickupWindowMs: timingMs.default(4 * 24 * 3_600_000),
      })
      .strict(),
    /**
     * How much of the run may end parked on the exception queue (orders with an open item), as a
     * ratio of the run's orders; absent: none. `byCategory` caps single categories below that.
     * Every parked order must also be justified by the owners' books (docs/exceptions.md).
     */
    parkingBudget: z
      .object({ orders: ratio, byCategory: z.record(z.string().regex(/^[A-Z][A-Z_]*$/, 'expected a category such as "UNROUTABLE"'), ratio).optional() })
      .strict()
      .optional(),
    crashes: crashes.optional(),
    channel: channel.optional(),
    clock: clock.optional(),
    swarm: swarm.optional(),
    /**
     * Shadow mode's capability flags (`converge run --shadow B`): `candidate` hands a capability
     * of the primary to the shadow orchestrator, one migration step rehearsed. Ignored without a
     * shadow; `--delegate` on the command line overrides it.
     */
    capabilities: z.object({ routing: z.enum(['primary', 'candidate']) }).strict().partial().optional(),
    /**
     * The shop's routing rule list (docs/routing.md), handed to the orchestrator as configured;
     * absent: the plugin's default. The plugin validates the rules when it starts.
     */
    routing: z.object({ rules: z.array(z.enum(ROUTING_RULES)).min(1) }).strict().optional(),
  })
  .strict()
  .superRefine((scenario, context) => {
    const scarce = scenario.inventory.scarce;
    if (scarce !== undefined && scarce.fromSku + scarce.count - 1 > scenario.catalog.skus) {
      context.addIssue({ code: 'custom', path: ['inventory', 'scarce'], message: `SKUs ${scarce.fromSku}..${scarce.fromSku + scarce.count - 1} are not all in a catalogue of ${scenario.catalog.skus}` });
    }
  });

export type Scenario = z.infer<typeof scenarioSchema>;

/**
 * The sales channel with every default and no duplicates of its own: it waits for each answer and
 * re-sends what goes unanswered, as any real client does. What a run gets when a crash can leave a
 * command unanswered in a scenario that has no channel block (`--crash-every <n> --torn`).
 */
export function resendingChannel(): NonNullable<Scenario['channel']> {
  return channel.parse({});
}
