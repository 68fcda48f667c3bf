import { convergenceChecker } from './convergence.ts';
import { holdUniquenessChecker } from './hold-uniqueness.ts';
import { posHoldIdsChecker } from './pos-hold-ids.ts';
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
import { safetyStockChecker } from './safety-stock.ts';
import { promiseDateChecker } from './promise-date.ts';
import { pickupWindowChecker } from './pickup-window.ts';
import { backorderDeadlineChecker } from './backorder-deadline.ts';
import { deliveryMethodChecker } from './delivery-method.ts';
import { rerouteLimitChecker } from './reroute-limit.ts';
import { exceptionSlaChecker } from './exception-sla.ts';
import { refusingNodeChecker } from './refusing-node.ts';
import { eventSequenceChecker } from './event-sequence.ts';
import { eventProjectionChecker } from './event-projection.ts';
import { moneyIntentsChecker } from './money-intents.ts';
import { eventContractChecker } from './event-contract.ts';
import { ordersTakenChecker } from './orders-taken.ts';
import { keyRulesChecker } from './key-rules.ts';
import { orderStatusChecker } from './order-status.ts';
import { staleExceptionsChecker } from './stale-exceptions.ts';
import { authorisationAmountChecker } from './authorisation-amount.ts';
import { noSilentStallChecker } from './no-silent-stall.ts';
import { deadLettersChecker } from './dead-letters.ts';
import type { InvariantChecker } from './types.ts';

/** Every checker a run uses by default, safety first. */
export const DEFAULT_CHECKERS: readonly InvariantChecker[] = [
  holdUniquenessChecker,
  posHoldIdsChecker,
  commandOnceChecker,
  ordersTakenChecker,
  keyRulesChecker,
  shipmentOnceChecker,
  snapshotAsOfChecker,
  stockChecker,
  capacityChecker,
  safetyStockChecker,
  deliveryMethodChecker,
  promiseDateChecker,
  rerouteLimitChecker,
  refusingNodeChecker,
  backorderDeadlineChecker,
  cancelRaceChecker,
  pickupExpiryChecker,
  pickupWindowChecker,
  exceptionSlaChecker,
  refundsChecker,
  lifecycleChecker,
  noSilentStallChecker,
  justifiedExceptionsChecker,
  staleExceptionsChecker,
  deadLettersChecker,
  convergenceChecker,
  cancelledNotShippedChecker,
  lineCountersChecker,
  orderStatusChecker,
  moneyChecker,
  eventSequenceChecker,
  eventContractChecker,
  eventProjectionChecker,
  moneyIntentsChecker,
  authorisationAmountChecker,
];
