import { convergenceChecker } from './convergence.ts';
import { holdUniquenessChecker } from './hold-uniqueness.ts';
import { lifecycleChecker } from './lifecycle.ts';
import { moneyChecker } from './money.ts';
import { stockChecker } from './stock.ts';
import { cancelRaceChecker } from './cancel-race.ts';
import { cancelledNotShippedChecker } from './cancelled-not-shipped.ts';
import { lineCountersChecker } from './line-counters.ts';
import { pickupExpiryChecker } from './pickup-expiry.ts';
import { refundsChecker } from './refunds.ts';
import { commandOnceChecker } from './command-once.ts';
import { shipmentOnceChecker } from './shipment-once.ts';
import { snapshotAsOfChecker } from './snapshot-as-of.ts';
import { justifiedExceptionsChecker } from './justified-exceptions.ts';
import { capacityChecker } from './capacity.ts';
import type { InvariantChecker } from './types.ts';

/** Every checker a run uses by default, safety first. */
export const DEFAULT_CHECKERS: readonly InvariantChecker[] = [
  holdUniquenessChecker,
  commandOnceChecker,
  shipmentOnceChecker,
  snapshotAsOfChecker,
  stockChecker,
  capacityChecker,
  cancelRaceChecker,
  pickupExpiryChecker,
  refundsChecker,
  lifecycleChecker,
  justifiedExceptionsChecker,
  convergenceChecker,
  cancelledNotShippedChecker,
  lineCountersChecker,
  moneyChecker,
];
