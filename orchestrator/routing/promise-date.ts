import { epochMsToLocalIso, localIsoToEpochMs } from '../local-time.ts';
import type { NodeSpec } from '../plugin.ts';
import type { FulfillmentMethod } from '../model/types.ts';

/** Days to promise when a node sets no `promiseDays`. */
export const DEFAULT_PROMISE_DAYS: Readonly<Record<FulfillmentMethod, number>> = {
  SHIP_FROM_DC: 3,
  SHIP_FROM_STORE: 2,
  BOPIS: 0,
  CURBSIDE: 0,
};

const DAY_MS = 86_400_000;
/** A day's midnight lies within an hour of where the offset in force the day before puts it. */
const SEARCH_MS = 3 * 3_600_000;

function dateAfter(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The promised date for an assignment, epoch ms: the end (23:59:59.999) of the node's local day
 * `promiseDays` calendar days after the day it is routed on. Whole local days, so the promise
 * does not depend on the hour the order came in, and a DST change does not shift it.
 */
export function promisedByMs(node: NodeSpec, method: FulfillmentMethod, nowMs: number): number {
  const days = node.promiseDays ?? DEFAULT_PROMISE_DAYS[method];
  const today = epochMsToLocalIso(nowMs, node.timeZone).slice(0, 10);
  const nextDay = dateAfter(today, days + 1);
  const guess = localIsoToEpochMs(`${nextDay}T00:00:00`, node.timeZone);
  if (guess === undefined) throw new Error(`promise date: cannot read ${nextDay} in ${node.timeZone}`);
  // The day ends the millisecond before the node's clock first reads the next day: where clocks
  // fall back at midnight (Santiago, Beirut) its last hour is shown twice and the day ends after
  // the second; where they jump over midnight it ends at the jump. Local dates never go back, so
  // the first instant of the next day is found by halving.
  let before = guess - SEARCH_MS;
  let from = guess + SEARCH_MS;
  while (from - before > 1) {
    const middle = Math.floor((before + from) / 2);
    if (epochMsToLocalIso(middle, node.timeZone).slice(0, 10) >= nextDay) from = middle;
    else before = middle;
  }
  return from - 1;
}
