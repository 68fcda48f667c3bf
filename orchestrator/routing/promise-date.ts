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

/**
 * The promised date for an assignment, epoch ms: the end (23:59:59.999) of the node's local day
 * `promiseDays` calendar days after the day it is routed on. Whole local days, so the promise
 * does not depend on the hour the order came in, and a DST change does not shift it.
 */
export function promisedByMs(node: NodeSpec, method: FulfillmentMethod, nowMs: number): number {
  const days = node.promiseDays ?? DEFAULT_PROMISE_DAYS[method];
  const today = epochMsToLocalIso(nowMs, node.timeZone).slice(0, 10);
  const target = new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  const endOfDay = localIsoToEpochMs(`${target}T23:59:59`, node.timeZone);
  if (endOfDay === undefined) throw new Error(`promise date: cannot read ${target} in ${node.timeZone}`);
  return endOfDay + 999;
}
