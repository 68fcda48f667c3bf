/**
 * The fault catalogue: every fault a scenario can plan, by plan name (`pos.ghostSuccess`, the
 * scenario field it comes from), the `faultsFired` counter that shows it really happened
 * (`pos.ghost_success`, as the fakes, the transport and the world count it) and what it stands
 * for in the real world. A planned fault whose counter stays at zero proved nothing: the run is
 * vacuous (sim/world/fault-plan.ts). docs/scenarios.md prints this table.
 */

/** What a swarm draws for a fault: a ratio [1, n], an outage of some hours, or a crash cadence. */
export type SwarmParameter = 'oneIn' | 'hours' | 'everyEvents';

export interface FaultEntry {
  readonly counter: string;
  readonly means: string;
  /** Absent: a swarm profile cannot pick it (it needs more than one drawn number). */
  readonly swarm?: SwarmParameter;
}

export const FAULT_CATALOGUE = {
  'pos.serviceMs': { counter: 'pos.queued', means: 'a register that needs time per request, so requests queue behind each other under load' },
  'pos.ghostSuccess': { counter: 'pos.ghost_success', means: 'the register applies a request and its reply is lost: the caller times out on a success', swarm: 'oneIn' },
  'pos.lostRequest': { counter: 'pos.lost_request', means: 'the request never reaches the register: the caller times out on nothing', swarm: 'oneIn' },
  'pos.errorInBody': { counter: 'pos.error_in_body', means: 'HTTP 200 with an error in the body', swarm: 'oneIn' },
  'pos.garbledReply': { counter: 'pos.garbled_reply', means: 'a POS request applied and answered 2xx with a body that is not the record ({}, no id, numbers as strings, null, a bare "OK"; in a list, its first item)', swarm: 'oneIn' },
  'pos.unavailable': { counter: 'pos.unavailable', means: '503 with Retry-After: the register sheds load', swarm: 'oneIn' },
  'pos.offline.hang': { counter: 'pos.offline_hang', means: 'the store network is down and requests hang until the caller times out', swarm: 'hours' },
  'pos.offline.refuse': { counter: 'pos.offline_refuse', means: 'the store network is down and connections are refused at once', swarm: 'hours' },
  'pos.inStoreShoppers': { counter: 'pos.in_store_sale', means: 'walk-in shoppers buy from the same shelf as pickup holds (sales forwarded later if the store was offline)' },
  'pos.longOutage': { counter: 'pos.long_outage', means: 'a store offline for a day or more, past every retry budget (counted: requests that met it 12 h or more into it); the run must heal once it is back', swarm: 'hours' },
  'pos.longOutageSales': { counter: 'pos.sales_forwarded_after_long_outage', means: 'walk-in sales buffered through a long outage, forwarded at once when the store is back: the shelf drops by a day of sales in one step' },
  'wms.lateFiles': { counter: 'wms.late', means: 'an outbound file (ack, confirmation, snapshot) arrives hours to a day late', swarm: 'oneIn' },
  'wms.veryLateFiles': { counter: 'wms.very_late', means: 'an outbound file (ack, confirmation, snapshot) arrives days late: a stuck transfer found after a weekend', swarm: 'oneIn' },
  'wms.duplicateConfirmation': { counter: 'wms.duplicate_confirmation', means: 'a shipment confirmation file exported twice after a job restart', swarm: 'oneIn' },
  'wms.lateDuplicateConfirmation': { counter: 'wms.late_duplicate_confirmation', means: "a wave's confirmation exported again days later (an export re-run over past days): new control number, same shipments", swarm: 'oneIn' },
  'wms.truncatedFile': { counter: 'wms.truncated_file', means: 'a file cut short (written without the temp-name-and-rename dance)', swarm: 'oneIn' },
  'wms.checksumMismatch': { counter: 'wms.checksum_mismatch', means: "a file whose trailer's sha256 does not match its content", swarm: 'oneIn' },
  'wms.outOfOrderControlNumbers': { counter: 'wms.out_of_order_control_numbers', means: 'control numbers that arrive out of sequence', swarm: 'oneIn' },
  'wms.phantomAck': { counter: 'wms.phantom_ack', means: 'an acknowledgement for a release the WMS never received (partial/phantom ack)', swarm: 'oneIn' },
  'wms.staleSnapshot': { counter: 'wms.stale_snapshot', means: 'an inventory snapshot taken before a ship wave and delivered after it', swarm: 'oneIn' },
  'wms.skippedNights': { counter: 'wms.skipped_night', means: 'the batch window does not run one night: releases wait a day', swarm: 'oneIn' },
  'wms.shortShip': { counter: 'wms.short_ship', means: 'a line shipped short, the rest cancelled by the warehouse', swarm: 'oneIn' },
  'wms.splitShipment': { counter: 'wms.split_shipment', means: 'one release confirmed as several shipments', swarm: 'oneIn' },
  'wms.rejectLine': { counter: 'wms.reject_line', means: 'a line rejected as damaged in the acknowledgement', swarm: 'oneIn' },
  'wms.lostRelease': { counter: 'wms.lost_release', means: 'a release file vanishes before the batch job reads it: never acknowledged (incident 21)', swarm: 'oneIn' },
  'wms.unexportedAck': { counter: 'wms.unexported_ack', means: "the export job marks a release's ACK exported without writing it (k of every n releases read): no file, no control number, no gap; only a re-send request for the release brings it, or the wave's confirmation tells the same", swarm: 'oneIn' },
  'wms.unexportedConfirmation': { counter: 'wms.unexported_confirmation', means: "the export job marks a wave's confirmation exported without writing it (k of every n waves): no gap shows it; only the overdue-confirmation chase (a re-send request for its releases) brings it", swarm: 'oneIn' },
  'wms.stuckTransfer': { counter: 'wms.stuck_transfer', means: 'the transfer from the WMS to the shared folder is stuck for days (a full disk, an expired transfer key): every file it writes meanwhile, copies for re-send requests too, arrives at once when it is fixed (counted: files delivered then)' },
  'wms.malformedFile': { counter: 'wms.malformed_file', means: 'a file whose content breaks the format under a trailer and hash that check out (short header, row count one too many, a blank required field, a time without its T): an export bug a checksum cannot catch', swarm: 'oneIn' },
  'payment.captureGhostSuccess': { counter: 'payment.capture_ghost_success', means: 'the gateway captures and the reply is lost', swarm: 'oneIn' },
  'payment.lostRequest': { counter: 'payment.lost_request', means: 'a gateway request that never arrives', swarm: 'oneIn' },
  'payment.garbledReply': { counter: 'payment.garbled_reply', means: "a gateway request applied and answered 2xx with a body that is not the record ({}, no id, amounts as strings, null, a bare \"OK\"): the caller must not believe it, nor act twice", swarm: 'oneIn' },
  'payment.unavailable': { counter: 'payment.unavailable', means: '503 with Retry-After from the gateway', swarm: 'oneIn' },
  'payment.offline': { counter: 'payment.offline', means: 'the gateway is down for hours', swarm: 'hours' },
  'payment.longOutage': { counter: 'payment.long_outage', means: 'the gateway down for a day or more, past every authorisation and capture retry (counted: requests 12 h or more into it)', swarm: 'hours' },
  'network.loss': { counter: 'network.loss', means: 'a request lost on any HTTP link', swarm: 'oneIn' },
  'network.duplicate': { counter: 'network.duplicate', means: 'a request delivered twice (on the POS link a copied hold request is a second hold, since the POS has no idempotency: the orchestrator must find it and release it)', swarm: 'oneIn' },
  'network.replyLoss': { counter: 'network.reply_loss', means: 'a reply lost on the way back on any HTTP link', swarm: 'oneIn' },
  'channel.duplicate': { counter: 'channel.duplicate', means: 'the sales channel re-sends a placeOrder or cancel with the same key soon after', swarm: 'oneIn' },
  'channel.concurrentDuplicate': { counter: 'channel.concurrent_duplicate', means: 'the sales channel sends the same command twice at once, before the first is answered', swarm: 'oneIn' },
  'channel.resendUnanswered': { counter: 'channel.resend_unanswered', means: 'the sales channel re-sends a command it got no answer to (the orchestrator died mid-command)' },
  'channel.newKeyResend': { counter: 'channel.new_key_resend', means: 'the sales channel re-sends an order under a new request id (a new idempotency key), same channel order id: still one order', swarm: 'oneIn' },
  'channel.lateResend': { counter: 'channel.late_resend', means: 'the sales channel re-sends an order with the same key hours to days after it was answered, past any key store retention (a replayed order feed)', swarm: 'oneIn' },
  'channel.lateCancelResend': { counter: 'channel.late_cancel_resend', means: 'the sales channel re-sends a cancel with the same key hours after it was answered (a replayed customer-service queue)', swarm: 'oneIn' },
  'channel.keyReuse': { counter: 'channel.key_reuse', means: 'the sales channel sends an order under a request id it already used within the hour for another order (a request-id generator that repeats): answered conflict, nothing changes, then the order goes under its own id', swarm: 'oneIn' },
  'channel.correctedResend': { counter: 'channel.corrected_resend', means: 'the sales channel sends an order with a mistake (an unknown pickup store, a line of 0 units), answered invalid, then the corrected order under the same key: a refusal does not use the key up', swarm: 'oneIn' },
  'channel.editedResend': { counter: 'channel.edited_resend', means: 'the customer edits a taken order (another pickup store, one more unit) and the channel sends the edit under the order\'s key: answered conflict, the order stays as taken', swarm: 'oneIn' },
  'orchestrator.crashes': { counter: 'orchestrator.crash', means: 'the orchestrator process dies between two events and restarts from its store', swarm: 'everyEvents' },
  'orchestrator.crashMidCommand': { counter: 'orchestrator.crash_mid_command', means: 'the orchestrator dies after taking a command, before its answer reaches the channel', swarm: 'oneIn' },
  'orchestrator.tornStep': { counter: 'orchestrator.torn_step', means: 'the power goes right after a store write, inside a step: a write outside a transaction stays, a transaction open then is lost whole, and the rest of the step never happens', swarm: 'oneIn' },
  'clock.posSkew': { counter: 'clock.pos_skewed', means: "store registers whose clocks run minutes off: every local time they report is off too" },
  'clock.wmsSkew': { counter: 'clock.wms_skewed', means: "a DC's WMS clock runs minutes off: its jobs run, and its files are stamped, on it" },
  'clock.paymentSkew': { counter: 'clock.payment_skewed', means: "the card gateway's clock runs minutes off: its timestamps, card-hold expiry and key retention" },
  'stock.scarce': { counter: 'stock.scarce_exhausted', means: 'some SKUs stocked at or just above safety stock everywhere (counted: lines ordered after their orders passed the DCs\' units): a wrong count changes a route' },
  'customer.cancel': { counter: 'customer.cancel', means: 'a customer cancels (all or some units) soon after ordering, racing fulfilment' },
  'customer.partialCancel': { counter: 'customer.partial_cancel', means: 'a customer cancels some units of one line' },
  'customer.cancelAgain': { counter: 'customer.cancel_again', means: 'a customer who cancelled a whole order cancels it again later, a new request under a new key (a double click, a second device)' },
  'customer.cancelCorrected': { counter: 'customer.cancel_corrected', means: 'a cancel first names a line the order does not have (answered invalid), then the right cancel goes under the same key' },
  'customer.cancelEdited': { counter: 'customer.cancel_edited', means: 'a customer edits a partial cancel after it was answered (other units) and sends it under the same key: answered conflict, nothing more cancelled' },
  'customer.return': { counter: 'customer.return', means: 'a customer sends units of a completed FO back' },
  'customer.returnCorrected': { counter: 'customer.return_corrected', means: 'a return first asks back one unit more than the line shipped, or names an order number the shop never issued (answered invalid), then goes corrected under the same key' },
  'customer.returnResend': { counter: 'customer.return_resend', means: 'a return sent again with the same key minutes later (a double click): still one return and one refund' },
  'customer.returnAgain': { counter: 'customer.return_again', means: 'a customer comes back a day after a return for the rest of the line (a new key), first asking one unit too many: earlier returns must be added up right' },
  'customer.pickupNoShow': { counter: 'customer.no_show', means: 'a pickup customer never comes to the till: the pickup must expire' },
} as const satisfies Record<string, FaultEntry>;

export type FaultName = keyof typeof FAULT_CATALOGUE;

export const FAULT_NAMES = Object.keys(FAULT_CATALOGUE).sort() as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULT_CATALOGUE, name);
}

export function faultEntry(name: FaultName): FaultEntry {
  return FAULT_CATALOGUE[name];
}
