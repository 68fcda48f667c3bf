/**
 * How a simulated link between the orchestrator and a fake behaves: its latency and its faults.
 * Every option lives in this one object and is checked when a transport is built, so a bad value
 * fails at once with a message naming the option, rather than as an odd history later.
 */
import type { Ratio } from '../../legacy-fakes/http.ts';

/** A transport was built with bad options: a distinct class, so callers can tell it from their own errors. */
export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
}

/** Whole milliseconds, both ends inclusive. */
export interface MsRange {
  min: number;
  max: number;
}

/**
 * Faults of the network itself, on top of whatever the fake decides (FakeExchange). Each draws
 * from the base URL's fault stream (`network.<baseUrl>.faults`), never from its latency stream,
 * and a ratio whose numerator is 0 draws nothing at all.
 */
export interface NetworkFaults {
  /** The request is lost before it reaches the server: not applied; the caller times out. Absent: never. */
  loss?: Ratio;
  /** The request reaches the server twice (a retrying proxy); the caller sees the first reply that arrives. Absent: never. */
  duplicate?: Ratio;
  /** The reply is lost on the way back: applied, but the caller times out (a ghost success). Absent: never. */
  replyLoss?: Ratio;
  /** How much later the duplicate copy arrives than the first. Default 1-20 ms. */
  duplicateGapMs?: MsRange;
}

export interface LinkOptions {
  /** One-way latency, drawn from the base URL's stream (`network.<baseUrl>`) each way. */
  latencyMs: MsRange;
  /** Absent: a network that only delays, and draws nothing but the two latencies. */
  faults?: NetworkFaults;
}

const NEVER: Ratio = [0, 1];

export const NO_NETWORK_FAULTS: NetworkFaults = {};

const DEFAULT_DUPLICATE_GAP_MS: MsRange = { min: 1, max: 20 };
/** A latency or gap above a minute is a typo (seconds for ms), not a slow network. */
const LINK_MS_MAX = 60_000;

/** The options with defaults filled in, after checking. */
export interface CheckedLink {
  latencyMs: MsRange;
  loss: Ratio;
  duplicate: Ratio;
  replyLoss: Ratio;
  duplicateGapMs: MsRange;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function checkRange(where: string, value: MsRange | undefined): MsRange {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.min) &&
    Number.isSafeInteger(value.max) &&
    value.min >= 0 &&
    value.min <= value.max &&
    value.max <= LINK_MS_MAX;
  if (!ok) throw new TransportConfigError(`${where}: expected whole ms { min, max } with 0 <= min <= max <= ${LINK_MS_MAX}, got ${show(value)}`);
  return { min: value.min, max: value.max };
}

function checkRatio(where: string, value: Ratio | undefined): Ratio {
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    Number.isSafeInteger(value[1]) &&
    value[0] >= 0 &&
    value[1] > 0 &&
    value[0] <= value[1];
  if (!ok) throw new TransportConfigError(`${where}: expected an integer ratio [numerator, denominator] with 0 <= numerator <= denominator, got ${show(value)}`);
  return [value[0], value[1]];
}

export function checkLinkOptions(options: LinkOptions): CheckedLink {
  const faults = options.faults ?? NO_NETWORK_FAULTS;
  return {
    latencyMs: checkRange('latencyMs', options.latencyMs),
    loss: checkRatio('faults.loss', faults.loss ?? NEVER),
    duplicate: checkRatio('faults.duplicate', faults.duplicate ?? NEVER),
    replyLoss: checkRatio('faults.replyLoss', faults.replyLoss ?? NEVER),
    duplicateGapMs: checkRange('faults.duplicateGapMs', faults.duplicateGapMs ?? DEFAULT_DUPLICATE_GAP_MS),
  };
}
